package render_test

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// renderLocal renders a module holding local x = e and returns locals.tf.
func renderLocal(t *testing.T, e tf.Expr) string {
	t.Helper()
	files, ds := render.Module(literalModule(e), render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, f := range files {
		if f.Name == "locals.tf" {
			if got := hclwrite.Format(f.Data); !bytes.Equal(got, f.Data) {
				t.Errorf("not in fmt form:\n%s\n--- formatted ---\n%s", f.Data, got)
			}
			return string(f.Data)
		}
	}
	t.Fatal("no locals.tf")
	return ""
}

func TestMultiLineStringsAreHeredocs(t *testing.T) {
	cases := []struct {
		name    string
		value   tf.Expr
		heredoc bool
		want    string // a fragment of the rendered HCL
	}{
		{"script", tf.String("#!/bin/bash\necho hello\n"), true, "x = <<-EOT\n    #!/bin/bash\n    echo hello\n  EOT\n"},
		{"indented lines keep their own indentation", tf.String("a:\n  b: 1\n\n  c: ${x}\n"), true, "x = <<-EOT\n    a:\n      b: 1\n\n      c: $${x}\n  EOT\n"},
		{"template", tf.Tmpl("name=", tf.VarRef("x"), "\nport=", tf.Number(80), "\n"), true, "x = <<-EOT\n    name=${var.x}\n    port=${80}\n  EOT\n"},
		{"template starting a line with an interpolation", tf.Tmpl(tf.VarRef("x"), "\n  next\n"), true, "    ${var.x}\n      next\n  EOT"},
		{"a line that is the marker picks another", tf.String("one\nEOT\n"), true, "x = <<-EOF\n    one\n    EOT\n  EOF\n"},
		{"no final newline stays quoted", tf.String("one\ntwo"), false, `x = "one\ntwo"`},
		{"one line stays quoted", tf.String("one\n"), false, `x = "one\n"`},
		{"every line indented stays quoted", tf.String("  one\n  two\n"), false, `x = "  one\n  two\n"`},
		{"carriage return stays quoted", tf.String("one\r\ntwo\r\n"), false, `x = "one\r\ntwo\r\n"`},
		{"template ending in an interpolation stays quoted", tf.Tmpl("a\nb\n", tf.VarRef("x")), false, `x = "a\nb\n${var.x}"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := renderLocal(t, c.value)
			if !strings.Contains(got, c.want) {
				t.Errorf("want fragment\n%s\ngot\n%s", c.want, got)
			}
			if strings.Contains(got, "<<-") != c.heredoc {
				t.Errorf("heredoc = %v, want %v:\n%s", !c.heredoc, c.heredoc, got)
			}
		})
	}
}

// TestHeredocsRoundTrip checks that a heredoc reads back as exactly the
// string it was made from, for random multi-line strings full of
// characters that are hard to carry through one, as an attribute and as an
// object item; JSON keeps the string as a string.
func TestHeredocsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	pieces := []string{"a", "b c", " ", "  ", "\t", "\n", "\n", "\n", "${", "%{", "$${", "\\", "\\n", "\"", "EOT", "EOF", "é", "\u0301", "✓", "}", "#", "<<EOT", "x\n"}
	heredocs := 0
	for i := 0; i < 1500; i++ {
		var b strings.Builder
		for n := 1 + r.Intn(8); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		b.WriteString("\n")
		s := b.String()
		for _, e := range []tf.Expr{tf.String(s), tf.Obj(tf.KV("k", tf.String(s)), tf.KV("longer_key", tf.Number(1)))} {
			for _, format := range []render.Format{render.HCL, render.JSON} {
				got, text := evalRendered(t, literalModule(e), format)
				want := cty.StringVal(s)
				if _, ok := e.(tf.Object); ok {
					want = cty.ObjectVal(map[string]cty.Value{"k": want, "longer_key": cty.NumberIntVal(1)})
				}
				assertSameValue(t, want, got, text)
				if format == render.HCL {
					if bytes.Contains(text, []byte("<<-")) {
						heredocs++
					}
					if f := hclwrite.Format(text); !bytes.Equal(f, text) {
						t.Fatalf("not in fmt form:\n%s\n--- formatted ---\n%s", text, f)
					}
				} else if bytes.Contains(text, []byte("<<")) && !strings.Contains(s, "<<") {
					t.Fatalf("JSON holds a heredoc:\n%s", text)
				}
			}
		}
	}
	// The test means something only if many strings became heredocs.
	if heredocs < 500 {
		t.Fatalf("only %d of 3000 renders used a heredoc", heredocs)
	}
}

func TestLongListsWrap(t *testing.T) {
	short := tf.Strings("s3:GetObject", "s3:ListBucket")
	long := tf.Strings("arn:aws:s3:::dev-moochat-ui", "arn:aws:s3:::dev-moochat-ui/*", "arn:aws:s3:::dev-moochat-logs")
	got := renderLocal(t, tf.Obj(tf.KV("short", short), tf.KV("long", long), tf.KV("after", tf.Number(1))))
	want := `locals {
  x = {
    short = ["s3:GetObject", "s3:ListBucket"]
    long = [
      "arn:aws:s3:::dev-moochat-ui",
      "arn:aws:s3:::dev-moochat-ui/*",
      "arn:aws:s3:::dev-moochat-logs",
    ]
    after = 1
  }
}
`
	if !strings.HasSuffix(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Literal list values wrap the same way, and a single long element
	// does not.
	vals := []cty.Value{}
	for _, s := range []string{"arn:aws:s3:::dev-moochat-ui", "arn:aws:s3:::dev-moochat-ui/*", "arn:aws:s3:::dev-moochat-logs"} {
		vals = append(vals, cty.StringVal(s))
	}
	got = renderLocal(t, tf.Lit(cty.ListVal(vals)))
	if !strings.Contains(got, "x = [\n    \"arn:aws:s3:::dev-moochat-ui\",\n") {
		t.Errorf("literal list not wrapped:\n%s", got)
	}
	one := strings.Repeat("a", 100)
	got = renderLocal(t, tf.Strings(one))
	if !strings.Contains(got, `x = ["`+one+`"]`) {
		t.Errorf("a one-element list wrapped:\n%s", got)
	}
}
