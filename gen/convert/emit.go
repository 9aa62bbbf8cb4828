package convert

import (
	"fmt"
	"go/format"
	"go/scanner"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Options tune the Go that Convert writes.
type Options struct {
	// Package is the Go package name; "main" by default.
	Package string
	// From is how the source directory is named in comments.
	From string
	// Bindings are the typed bindings that resources and data sources of
	// their types are written with; nil writes everything on the untyped
	// model.
	Bindings *Bindings
}

// Warning is a place the converter could only carry over as raw HCL, or
// not at all; the command prints each one.
type Warning struct {
	Range   hcl.Range
	Message string
}

func (w Warning) String() string {
	if w.Range.Start.Line == 0 {
		return fmt.Sprintf("%s: warning: %s", w.Range.Filename, w.Message)
	}
	return fmt.Sprintf("%s:%d: warning: %s", w.Range.Filename, w.Range.Start.Line, w.Message)
}

// Result is the converted Go package.
type Result struct {
	// Files maps Go file names to gofmt-formatted source.
	Files    map[string][]byte
	Warnings []Warning
}

// moduleGen writes the function that builds one module.
type moduleGen struct {
	cfg   *Config
	mod   *Module
	fn    string
	names *namer
	// sym maps a declared symbol (var.x, aws_s3_bucket.ui, module.m,
	// provider:aws.west) to its Go handle.
	sym      map[string]string
	children map[string]string
	w        strings.Builder
	warnings *[]Warning
	rawNotes []string
	usesCty  bool
	// usesTypeexpr says the module imports hcl's typeexpr (defaults of
	// optional() attributes).
	usesTypeexpr bool
	// bind are the typed bindings (nil: none); typedSyms the declarations
	// written with them, by symbol; usesTyped and usesBind say the module
	// imports the typed and the bindings package.
	bind                *Bindings
	typedSyms           map[string]*typedSym
	usesTyped, usesBind bool
	// iface is this module's typed interface when a converted module
	// calls it (outNames the Go names its outputs took); ifaces are those
	// of every converted module; typedCalls the calls made through one.
	iface      *moduleIface
	outNames   map[string]bool
	ifaces     map[*Module]*moduleIface
	typedCalls map[string]*moduleIface
	file       string
	conv       *exprConv
	// expected lists the provider configurations the module expects from
	// its caller (configuration_aliases).
	expected map[string]bool
}

func (g *moduleGen) warn(r hcl.Range, msg string) {
	*g.warnings = append(*g.warnings, Warning{Range: r, Message: msg})
}

func (g *moduleGen) line(format string, args ...any) {
	fmt.Fprintf(&g.w, format, args...)
	g.w.WriteByte('\n')
}

// stmt writes the comments, the notes of any raw fallback in the
// statement, and the statement.
func (g *moduleGen) stmt(comments []string, s string) {
	g.comments(comments)
	for _, n := range g.rawNotes {
		g.line("// Kept as raw HCL: %s.", n)
	}
	g.rawNotes = nil
	g.line("%s", s)
}

func (g *moduleGen) comments(cs []string) {
	for _, c := range cs {
		c = strings.TrimRight(c, " \t")
		if c == "" {
			g.line("//")
		} else {
			g.line("// %s", c)
		}
	}
}

// expr converts an attribute's expression in the attribute's own source.
func (g *moduleGen) expr(a *Attr, sc *scope) string {
	g.conv.src = a.Src
	return g.conv.expr(a.Expr, sc)
}

// literal is a tf literal for a constant cty value.
func (g *moduleGen) literal(v cty.Value) string {
	switch {
	case v.IsNull():
		return "tf.Null()"
	case v.Type() == cty.String:
		return "tf.String(" + goString(v.AsString()) + ")"
	case v.Type() == cty.Bool:
		return "tf.Bool(" + strconv.FormatBool(v.True()) + ")"
	case v.Type() == cty.Number:
		if isSmallInt(v) {
			i, _ := v.AsBigFloat().Int64()
			return "tf.Number(" + strconv.FormatInt(i, 10) + ")"
		}
		g.usesCty = true
		return "tf.Lit(cty.MustParseNumberVal(" + strconv.Quote(v.AsBigFloat().Text('f', -1)) + "))"
	}
	g.usesCty = true
	return "tf.Lit(" + g.ctyValue(v) + ")"
}

// ctyValue is Go source that builds v.
func (g *moduleGen) ctyValue(v cty.Value) string {
	g.usesCty = true
	t := v.Type()
	switch {
	case v.IsNull():
		return "cty.NullVal(" + g.ctyType(t) + ")"
	case t == cty.String:
		return "cty.StringVal(" + goString(v.AsString()) + ")"
	case t == cty.Bool:
		if v.True() {
			return "cty.True"
		}
		return "cty.False"
	case t == cty.Number:
		if isSmallInt(v) {
			i, _ := v.AsBigFloat().Int64()
			return "cty.NumberIntVal(" + strconv.FormatInt(i, 10) + ")"
		}
		return "cty.MustParseNumberVal(" + strconv.Quote(v.AsBigFloat().Text('f', -1)) + ")"
	case t.IsTupleType():
		if v.LengthInt() == 0 {
			return "cty.EmptyTupleVal"
		}
		var els []string
		for _, e := range v.AsValueSlice() {
			els = append(els, g.ctyValue(e))
		}
		return "cty.TupleVal([]cty.Value{" + strings.Join(els, ", ") + "})"
	case t.IsListType() || t.IsSetType():
		fn := "List"
		if t.IsSetType() {
			fn = "Set"
		}
		if v.LengthInt() == 0 {
			return "cty." + fn + "ValEmpty(" + g.ctyType(t.ElementType()) + ")"
		}
		var els []string
		for _, e := range v.AsValueSlice() {
			els = append(els, g.ctyValue(e))
		}
		return "cty." + fn + "Val([]cty.Value{" + strings.Join(els, ", ") + "})"
	case t.IsObjectType() || t.IsMapType():
		if v.LengthInt() == 0 {
			if t.IsMapType() {
				return "cty.MapValEmpty(" + g.ctyType(t.ElementType()) + ")"
			}
			return "cty.EmptyObjectVal"
		}
		m := v.AsValueMap()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var items []string
		for _, k := range keys {
			items = append(items, strconv.Quote(k)+": "+g.ctyValue(m[k]))
		}
		fn := "ObjectVal"
		if t.IsMapType() {
			fn = "MapVal"
		}
		return "cty." + fn + "(map[string]cty.Value{\n" + strings.Join(items, ",\n") + ",\n})"
	}
	return "cty.DynamicVal"
}

// ctyType is Go source that builds t.
func (g *moduleGen) ctyType(t cty.Type) string {
	g.usesCty = true
	switch {
	case t == cty.DynamicPseudoType:
		return "cty.DynamicPseudoType"
	case t == cty.String:
		return "cty.String"
	case t == cty.Number:
		return "cty.Number"
	case t == cty.Bool:
		return "cty.Bool"
	case t.IsListType():
		return "cty.List(" + g.ctyType(t.ElementType()) + ")"
	case t.IsSetType():
		return "cty.Set(" + g.ctyType(t.ElementType()) + ")"
	case t.IsMapType():
		return "cty.Map(" + g.ctyType(t.ElementType()) + ")"
	case t.IsTupleType():
		var els []string
		for _, e := range t.TupleElementTypes() {
			els = append(els, g.ctyType(e))
		}
		return "cty.Tuple([]cty.Type{" + strings.Join(els, ", ") + "})"
	case t.IsObjectType():
		atys := t.AttributeTypes()
		keys := make([]string, 0, len(atys))
		for k := range atys {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var items, opt []string
		for _, k := range keys {
			items = append(items, strconv.Quote(k)+": "+g.ctyType(atys[k]))
			if t.AttributeOptional(k) {
				opt = append(opt, strconv.Quote(k))
			}
		}
		m := "map[string]cty.Type{" + strings.Join(items, ", ") + "}"
		if len(items) > 2 {
			m = "map[string]cty.Type{\n" + strings.Join(items, ",\n") + ",\n}"
		}
		if len(opt) > 0 {
			return "cty.ObjectWithOptionalAttrs(" + m + ", []string{" + strings.Join(opt, ", ") + "})"
		}
		return "cty.Object(" + m + ")"
	}
	return "cty.DynamicPseudoType"
}

// traversal turns an absolute reference into a handle and steps.
func (g *moduleGen) traversal(t hcl.Traversal, sc *scope) (ref, bool) {
	root := t.RootName()
	rest := t[1:]
	if sc.has(root) {
		return ref{root: "tf.IterVar(" + strconv.Quote(root) + ")", kind: rootPlain, steps: g.steps(rest)}, true
	}
	attr := func(i int) string {
		if i < len(rest) {
			if a, ok := rest[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	builtin := map[string]string{
		"each.key": "tf.EachKey", "each.value": "tf.EachValue", "count.index": "tf.CountIndex",
		"terraform.workspace": "tf.TerraformWorkspace", "path.module": "tf.PathModule",
		"path.root": "tf.PathRoot", "path.cwd": "tf.PathCwd",
	}
	if root == "self" {
		return ref{root: "tf.Self", kind: rootPlain, steps: g.steps(rest)}, true
	}
	if b, ok := builtin[root+"."+attr(0)]; ok {
		return ref{root: b, kind: rootPlain, steps: g.steps(rest[1:])}, true
	}
	key := traversalKey(t)
	h, ok := g.sym[key]
	if !ok {
		return ref{}, false
	}
	switch root {
	case "var", "local":
		return ref{root: h, kind: rootValue, steps: g.steps(rest[1:])}, true
	case "module":
		if x := g.typedCalls[attr(0)]; x != nil {
			return ref{root: h, kind: rootTypedModule, steps: g.steps(rest[1:]), tmod: x}, true
		}
		return ref{root: h, kind: rootModule, steps: g.steps(rest[1:])}, true
	case "data":
		return ref{root: h, kind: rootObject, steps: g.steps(rest[2:]), th: g.typedSyms[key]}, true
	}
	return ref{root: h, kind: rootObject, steps: g.steps(rest[1:]), th: g.typedSyms[key]}, true
}

func (g *moduleGen) steps(t hcl.Traversal) []step {
	var out []step
	for _, tr := range t {
		switch x := tr.(type) {
		case hcl.TraverseAttr:
			out = append(out, step{attr: x.Name})
		case hcl.TraverseIndex:
			v := x.Key
			out = append(out, step{index: g.literal(v), lit: &v})
		case hcl.TraverseSplat:
			out = append(out, step{splat: true})
		}
	}
	return out
}

// Convert writes the Go package that builds every module of cfg.
func Convert(cfg *Config, opts Options) (*Result, hcl.Diagnostics) {
	if opts.Package == "" {
		opts.Package = "main"
	}
	res := &Result{Files: map[string][]byte{}}
	var diags hcl.Diagnostics
	funcs := map[*Module]string{}
	fileNames := newNamer()
	fnNames := newNamer()
	fnNames.take("main")
	type built struct {
		mod  *Module
		fn   string
		file string
		src  []byte
	}
	var all []built
	ifaces := map[*Module]*moduleIface{}
	for _, m := range cfg.Modules {
		base := path.Base(m.Dir)
		if m.Dir == "" || base == "." {
			base = "root"
		}
		fn := fnNames.take(goName(base, false) + "Module")
		funcs[m] = fn
		g := &moduleGen{cfg: cfg, mod: m, fn: fn, names: newNamer(), sym: map[string]string{}, children: map[string]string{}, warnings: &res.Warnings, expected: map[string]bool{}, bind: opts.Bindings, typedSyms: map[string]*typedSym{}}
		g.conv = &exprConv{g: g}
		if opts.Bindings != nil && calledByAnother(cfg, m) {
			g.iface = newIface(m, fn)
			g.outNames = map[string]bool{}
			ifaces[m] = g.iface
		}
		g.ifaces, g.typedCalls = ifaces, map[string]*moduleIface{}
		src, ds := g.module(funcs)
		diags = append(diags, ds...)
		file := fileNames.take(strings.ToLower(strings.NewReplacer("-", "_", ".", "_").Replace(base))) + ".go"
		if file == "main.go" {
			file = fileNames.take("mainModule") + ".go"
		}
		all = append(all, built{m, fn, file, src})
	}
	for _, b := range all {
		out, err := format.Source(b.src)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "converted Go does not format", Detail: err.Error() + "\n" + string(b.src)})
			out = b.src
		}
		res.Files[b.file] = out
	}
	mainSrc := mainFile(cfg, opts, funcs)
	out, err := format.Source(mainSrc)
	if err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "converted main.go does not format", Detail: err.Error() + "\n" + string(mainSrc)})
		out = mainSrc
	}
	res.Files["main.go"] = out
	for _, x := range cfg.Extra {
		if path.Base(x) != "README.md" || !generatedFile(filepath.Join(cfg.Base, filepath.FromSlash(x))) {
			res.Warnings = append(res.Warnings, Warning{Range: hcl.Range{Filename: filepath.Join(cfg.Base, filepath.FromSlash(x))}, Message: "not Terraform configuration, so not converted: copy it beside the rendered module"})
		}
	}
	return res, diags
}

func mainFile(cfg *Config, opts Options, funcs map[*Module]string) []byte {
	var b strings.Builder
	from := opts.From
	if from == "" {
		from = "Terraform"
	}
	b.WriteString(header + "\n\n")
	fmt.Fprintf(&b, "// Command %s renders the Terraform configuration that moochat convert\n// read from %s.\n//\n//\tgo run . -out DIR [-format hcl|json]\n", opts.Package, from)
	fmt.Fprintf(&b, "package %s\n\n", opts.Package)
	b.WriteString("import (\n\"flag\"\n\"fmt\"\n\"os\"\n\n\"github.com/runntimeterror/moo-chat-infrastructure/gen/generate\"\n\"github.com/runntimeterror/moo-chat-infrastructure/gen/render\"\n\"github.com/runntimeterror/moo-chat-infrastructure/gen/schema\"\n\"github.com/runntimeterror/moo-chat-infrastructure/gen/tf\"\n)\n\n")
	b.WriteString("func main() {\n")
	b.WriteString("out := flag.String(\"out\", \"out\", \"directory to render the configuration into\")\n")
	b.WriteString("format := flag.String(\"format\", \"hcl\", \"Terraform syntax: hcl or json\")\n")
	b.WriteString("flag.Parse()\n")
	b.WriteString("f, err := generate.ParseFormat(*format)\nif err != nil {\nfmt.Fprintln(os.Stderr, err)\nos.Exit(2)\n}\n")
	b.WriteString("s, err := schema.Default()\nif err != nil {\nfmt.Fprintln(os.Stderr, err)\nos.Exit(1)\n}\n")
	b.WriteString("res, err := generate.Run(generate.Options{\nOut: *out,\nModules: Modules(),\nRender: render.Options{Format: f, Generator: \"moochat convert\"},\n")
	b.WriteString("Validators: []generate.Validator{schema.Validator(s, schema.Options{JSON: f == render.JSON})},\n})\n")
	b.WriteString("for _, w := range res.Warnings {\nfmt.Fprintln(os.Stderr, generate.Relative(w))\n}\n")
	b.WriteString("if err != nil {\nfmt.Fprintln(os.Stderr, generate.Describe(err))\nos.Exit(1)\n}\n")
	b.WriteString("fmt.Println(res.Summary())\n}\n\n")
	b.WriteString("// Modules builds every module, called ones before their callers.\nfunc Modules() []*tf.Module {\n")
	vars := newNamer()
	handles := map[*Module]string{}
	var list []string
	for _, m := range cfg.Modules {
		h := vars.take(strings.TrimSuffix(funcs[m], "Module"))
		handles[m] = h
		var args []string
		for _, name := range sortedCallNames(m) {
			args = append(args, handles[m.Calls[name]])
		}
		args = uniqueStrings(args)
		fmt.Fprintf(&b, "%s := %s(%s)\n", h, funcs[m], strings.Join(args, ", "))
		list = append(list, h)
	}
	fmt.Fprintf(&b, "return []*tf.Module{%s}\n}\n", strings.Join(list, ", "))
	return []byte(b.String())
}

func sortedCallNames(m *Module) []string {
	var names []string
	for _, b := range m.Blocks {
		if b.Type == "module" && len(b.Labels) == 1 && m.Calls[b.Labels[0]] != nil {
			names = append(names, b.Labels[0])
		}
	}
	return names
}

func uniqueStrings(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// module writes the function that builds g.mod.
func (g *moduleGen) module(funcs map[*Module]string) ([]byte, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	m := g.mod
	// Parameters: one per distinct called module.
	var params []string
	paramOf := map[*Module]string{}
	for _, name := range sortedCallNames(m) {
		child := m.Calls[name]
		if _, ok := paramOf[child]; !ok {
			p := g.names.take(strings.TrimSuffix(funcs[child], "Module") + "Module")
			paramOf[child] = p
			params = append(params, p)
		}
		g.children[name] = paramOf[child]
	}
	var decls []*decl
	for i, b := range m.Blocks {
		if b.Type == "locals" {
			for _, it := range b.Body.Items {
				if it.Attr == nil {
					continue
				}
				d := &decl{kind: "locals", block: b, attr: it.Attr, key: "local." + it.Attr.Name, deps: map[string]bool{}, rank: kindRank["locals"]*100000 + i}
				exprDeps(it.Attr.Expr, d.deps)
				decls = append(decls, d)
			}
			continue
		}
		r, ok := kindRank[b.Type]
		if !ok {
			r = 8
		}
		d := &decl{kind: b.Type, block: b, key: declKey(b), deps: map[string]bool{}, rank: r*100000 + i}
		bodyDeps(b.Body, d.deps)
		if b.Type == "import" || b.Type == "moved" || b.Type == "removed" {
			// Their addresses are not references Go must order.
			d.deps = map[string]bool{}
			if id := b.Body.Attr("id"); id != nil {
				exprDeps(id.Expr, d.deps)
			}
			if to := b.Body.Attr("to"); to != nil && b.Type == "import" {
				exprDeps(to.Expr, d.deps)
			}
			if fe := b.Body.Attr("for_each"); fe != nil && b.Type == "import" {
				exprDeps(fe.Expr, d.deps)
			}
		}
		decls = append(decls, d)
	}
	ordered, cycle := orderDecls(decls)
	for _, d := range cycle {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "declarations refer to each other in a cycle", Detail: d.block.Type + " " + strings.Join(d.block.Labels, "."), Subject: &d.block.Range})
	}
	g.nameHandles(ordered)

	g.line("%s\n\npackage main\n", header)
	imports := "import (\n\"github.com/runntimeterror/moo-chat-infrastructure/gen/tf\"\n)\n"
	body := &strings.Builder{}
	saved := g.w
	g.w = strings.Builder{}
	modName := m.Dir
	g.stmt(nil, "m := tf.NewModule("+strconv.Quote(modName)+")")
	for _, d := range ordered {
		g.decl(d)
	}
	g.setFile("")
	g.line("return m")
	body.WriteString(dropUnused(g.w.String()))
	g.w = saved
	if g.iface != nil {
		g.usesTyped = true
	}
	if g.usesCty || g.usesTyped || g.usesBind {
		var std, own []string
		if g.usesTypeexpr {
			std = append(std, "\"github.com/hashicorp/hcl/v2/ext/typeexpr\"")
		}
		if g.usesCty {
			std = append(std, "\"github.com/zclconf/go-cty/cty\"")
		}
		if g.usesBind {
			own = append(own, strconv.Quote(g.bind.Import))
		}
		if g.usesTyped {
			own = append(own, "\"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed\"")
		}
		own = append(own, "\"github.com/runntimeterror/moo-chat-infrastructure/gen/tf\"")
		imports = "import (\n"
		if len(std) > 0 {
			imports += strings.Join(std, "\n") + "\n\n"
		}
		imports += strings.Join(own, "\n") + "\n)\n"
	}
	g.line("%s", imports)
	dir := m.Dir
	if dir == "" {
		dir = "the root directory"
	}
	g.line("// %s builds %s.", g.fn, dir)
	sig := ""
	if len(params) > 0 {
		sig = strings.Join(params, ", ") + " *tf.Module"
	}
	g.line("func %s(%s) *tf.Module {", g.fn, sig)
	g.w.WriteString(body.String())
	g.line("}")
	if g.iface != nil {
		g.w.WriteString(g.iface.decls(dir))
	}
	return []byte(g.w.String()), diags
}

// nameHandles gives every declaration that defines a symbol its Go name:
// the Terraform name, with the type added where several share it.
func (g *moduleGen) nameHandles(ds []*decl) {
	count := map[string]int{}
	for _, d := range ds {
		switch d.kind {
		case "resource", "data":
			count[d.block.Labels[1]]++
		}
	}
	for _, d := range ds {
		if d.key == "" {
			continue
		}
		var want string
		switch d.kind {
		case "variable":
			want = goName(d.block.Labels[0], false)
		case "locals":
			want = goName(d.attr.Name, false)
		case "resource", "data":
			name := d.block.Labels[1]
			want = goName(name, false)
			if count[name] > 1 || name == "this" || name == "main" || name == "default" {
				want += typeName(d.block.Labels[0])
			}
			if d.kind == "data" && count[name] > 1 {
				want += "Data"
			}
		case "module":
			want = goName(d.block.Labels[0], false)
		case "provider":
			want = goName(d.block.Labels[0], false)
			if a := aliasOf(d.block); a != "" {
				want += goName(a, true)
			} else {
				want += "Provider"
			}
		}
		h := g.names.take(want)
		g.sym[d.key] = h
		if d.kind == "resource" || d.kind == "data" {
			if bt := g.bind.typeOf(d.block.Labels[0], d.kind == "data"); bt != nil {
				g.typedSyms[d.key] = &typedSym{handle: h, bt: bt, usesTyped: &g.usesTyped}
				g.sym[d.key] = h + ".Resource"
			}
		}
	}
}

// setFile emits InFile when the next declaration goes to another file.
func (g *moduleGen) setFile(file string) {
	if file != g.file {
		g.stmt(nil, "m.InFile("+strconv.Quote(file)+")")
		g.file = file
	}
}

// outFile is where the renderer must place a block from file so that it
// lands where it was: "" stands for its default file.
func outFile(kind, file string) string {
	file = strings.TrimSuffix(file, ".json")
	for _, r := range tf.ReservedFiles {
		if file == r {
			// The renderer fills these itself: a block of another kind
			// found there goes to its own default file.
			return ""
		}
	}
	if !tf.IsName(strings.TrimSuffix(file, ".tf")) {
		return ""
	}
	switch kind {
	case "locals":
		if file == "locals.tf" {
			return ""
		}
		return file
	case "resource", "data", "module", "ephemeral":
		if file == "main.tf" {
			return ""
		}
		return file
	}
	return ""
}

func (g *moduleGen) decl(d *decl) {
	b := d.block
	switch d.kind {
	case "terraform":
		g.terraform(b)
	case "variable":
		g.variable(d)
	case "locals":
		g.setFile(outFile("locals", b.File))
		cs := d.attr.Comments
		if d.attr == b.Body.Items[0].Attr {
			cs = append(append([]string(nil), b.Comments...), cs...)
		}
		v := g.expr(d.attr, nil)
		g.stmt(cs, g.sym[d.key]+" := m.Local("+strconv.Quote(d.attr.Name)+", "+v+")")
	case "provider":
		g.provider(d)
	case "resource", "data":
		g.setFile(outFile(d.kind, b.File))
		if th := g.typedSyms[d.key]; th != nil {
			g.typedResource(d, th)
		} else {
			g.resource(d)
		}
	case "module":
		g.setFile(outFile("module", b.File))
		g.call(d)
	case "output":
		g.output(d)
	case "moved":
		from, to := b.Body.Attr("from"), b.Body.Attr("to")
		if from == nil || to == nil {
			g.unsupported(b, "moved block without from and to")
			return
		}
		g.stmt(b.Comments, "m.Move("+strconv.Quote(g.srcText(from))+", "+strconv.Quote(g.srcText(to))+")")
	case "import":
		g.importBlock(d)
	case "removed":
		g.removed(d)
	case "check":
		g.check(d)
	default:
		g.unsupported(b, "the model has no "+b.Type+" block")
	}
}

func (g *moduleGen) srcText(a *Attr) string {
	r := a.Expr.Range()
	return string(a.Src[r.Start.Byte:r.End.Byte])
}

// unsupported carries a block the model cannot hold as a Go comment and
// warns about it.
func (g *moduleGen) unsupported(b *Block, why string) {
	g.warn(b.Range, "not converted: "+why)
	src := g.mod.Files[b.File]
	g.comments(b.Comments)
	g.line("// Not converted (%s); the original:", why)
	if b.Range.End.Byte <= len(src) {
		for _, l := range strings.Split(string(src[b.Range.Start.Byte:b.Range.End.Byte]), "\n") {
			g.line("//\t%s", l)
		}
	}
}

func (g *moduleGen) terraform(b *Block) {
	g.comments(b.Comments)
	for _, it := range b.Body.Items {
		switch {
		case it.Attr != nil && it.Attr.Name == "required_version":
			s, _ := literalString(it.Attr.Expr)
			g.stmt(it.Attr.Comments, "m.Terraform.RequiredVersion = "+strconv.Quote(s))
		case it.Block != nil && it.Block.Type == "required_providers":
			g.comments(it.Block.Comments)
			for _, p := range it.Block.Body.Items {
				if p.Attr == nil {
					continue
				}
				g.requiredProvider(p.Attr)
			}
		case it.Block != nil && it.Block.Type == "backend" && len(it.Block.Labels) == 1:
			g.comments(it.Block.Comments)
			h := g.names.take("backend")
			g.stmt(nil, h+" := m.SetBackend("+strconv.Quote(it.Block.Labels[0])+")")
			g.body(h, it.Block.Body, nil, nil)
		case it.Block != nil && it.Block.Type == "cloud":
			g.cloud(it.Block)
		case it.Attr != nil:
			g.warn(it.Attr.Range, "not converted: terraform."+it.Attr.Name+" has no place in the model")
			g.line("// Not converted: terraform.%s = %s", it.Attr.Name, g.srcText(it.Attr))
		default:
			g.unsupported(it.Block, "the model has no terraform."+it.Block.Type+" block")
		}
	}
}

func (g *moduleGen) requiredProvider(a *Attr) {
	name := a.Name
	var source, version string
	var aliases []string
	switch x := a.Expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, it := range x.Items {
			key := hcl.ExprAsKeyword(it.KeyExpr)
			if k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok && key == "" {
				key, _ = literalString(k.Wrapped)
			}
			switch key {
			case "source":
				source, _ = literalString(it.ValueExpr)
			case "version":
				version, _ = literalString(it.ValueExpr)
			case "configuration_aliases":
				if t, ok := it.ValueExpr.(*hclsyntax.TupleConsExpr); ok {
					for _, e := range t.Exprs {
						if st, ok := e.(*hclsyntax.ScopeTraversalExpr); ok {
							_, alias := providerRefParts(st.Traversal)
							aliases = append(aliases, alias)
						}
					}
				}
			}
		}
	default:
		// The old form: aws = "~> 5.0".
		version, _ = literalString(a.Expr)
	}
	g.stmt(a.Comments, "m.RequireProvider("+strconv.Quote(name)+", "+strconv.Quote(source)+", "+strconv.Quote(version)+")")
	for _, alias := range aliases {
		key := providerKey(name, alias)
		h := g.names.take(goName(name, false) + goName(alias, true))
		g.sym[key] = h
		g.expected[key] = true
		g.stmt(nil, h+" := m.ExpectProvider("+strconv.Quote(name)+", "+strconv.Quote(alias)+")")
	}
}

func (g *moduleGen) cloud(b *Block) {
	var f []string
	for _, it := range b.Body.Items {
		if it.Attr != nil {
			s, ok := literalString(it.Attr.Expr)
			field := map[string]string{"organization": "Organization", "hostname": "Hostname"}[it.Attr.Name]
			if !ok || field == "" {
				g.warn(it.Attr.Range, "not converted: cloud."+it.Attr.Name)
				continue
			}
			f = append(f, field+": "+strconv.Quote(s))
			continue
		}
		if it.Block.Type == "workspaces" {
			for _, w := range it.Block.Body.Items {
				if w.Attr == nil {
					continue
				}
				switch w.Attr.Name {
				case "name":
					s, _ := literalString(w.Attr.Expr)
					f = append(f, "Workspace: "+strconv.Quote(s))
				case "project":
					s, _ := literalString(w.Attr.Expr)
					f = append(f, "Project: "+strconv.Quote(s))
				case "tags":
					var tags []string
					if t, ok := w.Attr.Expr.(*hclsyntax.TupleConsExpr); ok {
						for _, e := range t.Exprs {
							s, _ := literalString(e)
							tags = append(tags, strconv.Quote(s))
						}
					}
					f = append(f, "WorkspaceTags: []string{"+strings.Join(tags, ", ")+"}")
				}
			}
		}
	}
	g.stmt(b.Comments, "m.Terraform.Cloud = &tf.Cloud{"+strings.Join(f, ", ")+"}")
}

func (g *moduleGen) variable(d *decl) {
	b := d.block
	h := g.sym[d.key]
	name := b.Labels[0]
	typ := "cty.DynamicPseudoType"
	typeDefaults := ""
	g.usesCty = true
	if a := b.Body.Attr("type"); a != nil {
		t, defaults, ds := typeexpr.TypeConstraintWithDefaults(a.Expr)
		if ds.HasErrors() {
			g.warn(a.Range, "variable "+name+": type "+g.srcText(a)+" is not a type constraint: "+ds.Error())
		} else {
			typ = g.ctyType(t)
			if defaults != nil {
				typeDefaults = g.typeDefaults(defaults)
			}
		}
	}
	desc := ""
	if a := b.Body.Attr("description"); a != nil {
		desc, _ = literalString(a.Expr)
	}
	decl := h + " := m.Variable(" + strconv.Quote(name) + ", " + typ + ", " + goString(desc) + ")"
	if typeDefaults != "" {
		decl += ".\nWithTypeDefaults(" + typeDefaults + ")"
	}
	var cs []string
	var after []string
	for _, it := range b.Body.Items {
		if it.Attr != nil {
			a := it.Attr
			cs = append(cs, a.Comments...)
			switch a.Name {
			case "type", "description":
			case "default":
				v, ds := a.Expr.Value(nil)
				if ds.HasErrors() {
					g.warn(a.Range, "variable "+name+": default is not a constant")
					continue
				}
				decl += ".\nWithDefault(" + g.ctyValue(v) + ")"
			case "sensitive", "ephemeral":
				if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.Type() == cty.Bool && v.True() {
					if a.Name == "sensitive" {
						decl += ".\nMarkSensitive()"
					} else {
						after = append(after, h+".Ephemeral = true")
					}
				}
			case "nullable":
				if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.Type() == cty.Bool {
					after = append(after, h+".Nullable = new("+strconv.FormatBool(v.True())+")")
				}
			default:
				g.warn(a.Range, "not converted: variable "+name+"."+a.Name)
			}
		}
	}
	g.stmt(append(append([]string(nil), b.Comments...), cs...), decl)
	for _, s := range after {
		g.stmt(nil, s)
	}
	for _, it := range b.Body.Items {
		if it.Attr != nil {
			continue
		}
		if it.Block.Type == "validation" {
			g.stmt(it.Block.Comments, h+".Validations = append("+h+".Validations, "+g.condition(it.Block.Body, "condition", "error_message", nil)+")")
			continue
		}
		g.unsupported(it.Block, "variable "+name+" has a "+it.Block.Type+" block")
	}
}

// condition is a tf.Condition from a validation, precondition,
// postcondition or assert block.
func (g *moduleGen) condition(b *Body, condName, msgName string, sc *scope) string {
	cond, msg := g.conditionParts(b, condName, msgName, sc)
	return "tf.Condition{Cond: " + cond + ", Message: " + msg + "}"
}

func (g *moduleGen) conditionParts(b *Body, condName, msgName string, sc *scope) (string, string) {
	cond, msg := "tf.Bool(true)", `tf.String("")`
	if a := b.Attr(condName); a != nil {
		cond = g.expr(a, sc)
	}
	if a := b.Attr(msgName); a != nil {
		msg = g.expr(a, sc)
	}
	return cond, msg
}

func (g *moduleGen) provider(d *decl) {
	b := d.block
	h := g.sym[d.key]
	alias := aliasOf(b)
	g.stmt(b.Comments, h+" := m.Provider("+strconv.Quote(b.Labels[0])+", "+strconv.Quote(alias)+")")
	g.body(h, b.Body, nil, map[string]bool{"alias": true})
}

// meta are the resource arguments that are not the provider's.
var meta = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}

func (g *moduleGen) resource(d *decl) {
	b := d.block
	h := g.sym[d.key]
	fn := "Resource"
	if d.kind == "data" {
		fn = "Data"
	}
	opts, cs := g.metaArgs(b.Body, nil)
	for _, it := range b.Body.Items {
		if it.Block != nil && it.Block.Type == "lifecycle" {
			o, c := g.lifecycle(it.Block)
			opts, cs = append(opts, o...), append(cs, c...)
		}
	}
	args := []string{strconv.Quote(b.Labels[0]), strconv.Quote(b.Labels[1])}
	g.stmt(append(append([]string(nil), b.Comments...), cs...), h+" := m."+fn+"("+callArgs(args, opts)+")")
	g.body(h, b.Body, nil, map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true, "lifecycle": true, "provisioner": true})
	for _, it := range b.Body.Items {
		if it.Block == nil {
			continue
		}
		switch it.Block.Type {
		case "provisioner":
			p := g.names.take(goName(it.Block.Labels[0], false))
			g.stmt(it.Block.Comments, p+" := "+h+".Provisioner("+strconv.Quote(it.Block.Labels[0])+")")
			g.body(p, it.Block.Body, nil, nil)
			g.trailing(it.Block.Body)
		}
	}
	g.trailing(b.Body)
}

func (g *moduleGen) trailing(b *Body) {
	if len(b.Trailing) > 0 {
		g.comments(b.Trailing)
	}
}

// metaArgs turns count, for_each, provider and depends_on into the
// options of the declaring call, and returns their comments.
func (g *moduleGen) metaArgs(b *Body, sc *scope) ([]string, []string) {
	var opts, cs []string
	for _, it := range b.Items {
		a := it.Attr
		if a == nil {
			continue
		}
		switch a.Name {
		case "count":
			opts = append(opts, "tf.Count("+g.expr(a, sc)+")")
		case "for_each":
			opts = append(opts, "tf.ForEach("+g.expr(a, sc)+")")
		case "provider":
			p := g.providerRef(a)
			if p == "" {
				continue
			}
			opts = append(opts, "tf.WithProvider("+p+")")
		case "depends_on":
			deps := g.dependsOn(a)
			if deps == "" {
				continue
			}
			opts = append(opts, "tf.DependsOn("+deps+")")
		default:
			continue
		}
		cs = append(cs, a.Comments...)
	}
	return opts, cs
}

// callArgs joins a call's arguments and options, one option a line when
// there are several.
func callArgs(args, opts []string) string {
	if len(opts) <= 1 {
		return strings.Join(append(args, opts...), ", ")
	}
	return strings.Join(args, ", ") + ",\n" + strings.Join(opts, ",\n") + ",\n"
}

func (g *moduleGen) providerRef(a *Attr) string {
	t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		g.warn(a.Range, "not converted: provider is not a provider reference")
		return ""
	}
	name, alias := providerRefParts(t.Traversal)
	return g.providerHandle(name, alias, a.Range)
}

// providerHandle is the Go handle of a provider configuration of this
// module; a configuration that is inherited without a block gets one
// made on the spot.
func (g *moduleGen) providerHandle(name, alias string, rng hcl.Range) string {
	if h, ok := g.sym[providerKey(name, alias)]; ok {
		return h
	}
	if alias == "" {
		// The default configuration, inherited from the caller.
		return "&tf.Provider{Name: " + strconv.Quote(name) + "}"
	}
	g.warn(rng, "provider "+name+"."+alias+" is neither configured nor expected by this module")
	return "&tf.Provider{Name: " + strconv.Quote(name) + ", Alias: " + strconv.Quote(alias) + "}"
}

func (g *moduleGen) dependsOn(a *Attr) string {
	t, ok := a.Expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		g.warn(a.Range, "not converted: depends_on is not a list")
		return ""
	}
	var hs []string
	for _, e := range t.Exprs {
		st, ok := e.(*hclsyntax.ScopeTraversalExpr)
		h := ""
		if ok {
			h = g.sym[traversalKey(st.Traversal)]
		}
		if h == "" {
			g.warn(e.Range(), "not converted: depends_on entry "+string(a.Src[e.Range().Start.Byte:e.Range().End.Byte])+" names nothing this module declares")
			continue
		}
		hs = append(hs, h)
	}
	return strings.Join(hs, ", ")
}

// lifecycle turns a lifecycle block into options, and returns their
// comments.
func (g *moduleGen) lifecycle(b *Block) ([]string, []string) {
	var opts []string
	cs := append([]string(nil), b.Comments...)
	for _, it := range b.Body.Items {
		if it.Attr != nil {
			a := it.Attr
			cs = append(cs, a.Comments...)
			switch a.Name {
			case "create_before_destroy", "prevent_destroy":
				v, ds := a.Expr.Value(nil)
				if ds.HasErrors() || v.Type() != cty.Bool {
					g.warn(a.Range, "not converted: lifecycle."+a.Name+" is not a literal bool")
					continue
				}
				// false is Terraform's default: nothing to say.
				if v.True() {
					opts = append(opts, map[string]string{"create_before_destroy": "tf.CreateBeforeDestroy()", "prevent_destroy": "tf.PreventDestroy()"}[a.Name])
				}
			case "ignore_changes":
				if kw := hcl.ExprAsKeyword(a.Expr); kw == "all" {
					opts = append(opts, "tf.IgnoreAllChanges()")
					continue
				}
				t, ok := a.Expr.(*hclsyntax.TupleConsExpr)
				if !ok {
					g.warn(a.Range, "not converted: lifecycle.ignore_changes is not a list")
					continue
				}
				var paths []string
				for _, e := range t.Exprs {
					r := e.Range()
					paths = append(paths, goString(string(a.Src[r.Start.Byte:r.End.Byte])))
				}
				opts = append(opts, "tf.IgnoreChanges("+strings.Join(paths, ", ")+")")
			case "replace_triggered_by":
				t, ok := a.Expr.(*hclsyntax.TupleConsExpr)
				if !ok {
					g.warn(a.Range, "not converted: lifecycle.replace_triggered_by is not a list")
					continue
				}
				var es []string
				g.conv.src = a.Src
				for _, e := range t.Exprs {
					es = append(es, g.conv.expr(e, nil))
				}
				opts = append(opts, "tf.ReplaceTriggeredBy("+strings.Join(es, ", ")+")")
			default:
				g.warn(a.Range, "not converted: lifecycle."+a.Name)
			}
			continue
		}
		switch it.Block.Type {
		case "precondition", "postcondition":
			cs = append(cs, it.Block.Comments...)
			cond, msg := g.conditionParts(it.Block.Body, "condition", "error_message", nil)
			if a := it.Block.Body.Attr("error_message"); a != nil {
				if s, ok := literalString(a.Expr); ok {
					msg = goString(s)
				}
			}
			fn := "tf.Precondition"
			if it.Block.Type == "postcondition" {
				fn = "tf.Postcondition"
			}
			opts = append(opts, fn+"("+cond+", "+msg+")")
		default:
			g.unsupported(it.Block, "lifecycle has a "+it.Block.Type+" block")
		}
	}
	return opts, cs
}

// body writes the attributes and nested blocks of b onto the Go body
// handle recv, skipping the names in skip.
func (g *moduleGen) body(recv string, b *Body, sc *scope, skip map[string]bool) {
	for _, it := range b.Items {
		if it.Attr != nil {
			if skip[it.Attr.Name] {
				continue
			}
			if recv == "" {
				continue
			}
			g.stmt(it.Attr.Comments, recv+".Set("+strconv.Quote(it.Attr.Name)+", "+g.expr(it.Attr, sc)+")")
			continue
		}
		blk := it.Block
		if skip[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" && len(blk.Labels) == 1 {
			g.dynamic(recv, blk, sc)
			continue
		}
		g.block(recv, blk, sc)
	}
}

// block writes a nested block: a chain of Sets when it holds attributes
// only, else a handle for its body.
func (g *moduleGen) block(recv string, blk *Block, sc *scope) {
	args := []string{strconv.Quote(blk.Type)}
	for _, l := range blk.Labels {
		args = append(args, strconv.Quote(l))
	}
	open := recv + ".Block(" + strings.Join(args, ", ") + ")"
	flat := len(blk.Body.Trailing) == 0
	for _, it := range blk.Body.Items {
		if it.Block != nil || len(it.Attr.Comments) > 0 {
			flat = false
		}
	}
	if flat {
		var sets []string
		for _, it := range blk.Body.Items {
			sets = append(sets, "Set("+strconv.Quote(it.Attr.Name)+", "+g.expr(it.Attr, sc)+")")
		}
		if len(sets) == 0 {
			g.stmt(blk.Comments, open)
			return
		}
		g.stmt(blk.Comments, open+".\n"+strings.Join(sets, ".\n"))
		return
	}
	h := g.names.take(goName(blk.Type, false))
	g.stmt(blk.Comments, h+" := "+open)
	g.body(h, blk.Body, sc, nil)
	g.trailing(blk.Body)
}

// dynamic writes a dynamic block; inside its content the iterator is in
// scope.
func (g *moduleGen) dynamic(recv string, blk *Block, sc *scope) {
	name := blk.Labels[0]
	iter := name
	var forEach *Attr
	var content *Block
	simple := true
	for _, it := range blk.Body.Items {
		switch {
		case it.Attr != nil && it.Attr.Name == "for_each":
			forEach = it.Attr
		case it.Attr != nil && it.Attr.Name == "iterator":
			iter = hcl.ExprAsKeyword(it.Attr.Expr)
		case it.Block != nil && it.Block.Type == "content" && content == nil:
			content = it.Block
		default:
			simple = false
		}
	}
	if forEach == nil || content == nil || !simple || iter == "" {
		// labels or anything else the Dynamic helper does not write: the
		// block as it is.
		g.block(recv, blk, sc.with(iter))
		return
	}
	h := g.names.take(goName(name, false))
	itArg := `""`
	if iter != name {
		itArg = strconv.Quote(iter)
	}
	cs := append(append([]string(nil), blk.Comments...), forEach.Comments...)
	cs = append(cs, content.Comments...)
	g.stmt(cs, h+" := "+recv+".Dynamic("+strconv.Quote(name)+", "+g.expr(forEach, sc)+", "+itArg+")")
	g.body(h, content.Body, sc.with(iter), nil)
	g.trailing(content.Body)
	g.trailing(blk.Body)
}

func (g *moduleGen) call(d *decl) {
	b := d.block
	h := g.sym[d.key]
	name := b.Labels[0]
	srcAttr := b.Body.Attr("source")
	opts, cs := g.metaArgs(b.Body, nil)
	if p := b.Body.Attr("providers"); p != nil {
		if o, ok := p.Expr.(*hclsyntax.ObjectConsExpr); ok {
			var items []string
			for _, it := range o.Items {
				kr := it.KeyExpr.Range()
				key := strings.TrimSpace(string(p.Src[kr.Start.Byte:kr.End.Byte]))
				vt, ok := it.ValueExpr.(*hclsyntax.ScopeTraversalExpr)
				if !ok {
					g.warn(it.ValueExpr.Range(), "not converted: providers value is not a provider reference")
					continue
				}
				pn, pa := providerRefParts(vt.Traversal)
				items = append(items, strconv.Quote(key)+": "+g.providerHandle(pn, pa, it.ValueExpr.Range()))
			}
			opts = append(opts, "tf.PassProviders(map[string]*tf.Provider{"+strings.Join(items, ", ")+"})")
			cs = append(cs, p.Comments...)
		}
	}
	cs = append(append([]string(nil), b.Comments...), cs...)
	if x := g.ifaces[g.mod.Calls[name]]; x != nil && g.children[name] != "" && typedCallable(g.mod, b, x) {
		g.typedCalls[name] = x
		var lines []string
		for _, it := range b.Body.Items {
			a := it.Attr
			f, ok := x.inByName[a.Name]
			if !ok {
				continue
			}
			lines = append(lines, commentLines(a.Comments)...)
			lines = append(lines, f.goName+": "+g.typedValue(a, f.goType)+",")
		}
		lit := x.inputs + "{}"
		if len(lines) > 0 {
			lit = x.inputs + "{\n" + strings.Join(lines, "\n") + "\n}"
		}
		g.stmt(cs, h+" := "+x.caller+"("+callArgs([]string{"m", strconv.Quote(name), g.children[name], lit}, opts)+")")
		g.trailing(b.Body)
		return
	}
	if child := g.children[name]; child != "" {
		g.stmt(cs, h+" := m.CallModule("+callArgs([]string{strconv.Quote(name), child}, opts)+")")
	} else {
		src := ""
		if srcAttr != nil {
			src, _ = literalString(srcAttr.Expr)
		}
		g.stmt(cs, h+" := m.Call("+callArgs([]string{strconv.Quote(name), strconv.Quote(src)}, opts)+")")
	}
	if v := b.Body.Attr("version"); v != nil {
		s, _ := literalString(v.Expr)
		g.stmt(v.Comments, h+".Version = "+strconv.Quote(s))
	}
	g.body(h, b.Body, nil, map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true, "provider": true})
	g.trailing(b.Body)
}

func (g *moduleGen) output(d *decl) {
	b := d.block
	name := b.Labels[0]
	val, goType := "tf.Null()", ""
	if a := b.Body.Attr("value"); a != nil {
		g.conv.src = a.Src
		v := g.conv.conv(a.Expr, nil)
		val, goType = v.goSrc(), v.goType()
	}
	if g.iface != nil {
		if a := b.Body.Attr("value"); a != nil && goType == "" {
			// A variable passed through keeps the variable's type.
			if st, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok && len(st.Traversal) == 2 && st.Traversal.RootName() == "var" {
				if tr, ok := st.Traversal[1].(hcl.TraverseAttr); ok {
					goType = g.iface.inByName[tr.Name].goType
				}
			}
		}
		g.iface.addOutput(name, goType, g.outNames)
	}
	desc := ""
	if a := b.Body.Attr("description"); a != nil {
		desc, _ = literalString(a.Expr)
	}
	call := "m.Output(" + strconv.Quote(name) + ", " + val + ", " + goString(desc) + ")"
	var sets []string
	for _, it := range b.Body.Items {
		if it.Attr != nil {
			a := it.Attr
			switch a.Name {
			case "value", "description":
			case "sensitive":
				if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.Type() == cty.Bool && v.True() {
					call += ".MarkSensitive()"
				}
			case "ephemeral":
				if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.Type() == cty.Bool && v.True() {
					sets = append(sets, "o.Ephemeral = true")
				}
			case "depends_on":
				if deps := g.dependsOn(a); deps != "" {
					sets = append(sets, "o.DependsOn = []tf.Referenceable{"+deps+"}")
				}
			default:
				g.warn(a.Range, "not converted: output "+name+"."+a.Name)
			}
			continue
		}
		if it.Block.Type == "precondition" {
			sets = append(sets, "o.Preconditions = append(o.Preconditions, "+g.condition(it.Block.Body, "condition", "error_message", nil)+")")
			continue
		}
		g.unsupported(it.Block, "output "+name+" has a "+it.Block.Type+" block")
	}
	if len(sets) == 0 {
		g.stmt(b.Comments, call)
		return
	}
	o := g.names.take(goName(name, false) + "Output")
	g.stmt(b.Comments, o+" := "+call)
	for _, s := range sets {
		g.stmt(nil, strings.Replace(s, "o.", o+".", -1))
	}
}

func (g *moduleGen) importBlock(d *decl) {
	b := d.block
	to, id, forEach := b.Body.Attr("to"), b.Body.Attr("id"), b.Body.Attr("for_each")
	for _, it := range b.Body.Items {
		if it.Block != nil {
			g.unsupported(b, "import has a "+it.Block.Type+" block")
			return
		}
		if it.Attr != nil && it.Attr.Name != "to" && it.Attr.Name != "id" && it.Attr.Name != "for_each" {
			g.unsupported(b, "import."+it.Attr.Name+" has no place in the model")
			return
		}
	}
	if to == nil || id == nil {
		g.unsupported(b, "import without to and id")
		return
	}
	var target, key string
	switch x := to.Expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		target = g.sym[traversalKey(x.Traversal)]
		if n := len(x.Traversal); n > 0 {
			if ix, ok := x.Traversal[n-1].(hcl.TraverseIndex); ok {
				key = g.literal(ix.Key)
			}
		}
	case *hclsyntax.IndexExpr:
		if st, ok := x.Collection.(*hclsyntax.ScopeTraversalExpr); ok {
			target = g.sym[traversalKey(st.Traversal)]
			g.conv.src = to.Src
			key = g.conv.expr(x.Key, nil)
		}
	}
	if target == "" {
		g.unsupported(b, "import target "+g.srcText(to)+" is not a resource of this module")
		return
	}
	if forEach != nil {
		if key == "" {
			key = "tf.Null()"
		}
		g.stmt(b.Comments, "m.ImportEach("+target+", "+g.expr(forEach, nil)+", "+key+", "+g.expr(id, nil)+")")
		return
	}
	call := "m.Import(" + target + ", " + g.expr(id, nil) + ")"
	if key == "" {
		g.stmt(b.Comments, call)
		return
	}
	g.stmt(b.Comments, call+".Key = "+key)
}

// removed writes a removed block: its address, whether the object is
// destroyed (lifecycle destroy, true when left out) and its destroy-time
// provisioners, whose when = destroy the model writes itself.
func (g *moduleGen) removed(d *decl) {
	b := d.block
	from := b.Body.Attr("from")
	if from == nil {
		g.unsupported(b, "removed block without from")
		return
	}
	destroy := true
	var cs []string
	for _, it := range b.Body.Items {
		switch {
		case it.Attr != nil && it.Attr.Name == "from":
			cs = append(cs, it.Attr.Comments...)
		case it.Block != nil && it.Block.Type == "lifecycle":
			cs = append(cs, it.Block.Comments...)
			for _, l := range it.Block.Body.Items {
				a := l.Attr
				if a == nil || a.Name != "destroy" {
					g.unsupported(b, "removed.lifecycle holds more than destroy")
					return
				}
				v, ds := a.Expr.Value(nil)
				if ds.HasErrors() || v.Type() != cty.Bool || v.IsNull() {
					g.unsupported(b, "removed.lifecycle.destroy is not a literal bool")
					return
				}
				destroy = v.True()
				cs = append(cs, a.Comments...)
			}
		case it.Block != nil && it.Block.Type == "provisioner" && len(it.Block.Labels) == 1:
		default:
			g.unsupported(b, "removed holds what the model has no place for")
			return
		}
	}
	call := "m.Remove(" + strconv.Quote(g.srcText(from)) + ", " + strconv.FormatBool(destroy) + ")"
	var provs []*Block
	for _, it := range b.Body.Items {
		if it.Block != nil && it.Block.Type == "provisioner" {
			provs = append(provs, it.Block)
		}
	}
	cs = append(append([]string(nil), b.Comments...), cs...)
	if len(provs) == 0 {
		g.stmt(cs, call)
		return
	}
	h := g.names.take("removed")
	g.stmt(cs, h+" := "+call)
	for _, p := range provs {
		if w := p.Body.Attr("when"); w == nil || hcl.ExprAsKeyword(w.Expr) != "destroy" {
			g.warn(p.Range, "a removed block's provisioner runs at destroy: when = destroy is written for it")
		}
		ph := g.names.take(goName(p.Labels[0], false))
		g.stmt(p.Comments, ph+" := "+h+".Provisioner("+strconv.Quote(p.Labels[0])+")")
		g.body(ph, p.Body, nil, map[string]bool{"when": true})
		g.trailing(p.Body)
	}
	g.trailing(b.Body)
}

// typeDefaults is Go source for the defaults of a type's optional()
// attributes; the type itself is the variable's, so Type is left out.
func (g *moduleGen) typeDefaults(d *typeexpr.Defaults) string {
	return "&typeexpr.Defaults" + g.typeDefaultsLit(d)
}

// typeDefaultsLit is the composite literal of d without its type, which
// Go lets a map's elements leave out.
func (g *moduleGen) typeDefaultsLit(d *typeexpr.Defaults) string {
	g.usesTypeexpr = true
	var f []string
	if len(d.DefaultValues) > 0 {
		var items []string
		for _, k := range slices.Sorted(maps.Keys(d.DefaultValues)) {
			items = append(items, strconv.Quote(k)+": "+g.ctyValue(d.DefaultValues[k]))
		}
		f = append(f, "DefaultValues: map[string]cty.Value{\n"+strings.Join(items, ",\n")+",\n}")
	}
	if len(d.Children) > 0 {
		var items []string
		for _, k := range slices.Sorted(maps.Keys(d.Children)) {
			items = append(items, strconv.Quote(k)+": "+g.typeDefaultsLit(d.Children[k]))
		}
		f = append(f, "Children: map[string]*typeexpr.Defaults{\n"+strings.Join(items, ",\n")+",\n}")
	}
	return "{\n" + strings.Join(f, ",\n") + ",\n}"
}

func (g *moduleGen) check(d *decl) {
	b := d.block
	h := g.names.take(goName(b.Labels[0], false) + "Check")
	g.stmt(b.Comments, h+" := m.Check("+strconv.Quote(b.Labels[0])+")")
	for _, it := range b.Body.Items {
		if it.Block == nil {
			g.warn(it.Attr.Range, "not converted: check."+it.Attr.Name)
			continue
		}
		switch it.Block.Type {
		case "data":
			dh := g.names.take(goName(it.Block.Labels[1], false))
			g.sym["data."+it.Block.Labels[0]+"."+it.Block.Labels[1]] = dh
			g.stmt(it.Block.Comments, dh+" := "+h+".ScopedData("+strconv.Quote(it.Block.Labels[0])+", "+strconv.Quote(it.Block.Labels[1])+")")
			if opts, _ := g.metaArgs(it.Block.Body, nil); len(opts) > 0 {
				g.warn(it.Block.Range, "not converted: meta-arguments of a check's scoped data source")
			}
			g.body(dh, it.Block.Body, nil, meta)
		case "assert":
			cond, msg := g.conditionParts(it.Block.Body, "condition", "error_message", nil)
			g.stmt(it.Block.Comments, h+".Assert("+cond+", "+msg+")")
		default:
			g.unsupported(it.Block, "check has a "+it.Block.Type+" block")
		}
	}
}

// dropUnused turns `h := call(...)` into `call(...)` where nothing else
// uses h: Go refuses an unused variable, and a handle nobody needs is
// noise.
func dropUnused(src string) string {
	uses := map[string]int{}
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT {
			uses[lit]++
		}
	}
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		h, rest, ok := strings.Cut(l, " := ")
		if ok && token.IsIdentifier(h) && uses[h] == 1 {
			lines[i] = rest
		}
	}
	return strings.Join(lines, "\n")
}

// generatedFile reports a file the renderer wrote: a README made by the
// renderer is made again by the converted program.
func generatedFile(p string) bool {
	data, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	return strings.Contains(string(data[:min(len(data), 512)]), "Code generated by ")
}

// calledByAnother reports whether a converted module of cfg calls m.
func calledByAnother(cfg *Config, m *Module) bool {
	for _, p := range cfg.Modules {
		for _, c := range p.Calls {
			if c == m {
				return true
			}
		}
	}
	return false
}
