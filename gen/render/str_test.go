package render_test

import (
	"bytes"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestStrRendersAsTheStringLiteral: a tf.Str (what tf.String makes)
// renders exactly as the Literal of the same cty string did, in every
// place a string stands, in HCL and JSON: escapes, template sequences,
// heredocs, and the NFC form cty gives a string.
func TestStrRendersAsTheStringLiteral(t *testing.T) {
	texts := []string{
		"plain", "", `quote " and \ backslash`, "${not.interpolated} and %{ if x }",
		"$${already} %%{doubled}", "tab\tcontrol\x01\x7f", "one line\n", "e\u0301 decomposed",
		"#!/bin/sh\necho \"hi\" ${HOME}\n  indented\n\nlast\n", "\u00e9t\u00e9 \u2603", "carriage\r\nreturn\n${x}\n",
	}
	build := func(lit func(string) tf.Expr) *tf.Module {
		m := tf.NewModule("modules/strs")
		v := m.Variable("name", cty.String, "A name.")
		for i, s := range texts {
			r := m.Resource("terraform_data", "t"+string(rune('a'+i)))
			r.Set("input", lit(s)).
				Set("obj", tf.Obj(tf.KV("k", lit(s)), tf.KV(s+"key", tf.Number(1)))).
				Set("list", tf.List(lit(s), lit("x"))).
				Set("tmpl", tf.Tmpl(lit(s), v, lit(s))).
				Set("call", tf.Fn("jsonencode", tf.Obj(tf.KV("v", lit(s))))).
				Set("cond", tf.If(tf.Op(v, "==", lit(s)), lit(s), tf.Null()))
			m.Output("o"+string(rune('a'+i)), lit(s), "An output.")
		}
		m.Local("heredoc_tmpl", tf.Tmpl(lit("line one\n"), v, lit("\nline three\n")))
		return m
	}
	str := build(func(s string) tf.Expr { return tf.String(s) })
	old := build(func(s string) tf.Expr { return tf.Lit(cty.StringVal(s)) })
	for _, format := range []render.Format{render.HCL, render.JSON} {
		got, ds := render.Module(str, render.Options{Format: format})
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		want, ds := render.Module(old, render.Options{Format: format})
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d files, want %d", format, len(got), len(want))
		}
		for i := range got {
			if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
				t.Errorf("%s: %s differs:\n%s\nwant:\n%s", format, got[i].Name, got[i].Data, want[i].Data)
			}
		}
	}
}
