package policy

import (
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/deepstack"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/hclfast"
	"github.com/zclconf/go-cty/cty"
)

// A Config is the Terraform configuration that made a plan: the root
// module's .tf and .tf.json files and every local module it calls, parsed
// with hclsyntax and HCL's JSON parser. Check evaluates from it the values
// the plan leaves unknown (see Options.Config).
type Config struct {
	root *cfgModule
	// modules are every module of the configuration once, root first.
	modules []*cfgModule
	l       *loader
	// refs lists, per resource type, the attributes the configuration
	// reads from resources of that type ("*": the whole object), so the
	// plan decoder keeps them.
	refs map[string]map[string]bool
	// reads are the attributes the rules read (see keep); the resolver
	// resolves only those.
	reads map[string]*attrSet
}

// A loader reads module directories into cfgModules, each directory
// once however many calls or root modules use it: the generator checks
// every environment, and they share out/modules. Each module is loaded on
// its own (see module), so that roots checked in parallel load their
// modules in parallel.
type loader struct {
	// mu guards the maps below; it is held only to look up or add an
	// entry, never while a module loads.
	mu   sync.Mutex
	src  source
	mods map[string]*modEntry // by cleaned directory
	// files holds the text of every file read, by file name, for
	// messages that quote it (Config.source).
	files map[string][]byte
	// syntax holds modules given as syntax trees rather than files, by
	// slash-separated directory.
	syntax map[string]hcl.Body
	// serial loads the modules a module calls one after the other, on
	// the goroutine that links it (see link).
	serial bool
}

// A modEntry is one module directory of a loader: its blocks are loaded
// once (load), and its local calls linked to their modules once (link).
// Loading a module reads nothing of the modules it calls, so no load
// waits for another; linking only waits for loads. Two roots that share
// modules, or whose modules call each other, cannot deadlock.
type modEntry struct {
	loaded, linked sync.Once
	m              *cfgModule
}

func newLoader(src source) *loader {
	return &loader{src: src, mods: map[string]*modEntry{}, files: map[string][]byte{}, syntax: map[string]hcl.Body{}}
}

type cfgModule struct {
	dir string
	// abs is dir made absolute: two spellings of one directory are one
	// module to a cycle (see loader.cycles).
	abs string
	// entry is the module's place in its loader.
	entry *modEntry
	// diags are the module's own problems, given again to every
	// configuration that uses it.
	diags hcl.Diagnostics
	// refs is what this module's expressions read of resources (see
	// Config.refs).
	refs      map[string]map[string]bool
	vars      map[string]*cfgVar
	locals    map[string]hcl.Expression
	resources map[string]*cfgResource // "type.name"; data sources "data.type.name"
	// byName holds the managed resources by type and name, for lookups
	// that need not make the "type.name" string.
	byName    map[[2]string]*cfgResource
	calls     map[string]*cfgCall
	outputs   map[string]hcl.Expression
	providers map[string]*hcl.Block // "aws", "aws.alias"
	// callOrder is the calls in the order of their blocks, the order in
	// which a cycle of calls is found (see loader.cycles).
	callOrder []*cfgCall
	// managed holds the keys of the managed resources, and callNames
	// the names of the calls, sorted: the order in which a check lists
	// each instance of the module (see sortKeys).
	managed, callNames []string
}

type cfgVar struct {
	def       hcl.Expression
	sensitive bool
}

type cfgResource struct {
	typ, name      string
	body           hcl.Body
	count, forEach hcl.Expression
	provider       string // the provider meta-argument, "" when unset
	decl           hcl.Range
	// sets holds the arguments and block types the body sets; consts
	// those whose expressions refer to nothing, so that their value is
	// the same in every instance.
	sets, consts map[string]bool
}

type cfgCall struct {
	name           string
	count, forEach hcl.Expression
	args           map[string]*hcl.Attribute
	// dir is the called module's directory when its source is local
	// (./ or ../), else "".
	dir string
	mod *cfgModule
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
}}

var (
	varSchema      = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "sensitive"}}}
	outputSchema   = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}}
	resourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}, {Name: "depends_on"}},
		Blocks: []hcl.BlockHeaderSchema{{Type: "lifecycle"}, {Type: "connection"}, {Type: "provisioner", LabelNames: []string{"type"}}, {Type: "precondition"}, {Type: "postcondition"}}}
	callMeta = []string{"source", "version", "count", "for_each", "providers", "depends_on"}
)

// LoadConfig parses the root module in dir and the local modules it calls
// (sources starting with ./ or ../; registry and remote modules are left
// out, and their values stay unknown). Every syntax error of every file
// is returned at once.
func LoadConfig(dir string) (*Config, error) {
	return loadConfig(dir, diskSource{})
}

// A source lists and reads configuration files: the disk, or files
// rendered in memory that are not written yet.
type source interface {
	list(dir string) ([]string, error)
	read(path string) ([]byte, error)
}

type diskSource struct{}

func (diskSource) list(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, err
}

func (diskSource) read(path string) ([]byte, error) { return os.ReadFile(path) }

// memSource holds files by slash-separated path.
type memSource map[string][]byte

func (m memSource) list(dir string) ([]string, error) {
	dir = path.Clean(filepath.ToSlash(dir))
	var names []string
	for p := range m {
		if path.Dir(p) == dir {
			names = append(names, path.Base(p))
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no configuration files", dir)
	}
	return names, nil
}

func (m memSource) read(p string) ([]byte, error) {
	b, ok := m[path.Clean(filepath.ToSlash(p))]
	if !ok {
		return nil, fmt.Errorf("%s: not found", p)
	}
	return b, nil
}

// loadConfig loads the one root module in dir, its modules one after
// the other: a goroutine for each would shorten the load by a part of a
// millisecond and lengthen the CPU time by more (the idle processor it
// wakes looks for work before it sleeps again), and a check's cost is
// its CPU time. The generator, which checks every root at once, loads in
// parallel (see Rendered).
func loadConfig(dir string, src source) (*Config, error) {
	l := newLoader(src)
	l.serial = true
	return l.config(dir)
}

// config loads the root module in dir and what it calls.
func (l *loader) config(dir string) (*Config, error) {
	c := &Config{l: l, refs: map[string]map[string]bool{}}
	c.root = l.module(dir)
	closing := l.cycles(c.root)
	var diags hcl.Diagnostics
	seen := map[*cfgModule]bool{}
	var walk func(m *cfgModule)
	walk = func(m *cfgModule) {
		if seen[m] {
			return
		}
		seen[m] = true
		c.modules = append(c.modules, m)
		diags = append(diags, m.diags...)
		for typ, attrs := range m.refs {
			if c.refs[typ] == nil {
				c.refs[typ] = map[string]bool{}
			}
			for a := range attrs {
				c.refs[typ][a] = true
			}
		}
		for _, name := range slices.Sorted(maps.Keys(m.calls)) {
			call := m.calls[name]
			if closing[call] {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "module calls itself: " + call.dir})
				continue
			}
			if call.mod != nil {
				walk(call.mod)
			}
		}
	}
	walk(c.root)
	if diags.HasErrors() {
		return nil, diagError(diags)
	}
	return c, nil
}

// cycles links every module root reaches to the modules it calls, and
// returns the calls that close a cycle: those that call a module whose
// call is being followed, as root's calls are followed in block order,
// each module the first time it is reached.
func (l *loader) cycles(root *cfgModule) map[*cfgCall]bool {
	var closing map[*cfgCall]bool
	busy, done := map[string]bool{}, map[*cfgModule]bool{}
	var follow func(m *cfgModule)
	follow = func(m *cfgModule) {
		busy[m.abs] = true
		defer delete(busy, m.abs)
		done[m] = true
		l.link(m)
		for _, call := range m.callOrder {
			if call.mod == nil {
				continue
			}
			if busy[call.mod.abs] {
				if closing == nil {
					closing = map[*cfgCall]bool{}
				}
				closing[call] = true
				continue
			}
			if !done[call.mod] {
				follow(call.mod)
			}
		}
	}
	follow(root)
	return closing
}

// diagError turns HCL diagnostics into one error, every problem on its own
// line with its file:line.
func diagError(diags hcl.Diagnostics) error {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		if d.Subject != nil {
			fmt.Fprintf(&b, "%s:%d: ", d.Subject.Filename, d.Subject.Start.Line)
		}
		b.WriteString(d.Summary)
		if d.Detail != "" {
			b.WriteString(": " + d.Detail)
		}
	}
	return fmt.Errorf("configuration: %s", b.String())
}

// module returns the module in dir, its own blocks loaded: the first
// call loads them, and calls at the same time wait for it.
func (l *loader) module(dir string) *cfgModule {
	key := filepath.Clean(dir)
	l.mu.Lock()
	e := l.mods[key]
	if e == nil {
		e = &modEntry{}
		l.mods[key] = e
	}
	l.mu.Unlock()
	e.loaded.Do(func() {
		m := &cfgModule{dir: dir, entry: e, refs: map[string]map[string]bool{}, vars: map[string]*cfgVar{}, locals: map[string]hcl.Expression{},
			resources: map[string]*cfgResource{}, calls: map[string]*cfgCall{}, outputs: map[string]hcl.Expression{},
			providers: map[string]*hcl.Block{}}
		m.abs, _ = filepath.Abs(dir)
		l.load(m)
		m.sortKeys()
		e.m = m
	})
	return e.m
}

// sortKeys sorts m's managed resource keys and call names, once for all
// the instances of m that every check lists, when m is loaded.
func (m *cfgModule) sortKeys() {
	for key := range m.resources {
		if !strings.HasPrefix(key, "data.") {
			m.managed = append(m.managed, key)
		}
	}
	slices.Sort(m.managed)
	m.callNames = slices.Sorted(maps.Keys(m.calls))
}

// link points m's local calls at their modules, once, loading the
// modules m calls in parallel (unless l.serial): they are independent
// until linked. A panic while loading one is raised again on the
// caller's goroutine, where a recover (the generator's) can see it.
func (l *loader) link(m *cfgModule) {
	m.entry.linked.Do(func() {
		var wg sync.WaitGroup
		failures := make([]any, len(m.callOrder))
		last := -1
		for i, call := range m.callOrder {
			if call.dir != "" {
				last = i
			}
		}
		load := func(i int) {
			defer func() { failures[i] = recover() }()
			m.callOrder[i].mod = l.module(m.callOrder[i].dir)
		}
		for i, call := range m.callOrder {
			switch {
			case call.dir == "" || i == last:
			case l.serial:
				load(i)
			default:
				wg.Go(func() { deepstack.Grow(); load(i) })
			}
		}
		// The last call loads on this goroutine, whose stack has grown
		// already: a new goroutine's stack is copied as it grows through
		// the parser's recursion.
		if last >= 0 {
			load(last)
		}
		wg.Wait()
		for _, f := range failures {
			if f != nil {
				panic(f)
			}
		}
	})
}

func (l *loader) load(m *cfgModule) {
	dir := m.dir
	diags := &m.diags
	l.mu.Lock()
	body, ok := l.syntax[filepath.ToSlash(filepath.Clean(dir))]
	l.mu.Unlock()
	if ok {
		blocks, d := fileBlocks(body)
		*diags = append(*diags, d...)
		for _, b := range blocks {
			l.addBlock(m, b, diags)
		}
		return
	}
	all, err := l.src.list(dir)
	if err != nil {
		*diags = append(*diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: err.Error()})
		return
	}
	var names []string
	for _, n := range all {
		if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		p := filepath.Join(dir, n)
		data, err := l.src.read(p)
		if err != nil {
			*diags = append(*diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: err.Error()})
			continue
		}
		l.mu.Lock()
		l.files[p] = data
		l.mu.Unlock()
		var f *hcl.File
		var d hcl.Diagnostics
		if strings.HasSuffix(n, ".json") {
			f, d = hcljson.Parse(data, p)
		} else {
			// hclfast gives hclsyntax's tree several times faster, and
			// hands what it does not cover (and every error) to hclsyntax.
			f, d = hclfast.ParseConfig(data, p)
		}
		*diags = append(*diags, d...)
		if f == nil {
			continue
		}
		blocks, d := fileBlocks(f.Body)
		*diags = append(*diags, d...)
		for _, b := range blocks {
			l.addBlock(m, b, diags)
		}
	}
}

func (l *loader) addBlock(m *cfgModule, b *hcl.Block, diags *hcl.Diagnostics) {
	switch b.Type {
	case "variable":
		v := &cfgVar{def: argOf(b.Body, varSchema, "default")}
		if e := argOf(b.Body, varSchema, "sensitive"); e != nil {
			s, d := e.Value(nil)
			v.sensitive = !d.HasErrors() && s.Type().Equals(cty.Bool) && s.IsKnown() && s.True()
		}
		m.vars[b.Labels[0]] = v
	case "locals":
		if sb, ok := b.Body.(*hclsyntax.Body); ok && len(sb.Blocks) == 0 {
			// JustAttributes, without its copy of every attribute.
			for n, a := range sb.Attributes {
				m.locals[n] = a.Expr
				m.noteRefs(a.Expr)
			}
			break
		}
		attrs, d := b.Body.JustAttributes()
		*diags = append(*diags, d...)
		for n, a := range attrs {
			m.locals[n] = a.Expr
			m.noteRefs(a.Expr)
		}
	case "output":
		if e := argOf(b.Body, outputSchema, "value"); e != nil {
			m.outputs[b.Labels[0]] = e
			m.noteRefs(e)
		}
	case "provider":
		name := b.Labels[0]
		if e := argOf(b.Body, nil, "alias"); e != nil {
			if v, d := e.Value(nil); !d.HasErrors() && v.Type().Equals(cty.String) {
				name += "." + v.AsString()
			}
		}
		m.providers[name] = b
	case "resource", "data":
		meta, remain := resourceMeta(b.Body, diags)
		r := &cfgResource{typ: b.Labels[0], name: b.Labels[1], body: remain, decl: b.DefRange}
		r.count, r.forEach = meta("count"), meta("for_each")
		if e := meta("provider"); e != nil {
			if t, d := hcl.AbsTraversalForExpr(e); !d.HasErrors() {
				parts := make([]string, 0, 2)
				for _, s := range t {
					switch s := s.(type) {
					case hcl.TraverseRoot:
						parts = append(parts, s.Name)
					case hcl.TraverseAttr:
						parts = append(parts, s.Name)
					}
				}
				r.provider = strings.Join(parts, ".")
			}
		}
		key := r.typ + "." + r.name
		if b.Type == "data" {
			key = "data." + key
		}
		r.sets, r.consts = m.bodyArgs(remain)
		m.resources[key] = r
		if b.Type == "resource" {
			if m.byName == nil {
				m.byName = map[[2]string]*cfgResource{}
			}
			m.byName[[2]string{r.typ, r.name}] = r
		}
		if r.forEach != nil {
			m.noteRefs(r.forEach)
		}
	case "module":
		attrs, d := b.Body.JustAttributes()
		*diags = append(*diags, d...)
		call := &cfgCall{name: b.Labels[0], args: map[string]*hcl.Attribute{}}
		var source string
		for n, a := range attrs {
			switch n {
			case "source":
				if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type().Equals(cty.String) {
					source = v.AsString()
				}
			case "count":
				call.count = a.Expr
			case "for_each":
				call.forEach = a.Expr
			}
			if !slices.Contains(callMeta, n) {
				call.args[n] = a
				m.noteRefs(a.Expr)
			}
		}
		if strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../") {
			call.dir = filepath.Join(m.dir, filepath.FromSlash(source))
		}
		if old := m.calls[call.name]; old != nil {
			m.callOrder = slices.DeleteFunc(m.callOrder, func(c *cfgCall) bool { return c == old })
		}
		m.calls[call.name] = call
		m.callOrder = append(m.callOrder, call)
	}
}

// fileBlocks is the blocks of fileSchema's types in a file's body, and
// the problems with them, as body.PartialContent(fileSchema) gives them.
// An HCL syntax body whose blocks have their labels is read straight,
// without the maps PartialContent makes for its remainder.
func fileBlocks(body hcl.Body) (hcl.Blocks, hcl.Diagnostics) {
	if sb, ok := body.(*hclsyntax.Body); ok {
		blocks := make(hcl.Blocks, 0, len(sb.Blocks))
		for _, b := range sb.Blocks {
			i := slices.IndexFunc(fileSchema.Blocks, func(s hcl.BlockHeaderSchema) bool { return s.Type == b.Type })
			if i < 0 {
				continue
			}
			if len(b.Labels) != len(fileSchema.Blocks[i].LabelNames) {
				blocks = nil
				break
			}
			blocks = append(blocks, b.AsHCLBlock())
		}
		if blocks != nil {
			return blocks, nil
		}
	}
	content, _, diags := body.PartialContent(fileSchema)
	return content.Blocks, diags
}

// argOf is the expression of argument name of a block's body, nil when
// the body does not set it, as body.PartialContent(schema) gives it (or
// body.JustAttributes, for a nil schema). An HCL syntax body is read
// straight: PartialContent and JustAttributes copy the body's arguments
// for every block, and PartialContent the body itself, for a remainder
// the loader does not read.
func argOf(body hcl.Body, schema *hcl.BodySchema, name string) hcl.Expression {
	var a *hcl.Attribute
	switch sb, ok := body.(*hclsyntax.Body); {
	case ok:
		if sa := sb.Attributes[name]; sa != nil {
			return sa.Expr
		}
		return nil
	case schema == nil:
		attrs, _ := body.JustAttributes()
		a = attrs[name]
	default:
		content, _, _ := body.PartialContent(schema)
		a = content.Attributes[name]
	}
	if a == nil {
		return nil
	}
	return a.Expr
}

// resourceMeta returns the meta-arguments of a resource body among
// resourceSchema's (nil for one not set) and the body of the resource's
// own arguments, as body.PartialContent(resourceSchema) gives them. The
// resolver reads an HCL syntax body's arguments and blocks straight from
// it, so such a body is its own remainder, without the copy of it (and
// of its meta-arguments) that PartialContent makes for each resource;
// one whose meta-blocks have the wrong labels still goes through
// PartialContent, for its diagnostics.
func resourceMeta(body hcl.Body, diags *hcl.Diagnostics) (func(name string) hcl.Expression, hcl.Body) {
	sb, ok := body.(*hclsyntax.Body)
	if ok {
		for _, b := range sb.Blocks {
			for _, s := range resourceSchema.Blocks {
				if b.Type == s.Type && len(b.Labels) != len(s.LabelNames) {
					ok = false
				}
			}
		}
	}
	if ok {
		return func(name string) hcl.Expression {
			if a := sb.Attributes[name]; a != nil {
				return a.Expr
			}
			return nil
		}, sb
	}
	content, remain, d := body.PartialContent(resourceSchema)
	*diags = append(*diags, d...)
	return func(name string) hcl.Expression {
		if a := content.Attributes[name]; a != nil {
			return a.Expr
		}
		return nil
	}, remain
}

// bodyArgs records the references of every expression in a resource
// body, nested and dynamic blocks included, and returns the arguments
// and block types the body sets (a dynamic block by its label) and, of
// those, the ones whose expressions refer to nothing: their value is the
// same in every instance.
func (m *cfgModule) bodyArgs(body hcl.Body) (sets, consts map[string]bool) {
	sets, consts = map[string]bool{}, map[string]bool{}
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		attrs, _ := body.JustAttributes()
		for n, a := range attrs {
			sets[n], consts[n] = true, !m.noteRefs(a.Expr)
		}
		return sets, consts
	}
	for n, a := range sb.Attributes {
		sets[n], consts[n] = true, !m.noteRefs(a.Expr)
	}
	for _, b := range sb.Blocks {
		n, c := b.Type, m.noteBody(b.Body)
		if n == "dynamic" && len(b.Labels) == 1 {
			n, c = b.Labels[0], false
		}
		if sets[n] {
			c = c && consts[n]
		}
		sets[n], consts[n] = true, c
	}
	return sets, consts
}

// noteBody records the references of every expression in a nested
// block, and reports whether there are none.
func (m *cfgModule) noteBody(body *hclsyntax.Body) bool {
	none := true
	for _, a := range body.Attributes {
		if m.noteRefs(a.Expr) {
			none = false
		}
	}
	for _, b := range body.Blocks {
		if !m.noteBody(b.Body) {
			none = false
		}
	}
	return none
}

// noteRefs records which attributes of which resource types e reads,
// and reports whether e refers to anything.
func (m *cfgModule) noteRefs(e hcl.Expression) bool {
	found := false
	refsOf(e, func(t hcl.Traversal) {
		found = true
		root := t.RootName()
		switch root {
		case "var", "local", "module", "count", "each", "path", "terraform", "self", "data":
			return
		}
		attr := "*"
		for i, s := range t[1:] {
			if a, ok := s.(hcl.TraverseAttr); ok && i > 0 {
				attr = a.Name
				break
			}
			if _, ok := s.(hcl.TraverseSplat); ok {
				break
			}
		}
		as := m.refs[root]
		if as == nil {
			as = map[string]bool{}
			m.refs[root] = as
		}
		as[attr] = true
	})
	return found
}

// refsOf calls fn with each traversal e.Variables() returns (in another
// order), without the walker Variables allocates, for the node types
// configurations are mostly made of. Other expressions (for expressions
// and splats, whose scopes Variables knows, and HCL's JSON syntax) go to
// Variables.
func refsOf(e hcl.Expression, fn func(hcl.Traversal)) {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
	case *hclsyntax.ScopeTraversalExpr:
		fn(e.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		refsOf(e.Source, fn)
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			refsOf(p, fn)
		}
	case *hclsyntax.TemplateWrapExpr:
		refsOf(e.Wrapped, fn)
	case *hclsyntax.FunctionCallExpr:
		for _, a := range e.Args {
			refsOf(a, fn)
		}
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			refsOf(x, fn)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			refsOf(it.KeyExpr, fn)
			refsOf(it.ValueExpr, fn)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		// A bare name is a literal key, not a reference.
		if hcl.ExprAsKeyword(e.Wrapped) == "" {
			refsOf(e.Wrapped, fn)
		}
	case *hclsyntax.ConditionalExpr:
		refsOf(e.Condition, fn)
		refsOf(e.TrueResult, fn)
		refsOf(e.FalseResult, fn)
	case *hclsyntax.BinaryOpExpr:
		refsOf(e.LHS, fn)
		refsOf(e.RHS, fn)
	case *hclsyntax.UnaryOpExpr:
		refsOf(e.Val, fn)
	case *hclsyntax.ParenthesesExpr:
		refsOf(e.Expression, fn)
	case *hclsyntax.IndexExpr:
		refsOf(e.Collection, fn)
		refsOf(e.Key, fn)
	default:
		for _, t := range e.Variables() {
			fn(t)
		}
	}
}

// source returns the text of a range, shortened for a message.
func (c *Config) source(r hcl.Range) string {
	c.l.mu.Lock()
	src, ok := c.l.files[r.Filename]
	c.l.mu.Unlock()
	if !ok || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	s := strings.Join(strings.Fields(string(r.SliceBytes(src))), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}
