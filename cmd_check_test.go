package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.json")
	writeEmptyPlan(t, empty)
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"format_version":"1.2","resource_changes":[`), 0o644)
	noPlan := filepath.Join(dir, "noplan.json")
	os.WriteFile(noPlan, []byte(`{"format_version":"1.2","resource_changes":[]}`), 0o644)
	waivers := filepath.Join(dir, "waivers.json")
	os.WriteFile(waivers, []byte(`[{"address":"aws_s3_bucket.a","rule":"aws-s3-versioning"}]`), 0o644)
	storage := filepath.Join("gen", "policy", "testdata", "plans", "storage.json")
	runCheckCases(t, []checkCase{
		{"nothing fails", []string{"-plan", empty}, 0, "policy check PASSED", ""},
		{"mandatory failure", []string{"-plan", storage}, 1, "aws-s3-no-public-acl", ""},
		{"sarif", []string{"-plan", storage, "-format", "sarif"}, 1, `"version": "2.1.0"`, ""},
		{"resolved from the configuration", []string{"-plan", filepath.Join("gen", "policy", "testdata", "plans", "resolve.json"),
			"-config", filepath.Join("gen", "policy", "testdata", "plans", "resolve")}, 1, `aws_iam_role_policy.per["all"]`, ""},
		{"unreadable configuration", []string{"-plan", empty, "-config", filepath.Join(dir, "none")}, 2, "", ""},
		{"no plan", nil, 2, "", ""},
		{"missing plan", []string{"-plan", filepath.Join(dir, "none.json")}, 2, "", ""},
		{"broken plan", []string{"-plan", broken}, 2, "", ""},
		{"bad format", []string{"-plan", empty, "-format", "xml"}, 2, "", ""},
		{"bad override", []string{"-plan", empty, "-override", "aws-s3-versioning"}, 2, "", ""},
		{"waiver without reason", []string{"-plan", empty, "-waivers", waivers}, 2, "", "missing reason"},
		{"state, not a plan", []string{"-plan", filepath.Join("gen", "policy", "testdata", "inputs", "state.json")}, 2, "", "JSON of a state"},
		{"errored plan", []string{"-plan", filepath.Join("gen", "policy", "testdata", "inputs", "errored.json")}, 2, "", "the plan errored"},
		{"no planned_values or configuration", []string{"-plan", noPlan}, 2, "", "neither planned_values nor configuration"},
		{"namespace without policy", []string{"-plan", empty, "-namespace", "x"}, 2, "", "need -policy"},
	})
}

// writeEmptyPlan writes a plan JSON with no changes to path.
func writeEmptyPlan(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(`{"format_version":"1.2","planned_values":{},"resource_changes":[],"configuration":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkCase is one run of moochat check: its arguments, the exit code it
// must give, and text its stdout and stderr must hold.
type checkCase struct {
	name     string
	args     []string
	want     int
	out, err string
}

func runCheckCases(t *testing.T, tests []checkCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := runCheck(tt.args, &stdout, &stderr); got != tt.want {
				t.Errorf("exit %d, want %d\n%s%s", got, tt.want, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.err) {
				t.Errorf("stderr lacks %q:\n%s", tt.err, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.out) {
				t.Errorf("output lacks %q:\n%s", tt.out, stdout.String())
			}
		})
	}
}
