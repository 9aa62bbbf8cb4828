package policy

import (
	"slices"
	"testing"
)

// TestCheckRenderedResourcesKnowTheirAddressParts: the instances the
// render-time check lists carry their address without keys and their
// module instances, the same parts addrParts parses out of the address,
// through module calls with count and for_each (keys with dots and
// brackets included); the resources of one module instance share one
// scope.
func TestCheckRenderedResourcesKnowTheirAddressParts(t *testing.T) {
	files := map[string][]byte{
		"root/main.tf": []byte("module \"outer\" {\n  source   = \"./outer\"\n  for_each = toset([\"a.b\", \"c[0]\"])\n}\n" +
			"resource \"terraform_data\" \"top\" {\n  count = 2\n}\n"),
		"root/outer/main.tf": []byte("module \"inner\" {\n  source = \"../inner\"\n  count  = 2\n}\n" +
			"resource \"terraform_data\" \"mid\" {}\n"),
		"root/inner/main.tf": []byte("resource \"terraform_data\" \"leaf\" {\n  for_each = toset([\"x\", \"y\"])\n}\n" +
			"resource \"terraform_data\" \"one\" {}\n"),
	}
	seen := 0
	scopes := map[string][]modKey{}
	rule := &Rule{ID: "test-parts", Title: "parts", Severity: Low, Enforcement: Advisory, Types: []string{"terraform_data"},
		Check: func(r *Resource) Verdict {
			seen++
			cfg, scope := r.addrParts()
			wantCfg, wantScope := stripKeys(r.Address), moduleScope(r.Address)
			if cfg != wantCfg || !slices.Equal(scope, wantScope) {
				t.Errorf("%s: parts %q %v, parsed %q %v", r.Address, cfg, scope, wantCfg, wantScope)
			}
			if len(scope) > 0 {
				p := scopePath(scope)
				if s, ok := scopes[p]; ok && &s[0] != &scope[0] {
					t.Errorf("%s: scope %s not shared with the instance's other resources", r.Address, p)
				}
				scopes[p] = scope
			}
			return Passf("seen")
		}}
	if _, err := CheckRendered(files, "root", []*Rule{rule}, Options{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	// top: 2; per outer (2): mid 1, per inner (2): leaf 2 + one 1.
	if want := 2 + 2*(1+2*3); seen != want {
		t.Errorf("checked %d instances, want %d", seen, want)
	}
}
