package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy/rego"
)

func init() {
	register(command{name: "check", summary: "judge a plan JSON against the policy rules", run: runCheck})
}

// listFlag collects a repeated string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// runCheck judges a `terraform show -json` plan file. Exit codes: 0 when
// nothing mandatory fails, 1 when something does, 2 on bad input.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "-plan FILE [-config DIR] [-format text|json|junit|sarif] [-policy DIR]... [-waivers FILE] [-override RULE=reason]... [-allow-destroy ADDR]...\n\n"+
		"Judges a plan JSON made by `terraform show -json`. Exit status: 0 nothing mandatory fails, 1 something does, 2 bad input.", stderr)
	plan := fs.String("plan", "", "plan JSON file made by `terraform show -json` (required)")
	format := fs.String("format", "text", "report format: text, json, junit or sarif")
	waivers := fs.String("waivers", "", "waiver file (JSON list of {address, rule, reason, expires}); a missing file means none")
	config := fs.String("config", "", "root module directory that made the plan: values the plan leaves unknown are evaluated from its .tf / .tf.json")
	share := fs.Float64("max-destroy-share", 0, "largest share of resources the plan may delete or replace (0: default 0.2)")
	var dirs, overrides, allow listFlag
	fs.Var(&dirs, "policy", "directory of conftest-style Rego policies (package main: deny, violation, warn); repeatable")
	fs.Var(&overrides, "override", "RULE=reason: let a soft-mandatory rule's failures through for this run; repeatable")
	fs.Var(&allow, "allow-destroy", "resource address whose delete or replace is allowed in this run; repeatable")
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
	opts := policy.Options{AllowDestroy: allow, MaxDestroyShare: *share, PolicyDirs: dirs, Overrides: map[string]string{}, ConfigDir: *config}
	for _, o := range overrides {
		id, reason, ok := strings.Cut(o, "=")
		if !ok || strings.TrimSpace(id) == "" || strings.TrimSpace(reason) == "" {
			fmt.Fprintf(stderr, "moochat check: -override %q: want RULE=reason\n", o)
			return 2
		}
		opts.Overrides[strings.TrimSpace(id)] = strings.TrimSpace(reason)
	}
	if *waivers != "" {
		ws, err := policy.LoadWaivers(*waivers)
		if err != nil {
			fmt.Fprintf(stderr, "moochat check: %v\n", err)
			return 2
		}
		opts.Waivers = ws
	}
	if len(dirs) > 0 {
		rego.Register()
	}
	rep, err := policy.CheckFile(*plan, opts)
	if err != nil {
		fmt.Fprintf(stderr, "moochat check: %v\n", err)
		return 2
	}
	if err := write(rep, stdout); err != nil {
		fmt.Fprintf(stderr, "moochat check: %v\n", err)
		return 2
	}
	if rep.Failed() {
		return 1
	}
	return 0
}
