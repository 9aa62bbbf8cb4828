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
// subpackage rego, which registers itself through RegisterEvaluator and
// builds only with the rego build tag, so that programs which do not ask
// for it do not link OPA.
package policy

import (
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
	// Namespaces are the Rego packages whose deny, violation, warn and
	// exception rules count, as conftest's --namespace; nil means "main".
	// AllNamespaces counts every package, as --all-namespaces.
	Namespaces    []string
	AllNamespaces bool
	// DataPaths are JSON or YAML documents (files or directories) loaded
	// as Rego data, as conftest's --data.
	DataPaths []string
}

// DefaultMaxDestroyShare is the destroy share used when Options leaves it 0.
const DefaultMaxDestroyShare = 0.2
