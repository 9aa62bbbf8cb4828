//go:build !rego

package main

import (
	"path/filepath"
	"testing"
)

// TestCheckWithoutRego: a build without the rego tag refuses -policy as
// bad input, and says how to get a build that has Rego.
func TestCheckWithoutRego(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.json")
	writeEmptyPlan(t, empty)
	policies := filepath.Join("gen", "policy", "rego", "testdata", "policies")
	runCheckCases(t, []checkCase{
		{"policy without rego", []string{"-plan", empty, "-policy", policies}, 2, "", "make build-rego"},
	})
}

// withRego tells the tests shared by both builds that -policy is refused here.
const withRego = false
