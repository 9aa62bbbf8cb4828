//go:build rego

package rego

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
)

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name, plan, dir string
		want            []string // rule: address
	}{
		{"v1 deny with address", "../testdata/plans/storage.json", "testdata/policies",
			[]string{"rego:main.deny: aws_s3_bucket_acl.bad"}},
		{"v1 warn with a sensitive value", "../testdata/plans/service.json", "testdata/policies",
			[]string{"rego:main.warn_auth_token: "}},
		{"v0 violation", "../testdata/plans/storage.json", "testdata/policies-v0",
			[]string{"rego:main.violation_mutable_ecr: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, _, err := Evaluate(tt.plan, policy.Options{PolicyDirs: []string{tt.dir}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Rule+": "+f.Address)
				if strings.Contains(f.Message, "s3cr3t-do-not-print") {
					t.Errorf("message leaks a sensitive value: %s", f.Message)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCheckFileJoinsRegoFindings(t *testing.T) {
	Register()
	rep, err := policy.CheckFile("../testdata/plans/service.json", policy.Options{PolicyDirs: []string{"testdata/policies"}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "rego:main.warn_auth_token") {
		t.Error("report lacks the Rego finding")
	}
	if strings.Contains(buf.String(), "s3cr3t-do-not-print") {
		t.Error("report leaks a sensitive value")
	}
}

func TestNoPolicies(t *testing.T) {
	if _, _, err := Evaluate("../testdata/plans/storage.json", policy.Options{PolicyDirs: []string{t.TempDir()}}); err == nil {
		t.Error("want an error for a directory without policies")
	}
}

// TestConftestSemantics covers namespaces, exceptions and data files the
// way conftest treats them, on the storage fixture (one public-read ACL,
// one mutable and one immutable ECR repository).
func TestConftestSemantics(t *testing.T) {
	ns := "testdata/namespaces"
	tests := []struct {
		name    string
		opts    policy.Options
		want    []string // rule address result
		warning string
	}{
		{"package main only, as conftest by default", policy.Options{PolicyDirs: []string{ns}}, nil,
			"no deny, violation or warn rule in package(s) main"},
		{"--namespace", policy.Options{PolicyDirs: []string{ns}, Namespaces: []string{"terraform.s3"}},
			[]string{"rego:terraform.s3.deny_public_acl aws_s3_bucket_acl.bad fail"}, ""},
		{"--namespace that no policy declares", policy.Options{PolicyDirs: []string{ns}, Namespaces: []string{"terraform.s3", "nope"}},
			[]string{"rego:terraform.s3.deny_public_acl aws_s3_bucket_acl.bad fail"}, "no policy in testdata/namespaces declares package nope"},
		{"--all-namespaces with data", policy.Options{PolicyDirs: []string{ns}, AllNamespaces: true, DataPaths: []string{"testdata/data"}},
			[]string{"rego:terraform.ecr.warn_mutable aws_ecr_repository.bad fail", "rego:terraform.s3.deny_public_acl aws_s3_bucket_acl.bad fail"}, ""},
		{"exception from a data file", policy.Options{PolicyDirs: []string{ns}, AllNamespaces: true, DataPaths: []string{"testdata/data", "testdata/data-exceptions/exceptions.json"}},
			[]string{"rego:terraform.ecr.warn_mutable aws_ecr_repository.bad fail", "rego:terraform.s3.deny_public_acl aws_s3_bucket_acl.bad waived"}, ""},
		{"helpers only", policy.Options{PolicyDirs: []string{"testdata/helpers-only"}, AllNamespaces: true}, nil,
			"none was evaluated (packages found: lib.helpers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, warnings, err := Evaluate("../testdata/plans/storage.json", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s %s %s", f.Rule, f.Address, f.Result))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			w := strings.Join(warnings, "\n")
			if (tt.warning == "") != (w == "") || !strings.Contains(w, tt.warning) {
				t.Errorf("warnings %q, want one containing %q", w, tt.warning)
			}
		})
	}
}

func TestPoliciesThatNeverRunWarnInTheReport(t *testing.T) {
	Register()
	rep, err := policy.CheckFile("../testdata/plans/storage.json", policy.Options{PolicyDirs: []string{"testdata/namespaces"}})
	if err != nil {
		t.Fatal(err)
	}
	var text, js bytes.Buffer
	rep.WriteText(&text)
	rep.WriteJSON(&js)
	if !strings.Contains(text.String(), "warning: Rego: the policies in testdata/namespaces have no deny") ||
		!strings.Contains(js.String(), `"warnings": [`) {
		t.Errorf("no warning in the reports:\n%s", text.String())
	}
}

// TestPolicyErrorNamesItsFile: a policy that does not compile is an
// error that names its file and line.
func TestPolicyErrorNamesItsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.rego")
	if err := os.WriteFile(path, []byte("package main\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := nosuchfunc(input.x)\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := Evaluate("../testdata/plans/storage.json", policy.Options{PolicyDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), path+":5") || !strings.Contains(err.Error(), "undefined function nosuchfunc") {
		t.Errorf("error %v, want one naming %s:5 and the undefined function", err, path)
	}
}
