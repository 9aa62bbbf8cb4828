package policy

import (
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// A Plan is the part of a plan JSON the rules read: every managed resource
// change and the configuration, indexed for lookups between resources.
type Plan struct {
	FormatVersion string
	// Resources are the managed resource changes in plan order; data
	// source reads are left out.
	Resources []*Resource
	// Config is the plan's configuration: expressions with their
	// references, which link resources whose ids are unknown until apply.
	Config *tfjson.Config
	// Variables are the root module's variable values.
	Variables map[string]any

	// t holds the resources' planned values.
	t *tree

	// res is set when the plan was resolved against its configuration.
	res     *resolution
	byType  map[string][]*Resource
	byCfg   map[string][]*Resource // address without instance keys
	byInst  map[string][]*Resource // address without the resource's own key
	cfgRes  map[string]*tfjson.ConfigResource
	calls   map[string]*tfjson.ModuleCall // by module path without keys
	ids     map[string]map[string][]*Resource
	reverse map[string]*reverseIndex
	// slab holds the decoded changes (slot).
	slab []changeSlot
	// prefixes caches addrParts by module instance address, and
	// lastPrefix (nil for none) names the last one looked up.
	prefixes   map[string]prefixParts
	lastPrefix *string
	lastParts  prefixParts
	// memo holds, while Evaluate judges one resource (memoing), what
	// its rules parsed from its values: a few entries, looked up by
	// comparing, not by hashing whole documents.
	memo    []memoEntry
	memoing bool
	// docs holds the documents rules parse from string values (policy
	// documents, container definitions), one at a time.
	docs *tree
}

type memoEntry struct {
	kind, text string
	v          any
	err        error
}

// parsed returns parse(text), once per resource evaluation: several rules
// read the same policy document or container definitions. The result is
// shared, so rules must not change it.
func (r *Resource) parsed(kind, text string, parse func(*tree, string) (any, error)) (any, error) {
	p := r.plan
	if p == nil || !p.memoing {
		return parse(docTree(p), text)
	}
	for _, m := range p.memo {
		if m.kind == kind && m.text == text {
			return m.v, m.err
		}
	}
	v, err := parse(docTree(p), text)
	p.memo = append(p.memo, memoEntry{kind, text, v, err})
	return v, err
}

// docTree returns p's tree for parsing documents into (a new one when p
// is nil), emptied of the last document's nodes.
func docTree(p *Plan) *tree {
	if p == nil {
		return newTree()
	}
	if p.docs == nil {
		p.docs = newTree()
	}
	p.docs.reset()
	return p.docs
}

// A Resource is one planned resource change. Its planned values are read
// with Get: the change's After, AfterUnknown and AfterSensitive fields
// are left nil, and only the attributes some rule reads are decoded.
type Resource struct {
	*tfjson.ResourceChange
	plan *Plan
	// after, unknown and sen are the change's after, after_unknown and
	// after_sensitive in the plan's tree.
	after, unknown, sen ref
	// cfg and scope are the address without instance keys and the module
	// instances it lives in, worked out once: links read them for every
	// pair of resources they compare.
	cfg   string
	scope []modKey
	split bool
	// lazy is what resolving its attributes from the configuration
	// needs (resolve.go), set when a rule first reads one.
	lazy *lazyRes
}

// addrParts returns the address without instance keys and its module
// instances.
func (r *Resource) addrParts() (string, []modKey) {
	if !r.split {
		r.cfg, r.scope = r.plan.addrParts(r.Address)
		r.split = true
	}
	return r.cfg, r.scope
}

// addrParts returns stripKeys(addr) and moduleScope(addr), working out
// the module part once per module instance: the resources of one
// instance share it, and its scope (which must not be changed).
func (p *Plan) addrParts(addr string) (string, []modKey) {
	name := lastSegment(addr)
	if name < 2 {
		return stripKeys(addr), moduleScope(addr)
	}
	typ := lastSegment(addr[:name-1])
	prefix := addr[:typ]
	// Changes come grouped by module instance: the last one asked for
	// is usually the one.
	mp, ok := p.lastParts, p.lastPrefix != nil && prefix == *p.lastPrefix
	if !ok {
		mp, ok = p.prefixes[prefix]
	}
	if !ok {
		mp = prefixParts{stripKeys(prefix), slices.Clip(moduleScope(prefix))}
		if prefix != "" && len(splitAddr(prefix[:len(prefix)-1])) != 2*len(mp.scope) {
			// Not a module instance path (a data source's, or no
			// resource address at all).
			return stripKeys(addr), moduleScope(addr)
		}
		if p.prefixes == nil {
			p.prefixes = map[string]prefixParts{}
		}
		p.prefixes[prefix] = mp
	}
	p.lastPrefix, p.lastParts = &prefix, mp
	return mp.cfg + stripKeys(addr[typ:]), mp.scope
}

// prefixParts are a module instance's address without keys and its
// module instances.
type prefixParts struct {
	cfg   string
	scope []modKey
}

func (r *Resource) cfgAddr() string { c, _ := r.addrParts(); return c }

func (r *Resource) modScope() []modKey { _, m := r.addrParts(); return m }

// A changeSlot holds one decoded change: its three parts are allocated
// together, in slabs.
type changeSlot struct {
	r  Resource
	rc tfjson.ResourceChange
	c  tfjson.Change
}

// slot returns a zero slot for the next change.
func (p *Plan) slot() *changeSlot {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]changeSlot, 0, 256)
	}
	p.slab = p.slab[:len(p.slab)+1]
	return &p.slab[len(p.slab)-1]
}

// add adds a decoded change, made in slot, whose values are in the
// plan's tree; a change that is not kept gives its slot back.
func (p *Plan) add(slot *changeSlot, rc *tfjson.ResourceChange, vals changeValues) {
	if rc.Mode != tfjson.ManagedResourceMode || rc.DeposedKey != "" {
		*slot = changeSlot{}
		p.slab = p.slab[:len(p.slab)-1]
		return
	}
	slot.r = Resource{ResourceChange: rc, plan: p, after: vals.after, unknown: vals.unknown, sen: vals.sen}
	p.Resources = append(p.Resources, &slot.r)
}

// newResource makes a resource of rc, whose change holds its values as
// encoding/json decodes them; they move into the plan's tree.
func (p *Plan) newResource(rc *tfjson.ResourceChange) *Resource {
	if p.t == nil {
		p.t = newTree()
	}
	r := &Resource{ResourceChange: rc, plan: p}
	if c := rc.Change; c != nil {
		r.after = p.t.mustAny(c.After)
		r.unknown = p.t.mustAny(c.AfterUnknown)
		r.sen = p.t.mustAny(c.AfterSensitive)
		c.After, c.AfterUnknown, c.AfterSensitive = nil, nil, nil
	}
	return r
}

// hasAfter reports whether the change has a planned value (it has none
// when it deletes the resource).
func (r *Resource) hasAfter() bool {
	return r.Change != nil && r.plan.t.kind(r.after) != kNull
}

// planned returns the change's after, after_unknown and after_sensitive
// as encoding/json decodes them (of after, the attributes decoded).
func (r *Resource) planned() (after, unknown, sensitive any) {
	t := r.plan.t
	return t.raw(r.after), t.raw(r.unknown), t.raw(r.sen)
}

// openAttrs returns the top-level after_unknown of the change, and of
// after the attributes it marks, as encoding/json decodes them; both are
// nil unless after and after_unknown are objects.
func (r *Resource) openAttrs() (unknown, after map[string]any) {
	t := r.plan.t
	if !r.hasAfter() || t.kind(r.after) != kObject {
		return nil, nil
	}
	unknown, _ = t.raw(r.unknown).(map[string]any)
	if unknown == nil {
		return nil, nil
	}
	after = make(map[string]any, len(unknown))
	for k := range unknown {
		after[k] = t.raw(t.member(r.after, k))
	}
	return unknown, after
}

// setAttr puts a resolved top-level attribute into the planned values:
// its value and after_unknown part as encoding/json gives them, and
// whether it is sensitive.
func (r *Resource) setAttr(attr string, after, unknown any, sensitive bool) {
	t := r.plan.t
	an := t.mustNode(after)
	var un node
	open := anyTrue(unknown)
	if open {
		un = t.mustNode(unknown)
	}
	r.setAttrNodes(attr, an, un, open, sensitive)
}

// setAttrNodes is setAttr of values already in the plan's tree: nodes
// are values, so one written once can be set on many resources.
func (r *Resource) setAttrNodes(attr string, after, unknown node, open, sensitive bool) {
	t := r.plan.t
	r.after = t.setMember(r.after, attr, after)
	if open {
		r.unknown = t.setMember(r.unknown, attr, unknown)
	} else {
		r.unknown = t.deleteMember(r.unknown, attr)
	}
	if sensitive && t.kind(r.sen) != kTrue {
		r.sen = t.setMember(r.sen, attr, node{kind: kTrue})
	}
}

// ensureIndex builds the lookup tables unless they are built: values
// may change after (resolution), resources may not.
func (p *Plan) ensureIndex() {
	if p.byType == nil {
		p.index()
	}
}

// index builds the lookup tables once decoding is done.
func (p *Plan) index() {
	p.byType = map[string][]*Resource{}
	p.byCfg = map[string][]*Resource{}
	// Nearly every resource has an instance address of its own: the
	// map is made at its size, and a list of one is a window on one
	// shared array (append copies it out when a second comes).
	p.byInst = make(map[string][]*Resource, len(p.Resources))
	one := slices.Clone(p.Resources)
	p.ids = map[string]map[string][]*Resource{}
	p.reverse = map[string]*reverseIndex{}
	for i, r := range p.Resources {
		p.byType[r.Type] = append(p.byType[r.Type], r)
		k := r.cfgAddr()
		p.byCfg[k] = append(p.byCfg[k], r)
		k = strings.TrimSuffix(r.Address, instanceKey(r.Address))
		if l, ok := p.byInst[k]; ok {
			p.byInst[k] = append(l, r)
		} else {
			p.byInst[k] = one[i : i+1 : i+1]
		}
	}
	p.cfgRes = map[string]*tfjson.ConfigResource{}
	p.calls = map[string]*tfjson.ModuleCall{}
	if p.Config != nil && p.Config.RootModule != nil {
		p.walkConfig("", p.Config.RootModule)
	}
}

func (p *Plan) walkConfig(prefix string, m *tfjson.ConfigModule) {
	for _, cr := range m.Resources {
		if cr.Mode == tfjson.ManagedResourceMode {
			p.cfgRes[prefix+cr.Type+"."+cr.Name] = cr
		}
	}
	for name, call := range m.ModuleCalls {
		path := prefix + "module." + name
		p.calls[path] = call
		if call.Module != nil {
			p.walkConfig(path+".", call.Module)
		}
	}
}

// Of returns the planned resources of a type.
func (p *Plan) Of(typ string) []*Resource { return p.byType[typ] }

// Get returns a part of the planned (after) value. With a
// configuration, an attribute the plan leaves unknown is resolved from it
// the first time it is read.
func (r *Resource) Get(path ...any) Value {
	if r.Change == nil {
		return Value{}
	}
	if res := r.plan.res; res != nil && len(path) > 0 {
		if a, ok := path[0].(string); ok {
			res.need(r, a)
		}
	}
	return Value{r.plan.t, r.after, r.unknown, r.sen}.Get(path...)
}

// Deletes reports whether the change deletes the resource, alone or as
// part of a replace.
func (r *Resource) Deletes() bool {
	return r.Change != nil && (r.Change.Actions.Delete() || r.Change.Actions.Replace())
}

// Env returns the resource's Environment tag ("" when unset or unknown).
func (r *Resource) Env() string {
	if s, ok := r.Get("tags", "Environment").String(); ok {
		return s
	}
	s, _ := r.Get("tags_all", "Environment").String()
	return s
}

// Prod reports whether the resource is tagged for production.
func (r *Resource) Prod() bool {
	switch strings.ToLower(r.Env()) {
	case "prod", "production", "prd":
		return true
	}
	return false
}

// identityAttrs are the attributes another resource's argument can name a
// resource by.
var identityAttrs = []string{"id", "arn", "bucket", "name"}

// Linked returns the resources of type typ that attribute path of r refers
// to, by known value or through configuration references. ambiguous is true
// when part of the value is unknown and its references cannot be followed
// (a local value, a data source), so it might refer to any of them.
func (r *Resource) Linked(typ string, path ...string) (linked []*Resource, ambiguous bool) {
	p := r.plan
	val := r.getPath(path)
	// Links are few: a list search beats a map made per call.
	addr := func(x *Resource) {
		if x != r && !slices.Contains(linked, x) {
			linked = append(linked, x)
		}
	}
	for _, s := range knownStrings(val) {
		for _, x := range p.byID(typ)[s] {
			addr(x)
		}
	}
	if !val.HasUnknown() {
		return linked, false
	}
	if origins, ok := p.resolvedLinks(val); ok {
		for _, x := range origins {
			if x.Type == typ {
				addr(x)
			}
		}
		return linked, false
	}
	exprs, found := p.exprs(r, path)
	if len(exprs) == 0 {
		// Not in the configuration at all: computed by the provider, so
		// not a link; no configuration for the resource: cannot tell.
		return linked, !found
	}
	scope := r.modScope()
	for _, e := range exprs {
		var ts []target
		if !p.resolveAll(scope, p.eachRefs(r, mostSpecific(e.References)), 0, &ts) {
			ambiguous = true
		}
		for _, t := range ts {
			if t.typ != typ {
				continue
			}
			for _, x := range p.candidates(t) {
				if t.matches(r, x) {
					addr(x)
				}
			}
		}
	}
	return linked, ambiguous
}

// Referrers returns the resources of type typ whose attribute path refers
// to r, and those whose attribute might refer to it but cannot be resolved.
func (r *Resource) Referrers(typ string, path ...string) (refs, ambiguous []*Resource) {
	p := r.plan
	// The key is made on the stack: a lookup by string(key) does not
	// copy it, and only the first lookup of each key stores one.
	var buf [128]byte
	key := append(append(buf[:0], typ...), 0)
	for i, s := range path {
		if i > 0 {
			key = append(key, '.')
		}
		key = append(key, s...)
	}
	key = append(append(key, 0), r.Type...)
	ri := p.reverse[string(key)]
	if ri == nil {
		ri = &reverseIndex{to: map[*Resource][]*Resource{}}
		for _, from := range p.byType[typ] {
			if !from.hasAfter() {
				continue
			}
			linked, amb := from.Linked(r.Type, path...)
			for _, x := range linked {
				ri.to[x] = append(ri.to[x], from)
			}
			if amb {
				ri.ambiguous = append(ri.ambiguous, from)
			}
		}
		p.reverse[string(key)] = ri
	}
	return ri.to[r], ri.ambiguous
}

type reverseIndex struct {
	to        map[*Resource][]*Resource
	ambiguous []*Resource
}

func (p *Plan) byID(typ string) map[string][]*Resource {
	m, ok := p.ids[typ]
	if ok {
		return m
	}
	m = map[string][]*Resource{}
	for _, r := range p.byType[typ] {
		for _, a := range identityAttrs {
			if s, ok := r.Get(a).String(); ok && s != "" {
				m[s] = append(m[s], r)
			}
		}
	}
	p.ids[typ] = m
	return m
}

// getPath is Get of a path of attribute and block names: the first step
// through Get, which reads the attribute as rules do, the rest without
// boxing each name.
func (r *Resource) getPath(path []string) Value {
	if len(path) == 0 {
		return r.Get()
	}
	v := r.Get(path[0])
	for _, k := range path[1:] {
		if v.Unknown() {
			break
		}
		v = v.member(k)
	}
	return v
}

// knownStrings returns the known strings in a string or list value.
func knownStrings(v Value) []string {
	if s, ok := v.String(); ok {
		return []string{s}
	}
	ss, _ := v.Strings()
	return ss
}

// exprs returns the configuration expressions for attribute path of r;
// a path through nested blocks gives one expression per block.
func (p *Plan) exprs(r *Resource, path []string) ([]*tfjson.Expression, bool) {
	cr := p.cfgRes[r.cfgAddr()]
	if cr == nil || len(path) == 0 {
		return nil, false
	}
	cur := []map[string]*tfjson.Expression{cr.Expressions}
	for i, step := range path {
		if i == len(path)-1 {
			return appendExpr(nil, cur, step), true
		}
		var next []map[string]*tfjson.Expression
		for _, m := range cur {
			if e := m[step]; e != nil && e.ExpressionData != nil {
				next = append(next, e.NestedBlocks...)
			}
		}
		cur = next
	}
	return nil, true
}

// Unset reports whether the configuration is known to leave a top-level
// argument or block unset, so that an unknown planned value is the
// provider's computed default rather than something set at apply.
func (r *Resource) Unset(attr string) bool {
	es, found := r.plan.exprs(r, []string{attr})
	return found && len(es) == 0
}

func appendExpr(out []*tfjson.Expression, ms []map[string]*tfjson.Expression, k string) []*tfjson.Expression {
	for _, m := range ms {
		if e := m[k]; e != nil && e.ExpressionData != nil {
			out = append(out, e)
		}
	}
	return out
}

// A target is a resource a reference resolves to: its configuration
// address (module path and type.name, no instance keys), the module
// instance keys along the way ("*" for any) and the resource's own key.
type target struct {
	cfg  string
	typ  string
	name string
	mods []modKey
	key  string // "" none given
}

type modKey struct{ name, key string }

// candidates returns the resources t may name: by exact module instance
// when every module key is known, else every instance.
func (p *Plan) candidates(t target) []*Resource {
	// The address is made on the stack; looking it up does not copy it.
	var buf [128]byte
	b := buf[:0]
	for _, m := range t.mods {
		if m.key == "*" {
			return p.byCfg[t.cfg]
		}
		b = append(append(append(append(b, "module."...), m.name...), m.key...), '.')
	}
	b = append(append(append(b, t.typ...), '.'), t.name...)
	return p.byInst[string(b)]
}

// matches reports whether x is an instance of t, as seen from the
// referring resource from.
func (t target) matches(from, x *Resource) bool {
	xm := x.modScope()
	if len(xm) != len(t.mods) {
		return false
	}
	for i, m := range t.mods {
		if m.name != xm[i].name || (m.key != "*" && m.key != xm[i].key) {
			return false
		}
	}
	xk := instanceKey(x.Address)
	if t.key != "" {
		return t.key == xk
	}
	// A reference without an index from a resource with one is the usual
	// aws_x.y[count.index] / [each.key]: pair instances by key.
	if fk := instanceKey(from.Address); fk != "" && xk != "" {
		return fk == xk
	}
	return true
}

// resolveAll resolves references made in module scope; it returns false
// when some reference cannot be followed to a resource or a constant.
func (p *Plan) resolveAll(scope []modKey, refs []string, depth int, out *[]target) bool {
	ok := true
	if depth > 32 {
		return false
	}
	var buf [8]string
	for _, ref := range refs {
		segs := appendSegments(buf[:0], ref)
		if len(segs) < 2 {
			continue
		}
		switch segs[0] {
		case "count", "each", "path", "terraform", "self":
		case "local", "data":
			// The plan's configuration has no locals, and data sources
			// are read, not planned here.
			ok = false
		case "var":
			if len(scope) == 0 {
				continue // root variables are known at plan time
			}
			call := p.calls[modPath(scope)]
			if call == nil {
				ok = false
				continue
			}
			e := call.Expressions[base(segs[1])]
			if e == nil || e.ExpressionData == nil {
				continue // default value: a constant
			}
			if !p.resolveAll(scope[:len(scope)-1], e.References, depth+1, out) {
				ok = false
			}
		case "module":
			if len(segs) < 3 {
				continue // the whole module object; its outputs are listed too
			}
			name, key := base(segs[1]), keyOf(segs[1])
			child := append(append([]modKey(nil), scope...), modKey{name, key})
			call := p.calls[modPath(child)]
			if call == nil || call.Module == nil {
				ok = false
				continue
			}
			if key == "" && (call.CountExpression != nil || call.ForEachExpression != nil) {
				child[len(child)-1].key = "*" // every instance
			}
			o := call.Module.Outputs[base(segs[2])]
			if o == nil || o.Expression == nil || o.Expression.ExpressionData == nil {
				ok = false
				continue
			}
			if !p.resolveAll(child, o.Expression.References, depth+1, out) {
				ok = false
			}
		default:
			t := target{typ: segs[0], name: base(segs[1]), mods: scope, key: keyOf(segs[1])}
			t.cfg = modPath(scope)
			if t.cfg != "" {
				t.cfg += "."
			}
			t.cfg += segs[0] + "." + t.name
			*out = append(*out, t)
		}
	}
	return ok
}

func modPath(scope []modKey) string {
	var b strings.Builder
	for i, m := range scope {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(m.name)
	}
	return b.String()
}

// moduleScope returns the module instances an address lives in.
func moduleScope(addr string) []modKey {
	segs := splitAddr(addr)
	var out []modKey
	for i := 0; i+1 < len(segs) && segs[i] == "module"; i += 2 {
		out = append(out, modKey{base(segs[i+1]), keyOf(segs[i+1])})
	}
	return out
}

// instanceKey returns the resource's own instance key ("" when none).
func instanceKey(addr string) string {
	if addr == "" || addr[len(addr)-1] != ']' {
		return ""
	}
	return keyOf(addr[lastSegment(addr):])
}

// lastSegment returns where the last dot-separated segment of addr
// starts, dots inside brackets and quotes not counting.
func lastSegment(addr string) int {
	if strings.IndexByte(addr, '"') < 0 {
		// Without quotes, the depth before a byte is the whole
		// address's depth less what the bytes after it add, so the last
		// dot can be found from the end.
		depth := strings.Count(addr, "[") - strings.Count(addr, "]")
		for i := len(addr) - 1; i >= 0; i-- {
			switch addr[i] {
			case ']':
				depth++
			case '[':
				depth--
			case '.':
				if depth == 0 {
					return i + 1
				}
			}
		}
		return 0
	}
	return lastSegmentForward(addr)
}

// lastSegmentForward is lastSegment reading addr from the start.
func lastSegmentForward(addr string) int {
	depth, inStr, start := 0, false, 0
	for i := 0; i < len(addr); i++ {
		switch c := addr[i]; {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			start = i + 1
		}
	}
	return start
}

// splitAddr splits an address on dots outside brackets and quotes.
func splitAddr(addr string) []string { return appendSegments(nil, addr) }

// appendSegments appends addr's segments to out, as splitAddr returns
// them; with out on the caller's stack, nothing is allocated.
func appendSegments(out []string, addr string) []string {
	depth, inStr, start := 0, false, 0
	for i := 0; i < len(addr); i++ {
		switch c := addr[i]; {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			out = append(out, addr[start:i])
			start = i + 1
		}
	}
	return append(out, addr[start:])
}

func base(seg string) string {
	if i := strings.IndexByte(seg, '['); i >= 0 {
		return seg[:i]
	}
	return seg
}

func keyOf(seg string) string {
	if i := strings.IndexByte(seg, '['); i >= 0 {
		return seg[i:]
	}
	return ""
}

// stripKeys removes instance keys: module.a[0].aws_s3_bucket.b["x"] ->
// module.a.aws_s3_bucket.b.
func stripKeys(addr string) string {
	if strings.IndexByte(addr, '[') < 0 {
		return addr
	}
	out := make([]byte, 0, len(addr))
	depth, inStr := 0, false
	for i := 0; i < len(addr); i++ {
		switch c := addr[i]; {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"' && depth > 0:
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			out = append(out, c)
		}
	}
	return string(out)
}

// mostSpecific drops the references Terraform lists as shorter forms of
// another one (aws_s3_bucket.b and aws_s3_bucket.b[0] next to
// aws_s3_bucket.b[0].id), so that b[0] is not read as every instance of b.
func mostSpecific(refs []string) []string {
	out := refs[:0:0]
	for _, r := range refs {
		shorter := false
		for _, o := range refs {
			if len(o) > len(r) && strings.HasPrefix(o, r) && (o[len(r)] == '.' || o[len(r)] == '[') {
				shorter = true
				break
			}
		}
		if !shorter {
			out = append(out, r)
		}
	}
	return out
}

// eachRefs replaces each.value references by the references of the
// resource's for_each expression: for_each = aws_s3_bucket.b makes
// each.value.id the id of the instance with the same key, which matches
// pairs by key.
func (p *Plan) eachRefs(r *Resource, refs []string) []string {
	cr := p.cfgRes[r.cfgAddr()]
	var out []string
	for _, ref := range refs {
		if ref != "each.value" && !strings.HasPrefix(ref, "each.value.") && !strings.HasPrefix(ref, "each.value[") {
			out = append(out, ref)
			continue
		}
		if cr == nil || cr.ForEachExpression == nil {
			continue
		}
		out = append(out, mostSpecific(cr.ForEachExpression.References)...)
	}
	return out
}
