package render_test

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestAlignsPastTheSpacesOfOneAppend: the `=` of a short key is padded
// to a key of 150 columns, more than one append of spaces holds, as
// hclwrite's formatter pads it.
func TestAlignsPastTheSpacesOfOneAppend(t *testing.T) {
	m := tf.NewModule("wide")
	long := "k" + strings.Repeat("_long", 30)
	m.Resource("terraform_data", "x").Set("input", tf.Obj(
		tf.KV("a", tf.Number(1)),
		tf.KV(long, tf.Number(2)),
		tf.KV("bb", tf.Number(3)),
	))
	if data := fmtMainTF(t, m); !bytes.Contains(data, []byte("    a"+strings.Repeat(" ", len(long)-1)+" = 1\n")) {
		t.Fatalf("a is not padded to %d columns:\n%s", len(long), data)
	}
}

// TestAlignsTheKeysOfALiteralMap: a literal map or object value
// (tf.Literal of cty) is written one key a line with its `=` aligned, as
// hclwrite's formatter has it, bare keys and quoted ones alike.
func TestAlignsTheKeysOfALiteralMap(t *testing.T) {
	m := tf.NewModule("literal")
	m.Resource("terraform_data", "x").
		Set("input", tf.Literal{Value: cty.MapVal(map[string]cty.Value{
			"a":         cty.NumberIntVal(1),
			"long_key":  cty.NumberIntVal(2),
			"quoted ké": cty.NumberIntVal(3),
		})}).
		Set("output", tf.Literal{Value: cty.ObjectVal(map[string]cty.Value{
			"b":     cty.StringVal("x"),
			"wider": cty.StringVal("y"),
		})})
	data := fmtMainTF(t, m)
	for _, line := range []string{
		"    a           = 1\n", "    long_key    = 2\n", "    \"quoted ké\" = 3\n",
		"    b     = \"x\"\n", "    wider = \"y\"\n",
	} {
		if !bytes.Contains(data, []byte(line)) {
			t.Fatalf("no line %q in:\n%s", line, data)
		}
	}
}

// TestObjectsAlignAsHclwriteFormats: objects of up to 40 items, past the
// 16 whose key widths alignedLines keeps, with bare keys, keys wider than
// one append of spaces, quoted keys of non-ASCII text (combining marks,
// wide characters) or a carriage return, computed keys, and single- and
// multi-line values among them, come out as hclwrite's formatter leaves
// them; so do literal maps of such keys.
func TestObjectsAlignAsHclwriteFormats(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	keys := []string{"a", "bb", "key_" + strings.Repeat("w", 70), "é", "e\u0301x", "日本", "has space", "cr\rkey", "x-y", "for"}
	m := tf.NewModule("objects")
	v := m.Variable("v", cty.String, "")
	for o := 0; o < 60; o++ {
		n := 1 + r.IntN(40)
		var items []tf.Item
		lit := map[string]cty.Value{}
		for i := 0; i < n; i++ {
			k := keys[r.IntN(len(keys))] + strconv.Itoa(i)
			var val tf.Expr = tf.Number(i)
			switch r.IntN(8) {
			case 0:
				val = tf.Obj(tf.KV("inner", tf.Number(i)), tf.KV("more", tf.String("x")))
			case 1:
				val = v.Ref()
			}
			if r.IntN(6) == 0 {
				items = append(items, tf.KeyExpr(v.Ref(), val))
			} else {
				items = append(items, tf.KV(k, val))
			}
			lit[k] = cty.NumberIntVal(int64(i))
		}
		m.Resource("terraform_data", "o"+strconv.Itoa(o)).
			Set("input", tf.Obj(items...)).
			Set("output", tf.Literal{Value: cty.MapVal(lit)})
	}
	fmtMainTF(t, m)
}

// fmtMainTF renders m and returns its main.tf, failing the test unless
// it renders without errors and is in the form hclwrite's formatter
// gives it (the first differing line named).
func fmtMainTF(t *testing.T, m *tf.Module) []byte {
	t.Helper()
	files, ds := render.Module(m, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, f := range files {
		if f.Name != "main.tf" {
			continue
		}
		if got := hclwrite.Format(f.Data); !bytes.Equal(got, f.Data) {
			gl, wl := strings.Split(string(f.Data), "\n"), strings.Split(string(got), "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Fatalf("main.tf line %d is %q, hclwrite formats it %q", i+1, gl[i], wl[i])
				}
			}
			t.Fatal("main.tf is not in fmt form")
		}
		return f.Data
	}
	t.Fatal("no main.tf")
	return nil
}
