package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
)

func init() {
	register(command{name: "check", summary: "judge a plan JSON against the policy rules", run: runCheck})
}

// listFlag collects a repeated string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// gateFlags are the policy gate's flags, shared by plan and check so that
// both build the same policy.Gate.
type gateFlags struct {
	share                  *float64
	allNamespaces          *bool
	dirs, namespaces, data listFlag
	overrides, allow       listFlag
}

func addGateFlags(fs *flag.FlagSet) *gateFlags {
	g := &gateFlags{}
	g.share = fs.Float64("max-destroy-share", 0, "largest share of resources the plan may delete or replace (0: default 0.2)")
	g.allNamespaces = fs.Bool("all-namespaces", false, "evaluate the rules of every Rego package (conftest --all-namespaces)")
	fs.Var(&g.dirs, "policy", "directory of conftest-style Rego policies (deny, violation, warn, exception); repeatable")
	fs.Var(&g.namespaces, "namespace", "Rego package whose rules count (conftest --namespace; default main); repeatable")
	fs.Var(&g.data, "data", "JSON or YAML file or directory loaded as Rego data (conftest --data); repeatable")
	fs.Var(&g.overrides, "override", "RULE=reason: let a soft-mandatory rule's failures through for this run; repeatable")
	fs.Var(&g.allow, "allow-destroy", "resource address whose delete or replace is allowed in this run; repeatable")
	return g
}

// gate is the policy.Gate the flags describe, reading waivers from
// waiverFile.
func (f *gateFlags) gate(waiverFile string) (policy.Gate, error) {
	g := policy.Gate{
		WaiverFile: waiverFile, PolicyDirs: f.dirs, Namespaces: f.namespaces, AllNamespaces: *f.allNamespaces,
		DataPaths: f.data, MaxDestroyShare: *f.share, AllowDestroy: f.allow,
	}
	for _, o := range f.overrides {
		id, reason, ok := strings.Cut(o, "=")
		if !ok || strings.TrimSpace(id) == "" || strings.TrimSpace(reason) == "" {
			return policy.Gate{}, fmt.Errorf("-override %q: want RULE=reason", o)
		}
		if g.Overrides == nil {
			g.Overrides = map[string]string{}
		}
		g.Overrides[strings.TrimSpace(id)] = strings.TrimSpace(reason)
	}
	if len(f.dirs) > 0 {
		if err := useRego(); err != nil {
			return policy.Gate{}, err
		}
	} else if len(f.namespaces) > 0 || *f.allNamespaces || len(f.data) > 0 {
		return policy.Gate{}, fmt.Errorf("-namespace, -all-namespaces and -data need -policy")
	}
	return g, nil
}

// gateCheck is plan's gate: g's check on the saved plan JSON, with the
// text report written to w.
func gateCheck(g policy.Gate, w io.Writer) func(planJSONPath string) (bool, error) {
	return func(planJSONPath string) (bool, error) {
		rep, err := g.Check(planJSONPath)
		if err != nil {
			return false, err
		}
		if err := rep.WriteText(w); err != nil {
			return false, err
		}
		return !rep.Failed(), nil
	}
}

// runCheck judges a `terraform show -json` plan file. Exit codes: 0 when
// nothing mandatory fails, 1 when something does, 2 on bad input.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "-plan FILE [-config DIR] [-format text|json|junit|sarif] [-waivers FILE] [-policy DIR]... [-namespace NS]... [-all-namespaces] [-data FILE]...\n"+
		"      [-override RULE=reason]... [-allow-destroy ADDR]... [-max-destroy-share 0.2]\n\n"+
		"Judges a plan JSON made by `terraform show -json`, with the same gate `moochat plan` runs.\n"+
		"Exit status: 0 nothing mandatory fails, 1 something does, 2 bad input.", stderr)
	plan := fs.String("plan", "", "plan JSON file made by `terraform show -json` (required)")
	format := fs.String("format", "text", "report format: text, json, junit or sarif")
	waivers := fs.String("waivers", "", "waiver file ("+policy.WaiverFileName+" as gen renders it, or a JSON list of {address, rule, reason, expires}); a missing file means none")
	config := fs.String("config", "", "root module directory that made the plan: values the plan leaves unknown are evaluated from its .tf / .tf.json")
	gf := addGateFlags(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *plan == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	write := map[string]func(*policy.Report, io.Writer) error{
		"text": (*policy.Report).WriteText, "json": (*policy.Report).WriteJSON,
		"junit": (*policy.Report).WriteJUnit, "sarif": (*policy.Report).WriteSARIF,
	}[*format]
	if write == nil {
		fmt.Fprintf(stderr, "moochat check: unknown format %q (text, json, junit, sarif)\n", *format)
		return 2
	}
	g, err := gf.gate(*waivers)
	g.ConfigDir = *config
	if err != nil {
		fmt.Fprintf(stderr, "moochat check: %v\n", err)
		return 2
	}
	restore := checkCollector(*plan, len(g.PolicyDirs) > 0)
	defer restore()
	rep, err := g.Check(*plan)
	if err != nil {
		fmt.Fprintf(stderr, "moochat check: %v\n", err)
		return 2
	}
	// The decoded plan is garbage now. With the collector's own setting
	// back, the writer's first allocations start a collection (the heap
	// is far past the goal of a collector that has not run yet), which
	// frees the plan while the report is written, without holding the
	// writer up as a forced runtime.GC would.
	restore()
	if err := write(rep, stdout); err != nil {
		fmt.Fprintf(stderr, "moochat check: %v\n", err)
		return 2
	}
	if rep.Failed() {
		return 1
	}
	return 0
}

// checkCollector sets the garbage collector for judging the plan file at
// path and returns what puts it back. Nearly all a check of the Go rule
// pack allocates stays live until its report is made (the decoded plan,
// its index, the findings), so a collection during the check finds little
// garbage and still traces all of it: at 130k changes the one that came
// at 240 MB took a third of a second of CPU, so the time per change grew
// with the plan. Instead the collector waits for a memory limit of twice
// the plan file's size plus 64 MiB. A check stays under it (its heap peaks
// at about 1.2 times the file's size, 240 MiB at 100k changes, within
// issue 12's 300 MiB). A run that reaches it (resolution with -config
// leaves much garbage) gets the default collector back after that first
// collection: held at the limit, the collector would run again and again.
// Rego policies (withRego) build large transient values of their own, so
// they keep the default collector, as does a run whose GOGC or GOMEMLIMIT
// says otherwise.
func checkCollector(path string, withRego bool) (restore func()) {
	st, err := os.Stat(path)
	if err != nil || withRego || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(2*st.Size() + 64<<20)
	percent := debug.SetGCPercent(-1)
	var once sync.Once
	back := func() {
		once.Do(func() {
			debug.SetGCPercent(percent)
			debug.SetMemoryLimit(limit)
		})
	}
	// Unreachable from the start, so its cleanup runs after the first
	// collection.
	runtime.AddCleanup(new([16]uint64), func(back func()) { back() }, back)
	return back
}
