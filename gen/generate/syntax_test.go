package generate_test

import (
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestModuleSyntaxIsTheParsedRendering holds the render-time policy
// check's input to what terraform reads: for every module gen renders,
// and a module using every kind of expression, the syntax tree built from
// the model is the tree hclsyntax parses from the rendered .tf files,
// node for node (ranges aside), in every block and attribute the check
// reads.
func TestModuleSyntaxIsTheParsedRendering(t *testing.T) {
	mods := append(blueprints.All(), everyExpression())
	blocks := 0
	for _, m := range mods {
		files, ds := render.Module(m, render.Options{})
		if ds.HasErrors() {
			t.Fatalf("%s: %v", m.Name, ds)
		}
		want := map[string]string{}
		for _, f := range files {
			if !strings.HasSuffix(f.Name, ".tf") {
				continue
			}
			parsed, diags := hclsyntax.ParseConfig(f.Data, f.Name, hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("%s/%s: %v", m.Name, f.Name, diags)
			}
			for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
				if k, d, ok := dumpBlock(b); ok {
					want[k] = d
				}
			}
		}
		got := map[string]string{}
		for _, b := range generate.ModuleSyntax(m).Blocks {
			if k, d, ok := dumpBlock(b); ok {
				got[k] = d
			}
		}
		for _, k := range slices.Sorted(keys(want, got)) {
			blocks++
			if got[k] != want[k] {
				t.Errorf("%s: %s:\n built: %s\nparsed: %s", m.Name, k, got[k], want[k])
			}
		}
	}
	if blocks < 300 {
		t.Errorf("compared only %d blocks", blocks)
	}
}

func keys(ms ...map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, m := range ms {
			for k := range m {
				if !seen[k] && !yield(k) {
					return
				}
				seen[k] = true
			}
		}
	}
}

// everyExpression is a module whose resource uses every expression the
// model has, in the places where the parser's tree shape depends on it.
func everyExpression() *tf.Module {
	m := tf.NewModule("modules/every")
	v := m.Variable("names", cty.List(cty.String), "Names.")
	v.Default = cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})
	n := m.Variable("n", cty.Number, "A number.")
	n.Default = cty.NumberFloatVal(0.1)
	s := m.Variable("secret", cty.String, "Secret.")
	s.Sensitive = true
	obj := m.Variable("obj", cty.Map(cty.Number), "A map.")
	obj.Default = cty.MapVal(map[string]cty.Value{"x y": cty.NumberIntVal(-3), "z": cty.NumberVal(big.NewFloat(2.5))})
	l := m.Local("prefix", tf.Tmpl(v.Ref().At(0), "-x"))
	b := m.Resource("aws_s3_bucket", "b", tf.Count(tf.Fn("length", v)))
	b.Set("bucket", tf.Tmpl(l, "-", tf.CountIndex))
	b.Set("wrap", tf.Tmpl(n))
	b.Set("empty", tf.Tmpl())
	b.Set("neg", tf.Number(-2))
	b.Set("cond", tf.Conditional{Cond: tf.Binary{Op: "==", L: n, R: tf.Number(1)}, True: tf.String("a"), False: tf.Conditional{Cond: tf.Bool(true), True: tf.Null(), False: tf.String("b")}})
	b.Set("ops", tf.Binary{Op: "*", L: tf.Binary{Op: "+", L: n, R: tf.Number(1)}, R: tf.Unary{Op: "-", X: n}})
	b.Set("not", tf.Unary{Op: "!", X: tf.Binary{Op: "&&", L: tf.Bool(true), R: tf.Bool(false)}})
	b.Set("paren", tf.Paren{X: n})
	b.Set("idx", v.Ref().Index(n))
	b.Set("key", obj.Ref().Key("x y"))
	b.Set("splat", tf.Traverse{X: tf.Fn("values", obj), Steps: []tf.Step{{Splat: true}, {Attr: "a"}, {Index: tf.Number(0)}}})
	b.Set("trav", tf.Traverse{X: tf.Conditional{Cond: tf.Bool(true), True: obj, False: obj}, Steps: []tf.Step{{Attr: "z"}}})
	b.Set("for", tf.For{KeyVar: "i", ValVar: "s", Coll: v, Key: tf.IterVar("s"), Val: tf.IterVar("i"), Cond: tf.Binary{Op: "!=", L: tf.IterVar("s"), R: tf.String("")}, Group: true})
	b.Set("list", tf.For{ValVar: "s", Coll: v, Val: tf.Fn("upper", tf.IterVar("s"))})
	b.Set("doc", tf.JSONEncode(tf.Obj(tf.KV("Statement", tf.List(tf.Obj(tf.KV("Resource", tf.EachValue), tf.KeyExpr(l, tf.Number(1)), tf.KV("a:b", tf.Strings("c", "d"))))))))
	b.Set("lit", tf.Lit(cty.ObjectVal(map[string]cty.Value{"for": cty.True, "list": cty.SetVal([]cty.Value{cty.StringVal("q")}), "nil": cty.NullVal(cty.String)})))
	b.Set("raw", tf.Traverse{X: tf.RawHCL("{ a = 1 }"), Steps: []tf.Step{{Attr: "a"}}})
	b.Set("expand", tf.Call{Name: "concat", Args: []tf.Expr{v, v}, Expand: true})
	b.Set("heredoc", tf.String("line one\nline two\n"))
	b.Set("esc", tf.String("$${not} %{x} \"q\""))
	b.Set("path", tf.Tmpl(tf.PathModule, "/", tf.TerraformWorkspace))
	b.Set("secret", s)
	d := b.Dynamic("rule", v, "r")
	d.Set("name", tf.IterVar("r").Attr("value"))
	b.Block("nested").Set("x", b.Attr("arn")).Block("deeper").Set("y", b.Ref().Splat().Attr("id"))
	m.Output("out", b.Ref().At(0).Attr("bucket"), "First bucket.")
	return m
}

// dumpBlock writes a block as the policy check reads it: its key, and
// its attributes (sorted) and nested blocks (in order) with every node's
// type and fields but ranges; ok is false for blocks it does not read.
func dumpBlock(b *hclsyntax.Block) (key, dump string, ok bool) {
	var only, skip []string
	switch b.Type {
	case "variable":
		only = []string{"default", "sensitive"}
	case "output":
		only = []string{"value"}
	case "module":
		skip = []string{"providers", "depends_on"}
	case "resource", "data":
		skip = []string{"depends_on", "lifecycle", "provisioner", "connection"}
	case "provider", "locals":
	default:
		return "", "", false
	}
	var w strings.Builder
	dumpBody(&w, b.Body, only, skip)
	return b.Type + " " + strings.Join(b.Labels, " "), w.String(), true
}

func dumpBody(w *strings.Builder, body *hclsyntax.Body, only, skip []string) {
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range body.Attributes {
			if !yield(n) {
				return
			}
		}
	}) {
		if only != nil && !slices.Contains(only, name) || slices.Contains(skip, name) {
			continue
		}
		fmt.Fprintf(w, "%s = ", name)
		dumpNode(w, reflect.ValueOf(body.Attributes[name].Expr))
		w.WriteString("; ")
	}
	for _, b := range body.Blocks {
		if only != nil || slices.Contains(skip, b.Type) {
			continue
		}
		fmt.Fprintf(w, "%s %q { ", b.Type, b.Labels)
		dumpBody(w, b.Body, nil, nil)
		w.WriteString("} ")
	}
}

var (
	rangeType = reflect.TypeOf(hcl.Range{})
	valueType = reflect.TypeOf(cty.Value{})
	opType    = reflect.TypeOf(&hclsyntax.Operation{})
)

var opNames = map[*hclsyntax.Operation]string{
	hclsyntax.OpLogicalOr: "||", hclsyntax.OpLogicalAnd: "&&", hclsyntax.OpLogicalNot: "!",
	hclsyntax.OpEqual: "==", hclsyntax.OpNotEqual: "!=", hclsyntax.OpGreaterThan: ">",
	hclsyntax.OpGreaterThanOrEqual: ">=", hclsyntax.OpLessThan: "<", hclsyntax.OpLessThanOrEqual: "<=",
	hclsyntax.OpAdd: "+", hclsyntax.OpSubtract: "-", hclsyntax.OpMultiply: "*", hclsyntax.OpDivide: "/",
	hclsyntax.OpModulo: "%", hclsyntax.OpNegate: "neg",
}

func dumpNode(w *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			w.WriteString("nil")
			return
		}
		dumpNode(w, v.Elem())
	case reflect.Pointer:
		if v.IsNil() {
			w.WriteString("nil")
			return
		}
		if v.Type() == opType {
			w.WriteString(opNames[v.Interface().(*hclsyntax.Operation)])
			return
		}
		if t, ok := v.Interface().(*hclsyntax.TemplateExpr); ok {
			dumpTemplate(w, t)
			return
		}
		dumpNode(w, v.Elem())
	case reflect.Struct:
		switch v.Type() {
		case rangeType:
			return
		case valueType:
			x := v.Interface().(cty.Value)
			if x.Type() == cty.Number && x.IsKnown() && !x.IsNull() {
				fmt.Fprintf(w, "number(%s/%d)", x.AsBigFloat().Text('g', -1), x.AsBigFloat().Prec())
				return
			}
			w.WriteString(x.GoString())
			return
		}
		w.WriteString(v.Type().Name() + "{")
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Type == rangeType || strings.HasSuffix(f.Name, "Range") {
				continue
			}
			w.WriteString(f.Name + ":")
			dumpNode(w, v.Field(i))
			w.WriteString(" ")
		}
		w.WriteString("}")
	case reflect.Slice:
		w.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			dumpNode(w, v.Index(i))
			w.WriteString(", ")
		}
		w.WriteString("]")
	default:
		fmt.Fprintf(w, "%v", v.Interface())
	}
}

// dumpTemplate writes a template with its literal text runs joined: a
// heredoc parses into one part per line, the same string.
func dumpTemplate(w *strings.Builder, t *hclsyntax.TemplateExpr) {
	w.WriteString("Template[")
	var text strings.Builder
	lit := false
	flush := func() {
		if lit {
			fmt.Fprintf(w, "%q, ", text.String())
			text.Reset()
			lit = false
		}
	}
	for _, p := range t.Parts {
		if l, ok := p.(*hclsyntax.LiteralValueExpr); ok && l.Val.Type() == cty.String {
			text.WriteString(l.Val.AsString())
			lit = true
			continue
		}
		flush()
		dumpNode(w, reflect.ValueOf(p))
		w.WriteString(", ")
	}
	flush()
	w.WriteString("]")
}
