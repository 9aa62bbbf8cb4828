package typed

import (
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TestLiteralDefaultIsHclsyntax: a default that literalDefault reads
// itself has the value hclsyntax gives it, type and all; any other is
// left to hclsyntax.
func TestLiteralDefaultIsHclsyntax(t *testing.T) {
	for _, src := range []string{"true", "false", "0", "1", "30", "6379", "007", "123456789012345678901234567890"} {
		got, ok := literalDefault(src)
		if !ok {
			t.Errorf("literalDefault(%q) left to hclsyntax", src)
			continue
		}
		e, diags := hclsyntax.ParseExpression([]byte(src), "default", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%q: %v", src, diags)
		}
		want, diags := e.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%q: %v", src, diags)
		}
		if !got.Type().Equals(want.Type()) || !got.RawEquals(want) {
			t.Errorf("literalDefault(%q) = %#v, hclsyntax %#v", src, got, want)
		}
	}
	for _, src := range []string{"", "null", "-1", "1.5", "1e3", " 1", "1 ", "True", "[80, 443]", "{}", `"x"`, "var.x", "0x10"} {
		if v, ok := literalDefault(src); ok {
			t.Errorf("literalDefault(%q) = %#v, want it left to hclsyntax", src, v)
		}
	}
	for src, want := range map[string]cty.Value{"30": cty.NumberIntVal(30), "true": cty.True} {
		if got := parseDefault(src, want.Type()); !got.RawEquals(want) {
			t.Errorf("parseDefault(%q) = %#v, want %#v", src, got, want)
		}
	}
}

// TestTFTagIsLookup: tfTag reads every tag as StructTag.Lookup("tf") does.
func TestTFTagIsLookup(t *testing.T) {
	for _, tag := range []reflect.StructTag{
		``, `tf:"bucket"`, `tf:"status,optional"`, `tf:"rule,block" description:"x"`, `tf:""`,
		`tf:"a\"b"`, `tf:"a\\b"`, `tf:"unterminated`, `json:"x" tf:"later"`, `tf: "spaced"`, `tfx:"no"`, `tf:"x"y`,
	} {
		gv, gok := tfTag(tag)
		wv, wok := tag.Lookup("tf")
		if gv != wv || gok != wok {
			t.Errorf("tfTag(%q) = %q, %v; Lookup %q, %v", tag, gv, gok, wv, wok)
		}
	}
}
