package policy

import (
	"encoding/json"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/hclfast"
)

// CheckRendered judges a root module as the generator renders it, before
// anything is written and before terraform runs: the same rules as Check,
// over the values the configuration gives each resource instance. files
// holds the rendered files by slash-separated path (the root module and
// the local modules it calls), root is the root module's directory among
// them. Root variables take their defaults, then the values of the root's
// *.auto.tfvars files, as terraform reads them. Every attribute a resource
// gets from another resource is a placeholder, as it is in a first plan.
// Module calls with count or for_each are expanded into their instances,
// each with its own count.index or each.key and each.value; a call whose
// expansion only apply can know has no instance here, and the plan check
// judges its resources.
func CheckRendered(files map[string][]byte, root string, rules []*Rule, opts Options) (*Report, error) {
	return NewRendered(files).Check(root, rules, opts)
}

// Rendered is the rendered configuration of one generator run, to be
// checked root module by root module, as CheckRendered does: a module
// that several roots call (every environment calls out/modules) is read
// once for all of them. Check and Add are safe for concurrent use, so
// independent roots can be checked in parallel, each as soon as its
// files are there.
type Rendered struct {
	files *renderedFiles
	l     *loader

	// reads is attrsFor(readsOf), kept for the next root checked with
	// the same rules (every root of a generator run is); the resolvers
	// only read it.
	mu      sync.Mutex
	readsOf []*Rule
	reads   map[string]*attrSet
}

// NewRendered holds files, the rendered files by slash-separated path.
func NewRendered(files map[string][]byte) *Rendered {
	rf := &renderedFiles{files: memSource{}}
	rf.add(files)
	return &Rendered{files: rf, l: newLoader(rf)}
}

// Add adds files, by slash-separated path, to the rendered set: a
// generator can check a root once its files are rendered, while others
// still render. Add a root's files before checking it.
func (rs *Rendered) Add(files map[string][]byte) { rs.files.add(files) }

// renderedFiles is a memSource that grows as files are rendered.
type renderedFiles struct {
	mu    sync.RWMutex
	files memSource
}

func (f *renderedFiles) add(files map[string][]byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	maps.Copy(f.files, files)
}

func (f *renderedFiles) list(dir string) ([]string, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.files.list(dir)
}

func (f *renderedFiles) read(p string) ([]byte, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.files.read(p)
}

// autoVars is the *.auto.tfvars files of directory dir with their
// contents, sorted by path, as terraform reads them.
func (f *renderedFiles) autoVars(dir string) (names []string, data [][]byte) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for name := range f.files {
		if path.Dir(name) == path.Clean(dir) && strings.HasSuffix(name, ".auto.tfvars") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		data = append(data, f.files[name])
	}
	return names, data
}

// UseSyntax gives the module in directory dir (slash-separated, as in
// files) as the body of one file holding all its blocks, already in HCL
// syntax: a generator that has the model need not have its rendered text
// parsed again. Its files in the rendered set are then not read. Call it
// before the first Check.
func (rs *Rendered) UseSyntax(dir string, body hcl.Body) {
	rs.l.mu.Lock()
	defer rs.l.mu.Unlock()
	rs.l.syntax[path.Clean(dir)] = body
}

// Load reads the module in directory dir (given to UseSyntax, or among
// the rendered files), its own blocks without the modules it calls, as
// the first Check of a root that calls it would: a generator can have
// each module read on the goroutine that built its syntax tree, while
// others still render, instead of on the check that comes to it first.
func (rs *Rendered) Load(dir string) { rs.l.module(dir) }

// Check is CheckRendered of the root module in directory root.
func (rs *Rendered) Check(root string, rules []*Rule, opts Options) (*Report, error) {
	if err := validateOptions(opts); err != nil {
		return nil, err
	}
	cfg, err := rs.l.config(root)
	if err != nil {
		return nil, err
	}
	p := &Plan{FormatVersion: "1.2", Variables: map[string]any{}}
	names, data := rs.files.autoVars(root)
	for i, name := range names {
		if err := tfvars(data[i], name, p.Variables); err != nil {
			return nil, err
		}
	}
	rv := newResolver(p, cfg, rs.attrsFor(rules))
	for name, v := range cfg.root.vars {
		if _, ok := p.Variables[name]; !ok && v.def == nil {
			rv.vars[name] = rv.open("var." + name + " has no default and no value in *.auto.tfvars")
		}
	}
	// A new instance's planned value is an object with nothing known
	// yet, and what other resources may read from it is unknown
	// (computed): the same nodes for every instance of a type, written
	// into the plan's tree once (its nodes are values, never changed).
	var none ref
	unknownOf := map[string]ref{}
	created := func(typ string) (after, unknown ref) {
		if none == 0 {
			none = p.t.mustAny(map[string]any{})
		}
		u, ok := unknownOf[typ]
		if !ok {
			u = p.t.mustAny(computed(cfg, typ))
			unknownOf[typ] = u
		}
		return none, u
	}
	// Pass 1: every instance, with what other resources may read from it
	// as placeholders.
	var expand func(scope []modKey, m *cfgModule)
	expand = func(scope []modKey, m *cfgModule) {
		in := rv.inst(scope)
		prefix := scopePath(scope)
		if prefix != "" {
			prefix += "."
		}
		// Each instance's address without keys and its module
		// instances are known here: addrParts need not parse them out
		// of the address again. Its resources share scope, as those
		// addrParts gives share one per module instance.
		var cfgPrefix strings.Builder
		for _, s := range scope {
			cfgPrefix.WriteString("module." + s.name + ".")
		}
		for _, key := range m.managed {
			cr := m.resources[key]
			for _, k := range rv.instanceKeys(in, cr.count, cr.forEach) {
				r := p.newResource(&tfjson.ResourceChange{
					Address: prefix + key + k, ModuleAddress: strings.TrimSuffix(prefix, "."), Mode: tfjson.ManagedResourceMode,
					Type: cr.typ, Name: cr.name,
					Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}},
				})
				r.after, r.unknown = created(cr.typ)
				r.cfg, r.scope, r.split = cfgPrefix.String()+key, scope, true
				p.Resources = append(p.Resources, r)
			}
		}
		for _, name := range m.callNames {
			call := m.calls[name]
			if call.mod == nil {
				continue
			}
			for _, k := range rv.instanceKeys(in, call.count, call.forEach) {
				expand(append(append([]modKey(nil), scope...), modKey{name, k}), call.mod)
			}
		}
	}
	// A for_each over another resource's instances needs those listed
	// first: list again until nothing changes. Where no count or
	// for_each can read the plan, the first listing is the last.
	readsPlan := expansionReadsPlan(cfg)
	for n := -1; n != len(p.Resources) && len(p.Resources) < 1e6; {
		n = len(p.Resources)
		p.index()
		rv.reset()
		p.Resources = nil
		expand(nil, cfg.root)
		if !readsPlan {
			break
		}
	}
	p.index()
	// Values evaluated while instances were still being listed saw an
	// incomplete plan.
	rv.reset()
	// Pass 2, as the rules read: each instance's own configuration,
	// evaluated.
	rv.res.rendered = true
	p.res = rv.res
	return Evaluate(p, rules, opts), nil
}

// attrsFor is attrsFor(rules), made once for a run of roots checked with
// the same rules.
func (rs *Rendered) attrsFor(rules []*Rule) map[string]*attrSet {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.reads == nil || !slices.Equal(rs.readsOf, rules) {
		rs.readsOf, rs.reads = slices.Clone(rules), attrsFor(rules)
	}
	return rs.reads
}

// expansionReadsPlan reports whether a count or for_each of cfg may read
// the plan: a resource, a data source, or the instances of an expanded
// module call, directly or through locals, the arguments a module's
// variables take from its callers, and module outputs. Where none can,
// every expansion is known before any instance is listed.
func expansionReadsPlan(cfg *Config) bool {
	type use struct {
		parent *cfgModule
		call   *cfgCall
	}
	callers := map[*cfgModule][]use{}
	for _, m := range cfg.modules {
		for _, c := range m.calls {
			if c.mod != nil {
				callers[c.mod] = append(callers[c.mod], use{m, c})
			}
		}
	}
	type at struct {
		m *cfgModule
		e hcl.Expression
	}
	busy := map[at]bool{}
	var reads func(m *cfgModule, e hcl.Expression) bool
	reads = func(m *cfgModule, e hcl.Expression) bool {
		if e == nil || busy[at{m, e}] {
			return false
		}
		busy[at{m, e}] = true
		for _, t := range e.Variables() {
			name := ""
			if len(t) > 1 {
				if a, ok := t[1].(hcl.TraverseAttr); ok {
					name = a.Name
				}
			}
			switch t.RootName() {
			case "count", "each", "path", "terraform", "self":
			case "var":
				if name == "" {
					return true
				}
				for _, u := range callers[m] {
					if a := u.call.args[name]; a != nil && reads(u.parent, a.Expr) {
						return true
					}
				}
			case "local":
				if name == "" || reads(m, m.locals[name]) {
					return true
				}
			case "module":
				call := m.calls[name]
				if call == nil || call.mod == nil || call.count != nil || call.forEach != nil {
					return true
				}
				if out := moduleOutput(t); out != "" {
					if reads(call.mod, call.mod.outputs[out]) {
						return true
					}
					continue
				}
				for _, o := range call.mod.outputs {
					if reads(call.mod, o) {
						return true
					}
				}
			default:
				return true
			}
		}
		return false
	}
	for _, m := range cfg.modules {
		for _, r := range m.resources {
			if reads(m, r.count) || reads(m, r.forEach) {
				return true
			}
		}
		for _, c := range m.calls {
			if reads(m, c.count) || reads(m, c.forEach) {
				return true
			}
		}
	}
	return false
}

// computed is what another resource can read of a new resource of typ
// before apply: its id, its ARN and whatever the configuration reads from
// it, all unknown.
func computed(cfg *Config, typ string) map[string]any {
	unk := map[string]any{"id": true, "arn": true}
	for a := range cfg.refs[typ] {
		if a != "*" {
			unk[a] = true
		}
	}
	return unk
}

// instanceKeys lists the address keys of the instances of a resource or
// module call with the given count and for_each expressions, evaluated in
// in: "" for a single one, [0].. for count, ["k"] for for_each. An
// expansion the configuration leaves open gives no instance.
func (rv *resolver) instanceKeys(in *modInst, count, forEach hcl.Expression) []string {
	switch {
	case count != nil:
		v, diags := rv.eval(in, count, instKey{})
		v, _ = v.Unmark()
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
			return nil
		}
		n, _ := v.AsBigFloat().Int64()
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "[" + strconv.Itoa(i) + "]"
		}
		return keys
	case forEach != nil:
		v, diags := rv.eval(in, forEach, instKey{})
		v, _ = v.Unmark()
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return nil
		}
		var keys []string
		for it := v.ElementIterator(); it.Next(); {
			k, _ := it.Element()
			k, _ = k.Unmark()
			if k.Type() == cty.String && k.IsKnown() {
				keys = append(keys, "["+strconv.Quote(k.AsString())+"]")
			}
		}
		return keys
	}
	return single
}

// single is the address keys of a resource or module call without count
// or for_each: one instance, without a key. Callers only read it.
var single = []string{""}

// tfvars reads the literal values of a .tfvars file into vars. hclfast
// parses it as hclsyntax would (a generated file's comment header alone
// costs hclsyntax a grapheme scan per byte).
func tfvars(data []byte, name string, vars map[string]any) error {
	f, diags := hclfast.ParseConfig(data, filepath.FromSlash(name))
	if diags.HasErrors() {
		return diagError(diags)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return diagError(diags)
	}
	for n, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			return diagError(diags)
		}
		b, err := ctyJSON(v)
		if err != nil {
			return err
		}
		var x any
		if err := json.Unmarshal(b, &x); err != nil {
			return err
		}
		vars[n] = x
	}
	return nil
}

func ctyJSON(v cty.Value) ([]byte, error) {
	val, _, _ := (&placeholders{}).toJSON(v)
	return json.Marshal(val)
}
