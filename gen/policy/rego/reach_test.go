//go:build rego

package rego

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
)

// TestInputKeys: the members of input the policies can reach, or every
// member when a reference to input is not rooted at a constant.
func TestInputKeys(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // nil: every member
	}{
		{"members", `deny contains rc.address if { rc := input.resource_changes[_] }
warn contains "v" if input.variables.x.value == "y"`, []string{"resource_changes", "variables"}},
		{"quoted member", `deny contains "x" if input["planned_values"]`, []string{"planned_values"}},
		{"index with input", `deny contains x if { x := input.resource_changes[input.format_version] }`, []string{"format_version", "resource_changes"}},
		{"import", "import input.configuration as cfg\ndeny contains \"x\" if cfg.root_module", []string{"configuration"}},
		{"function", "f(x) := input.prior_state if x\ndeny contains \"x\" if f(true)", []string{"prior_state"}},
		{"none", `deny contains "always" if true`, []string{}},
		{"variable member", `deny contains k if { input[k] }`, nil},
		{"some in input", `deny contains k if { some k, _ in input }`, nil},
		{"whole input", `deny contains "x" if { x := input; x.a }`, nil},
		{"input to a function", `deny contains "x" if { walk(input, [p, v]); v == "secret" }`, nil},
		{"object.get", `deny contains "x" if object.get(input, "errored", false)`, nil},
		{"with input", `deny contains "x" if { data.main.other with input as {} }
other if true`, nil},
		{"import input", "import input as plan\ndeny contains \"x\" if plan.errored", []string{"errored"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ast.MustCompileModules(map[string]string{"p.rego": "package main\n" + tt.body})
			keys, all := inputKeys(c.Modules)
			if tt.want == nil {
				if !all {
					t.Errorf("got members %v, want every member", slices.Sorted(maps.Keys(keys)))
				}
				return
			}
			if all || !slices.Equal(slices.Sorted(maps.Keys(keys)), tt.want) {
				t.Errorf("got %v (all %v), want %v", slices.Sorted(maps.Keys(keys)), all, tt.want)
			}
		})
	}
}

// TestInputKeysInNestedReferences: a reference to input that indexes
// another (the compiler takes such references apart, but inputKeys does
// not count on it) gives both members.
func TestInputKeysInNestedReferences(t *testing.T) {
	m := ast.MustParseModule("package main\ndeny contains x if { x := input.a[input.b[input.c]] }")
	keys, all := inputKeys(map[string]*ast.Module{"p.rego": m})
	if got := slices.Sorted(maps.Keys(keys)); all || !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("got %v (all %v), want [a b c]", got, all)
	}
}

// TestPrunedInputSeesEveryMember: a policy that reads one top-level
// member sees it whole, for every member of the committed plans (each
// policy reads only its member, so the rest is left out), and a policy
// that reads input[k] sees every member.
func TestPrunedInputSeesEveryMember(t *testing.T) {
	for _, plan := range []string{"../testdata/plans/storage.json", "../testdata/plans/service.json"} {
		b, err := os.ReadFile(plan)
		if err != nil {
			t.Fatal(err)
		}
		full := opaValue(t, b).(ast.Object)
		var all []string
		for _, k := range full.Keys() {
			name := string(k.Value.(ast.String))
			all = append(all, name)
			j, err := ast.JSON(full.Get(k).Value)
			if err != nil {
				t.Fatal(err)
			}
			js, _ := json.Marshal(j)
			sum := sha256.Sum256(js)
			got := evaluate(t, plan, fmt.Sprintf(`deny contains crypto.sha256(json.marshal(input[%q]))`, name))
			if want := hex.EncodeToString(sum[:]); !slices.Equal(got, []string{want}) {
				t.Errorf("%s: a policy reading input.%s got %v, want %s", plan, name, got, want)
			}
		}
		if got := evaluate(t, plan, `deny contains k if { some k, _ in input }`); !slices.Equal(got, all) {
			t.Errorf("%s: input[k] sees %v, want %v", plan, got, all)
		}
	}
}

// evaluate runs one package main policy over plan and returns its
// messages.
func evaluate(t *testing.T, plan, body string) []string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte("package main\n"+body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, _, err := Evaluate(plan, policy.Options{PolicyDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.Message)
	}
	slices.Sort(out)
	return out
}
