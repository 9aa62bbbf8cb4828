package blueprints

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
)

// ScannerIDs are the tfsec, trivy and checkov ids of a waived policy rule,
// as the rule's documentation names them: the renderer writes them as
// inline ignores next to each waiver, so one waiver in the blueprint also
// quiets the outside scanners. A rule they do not have gives none.
func ScannerIDs(rule string) render.ScannerIDs {
	o, _ := policy.OutsideIDsOf(rule)
	return render.ScannerIDs{Tfsec: o.Tfsec, AVD: o.AVD, Checkov: o.Checkov}
}
