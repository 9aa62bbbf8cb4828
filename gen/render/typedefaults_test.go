package render

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestTypeDefaultsRoundTrip: a type constraint with defaults inside
// optional(), nested in objects and collection elements, is written so
// that hcl's own type parser reads back the same type and the same
// defaults (which is what Terraform applies).
func TestTypeDefaultsRoundTrip(t *testing.T) {
	for _, src := range []string{
		`object({ name = string, size = optional(number, 7) })`,
		`object({ on = optional(bool, true), tags = optional(map(string), {}), note = optional(string, "a \"b\" $${c} %%{d}") })`,
		`object({ inner = optional(object({ cpu = optional(number, 256), mem = optional(number) }), {}) })`,
		`list(object({ port = number, proto = optional(string, "tcp") }))`,
		`map(object({ ids = optional(list(string), ["a", "b"]), obj = optional(object({ k = string }), { k = "v" }) }))`,
		`tuple([string, object({ n = optional(number, -1.5) })])`,
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(src), "in.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		ty, defs, diags := typeexpr.TypeConstraintWithDefaults(expr)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		got := TypeStringWithDefaults(ty, defs)
		expr2, diags := hclsyntax.ParseExpression([]byte(got), "out.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: written as %s, which does not parse: %v", src, got, diags)
		}
		ty2, defs2, diags := typeexpr.TypeConstraintWithDefaults(expr2)
		if diags.HasErrors() {
			t.Fatalf("%s: written as %s: %v", src, got, diags)
		}
		if !ty.Equals(ty2) || !sameDefaults(defs, defs2) {
			t.Errorf("%s: written as %s, which reads back differently", src, got)
		}
		if TypeString(ty) == got && defs != nil {
			t.Errorf("%s: the defaults are not written: %s", src, got)
		}
	}
}

func sameDefaults(a, b *typeexpr.Defaults) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if len(a.DefaultValues) != len(b.DefaultValues) || len(a.Children) != len(b.Children) {
		return false
	}
	for k, v := range a.DefaultValues {
		w, ok := b.DefaultValues[k]
		if !ok || !v.RawEquals(w) {
			return false
		}
	}
	for k, c := range a.Children {
		if !sameDefaults(c, b.Children[k]) {
			return false
		}
	}
	return true
}
