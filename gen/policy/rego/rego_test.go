package rego

import (
	"bytes"
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
			fs, err := Evaluate(tt.plan, policy.Options{PolicyDirs: []string{tt.dir}})
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
	if _, err := Evaluate("../testdata/plans/storage.json", policy.Options{PolicyDirs: []string{t.TempDir()}}); err == nil {
		t.Error("want an error for a directory without policies")
	}
}
