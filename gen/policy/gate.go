package policy

import (
	"path/filepath"
	"time"
)

// WaiverFileName is the waiver file the generator renders into each
// environment's root module directory.
const WaiverFileName = "policy-waivers.json"

// A Gate is the policy check that stands before apply. `moochat plan` runs
// it on the plan it has just made and `moochat check` on a plan file; both
// build it here, from the same fields, so that they judge a plan alike.
// The zero Gate runs the Go rule pack with no waivers.
type Gate struct {
	// WaiverFile is read with LoadWaivers; "" or a missing file means no
	// waivers. A file that does not parse fails the gate.
	WaiverFile string
	// PolicyDirs hold Rego policies (see Options.PolicyDirs).
	PolicyDirs []string
	// Namespaces are the Rego packages to evaluate, conftest's
	// --namespace; nil means "main". AllNamespaces is --all-namespaces.
	Namespaces    []string
	AllNamespaces bool
	// DataPaths are JSON or YAML files (or directories of them) given to
	// Rego policies as data, conftest's --data.
	DataPaths []string
	// MaxDestroyShare, Overrides and AllowDestroy are as in Options.
	MaxDestroyShare float64
	Overrides       map[string]string
	AllowDestroy    []string
	// Now dates waiver expiry; zero means time.Now().
	Now time.Time
	// ConfigDir is the root module directory that made the plan (see
	// Options.ConfigDir); "" judges the plan JSON alone.
	ConfigDir string
}

// EnvGate is the gate of an environment's root module directory: the
// waivers rendered next to it (WaiverFileName).
func EnvGate(rootDir string) Gate {
	return Gate{WaiverFile: filepath.Join(rootDir, WaiverFileName), ConfigDir: rootDir}
}

// Options loads the waiver file and returns the check's options.
func (g Gate) Options() (Options, error) {
	opts := Options{
		Overrides: g.Overrides, AllowDestroy: g.AllowDestroy, MaxDestroyShare: g.MaxDestroyShare,
		Now: g.Now, PolicyDirs: g.PolicyDirs, Namespaces: g.Namespaces, AllNamespaces: g.AllNamespaces,
		DataPaths: g.DataPaths, ConfigDir: g.ConfigDir,
	}
	if g.WaiverFile != "" {
		ws, err := LoadWaivers(g.WaiverFile)
		if err != nil {
			return Options{}, err
		}
		opts.Waivers = ws
	}
	return opts, validateOptions(opts)
}

// Check judges the plan JSON at planJSONPath (`terraform show -json` of a
// saved plan). It fails closed: a waiver file, policy or plan it cannot
// read is an error, never a pass.
func (g Gate) Check(planJSONPath string) (*Report, error) {
	opts, err := g.Options()
	if err != nil {
		return nil, err
	}
	return CheckFile(planJSONPath, opts)
}
