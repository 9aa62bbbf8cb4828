package render_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestHCLIsAlreadyFormatted checks every rendered HCL file against
// hclwrite.Format, the formatter behind `terraform fmt`: formatting must
// change nothing. (A test in this package also runs the real terraform
// fmt on the same files.)
func TestHCLIsAlreadyFormatted(t *testing.T) {
	for p, data := range renderAll(t, kitchenSink(), render.HCL) {
		if !strings.HasSuffix(p, ".tf") {
			continue
		}
		if got := hclwrite.Format(data); !bytes.Equal(got, data) {
			t.Errorf("%s is not in fmt form:\n--- rendered ---\n%s\n--- formatted ---\n%s", p, data, got)
		}
		if _, ds := hclsyntax.ParseConfig(data, p, hcl.InitialPos); ds.HasErrors() {
			t.Errorf("%s does not parse: %v", p, ds)
		}
	}
}

func TestJSONParses(t *testing.T) {
	for p, data := range renderAll(t, kitchenSink(), render.JSON) {
		if !strings.HasSuffix(p, ".tf.json") {
			continue
		}
		if _, ds := hcljson.Parse(data, p); ds.HasErrors() {
			t.Errorf("%s does not parse: %v", p, ds)
		}
	}
}

// literalModule is a module holding one local, x = v.
func literalModule(v tf.Expr) *tf.Module {
	m := tf.NewModule("m")
	m.Local("x", v)
	return m
}

// evalRendered renders m and evaluates local x back from the HCL or JSON
// text.
func evalRendered(t testing.TB, m *tf.Module, format render.Format) (cty.Value, []byte) {
	t.Helper()
	files, ds := render.Module(m, render.Options{Format: format})
	if ds.HasErrors() {
		t.Fatalf("render: %v", ds)
	}
	var data []byte
	for _, f := range files {
		if strings.HasPrefix(f.Name, "locals.") {
			data = f.Data
		}
	}
	var file *hcl.File
	var pds hcl.Diagnostics
	if format == render.JSON {
		file, pds = hcljson.Parse(data, "locals.tf.json")
	} else {
		file, pds = hclsyntax.ParseConfig(data, "locals.tf", hcl.InitialPos)
	}
	if pds.HasErrors() {
		t.Fatalf("parse %s: %v\n%s", format, pds, data)
	}
	content, _, cds := file.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "locals"}}})
	if cds.HasErrors() || len(content.Blocks) != 1 {
		t.Fatalf("no locals block: %v\n%s", cds, data)
	}
	attrs, ads := content.Blocks[0].Body.JustAttributes()
	if ads.HasErrors() {
		t.Fatalf("locals: %v", ads)
	}
	// A non-nil context: HCL's JSON syntax evaluates templates only then.
	ctx := &hcl.EvalContext{Functions: map[string]function.Function{
		"upper":  stdlib.UpperFunc,
		"max":    stdlib.MaxFunc,
		"lookup": stdlib.LookupFunc,
	}}
	v, vds := attrs["x"].Expr.Value(ctx)
	if vds.HasErrors() {
		t.Fatalf("evaluate %s: %v\n%s", format, vds, data)
	}
	return v, data
}

// normalize turns lists and sets into tuples and maps into objects, the
// types their constructors evaluate to, so values can be compared.
func normalize(v cty.Value) cty.Value {
	if v.IsNull() {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	ty := v.Type()
	switch {
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var elems []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			elems = append(elems, normalize(e))
		}
		if len(elems) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(elems)
	case ty.IsMapType() || ty.IsObjectType():
		attrs := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			attrs[k.AsString()] = normalize(e)
		}
		if len(attrs) == 0 {
			return cty.EmptyObjectVal
		}
		return cty.ObjectVal(attrs)
	}
	return v
}

func assertSameValue(t testing.TB, want, got cty.Value, text []byte) {
	t.Helper()
	w, g := normalize(want), normalize(got)
	if w.IsNull() != g.IsNull() || (!w.IsNull() && !w.RawEquals(g)) {
		t.Fatalf("round trip changed the value\nwant %#v\ngot  %#v\nfrom:\n%s", w, g, text)
	}
}

// randomValue makes a random cty value of any shape, with strings that
// are hard to escape.
func randomValue(r *rand.Rand, depth int) cty.Value {
	pieces := []string{"a", "${", "%{", "$", "%", "{", "}", "\"", "\\", "\n", "\t", "é", "✓", "$${", "~", " ", "\\n", "#", "//", "/*", "<<EOT", "\r", "\x01", "null", "true"}
	str := func() string {
		var b strings.Builder
		for n := r.Intn(6); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		return b.String()
	}
	k := r.Intn(8)
	if depth > 2 {
		k = r.Intn(4)
	}
	switch k {
	case 0:
		return cty.StringVal(str())
	case 1:
		nums := []cty.Value{cty.NumberIntVal(r.Int63n(1 << 40)), cty.NumberIntVal(-r.Int63n(1000)), cty.NumberFloatVal(r.Float64() * 1000), cty.NumberFloatVal(-0.5), cty.Zero}
		return nums[r.Intn(len(nums))]
	case 2:
		return cty.BoolVal(r.Intn(2) == 0)
	case 3:
		return cty.NullVal(cty.String)
	case 4, 5:
		n := r.Intn(4)
		elems := make([]cty.Value, n)
		for i := range elems {
			elems[i] = randomValue(r, depth+1)
		}
		if n == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(elems)
	default:
		attrs := map[string]cty.Value{}
		for n := r.Intn(4); n > 0; n-- {
			attrs[str()] = randomValue(r, depth+1)
		}
		if len(attrs) == 0 {
			return cty.EmptyObjectVal
		}
		return cty.ObjectVal(attrs)
	}
}

// TestRoundTripLiterals renders random literal values as HCL and as JSON,
// parses them back with hclsyntax and HCL's JSON parser, and checks that
// evaluation gives the same value.
func TestRoundTripLiterals(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 500; i++ {
		v := randomValue(r, 0)
		for _, format := range []render.Format{render.HCL, render.JSON} {
			got, text := evalRendered(t, literalModule(tf.Lit(v)), format)
			assertSameValue(t, v, got, text)
		}
	}
}

// TestRoundTripExpressions evaluates constructed expressions that need no
// variables through both syntaxes.
func TestRoundTripExpressions(t *testing.T) {
	cases := []struct {
		expr tf.Expr
		want cty.Value
	}{
		{tf.Op(tf.Op(tf.Number(1), "+", tf.Number(2)), "*", tf.Number(3)), cty.NumberIntVal(9)},
		{tf.Op(tf.Number(1), "+", tf.Op(tf.Number(2), "*", tf.Number(3))), cty.NumberIntVal(7)},
		{tf.Op(tf.Number(10), "-", tf.Op(tf.Number(4), "-", tf.Number(3))), cty.NumberIntVal(9)},
		{tf.Neg(tf.Op(tf.Number(1), "+", tf.Number(2))), cty.NumberIntVal(-3)},
		{tf.Not(tf.Op(tf.Bool(true), "&&", tf.Bool(false))), cty.True},
		{tf.If(tf.Op(tf.Number(1), "<", tf.Number(2)), tf.String("yes"), tf.String("no")), cty.StringVal("yes")},
		{tf.If(tf.Bool(false), tf.Number(1), tf.If(tf.Bool(true), tf.Number(2), tf.Number(3))), cty.NumberIntVal(2)},
		{tf.Op(tf.If(tf.Bool(true), tf.Number(1), tf.Number(2)), "+", tf.Number(1)), cty.NumberIntVal(2)},
		{tf.Tmpl("a-", tf.Number(1), "-${literal}-", tf.String("x")), cty.StringVal("a-1-${literal}-x")},
		{tf.ForList("", "s", tf.Strings("a", "b"), tf.Tmpl(tf.IterVar("s"), "!"), nil), cty.TupleVal([]cty.Value{cty.StringVal("a!"), cty.StringVal("b!")})},
		{tf.ForMap("k", "v", tf.Obj(tf.KV("a", tf.Number(1)), tf.KV("b", tf.Number(2))), tf.IterVar("k"), tf.Op(tf.IterVar("v"), "*", tf.Number(2)), tf.Op(tf.IterVar("v"), ">", tf.Number(1))), cty.ObjectVal(map[string]cty.Value{"b": cty.NumberIntVal(4)})},
		{tf.Index(tf.Strings("x", "y"), tf.Number(1)), cty.StringVal("y")},
		{tf.GetAttr(tf.Obj(tf.KV("k", tf.String("v"))), "k"), cty.StringVal("v")},
		{tf.Obj(tf.KeyExpr(tf.Tmpl("a", "b"), tf.Number(1))), cty.ObjectVal(map[string]cty.Value{"ab": cty.NumberIntVal(1)})},
		{tf.Obj(tf.KV("true", tf.Number(1)), tf.KV("kebab-key", tf.Number(2)), tf.KV("with space", tf.Number(3))), cty.ObjectVal(map[string]cty.Value{"true": cty.NumberIntVal(1), "kebab-key": cty.NumberIntVal(2), "with space": cty.NumberIntVal(3)})},
		{tf.RawHCL(`[for i in [1, 2] : i * 2]`), cty.TupleVal([]cty.Value{cty.NumberIntVal(2), cty.NumberIntVal(4)})},
		{tf.List(tf.Obj(tf.KV("a", tf.Tmpl("${", "x"))), tf.Null()), cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("${x")}), cty.NullVal(cty.DynamicPseudoType)})},
	}
	for i, c := range cases {
		for _, format := range []render.Format{render.HCL, render.JSON} {
			t.Run(fmt.Sprintf("%d-%s", i, format), func(t *testing.T) {
				got, text := evalRendered(t, literalModule(c.expr), format)
				assertSameValue(t, c.want, got, text)
			})
		}
	}
}

// FuzzStringEscape checks that any string survives HCL and JSON rendering
// unchanged: no accidental interpolation, no broken quoting.
func FuzzStringEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "${var.x}", "%{ if x }", "$${", "%%{", "\"\\", "line\nbreak", "tab\t", "\x00", "é✓日本", "$", "%", "{", "${", "$$${", "}\"", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		want := cty.StringVal(s)
		for _, format := range []render.Format{render.HCL, render.JSON} {
			got, text := evalRendered(t, literalModule(tf.String(s)), format)
			assertSameValue(t, want, got, text)
			// As an object key too.
			got, text = evalRendered(t, literalModule(tf.Obj(tf.KV(s, tf.Bool(true)))), format)
			assertSameValue(t, cty.ObjectVal(map[string]cty.Value{want.AsString(): cty.True}), got, text)
		}
	})
}

// FuzzIdentifiers checks names: a valid name renders into a block label
// that parses back to itself, an invalid one is a validation error.
func FuzzIdentifiers(f *testing.F) {
	for _, s := range []string{"a", "_x", "kebab-case", "9lives", "a.b", "", "with space", "é", "x-", "-x", "null", "for"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		m := tf.NewModule("m")
		m.Resource("terraform_data", name)
		m.Variable(name, cty.String, "d")
		ds := tf.Validate(m)
		if !tf.IsName(name) {
			if !ds.HasErrors() {
				t.Fatalf("invalid name %q was accepted", name)
			}
			return
		}
		if ds.HasErrors() && !strings.Contains(ds.Error(), "reserved") {
			t.Fatalf("valid name %q was refused: %v", name, ds)
		}
		files, rds := render.Module(m, render.Options{})
		if rds.HasErrors() {
			t.Fatal(rds)
		}
		for _, fl := range files {
			if fl.Name != "main.tf" {
				continue
			}
			file, pds := hclsyntax.ParseConfig(fl.Data, "main.tf", hcl.InitialPos)
			if pds.HasErrors() {
				t.Fatalf("parse: %v\n%s", pds, fl.Data)
			}
			blocks := file.Body.(*hclsyntax.Body).Blocks
			if len(blocks) != 1 || blocks[0].Labels[1] != name {
				t.Fatalf("label did not round trip: %q\n%s", name, fl.Data)
			}
		}
	})
}

// keys lists an object's keys, for messages.
func keys(v cty.Value) []string {
	var out []string
	for k := range v.Type().AttributeTypes() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var _ = keys
