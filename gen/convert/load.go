package convert

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Config is a root module and every local module it calls, directly or
// through other modules, read from disk.
type Config struct {
	// Base is the directory all module directories are relative to: the
	// deepest directory that holds the root and every called module.
	Base string
	// Root is the module converted; Modules lists every module, called
	// ones before their callers.
	Root    *Module
	Modules []*Module
	// Extra lists files of the module directories that are not Terraform
	// configuration (tfvars, READMEs), relative to Base; they are reported,
	// not converted.
	Extra []string
}

// Module is one module directory: its top-level blocks in file order.
type Module struct {
	// Dir is the directory relative to Config.Base, slash-separated; ""
	// when the module is the base itself.
	Dir    string
	AbsDir string
	Blocks []*Block
	// Files holds every file's source, by name, for raw fallbacks and
	// comments.
	Files map[string][]byte
	// Calls maps a module call's name to the module it calls, for calls
	// whose source is a local path.
	Calls map[string]*Module
}

// Block is a block of the configuration: a top-level block (resource,
// variable, ...) or a nested one.
type Block struct {
	Type   string
	Labels []string
	Body   *Body
	File   string
	Range  hcl.Range
	// Comments are the comment lines written just above the block.
	Comments []string
}

// Body is the inside of a block, attributes and blocks in source order.
type Body struct {
	Items []Item
	// Trailing are the comments after the last item.
	Trailing []string
}

// Item is one attribute or one nested block.
type Item struct {
	Attr  *Attr
	Block *Block
}

// Attr is `Name = Expr`; Src is the source its ranges point into.
type Attr struct {
	Name     string
	Expr     hclsyntax.Expression
	Src      []byte
	Range    hcl.Range
	Comments []string
}

// Attr returns the attribute named name, or nil.
func (b *Body) Attr(name string) *Attr {
	for _, it := range b.Items {
		if it.Attr != nil && it.Attr.Name == name {
			return it.Attr
		}
	}
	return nil
}

// Load reads the module in dir and the local modules it calls by relative
// path. Every problem found is returned at once, each at its .tf file:line.
func Load(dir string) (*Config, hcl.Diagnostics) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: err.Error()}}
	}
	l := &loader{byDir: map[string]*Module{}}
	root := l.load(abs, nil)
	if root == nil {
		return nil, l.diags
	}
	cfg := &Config{Root: root, Modules: l.order}
	var dirs []string
	for _, m := range l.order {
		dirs = append(dirs, m.AbsDir)
	}
	cfg.Base = commonDir(dirs)
	for _, m := range l.order {
		if m.AbsDir == cfg.Base {
			// Every module directory needs a name of its own.
			cfg.Base = filepath.Dir(cfg.Base)
		}
	}
	for _, m := range l.order {
		rel, _ := filepath.Rel(cfg.Base, m.AbsDir)
		m.Dir = filepath.ToSlash(rel)
		if m.Dir == "." {
			m.Dir = ""
		}
		for _, x := range l.extra[m] {
			cfg.Extra = append(cfg.Extra, path.Join(m.Dir, x))
		}
	}
	return cfg, l.diags
}

type loader struct {
	byDir map[string]*Module
	order []*Module
	extra map[*Module][]string
	diags hcl.Diagnostics
	// loading guards against a module that calls itself.
	loading map[string]bool
}

func (l *loader) load(abs string, from *hcl.Range) *Module {
	if m, ok := l.byDir[abs]; ok {
		return m
	}
	if l.loading == nil {
		l.loading = map[string]bool{}
		l.extra = map[*Module][]string{}
	}
	if l.loading[abs] {
		l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "module calls itself", Detail: abs, Subject: from})
		return nil
	}
	l.loading[abs] = true
	defer delete(l.loading, abs)
	entries, err := os.ReadDir(abs)
	if err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "cannot read module directory", Detail: err.Error(), Subject: from})
		return nil
	}
	m := &Module{AbsDir: abs, Files: map[string][]byte{}, Calls: map[string]*Module{}}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		names = append(names, e.Name())
	}
	sort.Slice(names, func(i, j int) bool {
		return fileRank(names[i]) < fileRank(names[j]) || fileRank(names[i]) == fileRank(names[j]) && names[i] < names[j]
	})
	found := false
	for _, name := range names {
		p := filepath.Join(abs, name)
		switch {
		case strings.HasSuffix(name, "_override.tf"), strings.HasSuffix(name, "_override.tf.json"), name == "override.tf", name == "override.tf.json":
			// Override files merge into other blocks; converting them as
			// blocks of their own would be wrong.
			l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "override files are not supported", Detail: p + ": merge it into the file it overrides first"})
		case strings.HasSuffix(name, ".tf"):
			found = true
			l.readHCL(m, name, p)
		case strings.HasSuffix(name, ".tf.json"):
			found = true
			l.readJSON(m, name, p)
		case name == "terraform.tfstate" || strings.HasPrefix(name, "terraform.tfstate."):
			// State is not configuration.
		default:
			l.extra[m] = append(l.extra[m], name)
		}
	}
	if !found {
		l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "no Terraform files", Detail: abs + " holds no .tf or .tf.json file", Subject: from})
	}
	l.byDir[abs] = m
	for _, b := range m.Blocks {
		if b.Type != "module" || len(b.Labels) != 1 {
			continue
		}
		src := b.Body.Attr("source")
		if src == nil {
			continue
		}
		v, ds := src.Expr.Value(nil)
		if ds.HasErrors() || !v.Type().Equals(ctyString) || v.IsNull() {
			continue
		}
		s := v.AsString()
		if !strings.HasPrefix(s, "./") && !strings.HasPrefix(s, "../") {
			continue
		}
		rng := src.Range
		if child := l.load(filepath.Join(abs, filepath.FromSlash(s)), &rng); child != nil {
			m.Calls[b.Labels[0]] = child
		}
	}
	l.order = append(l.order, m)
	return m
}

// fileRank orders the files of a module the way a reader meets them: the
// terraform block and providers, inputs, then the rest by name.
func fileRank(name string) int {
	switch strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf") {
	case "terraform", "versions":
		return 0
	case "providers":
		return 1
	case "variables":
		return 2
	case "locals":
		return 3
	case "main":
		return 4
	case "outputs":
		return 6
	}
	return 5
}

func commonDir(dirs []string) string {
	base := dirs[0]
	for _, d := range dirs[1:] {
		for !within(base, d) {
			base = filepath.Dir(base)
		}
	}
	return base
}

func within(base, d string) bool {
	rel, err := filepath.Rel(base, d)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (l *loader) readHCL(m *Module, name, p string) {
	src, err := os.ReadFile(p)
	if err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "cannot read file", Detail: err.Error()})
		return
	}
	l.readHCLSource(m, name, p, src)
}

func (l *loader) addBlocks(m *Module, body *hclsyntax.Body, name string, src []byte, cs *comments) {
	top := convertBody(body, name, src, cs)
	for _, it := range top.Items {
		if it.Attr != nil {
			l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "attribute at the top level", Detail: "a Terraform file holds blocks only", Subject: &it.Attr.Range})
			continue
		}
		m.Blocks = append(m.Blocks, it.Block)
	}
	if len(top.Trailing) > 0 && len(m.Blocks) > 0 {
		last := m.Blocks[len(m.Blocks)-1]
		last.Body.Trailing = append(last.Body.Trailing, top.Trailing...)
	}
}

// convertBody turns a parsed body into the converter's body, with each
// comment attached to the item it belongs to.
func convertBody(body *hclsyntax.Body, file string, src []byte, cs *comments) *Body {
	type ranged struct {
		start int
		item  Item
		hb    *hclsyntax.Block
	}
	var items []ranged
	for _, a := range body.Attributes {
		items = append(items, ranged{a.SrcRange.Start.Byte, Item{Attr: &Attr{Name: a.Name, Expr: a.Expr, Src: src, Range: a.SrcRange}}, nil})
	}
	for _, b := range body.Blocks {
		items = append(items, ranged{b.TypeRange.Start.Byte, Item{Block: &Block{Type: b.Type, Labels: b.Labels, File: file, Range: b.Range()}}, b})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].start < items[j].start })
	out := &Body{}
	for _, it := range items {
		if it.item.Attr != nil {
			a := it.item.Attr
			a.Comments = cs.before(a.Range.Start.Byte)
			// Comments inside the expression and on its last line stay with it.
			a.Comments = append(a.Comments, cs.upTo(a.Range.End.Byte, a.Range.End.Line)...)
		} else {
			b := it.item.Block
			b.Comments = cs.before(b.Range.Start.Byte)
			hb := it.hb
			b.Body = convertBody(hb.Body, file, src, cs)
			b.Body.Trailing = append(b.Body.Trailing, cs.upTo(hb.Body.SrcRange.End.Byte, -1)...)
		}
		out.Items = append(out.Items, it.item)
	}
	out.Trailing = cs.upTo(body.SrcRange.End.Byte, -1)
	return out
}

// comments hands out a file's comments in order, each once.
type comments struct {
	list []comment
	next int
}

type comment struct {
	start, end int
	line       int
	text       []string
}

func newComments(src []byte, file string) *comments {
	toks, _ := hclsyntax.LexConfig(src, file, hcl.InitialPos)
	cs := &comments{}
	for _, t := range toks {
		if t.Type != hclsyntax.TokenComment {
			continue
		}
		text := commentText(string(t.Bytes))
		if isGeneratedHeader(text) {
			continue
		}
		cs.list = append(cs.list, comment{start: t.Range.Start.Byte, end: t.Range.End.Byte, line: t.Range.Start.Line, text: text})
	}
	return cs
}

// before returns the comments that start before byte offset at.
func (cs *comments) before(at int) []string {
	var out []string
	for cs.next < len(cs.list) && cs.list[cs.next].start < at {
		out = append(out, cs.list[cs.next].text...)
		cs.next++
	}
	return out
}

// upTo returns the comments before byte offset end, and those that start
// on line (a trailing comment on the same line), when line >= 0.
func (cs *comments) upTo(end, line int) []string {
	var out []string
	for cs.next < len(cs.list) && (cs.list[cs.next].start < end || cs.list[cs.next].line == line) {
		out = append(out, cs.list[cs.next].text...)
		cs.next++
	}
	return out
}

// commentText turns a #, // or /* */ comment into its lines of text.
func commentText(s string) []string {
	s = strings.TrimRight(s, "\r\n")
	switch {
	case strings.HasPrefix(s, "#"):
		return []string{strings.TrimPrefix(strings.TrimPrefix(s, "#"), " ")}
	case strings.HasPrefix(s, "//"):
		return []string{strings.TrimPrefix(strings.TrimPrefix(s, "//"), " ")}
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "/*"), "*/")
	var out []string
	for _, line := range strings.Split(strings.Trim(s, "\n"), "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimPrefix(line, "*"))
		out = append(out, line)
	}
	return out
}

// isGeneratedHeader reports the header the renderer writes on every file:
// the converted program writes its own.
func isGeneratedHeader(text []string) bool {
	return len(text) == 1 && strings.HasPrefix(text[0], "Code generated by ") && strings.HasSuffix(text[0], "DO NOT EDIT.")
}
