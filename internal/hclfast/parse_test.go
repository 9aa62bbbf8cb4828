package hclfast

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// corpus is every .tf file committed in the repository: the platform's
// rendered modules, the policy fixtures and the precision corpus, the
// converter's corpus of public modules, the renderer's kitchen sink.
func corpus(tb testing.TB) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".terraform" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tf") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[filepath.ToSlash(p)] = b
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) < 200 {
		tb.Fatalf("corpus has %d .tf files, want the repository's 280 or so", len(files))
	}
	return files
}

// same fails unless parse gives hclsyntax's body for src, or gives up on
// it. It reports whether parse took it.
func same(tb testing.TB, name string, src []byte) bool {
	tb.Helper()
	got := parse(src, name)
	want, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if got == nil {
		return false
	}
	if diags.HasErrors() {
		tb.Fatalf("%s: parsed fast, but hclsyntax finds errors: %v", name, diags)
	}
	if !reflect.DeepEqual(got, want.Body) {
		tb.Fatalf("%s: body differs from hclsyntax's\n%s", name, firstDiff(got, want.Body.(*hclsyntax.Body)))
	}
	return true
}

// TestParseConfigIsHclsyntax holds the parser to hclsyntax on every
// committed .tf file, and checks that it takes most of them, all the
// configurations the -config benchmark reads among them: a parser that
// gave up on everything would pass the comparison alone.
func TestParseConfigIsHclsyntax(t *testing.T) {
	files := corpus(t)
	taken := 0
	var left []string
	for name, src := range files {
		if same(t, name, src) {
			taken++
		} else {
			left = append(left, name)
		}
	}
	t.Logf("parsed %d of %d files; hclsyntax parsed %v", taken, len(files), left)
	if taken*10 < len(files)*8 {
		t.Errorf("parsed %d of %d files, want at least 80%%", taken, len(files))
	}
	for _, must := range []string{"../../gen/policy/testdata/plans/storage/main.tf", "../../gen/policy/testdata/plans/service/main.tf",
		"../../out/modules/chat/ecs.tf", "../../out/envs/dev/chat.tf"} {
		if src, ok := files[must]; !ok || parse(src, must) == nil {
			t.Errorf("%s: not parsed fast", must)
		}
	}
}

// TestParseConfigCases covers each construct of the subset, and the
// constructs and errors outside it, which must go to hclsyntax.
func TestParseConfigCases(t *testing.T) {
	for _, src := range takenCases {
		if !same(t, "case.tf", []byte(src)) {
			t.Errorf("%q: not parsed fast", src)
		}
	}
	for _, src := range leftCases {
		if same(t, "case.tf", []byte(src)) {
			t.Errorf("%q: parsed fast, want hclsyntax", src)
		}
		// ParseConfig gives hclsyntax's own result, diagnostics and all.
		got, gd := ParseConfig([]byte(src), "case.tf")
		want, wd := hclsyntax.ParseConfig([]byte(src), "case.tf", hcl.InitialPos)
		if !reflect.DeepEqual(got.Body, want.Body) || gd.Error() != wd.Error() {
			t.Errorf("%q: ParseConfig differs from hclsyntax's", src)
		}
	}
}

// takenCases are in the subset: each must parse fast, to hclsyntax's
// tree.
var takenCases = []string{
	"",
	"\n\n",
	"# only a comment\n",
	"# no newline at the end",
	"/* block */\na = 1\n",
	"a = 1 /* after */\n",
	"a = 1 # trailing\nb = 2 // other\n",
	"a = 1",
	"a = -1.5e3\nb = 0\nc = 12.25\n",
	"a = true\nb = false\nc = null\n",
	"a = x\nb = x.y.z\nc = x[0].y[\"k\"]\nd = x[var.i]\ne = x[var.i].y.z\nf = (x).y\n",
	"a = f()\nb = f(1)\nc = f(1, 2,)\nd = f(\n  1,\n  2\n)\ne = f(x...)\n",
	"a = []\nb = [1]\nc = [1, 2,]\nd = [\n  1,\n  [2, 3],\n]\n",
	"a = {}\nb = { x = 1 }\nc = { x = 1, y = 2 }\nd = {\n  x = 1\n  \"y\" = 2\n  (z) = 3\n  w: 4,\n}\n",
	"a = \"\"\nb = \"x\"\nc = \"${x}\"\nd = \"a${x}b${y}c\"\ne = \"q\\\"\\\\\\n\\t\\r\"\nf = \"${ {a = 1}.a }\"\ng = \"${\"in${x}\"}\"\n",
	"a = 1 + 2 * 3 - 4 / 5 % 6\nb = x == y && y != z || !w\nc = x < 1 || x <= 2 || x > 3 || x >= 4\nd = -x.y\ne = (1 + 2) * 3\n",
	"a = x ? 1 : 2\nb = x ? y ? 1 : 2 : 3\nc = (x\n  ? 1\n  : 2)\n",
	"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n\n  tags = {\n    Name = \"x\" # the name\n  }\n}\n",
	"locals {}\nterraform {\n  required_version = \">= 1.5\"\n}\nblock bare \"quoted\" {\n  nested {\n    deeper {\n    }\n  }\n}\n",
	"variable \"v\" {\n  type    = list(object({ a = string }))\n  default = []\n}\n",
	"a = x-y\nb = x - y\n",
	"a = \"tab\there\"\n",
	"\ta\t=\t1\n",
	// numbers as the scanner cuts them, and as cty reads them
	"a = 1e3\nb = 1.5e-3\nc = 1E+3\nd = 01\ne = 0.1\nf = 99999999999999999999999999\ng = 1.00000000000000000000000001\n",
	// associativity and precedence
	"a = a - b - c\nb = 1 - 2 - 3\nc = 1 / 2 / 3 * 4\nd = x == y == z\ne = x || y && z || w\n",
	"a = !a == b\nb = -a.b[0].c\nc = - - 1\nd = 1 - -1\ne = -x * -y\nf = !x ? -y : !z\n",
	"a = x ? 1 : y ? 2 : 3\nb = x || y ? z : w\nc = (x ? y : z) ? w : v\nd = x ? {a = 1} : [1]\n",
	// traversals of literals, calls and constructors; index keys
	"a = true.x\nb = null[0]\nc = \"x\".y\nd = [1][0]\ne = {a = 1}.a\nf = g(1).x[0]\n",
	"a = x[\"k\"].y\nb = x[\"${k}\"]\nc = x[\"\"]\nd = x[-1]\ne = x[(0)]\nf = x[a][b]\ng = x[\n  0\n]\n",
	// newlines and comments where they are not tokens, and where they are
	"a = 1 /* x\n */\nb = 2\n",
	"a = {a = 1 # x\n  b = 2 // y\n}\nb = [1, # x\n  2]\nc = {# x\n}\n",
	"a = f(\n  # c\n  1, // d\n  2 /* e */\n)\nb = f(\n  x...\n)\n",
	"a = (\n  x\n  ? y\n  : z\n)\nb = (x\n.y)\nc = (x\n[0])\nd = [x\n, y]\n",
	"b { # x\n  a = 1 # y\n} # z\nc {\n}\n# end",
	// templates: interpolations, literal $ and %, escapes at the edges
	"a = \"${ x # c\n}\"\nb = \"${\n  x\n}\"\nc = \"${\"${\"${x}\"}\"}\"\nd = \"${ { \"}\" = 1 } }\"\n",
	"a = \"$\"\nb = \"$x\"\nc = \"x$\"\nd = \"%\"\ne = \"%x${y}%\"\nf = \"}{\"\n",
	"a = \"\\\\\"\nb = \"\\\"\"\nc = \"\\n${x}\\t\"\nd = \"\\\\${x}\"\n",
	// object keys
	"a = {\"a\": 1, (b): 2, c.d = 3, \"${e}\" = 4, f-g = 5, 1 = 6, null = 7}\n",
	// blocks: labels, one-line braces, the end of the file
	"b \"a\" \"\" c \"d\\\"e\" {}\nc {}\nd \"x\"{\n}\ne {\n  f {}\n}",
}

// leftCases are outside the subset, or errors: each must go to
// hclsyntax.
var leftCases = []string{
	"a = <<EOF\nx\nEOF\n",
	"a = [for x in y : x]\n",
	"a = {for k, v in y : k => v}\n",
	"a = x[*].id\n",
	"a = x.*.id\n",
	"a = x.0\n",
	"a = \"%{if x}y%{endif}\"\n",
	"a = \"${~x~}\"\n",
	"a = \"$${x}\"\n",
	"a = \"\\u00e9\"\n",
	"a = provider::aws::arn_parse(x)\n",
	"b { a = 1 }\n",
	"a = \"é\"\n",
	"a = 1\r\n",
	// errors
	"a = \n",
	"a = 1 b = 2\n",
	"a = 1\na = 2\n",
	"a {\n",
	"}\n",
	"a = \"unterminated\n",
	"a = (1\n",
	"a = [1 2]\n",
	"a = { x = 1 y = 2 }\n",
	"a = f(1 2)\n",
	"a = 1.2.3\n",
	"a = x ? 1\n",
	"a = 1 +\n2\n",
	"a = \"${x\"\n",
	"\"a\" = 1\n",
	"a \"l\" = 1\n",
	"a {\n}b\n",
	"/* unterminated\n",
	"a = 1x\n",
	"a = x & y\n",
	"a = 1.\n",
	"a = .5\n",
	"a = \"${x}\"\"\n",
	"a = \"${}\"\n",
	"a = [1,,2]\n",
	"a = f(1,,2)\n",
	"a = {a = 1,,b = 2}\n",
	"a = {a = 1\n, b = 2}\n",
	"a = x ? 1 :\n2\n",
	"a = f\n(1)\n",
	"b {\na = 1}\n",
	"a = 1 /* x\n */ b = 2\n",
	"b {\n  a = 1\n  a = 2\n}\n",
	"a = {for = 1}\n",
	"a = [\n  for\n]\n",
	// the end of the file in the middle of a construct
	"a = (", "a = [", "a = {", "a = \"", "a = \"${", "a = \"${x}", "a = f(1,", "a = x.", "a = x[0",
	"a = x ? 1 :", "a = !", "b \"x", "b \"x\" {\n", "a = /* x", "a = \"\\",
}

// TestParseConfigPanicsAreTheirs checks that only the parser's own
// give-up reaches hclsyntax: any other panic is raised again.
func TestParseConfigPanicsAreTheirs(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("a nil line table did not panic")
		}
	}()
	p := &parser{toks: []token{{kind: kEOF, line: 1}}, nl: []bool{true}}
	p.body(kEOF) // p.lines is nil: an index out of range
}

func FuzzParseConfig(f *testing.F) {
	for _, src := range corpus(f) {
		f.Add(src)
	}
	// The table's cases seed the small constructs and the edges of the
	// subset, which the corpus's files hold few of.
	for _, src := range append(slices.Clone(takenCases), leftCases...) {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		same(t, "fuzz.tf", src)
	})
}

// firstDiff describes where two bodies first differ, for a failure.
func firstDiff(got, want *hclsyntax.Body) string {
	var b bytes.Buffer
	diffValue(&b, "body", reflect.ValueOf(got), reflect.ValueOf(want))
	return b.String()
}

func diffValue(b *bytes.Buffer, path string, g, w reflect.Value) bool {
	if g.Kind() != w.Kind() || g.Type() != w.Type() {
		b.WriteString(path + ": type " + g.Type().String() + " vs " + w.Type().String())
		return true
	}
	switch g.Kind() {
	case reflect.Pointer, reflect.Interface:
		if g.IsNil() || w.IsNil() {
			if g.IsNil() != w.IsNil() {
				b.WriteString(path + ": nil vs not")
				return true
			}
			return false
		}
		return diffValue(b, path, g.Elem(), w.Elem())
	case reflect.Struct:
		for i := 0; i < g.NumField(); i++ {
			if diffValue(b, path+"."+g.Type().Field(i).Name, g.Field(i), w.Field(i)) {
				return true
			}
		}
		return false
	case reflect.Slice:
		if g.IsNil() != w.IsNil() || g.Len() != w.Len() {
			b.WriteString(path + ": slice length or nil differs")
			return true
		}
		for i := 0; i < g.Len(); i++ {
			if diffValue(b, path+fmt.Sprintf("[%d]", i), g.Index(i), w.Index(i)) {
				return true
			}
		}
		return false
	case reflect.Map:
		if g.IsNil() != w.IsNil() || g.Len() != w.Len() {
			b.WriteString(path + ": map size or nil differs")
			return true
		}
		for _, k := range g.MapKeys() {
			if diffValue(b, path+"["+k.String()+"]", g.MapIndex(k), w.MapIndex(k)) {
				return true
			}
		}
		return false
	default:
		if g.CanInterface() && w.CanInterface() && !reflect.DeepEqual(g.Interface(), w.Interface()) {
			b.WriteString(path + ": " + reprOf(g) + " vs " + reprOf(w))
			return true
		}
		return false
	}
}

func reprOf(v reflect.Value) string {
	if v.CanInterface() {
		return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(fmt.Sprintf("%#v", v.Interface()), "\n", " "), "\t", " "))
	}
	return "?"
}

// TestLongSourceGoesToHclsyntax: a source longer than token offsets can
// hold is left to hclsyntax (maxLen lowered here to stand for 2 GiB), and
// ParseConfig still gives hclsyntax's answer.
func TestLongSourceGoesToHclsyntax(t *testing.T) {
	src := []byte("a = 1\nb = \"x\"\n")
	if parse(src, "f.tf") == nil {
		t.Fatal("a short source was not parsed here")
	}
	defer func(n int) { maxLen = n }(maxLen)
	maxLen = len(src) - 1
	if parse(src, "f.tf") != nil {
		t.Fatal("a source over maxLen was parsed here")
	}
	got, gotDs := ParseConfig(src, "f.tf")
	want, wantDs := hclsyntax.ParseConfig(src, "f.tf", hcl.InitialPos)
	if !reflect.DeepEqual(got.Body, want.Body) || len(gotDs) != len(wantDs) {
		t.Fatal("ParseConfig differs from hclsyntax for a long source")
	}
}
