// Package policy judges a Terraform plan before it is applied, as
// Terraform Cloud does with Sentinel or OPA: it reads the JSON that
// `terraform show -json` prints for a plan, runs a pack of rules over every
// planned resource change and returns a Report whose Failed method gates
// apply.
//
// A Rule has an id, a severity, an enforcement level (advisory,
// soft-mandatory, hard-mandatory) and a check over the planned values. A
// check can follow links to other resources in the plan, by known value or,
// when ids are unknown until apply, through the references in the plan's
// configuration, across module calls. A value known only after apply gives
// the result "unknown", never a silent pass. Change rules judge the actions
// themselves: deleting or replacing a data-bearing resource, or destroying
// too large a share of the plan.
//
// Waivers excuse one resource from one rule, with a reason and an optional
// expiry; overrides let one run pass a soft-mandatory rule's failures, with
// a reason. Both are recorded in the report. Reports come as a text table,
// JSON, JUnit XML and SARIF 2.1.0, and never print a value the plan marks
// sensitive.
//
// The plan is streamed: only resource_changes and configuration are
// decoded, and of each resource only the attributes the rules read, still
// into terraform-json's types. Rego policies are evaluated by the
// subpackage rego, which registers itself through RegisterEvaluator, so
// that programs which do not import it do not link OPA.
package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Severity says how bad a failure is.
type Severity int

// Severities, lowest first.
const (
	Low Severity = iota + 1
	Medium
	High
	Critical
)

var severityNames = map[Severity]string{Low: "low", Medium: "medium", High: "high", Critical: "critical"}

func (s Severity) String() string { return severityNames[s] }

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Enforcement is a rule's enforcement level, as Terraform Cloud names them.
type Enforcement int

// Enforcement levels.
const (
	// Advisory failures are reported and never block.
	Advisory Enforcement = iota + 1
	// SoftMandatory failures block unless overridden for the run.
	SoftMandatory
	// HardMandatory failures block; only a waiver excuses them.
	HardMandatory
)

var enforcementNames = map[Enforcement]string{Advisory: "advisory", SoftMandatory: "soft-mandatory", HardMandatory: "hard-mandatory"}

func (e Enforcement) String() string { return enforcementNames[e] }

// MarshalText writes the level's name.
func (e Enforcement) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// Mandatory reports whether failures at this level block apply.
func (e Enforcement) Mandatory() bool { return e == SoftMandatory || e == HardMandatory }

// Result is the outcome of one rule on one resource.
type Result string

// Results.
const (
	Pass    Result = "pass"
	Fail    Result = "fail"
	Unknown Result = "unknown" // depends on values known only after apply
	// Waived is a failure (or unknown) excused by a waiver.
	Waived Result = "waived"
	// Overridden is a soft-mandatory failure let through for this run.
	Overridden Result = "overridden"
)

// Options are the per-run inputs of a check.
type Options struct {
	// Waivers excuse resources from rules; they come from the blueprint.
	Waivers []Waiver
	// Overrides maps a rule id to the reason its soft-mandatory failures
	// are let through in this run.
	Overrides map[string]string
	// AllowDestroy lists addresses whose delete or replace is allowed in
	// this run; an address without instance keys allows all instances.
	AllowDestroy []string
	// MaxDestroyShare is the share of the plan's resources a plan may
	// delete or replace; 0 means DefaultMaxDestroyShare.
	MaxDestroyShare float64
	// Now dates waiver expiry; zero means time.Now().
	Now time.Time
	// PolicyDirs hold Rego policies, evaluated by a registered Evaluator.
	PolicyDirs []string
	// ConfigDir is the root module directory that made the plan. When set,
	// every value the plan leaves unknown is evaluated from the
	// configuration (see LoadConfig): what only apply knows stays a
	// placeholder with its origin, and an unknown result names the
	// expression that left it open.
	ConfigDir string
}

// DefaultMaxDestroyShare is the destroy share used when Options leaves it 0.
const DefaultMaxDestroyShare = 0.2

// A Waiver excuses one resource from one rule. It is written next to the
// resource in the blueprint and lands in policy-waivers.json.
type Waiver struct {
	// Address of the resource; without instance keys it covers every
	// instance.
	Address string `json:"address"`
	Rule    string `json:"rule"`
	Reason  string `json:"reason"`
	// Expires is the last day (YYYY-MM-DD, UTC) the waiver applies; ""
	// never expires.
	Expires string `json:"expires,omitempty"`
}

// expired reports whether the waiver no longer applies at now.
func (w Waiver) expired(now time.Time) bool {
	if w.Expires == "" {
		return false
	}
	d, err := time.Parse("2006-01-02", w.Expires)
	if err != nil {
		return true
	}
	return !now.UTC().Before(d.AddDate(0, 0, 1))
}

func (w Waiver) validate() error {
	var missing []string
	if w.Address == "" {
		missing = append(missing, "address")
	}
	if w.Rule == "" {
		missing = append(missing, "rule")
	}
	if strings.TrimSpace(w.Reason) == "" {
		missing = append(missing, "reason")
	}
	if len(missing) > 0 {
		return fmt.Errorf("waiver %s/%s: missing %s", w.Address, w.Rule, strings.Join(missing, ", "))
	}
	if w.Expires != "" {
		if _, err := time.Parse("2006-01-02", w.Expires); err != nil {
			return fmt.Errorf("waiver %s/%s: expires %q is not YYYY-MM-DD", w.Address, w.Rule, w.Expires)
		}
	}
	return nil
}

// covers reports whether the waiver names this address.
func (w Waiver) covers(addr string) bool {
	return w.Address == addr || w.Address == stripKeys(addr)
}

// LoadWaivers reads a waiver file: a JSON list of
// {"address", "rule", "reason", "expires"}. A missing file means no
// waivers; a waiver without address, rule or reason is an error.
func LoadWaivers(path string) ([]Waiver, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// The generator writes {"//": "<generated header>", "waivers": [...]};
	// a bare list is accepted too.
	var ws []Waiver
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var doc struct {
			Waivers []Waiver `json:"waivers"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		ws = doc.Waivers
	} else if err := json.Unmarshal(b, &ws); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, w := range ws {
		if err := w.validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return ws, nil
}
