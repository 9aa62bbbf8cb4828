package render

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestDefaultJSONIsTheCtyRoundTrip holds defaultJSON to what
// terraform-docs shows (cty JSON read back by encoding/json, encoded
// again), for every kind of value a default can be: integers at and past
// float64's exact range, negative zero, fractions, strings with HTML,
// line separators and bytes that are not UTF-8, nested collections with
// nulls, marked and unknown values.
func TestDefaultJSONIsTheCtyRoundTrip(t *testing.T) {
	huge, _ := new(big.Float).SetPrec(512).SetString("123456789012345678901234567890")
	negZero := cty.NumberVal(new(big.Float).Neg(new(big.Float)))
	values := []cty.Value{
		cty.NullVal(cty.String), cty.True, cty.False,
		cty.NumberIntVal(0), negZero, cty.NumberIntVal(1), cty.NumberIntVal(-14), cty.NumberIntVal(1 << 53), cty.NumberIntVal(1<<53 + 1),
		cty.NumberIntVal(-(1 << 53) - 1), cty.NumberIntVal(1 << 62), cty.NumberVal(huge), cty.NumberFloatVal(1e21), cty.NumberFloatVal(1e-7),
		cty.NumberFloatVal(0.5), cty.MustParseNumberVal("0.1"), cty.MustParseNumberVal("1e400"),
		cty.StringVal(""), cty.StringVal("a <b> & \"c\" \\ d\n\te"), cty.StringVal("line\u2028sep\u2029"), cty.StringVal("bad \xff\xfe utf-8"),
		cty.StringVal("${x} %{y}"), cty.StringVal("é 日本 \U0001F600"),
		cty.ListValEmpty(cty.String), cty.ListVal([]cty.Value{cty.StringVal("a"), cty.NullVal(cty.String)}),
		cty.SetVal([]cty.Value{cty.NumberIntVal(3), cty.NumberIntVal(1)}), cty.TupleVal([]cty.Value{cty.True, cty.NumberFloatVal(2.5), cty.StringVal("x")}),
		cty.MapValEmpty(cty.Number), cty.MapVal(map[string]cty.Value{"z": cty.NumberIntVal(1), "a": cty.NumberIntVal(2), "b\xff": cty.NumberIntVal(3)}),
		cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("n"), "tags": cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")}), "none": cty.NullVal(cty.List(cty.String))}),
		cty.ObjectVal(map[string]cty.Value{"deep": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"n": cty.NumberFloatVal(0.25)})})}),
		cty.EmptyObjectVal, cty.StringVal("secret").Mark("sensitive"),
		cty.ListVal([]cty.Value{cty.StringVal("a").Mark("m"), cty.StringVal("b")}),
		cty.UnknownVal(cty.String), cty.ListVal([]cty.Value{cty.UnknownVal(cty.Number)}),
	}
	for _, v := range values {
		if got, want := defaultJSON(v), roundTripJSON(v); got != want {
			t.Errorf("defaultJSON(%#v) = %q, want %q", v, got, want)
		}
	}
}

// roundTripJSON is the default as terraform-docs shows it, the long way.
func roundTripJSON(v cty.Value) string {
	v, _ = v.UnmarkDeep()
	x, ok := ctyDecodedJSON(v)
	if !ok {
		return "null"
	}
	var b strings.Builder
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.SetIndent("", "  ")
	if e.Encode(x) != nil {
		return "null"
	}
	return strings.TrimSpace(b.String())
}

// TestDefaultJSONDecodesDirectly: the defaults modules have (as in
// out/modules: null, bools, integers, strings, lists, maps and objects of
// them) take decodedJSON's direct conversion, not the cty JSON round
// trip it exists to spare. TestDefaultJSONIsTheCtyRoundTrip holds the
// result; this holds the path.
func TestDefaultJSONDecodesDirectly(t *testing.T) {
	values := []cty.Value{
		cty.NullVal(cty.String), cty.NullVal(cty.List(cty.String)), cty.True, cty.False,
		cty.NumberIntVal(0), cty.NumberIntVal(30), cty.NumberIntVal(6379), cty.NumberIntVal(-14), cty.NumberIntVal(1 << 62),
		cty.StringVal(""), cty.StringVal("10.0.0.0/16"), cty.StringVal("é <b> ${x}"),
		cty.ListValEmpty(cty.String), cty.ListVal([]cty.Value{cty.StringVal("US"), cty.StringVal("CA")}),
		cty.SetVal([]cty.Value{cty.NumberIntVal(3), cty.NumberIntVal(1)}), cty.TupleVal([]cty.Value{cty.True, cty.StringVal("x")}),
		cty.MapValEmpty(cty.Number), cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")}), cty.EmptyObjectVal,
		cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("n"), "count": cty.NumberIntVal(2), "tags": cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")}), "none": cty.NullVal(cty.List(cty.String))}),
	}
	for _, v := range values {
		if _, ok := decodedJSON(v); !ok {
			t.Errorf("decodedJSON(%#v) is not ok: the default takes the cty JSON round trip", v)
		}
	}
}
