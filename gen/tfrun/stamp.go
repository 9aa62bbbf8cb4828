package tfrun

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
)

// stampFormat is the version of the stamp file layout. 2 added Offline
// and MAC; a stamp of format 1 cannot be trusted and is refused.
const stampFormat = 2

// Stamp is written next to a saved plan: what the plan was made from and
// whether it passed the gate. Apply trusts a plan only through its stamp.
type Stamp struct {
	Format int `json:"format"`
	// ContentHash hashes the rendered files (root module and the local
	// modules it calls) the plan was made from.
	ContentHash string `json:"content_hash"`
	// PlanSHA256 and PlanJSONSHA256 hash the saved plan file and the
	// redacted plan JSON; empty for a remote (cloud) plan, which is not
	// saved locally.
	PlanSHA256     string `json:"plan_sha256,omitempty"`
	PlanJSONSHA256 string `json:"plan_json_sha256,omitempty"`
	Destroy        bool   `json:"destroy"`
	HasChanges     bool   `json:"has_changes"`
	Cloud          bool   `json:"cloud"`
	// Offline is set when the plan was made with dummy credentials and
	// throwaway secrets: such a plan is for looking at, never for applying.
	Offline   bool        `json:"offline"`
	Check     CheckResult `json:"check"`
	Terraform string      `json:"terraform_version"`
	Created   time.Time   `json:"created"`
	// MAC authenticates everything above (see stampMAC): apply trusts
	// no field of a stamp whose MAC does not match.
	MAC string `json:"mac"`
}

// CheckResult is the outcome of the gate run on a plan.
type CheckResult struct {
	Run    bool   `json:"run"`
	Passed bool   `json:"passed"`
	Error  string `json:"error,omitempty"` // the gate could not decide
}

// RefusedError is an apply the runner would not start, and why.
type RefusedError struct {
	Dir    string
	Reason string
}

func (e *RefusedError) Error() string { return "refusing to apply: " + e.Reason }

// ReadStamp reads the stamp of the saved plan, if any.
func (r *Runner) ReadStamp() (*Stamp, error) {
	var s Stamp
	if err := readJSON(r.StampFile(), &s); err != nil {
		return nil, err
	}
	if s.Format != stampFormat {
		return nil, fmt.Errorf("%s: stamp format %d, want %d", r.StampFile(), s.Format, stampFormat)
	}
	return &s, nil
}

// verifyPlan checks that the saved plan may be applied: it exists, its
// files are the ones the stamp names, the rendered files have not changed
// since, it is a plan of the wanted kind and it passed the gate. It fails
// closed: whatever it cannot read counts against the plan.
func (r *Runner) verifyPlan(destroy bool) (*Stamp, error) {
	refuse := func(format string, a ...any) (*Stamp, error) {
		return nil, &RefusedError{Dir: r.dir, Reason: fmt.Sprintf(format, a...)}
	}
	verb := "plan"
	if destroy {
		verb = "destroy"
	}
	s, err := r.ReadStamp()
	if errors.Is(err, os.ErrNotExist) {
		return refuse("no saved plan in %s: run `moochat %s -env %s` first", r.work, verb, r.name)
	}
	if err != nil {
		return refuse("the plan's stamp cannot be read (%v): run `moochat %s -env %s` again", err, verb, r.name)
	}
	key, err := r.stampKey()
	if err != nil {
		return refuse("%v", err)
	}
	if mac, err := stampMAC(key, r.dir, *s); err != nil || !hmac.Equal([]byte(mac), []byte(s.MAC)) {
		return refuse("the plan's stamp %s is not authentic (edited, copied from elsewhere, or made with another key): run `moochat %s -env %s` again", r.StampFile(), verb, r.name)
	}
	if s.Offline {
		return refuse("the saved plan was made offline (dummy AWS keys, offline.tfvars, throwaway secrets) and can never be applied: plan with real credentials (`moochat %s -env %s -offline=false`) first", verb, r.name)
	}
	if s.Destroy != destroy {
		if s.Destroy {
			return refuse("the saved plan is a destroy plan; apply it with `moochat destroy`, or run `moochat plan -env %s`", r.name)
		}
		return refuse("the saved plan is not a destroy plan: run `moochat destroy -env %s` to plan the destroy", r.name)
	}
	now, err := r.root.contentHash()
	if err != nil {
		return refuse("%v", err)
	}
	if now != s.ContentHash {
		return refuse("the plan is stale: the rendered files changed since it was made (run `moochat %s -env %s` again)", verb, r.name)
	}
	if s.Cloud {
		if !r.root.cloud {
			return refuse("the plan was a remote (cloud) plan but the configuration no longer runs remotely: plan again")
		}
		return s, nil
	}
	if r.root.cloud {
		return refuse("the plan was made locally but the configuration now runs in HCP Terraform: plan again")
	}
	sum, err := fileSum(r.PlanFile())
	if err != nil {
		return refuse("the plan file cannot be read (%v): plan again", err)
	}
	if sum != s.PlanSHA256 {
		return refuse("the plan file %s was not made by the plan its stamp records (hash differs): plan again", r.PlanFile())
	}
	raw, err := os.ReadFile(r.PlanJSONFile())
	if err != nil {
		return refuse("the plan JSON cannot be read (%v): plan again", err)
	}
	if h := sha256.Sum256(raw); hex.EncodeToString(h[:]) != s.PlanJSONSHA256 {
		return refuse("the plan JSON %s changed since the plan was checked: plan again", r.PlanJSONFile())
	}
	var p tfjson.Plan
	if err := p.UnmarshalJSON(bytes.TrimSpace(raw)); err != nil {
		return refuse("the plan JSON cannot be decoded (%v): plan again", err)
	}
	switch {
	case s.Check.Error != "":
		return refuse("the policy check could not run on this plan: %s", s.Check.Error)
	case !s.Check.Run && !destroy:
		return refuse("the policy check was not run on this plan")
	case s.Check.Run && !s.Check.Passed:
		return refuse("the plan failed the policy check (see %s)", r.PlanJSONFile())
	}
	return s, nil
}
