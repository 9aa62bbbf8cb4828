package render

import (
	"slices"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// ScannerIDs are the ids under which the outside scanners know one policy
// rule: tfsec's long ids, the AVD ids (trivy, and tfsec too) and
// checkov's.
type ScannerIDs struct {
	Tfsec, AVD, Checkov []string
}

// scannerIgnores turns r's waivers into the inline comments the outside
// scanners read: above the block, the reason of each waiver, then
// #trivy:ignore and #tfsec:ignore lines (tfsec v1.26 honours a stack of
// its own ignores directly above a block, and stops at the first other
// line, so its lines come last); inside the block, #checkov:skip with the
// reason. A waiver of a rule no scanner has renders nothing.
func scannerIgnores(r *tf.Resource, ids func(rule string) ScannerIDs) (above, inside []string) {
	if ids == nil || len(r.Waivers) == 0 {
		return nil, nil
	}
	var reasons, trivy, tfsec []string
	for _, wv := range r.Waivers {
		o := ids(wv.Rule)
		if len(o.Tfsec)+len(o.AVD)+len(o.Checkov) == 0 {
			continue
		}
		reason := oneLine(wv.Reason)
		exp := ""
		if wv.Expires != "" {
			exp = ":exp:" + wv.Expires
		}
		line := "# Waiver " + wv.Rule
		if wv.Expires != "" {
			line += " (until " + wv.Expires + ")"
		}
		reasons = append(reasons, line+": "+reason)
		for _, id := range o.AVD {
			trivy = appendNew(trivy, "#trivy:ignore:"+id+exp)
		}
		for _, id := range o.Tfsec {
			tfsec = appendNew(tfsec, "#tfsec:ignore:"+id+exp)
		}
		for _, id := range o.Checkov {
			// checkov takes one skip per check; the first waiver's
			// reason stands.
			if !slices.ContainsFunc(inside, func(s string) bool { return strings.HasPrefix(s, "#checkov:skip="+id+":") }) {
				inside = append(inside, "#checkov:skip="+id+":"+reason)
			}
		}
	}
	return append(append(reasons, trivy...), tfsec...), inside
}

// appendNew appends s unless it is there already: two waived rules may
// share an outside id.
func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// oneLine keeps a reason on its comment's line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
