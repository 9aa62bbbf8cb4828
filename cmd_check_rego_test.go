//go:build rego

package main

import (
	"path/filepath"
	"testing"
)

// TestCheckRego runs conftest-style policies through the CLI of a build
// with the rego tag (make test runs it with -tags rego).
func TestCheckRego(t *testing.T) {
	storage := filepath.Join("gen", "policy", "testdata", "plans", "storage.json")
	empty := filepath.Join(t.TempDir(), "empty.json")
	writeEmptyPlan(t, empty)
	policies := filepath.Join("gen", "policy", "rego", "testdata")
	runCheckCases(t, []checkCase{
		{"rego", []string{"-plan", storage, "-policy", filepath.Join(policies, "policies"), "-format", "json"}, 1, "rego:main.deny", ""},
		{"rego namespace", []string{"-plan", storage, "-policy", filepath.Join(policies, "namespaces"), "-namespace", "terraform.s3"}, 1, "rego:terraform.s3.deny_public_acl", ""},
		{"rego outside main warns", []string{"-plan", empty, "-policy", filepath.Join(policies, "namespaces")}, 0, "warning: Rego: the policies in", ""},
	})
}

// withRego tells the tests shared by both builds that -policy works here.
const withRego = true
