package render

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// The goldens under testdata/docs are written by hand from terraform-docs'
// own templates, sanitizer and goldens (each file's comment names them);
// there is no -update for them.

func docsEscaping() *tf.Module {
	m := tf.NewModule("modules/escaping")
	for _, v := range []struct{ name, desc string }{
		{"a_b", "Name of the bucket_name, see `my_var` and _emphasis_ here."},
		{"pipes", "One | two `a|b` three"},
		{"multi", "First line.\nSecond line.\n\nThird paragraph."},
		{"breaks", "Line one.  \nLine two."},
		{"code", "Example:\n```\nfoo = \"a_b\"\nbar = 1\n```\nDone."},
		{"html", "Use <b>bold</b> & <domain>."},
		{"url", "See https://example.com/a_b/c_d.html for x_y."},
		{"trailing", "  padded  "},
		{"leading", "_ item one"},
		{"none", ""},
	} {
		m.Variable(v.name, cty.String, v.desc)
	}
	m.Output("with_pipe", tf.String("x"), "Value | other, crlf\r\nnext.")
	m.Output("empty_description", tf.String("x"), "")
	return m
}

func docsDefaults() *tf.Module {
	m := tf.NewModule("modules/defaults")
	precise, _, _ := big.ParseFloat("12345678901234567890", 10, 512, big.ToNearestEven)
	strs := func(ss ...string) cty.Value {
		vs := make([]cty.Value, len(ss))
		for i, s := range ss {
			vs[i] = cty.StringVal(s)
		}
		return cty.ListVal(vs)
	}
	for _, v := range []struct {
		name string
		ty   cty.Type
		desc string
		def  cty.Value
	}{
		{"required", cty.String, "Required.", cty.NilVal},
		{"str", cty.String, "A string.", cty.StringVal("hello")},
		{"str_empty", cty.String, "Empty string.", cty.StringVal("")},
		{"str_special", cty.String, "Quotes, backslash, pipe.", cty.StringVal(`a "q" \ b | c`)},
		{"str_newline", cty.String, "A string with a newline.", cty.StringVal("line1\nline2")},
		{"html", cty.String, "HTML characters.", cty.StringVal("<b>&")},
		{"underscore", cty.String, "Underscores in code stay.", cty.StringVal("VALUE_WITH_UNDERSCORE")},
		{"num_int", cty.Number, "An integer.", cty.NumberIntVal(42)},
		{"num_float", cty.Number, "A float.", cty.NumberFloatVal(15.75)},
		{"num_big", cty.Number, "A big number.", cty.NumberFloatVal(1e21)},
		{"num_precise", cty.Number, "Beyond float64.", cty.NumberVal(precise)},
		{"bool_false", cty.Bool, "A bool.", cty.False},
		{"null_string", cty.String, "Null default.", cty.NullVal(cty.String)},
		{"any_null", cty.DynamicPseudoType, "Any value.", cty.NullVal(cty.DynamicPseudoType)},
		{"list_empty", cty.List(cty.String), "An empty list.", cty.ListValEmpty(cty.String)},
		{"list", cty.List(cty.String), "A list.", strs("a", "b")},
		{"list_pipe", cty.List(cty.String), "A list with a pipe.", strs("a|b")},
		{"map", cty.Map(cty.Number), "A map.", cty.MapVal(map[string]cty.Value{"b": cty.NumberIntVal(2), "a": cty.NumberIntVal(1)})},
		{"map_empty", cty.Map(cty.String), "An empty map.", cty.MapValEmpty(cty.String)},
		{"set", cty.Set(cty.String), "A set.", cty.SetVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")})},
		{"tuple", cty.Tuple([]cty.Type{cty.String, cty.Number}), "A tuple.", cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NumberIntVal(1)})},
		{"object", cty.Object(map[string]cty.Type{"name": cty.String, "tags": cty.Map(cty.String), "list": cty.List(cty.String)}), "An object.",
			cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("x"), "tags": cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")}), "list": cty.ListValEmpty(cty.String)})},
		{"optional", cty.ObjectWithOptionalAttrs(map[string]cty.Type{"a": cty.String, "b": cty.Number}, []string{"b"}), "Optional attributes.", cty.NilVal},
	} {
		m.Variable(v.name, v.ty, v.desc).WithDefault(v.def)
	}
	return m
}

func docsProviders() (*tf.Module, Options) {
	m := tf.NewModule("envs/test")
	m.Terraform.RequiredVersion = ">= 1.5.0"
	m.RequireProvider("aws", "hashicorp/aws", "5.100.0")
	m.RequireProvider("random", "hashicorp/random", ">= 3.0")
	m.RequireProvider("acme", "registry.acme.io/acme/acme", "~> 1.0")
	m.RequireProvider("null", "hashicorp/null", "")
	m.Provider("aws", "")
	east := m.Provider("aws", "east")
	m.Provider("google", "")
	m.Resource("aws_s3_bucket", "b")
	m.Resource("aws_s3_bucket_policy", "b")
	a := m.Resource("aws_s3_bucket", "a")
	a.Provider = east
	m.Data("aws_caller_identity", "current")
	r := m.Data("aws_region", "east")
	r.Provider = east
	m.Resource("random_id", "x")
	m.Resource("acme_thing", "t")
	m.Resource("null_resource", "n")
	m.Resource("terraform_data", "d")
	m.Call("vpc", "terraform-aws-modules/vpc/aws").Version = "5.1.0"
	m.Call("local", "../local")
	m.Call("git_ref", "git::https://example.com/x.git?ref=v1.2.0")
	m.Output("bucket_arn", tf.String("x"), "ARN of the bucket.")
	return m, Options{LockedVersions: map[string]map[string]string{
		"envs/test":  {"aws": "5.100.0", "random": "3.6.0"},
		"envs/other": {"acme": "9.9.9"},
	}}
}

func TestDocsGolden(t *testing.T) {
	prov, provOpts := docsProviders()
	for _, c := range []struct {
		file string
		m    *tf.Module
		opts Options
	}{
		{"empty.md", tf.NewModule("modules/empty"), Options{}},
		{"escaping.md", docsEscaping(), Options{}},
		{"defaults.md", docsDefaults(), Options{}},
		{"providers.md", prov, provOpts},
	} {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "docs", c.file))
			if err != nil {
				t.Fatal(err)
			}
			want := string(data)
			want = want[strings.Index(want, "\n<!-- BEGIN_TF_DOCS -->\n")+1:]
			got := DocsTables(c.m, c.opts)
			if got != want {
				t.Errorf("DocsTables differs from %s\n got:\n%s\nwant:\n%s", c.file, got, want)
			}
			readme := string(Docs(c.m, c.opts))
			if !strings.HasSuffix(readme, "\n\n"+want) {
				t.Errorf("Docs does not end with the tables after a blank line:\n%s", readme)
			}
		})
	}
}

// TestDocsCellsMatchTerraformDocsGoldens feeds the cell functions the
// inputs of terraform-docs' examples/variables.tf and expects the cells of
// its format/testdata/markdown/table-Base.golden (html on) and, with escape
// on, docs/reference/markdown-table.md.
func TestDocsCellsMatchTerraformDocsGoldens(t *testing.T) {
	cells := []struct{ in, want string }{
		{"It includes v1 | v2 | v3", `It includes v1 \| v2 \| v3`},
		{"This is a complicated one. We need a newline.  \nAnd an example in a code block\n```\ndefault     = [\n  \"machine rack01:neptune\"\n]\n```\n",
			`This is a complicated one. We need a newline.<br/>And an example in a code block<pre>default     = [<br/>  "machine rack01:neptune"<br/>]</pre>`},
		{"This description is itself markdown.\n\nIt spans over multiple lines.\n", "This description is itself markdown.<br/><br/>It spans over multiple lines."},
		{"The description contains `something_with_underscore`. Defaults to 'VALUE_WITH_UNDERSCORE'.",
			"The description contains `something_with_underscore`. Defaults to 'VALUE\\_WITH\\_UNDERSCORE'."},
		{"The description contains url. https://www.domain.com/foo/bar_baz.html", "The description contains url. https://www.domain.com/foo/bar_baz.html"},
		{"", "n/a"},
	}
	for _, c := range cells {
		if got := descriptionCell(c.in); got != c.want {
			t.Errorf("descriptionCell(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}

	longType := "object({\n    name = string,\n    foo  = object({ foo = string, bar = string }),\n    bar  = object({ foo = string, bar = string }),\n    fizz = list(string),\n    buzz = list(string)\n  })"
	if got, want := codeCell(longType), "<pre>object({<br/>    name = string,<br/>    foo  = object({ foo = string, bar = string }),<br/>    bar  = object({ foo = string, bar = string }),<br/>    fizz = list(string),<br/>    buzz = list(string)<br/>  })</pre>"; got != want {
		t.Errorf("long type cell\n got %s\nwant %s", got, want)
	}
	fb := func(foo, bar string) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{"foo": cty.StringVal(foo), "bar": cty.StringVal(bar)})
	}
	defaults := []struct {
		v    cty.Value
		want string
	}{
		{cty.ObjectVal(map[string]cty.Value{
			"name": cty.StringVal("hello"), "foo": fb("foo", "foo"), "bar": fb("bar", "bar"),
			"fizz": cty.EmptyTupleVal, "buzz": cty.TupleVal([]cty.Value{cty.StringVal("fizz"), cty.StringVal("buzz")}),
		}), `<pre>{<br/>  "bar": {<br/>    "bar": "bar",<br/>    "foo": "bar"<br/>  },<br/>  "buzz": [<br/>    "fizz",<br/>    "buzz"<br/>  ],<br/>  "fizz": [],<br/>  "foo": {<br/>    "bar": "foo",<br/>    "foo": "foo"<br/>  },<br/>  "name": "hello"<br/>}</pre>`},
		{cty.ObjectVal(map[string]cty.Value{"a": cty.NumberIntVal(1), "b": cty.NumberIntVal(2), "c": cty.NumberIntVal(3)}), `<pre>{<br/>  "a": 1,<br/>  "b": 2,<br/>  "c": 3<br/>}</pre>`},
		{cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b"), cty.StringVal("c")}), `<pre>[<br/>  "a",<br/>  "b",<br/>  "c"<br/>]</pre>`},
		{cty.TupleVal([]cty.Value{cty.StringVal("name rack:location")}), `<pre>[<br/>  "name rack:location"<br/>]</pre>`},
		{cty.StringVal(`\.<>[]{}_-`), "`\"\\\\.<>[]{}_-\"`"},
		{cty.StringVal("19"), "`\"19\"`"},
		{cty.NumberFloatVal(15.75), "`15.75`"},
		{cty.NumberIntVal(0), "`0`"},
		{cty.EmptyObjectVal, "`{}`"},
		{cty.EmptyTupleVal, "`[]`"},
		{cty.NullVal(cty.DynamicPseudoType), "`null`"},
		{cty.NilVal, "n/a"},
	}
	for _, d := range defaults {
		if got := defaultCell(d.v); got != d.want {
			t.Errorf("defaultCell(%#v)\n got %s\nwant %s", d.v, got, d.want)
		}
	}
}

// TestDocsReadsRenderedFiles checks the mapping from the model to what
// terraform-docs reads back from the rendered files, as
// terraform-config-inspect does: the type expression's source text (HCL) or
// string (JSON), the description string, the default evaluated without a
// context, and the provider meta-argument of each resource.
func TestDocsReadsRenderedFiles(t *testing.T) {
	prov, _ := docsProviders()
	mods := []*tf.Module{docsDefaults(), docsEscaping(), prov}
	for _, format := range []Format{HCL, JSON} {
		for _, m := range mods {
			files, ds := Module(m, Options{Format: format})
			if ds.HasErrors() {
				t.Fatalf("%s %s: %v", format, m.Name, ds)
			}
			vars := map[string]*hcl.Block{}
			type provRef struct{ name, alias string }
			resProv := map[string]provRef{}
			p := hclparse.NewParser()
			for _, f := range files {
				var file *hcl.File
				var diags hcl.Diagnostics
				switch {
				case strings.HasSuffix(f.Name, ".tf"):
					file, diags = p.ParseHCL(f.Data, f.Name)
				case strings.HasSuffix(f.Name, ".tf.json"):
					file, diags = p.ParseJSON(f.Data, f.Name)
				default:
					continue
				}
				if diags.HasErrors() {
					t.Fatalf("%s: %v", f.Name, diags)
				}
				content, _, _ := file.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
					{Type: "variable", LabelNames: []string{"name"}},
					{Type: "resource", LabelNames: []string{"type", "name"}},
					{Type: "data", LabelNames: []string{"type", "name"}},
				}})
				for _, blk := range content.Blocks {
					if blk.Type == "variable" {
						vars[blk.Labels[0]] = blk
						continue
					}
					attrs, _ := blk.Body.JustAttributes()
					ref := provRef{}
					if a, ok := attrs["provider"]; ok {
						trav, d := hcl.AbsTraversalForExpr(a.Expr)
						if d.HasErrors() {
							t.Fatalf("%s: provider: %v", f.Name, d)
						}
						ref.name = trav.RootName()
						if len(trav) > 1 {
							ref.alias = trav[1].(hcl.TraverseAttr).Name
						}
					} else {
						ref.name, _, _ = strings.Cut(blk.Labels[0], "_")
					}
					resProv[blk.Type+"."+blk.Labels[0]+"."+blk.Labels[1]] = ref
				}
				_ = file
			}
			for _, v := range m.Variables {
				blk := vars[v.Name]
				if blk == nil {
					t.Fatalf("%s %s: variable %s not rendered", format, m.Name, v.Name)
				}
				attrs, _ := blk.Body.JustAttributes()
				// Type: tfconfig takes a string value when there is one,
				// else the expression's source text.
				var typeText string
				if tv, d := attrs["type"].Expr.Value(nil); !d.HasErrors() && tv.Type() == cty.String {
					typeText = tv.AsString()
				} else {
					typeText = string(attrs["type"].Expr.Range().SliceBytes(fileBytes(files, attrs["type"].Expr.Range().Filename)))
				}
				if got := TypeString(v.Type); got != typeText {
					t.Errorf("%s %s: var.%s: README type %q, file has %q", format, m.Name, v.Name, got, typeText)
				}
				var desc string
				if a, ok := attrs["description"]; ok {
					dv, _ := a.Expr.Value(nil)
					desc = dv.AsString()
				}
				if desc != v.Description {
					t.Errorf("%s %s: var.%s: description %q, file has %q", format, m.Name, v.Name, v.Description, desc)
				}
				a, hasDefault := attrs["default"]
				if hasDefault != (v.Default != cty.NilVal) {
					t.Fatalf("%s %s: var.%s: required mismatch", format, m.Name, v.Name)
				}
				if hasDefault {
					dv, d := a.Expr.Value(nil)
					if d.HasErrors() {
						t.Fatalf("%s: %v", v.Name, d)
					}
					if got, want := defaultJSON(v.Default), defaultJSON(dv); got != want {
						t.Errorf("%s %s: var.%s: README default %s, file gives %s", format, m.Name, v.Name, got, want)
					}
				}
			}
			for _, r := range m.Resources {
				mode := "resource"
				if r.Mode == tf.Data {
					mode = "data"
				}
				name, alias := providerRef(r)
				got, ok := resProv[mode+"."+r.Type+"."+r.Name]
				if !ok || got != (provRef{name, alias}) {
					t.Errorf("%s %s: %s.%s: README provider %s.%s, file gives %+v", format, m.Name, r.Type, r.Name, name, alias, got)
				}
			}
		}
	}
}

func fileBytes(files []File, name string) []byte {
	for _, f := range files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func TestParseLockFile(t *testing.T) {
	src := []byte(`# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
  constraints = ">= 5.0.0, 5.100.0"
  hashes = [
    "h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=",
  ]
}

provider "registry.terraform.io/hashicorp/random" {
  version = "3.6.0"
}
`)
	got, err := ParseLockFile(src, ".terraform.lock.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["aws"] != "5.100.0" || got["random"] != "3.6.0" {
		t.Errorf("ParseLockFile = %v", got)
	}
	if _, err := ParseLockFile([]byte("provider {"), "bad.hcl"); err == nil {
		t.Error("ParseLockFile accepted invalid HCL")
	}
}

func TestRegistryVersion(t *testing.T) {
	// terraform/load.go resourceVersion: the last constraint, one exact
	// version (optionally after "="), else latest.
	for in, want := range map[string]string{
		"": "latest", "5.100.0": "5.100.0", "=5.1": "5.1", "= 5.1": "5.1",
		">= 5.0": "latest", "~> 5.0": "latest", "~>5.0": "latest", ">= 5.0, < 6.0": "latest",
	} {
		if got := registryVersion(in); got != want {
			t.Errorf("registryVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkDocs(b *testing.B) {
	m := tf.NewModule("modules/bench")
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	for i := range 20000 {
		n := "r" + strings.Repeat("x", i%7) + string(rune('a'+i%26))
		m.Resource("aws_s3_bucket", n+big.NewInt(int64(i)).String())
		m.Resource("aws_s3_bucket_policy", n+big.NewInt(int64(i)).String())
	}
	b.ReportAllocs()
	for b.Loop() {
		Docs(m, Options{})
	}
}

// TestDocsWithoutDescriptions: a ported module whose variables and
// outputs have no description still gets terraform-docs' tables, with
// n/a in the Description column and every row as wide as its header.
func TestDocsWithoutDescriptions(t *testing.T) {
	m := tf.NewModule("modules/ported")
	v := m.Variable("name", cty.String, "")
	m.Output("name", v, "")
	got := string(Docs(m, Options{}))
	for _, want := range []string{
		"| <a name=\"input_name\"></a> [name](#input\\_name) | n/a | `string` | n/a | yes |",
		"| <a name=\"output_name\"></a> [name](#output\\_name) | n/a |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("README lacks\n%s\nin\n%s", want, got)
		}
	}
	// Each table row has as many cells as its header.
	var header int
	for _, line := range strings.Split(got, "\n") {
		if !strings.HasPrefix(line, "|") {
			header = 0
			continue
		}
		cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if header == 0 {
			header = cells
		} else if cells != header {
			t.Errorf("row %q has %d separators, its header %d", line, cells, header)
		}
	}
}

// TestResourceRowsSortAsTheirNames: the resources table ranks kinds once
// and compares rows by rank and name; it orders rows exactly as sorting
// the "provider_type.name" strings does (managed first), whatever the
// types: prefixes of each other, a "-" (before "." in byte order), a type
// without its provider's prefix, and a "." in a name that makes ranking
// unsafe.
func TestResourceRowsSortAsTheirNames(t *testing.T) {
	for _, withDot := range []bool{false, true} {
		m := tf.NewModule("m")
		m.RequireProvider("aws", "hashicorp/aws", "5.100.0")
		m.RequireProvider("corp", "tf.example.com/corp/corp", "")
		aws := m.Provider("aws", "")
		types := []string{"aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket-x", "aws_s3", "s3_bucket", "corp_thing"}
		if withDot {
			types = append(types, "aws_s3_bucket.b")
		}
		names := []string{"b", "b0", "b1", "b10", "b2", "a-1", "a_1", "A", "z"}
		for i := 0; i < 200; i++ {
			typ, name := types[(i*7+i/3)%len(types)], names[(i*5+i/4)%len(names)]+strings.Repeat("x", i%3)
			var r *tf.Resource
			switch i % 5 {
			case 0:
				r = m.Data(typ, name)
			case 1:
				r = m.Ephemeral(typ, name)
			default:
				r = m.Resource(typ, name)
			}
			if typ == "s3_bucket" {
				r.Provider = aws
			}
		}
		var b docBuffer
		writeResources(&b, m)
		if got, want := b.String(), rowsOneByOne(m); got != want {
			t.Errorf("withDot=%v: rows differ:\n%s\nwant:\n%s", withDot, got, want)
		}
	}
}

// rowsOneByOne is the README's resources table of m made the plain way:
// a row per resource, sorted by mode and name.
func rowsOneByOne(m *tf.Module) string {
	var want []string
	for _, r := range m.Resources {
		if r.Mode == tf.Ephemeral {
			continue
		}
		prov, _ := providerRef(r)
		spec, short := r.Type+"."+r.Name, shortType(r.Type, prov)
		if len(short) == len(r.Type) {
			spec = prov + "_" + spec
		}
		kind, dir := " | resource |", "resources/"
		if r.Mode == tf.Data {
			kind, dir = " | data source |", "data-sources/"
		}
		if link := docsLink(m, prov); link != "" {
			spec = "[" + spec + "](" + link + dir + short + ")"
		}
		want = append(want, fmt.Sprint(r.Mode == tf.Data)+"\x00"+strings.TrimPrefix(strings.SplitN(spec, "](", 2)[0], "[")+"\x00\n| "+spec+kind)
	}
	sort.Strings(want)
	var rows strings.Builder
	rows.WriteString("## Resources\n\n| Name | Type |\n| ---- | ---- |")
	for _, w := range want {
		rows.WriteString(w[strings.LastIndexByte(w, 0)+1:])
	}
	return rows.String()
}
