package render

import (
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// fmtCorpus is HCL that exercises every formatting rule: nesting and
// lopsided brackets, heredocs, comments of each kind, templates, for
// expressions, negation against subtraction, calls with provider
// namespaces, splats, aligned and unaligned attributes, wide characters,
// CR LF line ends and text that does not parse.
var fmtCorpus = []string{
	"x = 1\n",
	"x   =   a.b[0] . c\n",
	"x = {\na = 1\nbbb = 2 # c\n\"q r\" = [1,2 , 3]\n}\n",
	"x = {\n  a = 1\n\n  bb = {\n  c = 2\n  }\n  dddd = 3\n}\n",
	"x = [for k, v in var.m : \"${k}=${v}\" if v != \"\"]\n",
	"x = {for k in [foo]: k => upper(k)...}\n",
	"x = -1 - -a * (b -c) + !d\n",
	"x = !-a && -b || - c\n",
	"x = a ? -b : [-c, -d]\n",
	"x = f(-1, a- 1, (-2), {-3 = 4})\n",
	"x = provider::aws::arn_parse( var.arn ).region\n",
	"x = aws_instance.web[*].id\n",
	"x = aws_instance.web.*.id\n",
	"x = <<EOT\n  hello ${name}\n    indented\nEOT\n",
	"x = <<-EOT\n  hello\n  %{ if a }yes%{ else }no%{ endif }\n  EOT\n",
	"x = { a = <<EOT\nline\nEOT\n  b = 2\n}\n",
	"x = \"${ {a = 1} }\"\n",
	"x = \"%{for v in xs}${v},%{endfor}\"\n",
	"x = jsonencode({\nVersion = \"2012-10-17\"\nStatement = [{\nEffect = \"Allow\" // why\nAction = [\"s3:GetObject\"] /* inline */\n}]\n})\n",
	"x = [\n  1, # one\n  22, # two\n  333 /* three */\n]\n",
	"x = ((((1))))\n",
	"x = ({\na = [(\n1\n)]})\n",
	"x = [[[\n1\n]]\n]\n",
	"x = {\n  é = 1\n  naïve = 2 # c\n  \"日本語\" = 3\n}\n",
	"x = {\r\n  a = 1\r\n  bb = 2\r\n}\r\n",
	"x = a.b[\"c\"][0][var.i]\n",
	"x = var.a==var.b&&var.c||!var.d\n",
	"x = 1.5e3 % 2 / 3\n",
	"x = null\n",
	"x = {}\n",
	"x = { }\n",
	"x = []\n",
	"x = try(a, b,)\n",
	"x = \"$${literal} %%{literal}\"\n",
	"x = in\n",
	"x = a in b\n",
	"# only a comment\n",
	"x = 1 # trailing\ny = 22 # aligned\n",
	"x = {\n  a = 1 /* block */\n  b = 2\n}\n",
	"x = { # opens\n  a = 1\n} # closes\n",
	"x = (\n  1 +\n  2\n)\n",
	"x = {\n\n}\n",
	"x = \"unterminated\n",
	"x = )]}\n",
	"x = {{{\n",
	"x = \"a\"  \n   ",
	"",
	"\n\n\n",
}

// TestFormatHCLIsHclwriteFormat holds formatHCL to hclwrite.Format byte
// for byte, on the corpus above and on every .tf file committed in the
// repository (out/ and the renderer's golden files).
func TestFormatHCLIsHclwriteFormat(t *testing.T) {
	inputs := append([]string(nil), fmtCorpus...)
	for _, root := range []string{"testdata", filepath.Join("..", "..", "out")} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tftest.hcl")) {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				inputs = append(inputs, string(data))
				// Unformatted: every line flush left, spaces doubled.
				unformatted := strings.ReplaceAll(string(data), "\n  ", "\n")
				inputs = append(inputs, strings.ReplaceAll(unformatted, " ", "  "))
			}
			return nil
		})
	}
	if len(inputs) < len(fmtCorpus)+100 {
		t.Fatalf("only %d inputs: the committed .tf files were not found", len(inputs))
	}
	for _, in := range inputs {
		checkFormatHCL(t, in)
	}
}

func FuzzFormatHCL(f *testing.F) { fuzzCorpus(f, fmtCorpus, checkFormatHCL) }

func checkFormatHCL(t *testing.T, in string) {
	if got, want := formatHCL([]byte(in)), hclwrite.Format([]byte(in)); string(got) != string(want) {
		t.Errorf("formatHCL(%q)\n got %q\nwant %q", in, got, want)
	}
}

// TestPrimitiveTextIsTokensForValue holds primitiveText to hclwrite's
// TokensForValue for strings (escapes, template introducers, characters
// that are not printable), numbers (integers beyond int64, fractions,
// negatives) and bools.
func TestPrimitiveTextIsTokensForValue(t *testing.T) {
	huge, _ := new(big.Float).SetPrec(512).SetString("123456789012345678901234567890")
	values := []cty.Value{
		cty.True, cty.False,
		cty.NumberIntVal(0), cty.NumberIntVal(-42), cty.NumberFloatVal(1.5), cty.NumberFloatVal(-0.001), cty.NumberFloatVal(1e21),
		cty.NumberVal(huge), cty.MustParseNumberVal("0.1"), cty.MustParseNumberVal("3.14159265358979323846264338327950288"),
		cty.StringVal(""), cty.StringVal("plain"), cty.StringVal("q\"b\\n\nr\rt\t"), cty.StringVal("${x} %{y} $ % $$ {"),
		cty.StringVal("tail $"), cty.StringVal("nbsp\u00a0zw\u200bbell\x07del\x7f"), cty.StringVal("é 日本 \U0001F600 \U000E0001"),
		cty.StringVal("bad \xff utf-8"),
	}
	for _, v := range values {
		want := strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes()))
		if got := primitiveText(v); got != want {
			t.Errorf("primitiveText(%#v) = %q, want %q", v, got, want)
		}
	}
}
