package schema

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestFitsAgreesWithApprox: checkType's shortcut (fits) accepts a value
// only where the full judgement (approx, then conversion) accepts it too,
// and it does take the shapes most attributes have.
func TestFitsAgreesWithApprox(t *testing.T) {
	v := &validator{m: tf.NewModule("m")}
	exprs := map[string]tf.Expr{
		"string":        tf.String("x"),
		"number":        tf.Number(3),
		"bool":          tf.Bool(true),
		"null":          tf.Null(),
		"list literal":  tf.Lit(cty.ListVal([]cty.Value{cty.StringVal("a")})),
		"template":      tf.Tmpl("a-", tf.CountIndex),
		"jsonencode":    tf.JSONEncode(tf.Obj(tf.KV("a", tf.Number(1)))),
		"length":        tf.Fn("length", tf.Strings("a")),
		"split":         tf.Fn("split", tf.String(","), tf.String("a,b")),
		"unknown fn":    tf.Fn("lookup", tf.String("a")),
		"tags":          tf.Obj(tf.KV("Name", tf.String("n")), tf.KV("N", tf.Number(1)), tf.KV("B", tf.Bool(false))),
		"nested object": tf.Obj(tf.KV("a", tf.Obj(tf.KV("b", tf.String("c"))))),
		"computed key":  tf.Obj(tf.KeyExpr(tf.String("k"), tf.String("v"))),
		"empty object":  tf.Obj(),
		"tuple":         tf.List(tf.String("a")),
	}
	wants := []cty.Type{cty.String, cty.Number, cty.Bool, cty.DynamicPseudoType, cty.Map(cty.String), cty.Map(cty.Number),
		cty.List(cty.String), cty.Object(map[string]cty.Type{"a": cty.String})}
	for name, e := range exprs {
		for _, want := range wants {
			if !fits(e, want) {
				continue
			}
			val, _ := v.approx(e, 0)
			if t := val.Type(); t.Equals(want) || convert.GetConversion(t, want) != nil {
				continue
			}
			if _, err := convert.Convert(val, want); err != nil {
				t.Errorf("fits(%s, %s) but approx rejects it: %v", name, want.FriendlyName(), err)
			}
		}
	}
	for _, c := range []struct {
		name string
		want cty.Type
	}{{"string", cty.String}, {"number", cty.String}, {"template", cty.String}, {"jsonencode", cty.String}, {"length", cty.Number}, {"tags", cty.Map(cty.String)}} {
		if !fits(exprs[c.name], c.want) {
			t.Errorf("fits(%s, %s) = false: the shortcut is not taken", c.name, c.want.FriendlyName())
		}
	}
}
