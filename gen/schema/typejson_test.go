package schema

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// TestParseTypeJSONIsCtyJSON: every attribute type of the AWS snapshot,
// and every form of type ctyjson writes, parses to the type
// ctyjson.UnmarshalType gives; JSON it does not write (white space,
// escapes) and malformed JSON are left to ctyjson.
func TestParseTypeJSONIsCtyJSON(t *testing.T) {
	p, err := decodeCompact(awsCompact)
	if err != nil {
		t.Fatal(err)
	}
	var forms []string
	for _, r := range p.src.typeRefs {
		forms = append(forms, p.src.blob(r))
	}
	if len(forms) < 50 {
		t.Fatalf("only %d types in the snapshot", len(forms))
	}
	for _, ty := range []cty.Type{
		cty.String, cty.Number, cty.Bool, cty.DynamicPseudoType, cty.List(cty.Set(cty.Map(cty.String))),
		cty.Tuple([]cty.Type{cty.String, cty.List(cty.Number)}), cty.EmptyObject,
		cty.Object(map[string]cty.Type{"a": cty.String, "b": cty.Tuple([]cty.Type{cty.Bool})}),
		cty.ObjectWithOptionalAttrs(map[string]cty.Type{"a": cty.String, "b": cty.Number, "c": cty.Bool}, []string{"a", "c"}),
	} {
		js, err := ctyjson.MarshalType(ty)
		if err != nil {
			t.Fatal(err)
		}
		forms = append(forms, string(js))
	}
	forms = append(forms, `["tuple",[]]`, `["object",{"a":"string"},[]]`)
	for _, js := range forms {
		want, err := ctyjson.UnmarshalType([]byte(js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		got, ok := parseTypeJSON(js)
		if !ok || !got.Equals(want) || got.GoString() != want.GoString() {
			t.Errorf("%s: parsed %#v (%v), ctyjson %#v", js, got, ok, want)
		}
	}
	for _, js := range []string{
		` "string"`, `["list", "string"]`, `["object",{"a\"b":"string"}]`, `"capsule"`, `["list"]`,
		`["list","string"`, `["object",{"a":"string"},["a"]`, `["tuple",["string",]]`, `"string"x`, ``,
		// ctyjson's decoder rejects raw control characters in a string, and
		// reads invalid UTF-8 as U+FFFD.
		"[\"object\",{\"a\x01\":\"string\"}]", "[\"object\",{\"a\n\":\"string\"}]",
		"[\"object\",{\"\xff\":\"string\"}]", "[\"object\",{\"a\xff\":\"string\"},[\"a\xff\"]]",
	} {
		if got, ok := parseTypeJSON(js); ok {
			t.Errorf("%s: parsed as %#v", js, got)
		}
	}
}
