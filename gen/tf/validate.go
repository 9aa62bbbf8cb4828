package tf

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Validate checks modules for everything that can be known without a
// provider schema: names, duplicate addresses, references to objects that
// were never declared or were declared in another module, reference
// cycles, module call inputs and outputs against the called module, and
// invalid raw HCL. It returns every problem found, each naming the Go
// file:line of the declaration at fault.
func Validate(mods ...*Module) Diagnostics {
	var ds Diagnostics
	seen := map[string]*Module{}
	for _, m := range mods {
		if prev, ok := seen[m.Name]; ok {
			ds.Errorf(m.pos, m.Name, "module directory %q is declared twice (first at %s)", m.Name, prev.pos.Resolve())
			continue
		}
		seen[m.Name] = m
		v := &validator{m: m}
		v.run()
		ds = append(ds, v.ds...)
	}
	return ds
}

type validator struct {
	m  *Module
	ds Diagnostics
	// declared maps reference roots (var.x, local.y, aws_s3_bucket.z,
	// data.t.n, module.m) to their objects; objects is the same set keyed
	// by identity, for the hot path of checking handle references, and
	// gives each its index in order (for the cycle search).
	declared map[string]Referenceable
	// resAddrs finds m.Resources by address, for everything but their
	// duplicates: declared holds the other objects.
	resAddrs *addrTable
	objects  map[Referenceable]int32
	order    []Referenceable
	// resOrder gives the index in order of each of m.Resources (-1 for a
	// duplicate): resources, most of a large module, find theirs through
	// Resource.seq. resIdx is the same by pointer, made only for a
	// resource not found that way.
	resOrder []int32
	resIdx   map[*Resource]int32
	// dups are the locals, resources and module calls whose address was
	// already declared.
	dups []Referenceable
	// depBuf holds the dependency lists of the cycle search's open
	// objects, one after another.
	depBuf []Referenceable
	// required names the module's required_providers.
	required map[string]bool
	// The resource walk (walkResource) checks each expression of
	// m.Resources once for what three passes need: references, reported
	// at once; count/each scope and provider functions, kept in repDs and
	// fnDs until repetition and newer reach the resources in their order;
	// and each declared resource's dependencies, resDeps[span] by its
	// index in order, for the cycle search.
	rw       resourceWalk
	repDs    Diagnostics
	fnDs     Diagnostics
	resDeps  []int32
	depSpans []depSpan
	// depOthers are the dependencies not in order, which resDeps holds
	// as -1-i; depTmp is the walk's buffer for one node's.
	depOthers []Referenceable
	depTmp    []Referenceable
	// counted are the resources of m.Resources with count or for_each,
	// found by the resource walk, for newer's look at those two: the
	// other resources have nothing there, and a pass over every one only
	// to find that out costs a cache miss each in a large module.
	counted []*Resource
}

// depSpan locates a resource's dependencies in resDeps.
type depSpan struct {
	lo, hi int32
	ok     bool
}

func (v *validator) errorf(pos Pos, addr, format string, args ...any) {
	v.ds.Errorf(pos, v.qualify(addr), format, args...)
}

func (v *validator) warnf(pos Pos, addr, format string, args ...any) {
	v.ds.Warnf(pos, v.qualify(addr), format, args...)
}

func (v *validator) qualify(addr string) string {
	if addr != "" {
		return v.m.Name + ": " + addr
	}
	return v.m.Name
}

// reserved variable names that Terraform rejects.
var reservedVars = map[string]bool{
	"source": true, "version": true, "providers": true, "count": true, "for_each": true,
	"lifecycle": true, "depends_on": true, "locals": true,
}

// IsName reports whether s is a valid Terraform name: a letter or
// underscore, then letters, digits, underscores and dashes.
func IsName(s string) bool {
	if s == "" || nameBytes[s[0]]&nameStart == 0 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if nameBytes[s[i]]&nameRest == 0 {
			return false
		}
	}
	return true
}

// nameBytes says of each byte whether a name may start with it
// (nameStart) and whether it may follow the first (nameRest): IsName
// looks every byte up once, where comparing it with the ranges took a few
// branches a byte. A large model checks two names per resource and the
// renderer one per object key.
var nameBytes = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
			t[c] = nameStart | nameRest
		case c >= '0' && c <= '9', c == '-':
			t[c] = nameRest
		}
	}
	return t
}()

const (
	nameStart = 1 << iota
	nameRest
)

func (v *validator) name(pos Pos, addr, kind, name string) {
	if !IsName(name) {
		v.errorf(pos, addr, "invalid %s name %q: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes", kind, name)
	}
}

// declare records obj under addr and returns its index in order, or -1
// for a duplicate. The caller records a resource's index in resOrder.
func (v *validator) declare(addr string, obj Referenceable) int32 {
	if prev, ok := v.lookup(addr); ok {
		v.errorf(obj.Pos(), addr, "duplicate declaration of %s (first declared at %s)", addr, prev.Pos().Resolve())
		if _, isVar := obj.(*Variable); !isVar {
			v.dups = append(v.dups, obj)
		}
		return -1
	}
	v.declared[addr] = obj
	i := int32(len(v.order))
	if _, ok := obj.(*Resource); !ok {
		v.objects[obj] = i
	}
	v.order = append(v.order, obj)
	return i
}

// declareResource records m.Resources[i] under its address and returns
// its index in order, or -1 for a duplicate.
func (v *validator) declareResource(i int) int32 {
	r, addr := v.m.Resources[i], v.resAddrs.addrs[i]
	if j := v.resAddrs.add(i); j >= 0 {
		v.errorf(r.Pos(), addr, "duplicate declaration of %s (first declared at %s)", addr, v.m.Resources[j].Pos().Resolve())
		v.dups = append(v.dups, r)
		return -1
	}
	if prev, ok := v.declared[addr]; ok {
		// A resource of type var, local or module can have the
		// address of another object.
		v.errorf(r.Pos(), addr, "duplicate declaration of %s (first declared at %s)", addr, prev.Pos().Resolve())
		v.dups = append(v.dups, r)
		return -1
	}
	oi := int32(len(v.order))
	v.order = append(v.order, r)
	return oi
}

// lookup returns the object declared under a reference root.
func (v *validator) lookup(root string) (Referenceable, bool) {
	if obj, ok := v.declared[root]; ok {
		return obj, true
	}
	if v.resAddrs != nil {
		if i := v.resAddrs.find(root); i >= 0 {
			return v.m.Resources[i], true
		}
	}
	return nil, false
}

// index returns obj's index in order, if it is declared.
func (v *validator) index(obj Referenceable) (int32, bool) {
	if r, ok := obj.(*Resource); ok {
		return v.resIndex(r)
	}
	i, ok := v.objects[obj]
	return i, ok
}

func (v *validator) resIndex(r *Resource) (int32, bool) {
	res := v.m.Resources
	if i := int(r.seq); i < len(v.resOrder) && res[i] == r {
		oi := v.resOrder[i]
		return oi, oi >= 0
	}
	if v.resIdx == nil {
		// The first declaration of a pointer counts, as in declare.
		v.resIdx = make(map[*Resource]int32)
		for i, r := range res[:len(v.resOrder)] {
			if _, seen := v.resIdx[r]; !seen && v.resOrder[i] >= 0 {
				v.resIdx[r] = v.resOrder[i]
			}
		}
	}
	i, ok := v.resIdx[r]
	return i, ok
}

func (v *validator) run() {
	m := v.m
	if m.Name == "" || strings.HasPrefix(m.Name, "/") || strings.Contains(m.Name, "..") {
		v.errorf(m.pos, "", "invalid module directory %q: use a relative path such as modules/network", m.Name)
	}
	for _, f := range m.badFiles {
		v.errorf(f.pos, "", "InFile(%q): %s", f.name, f.problem)
	}
	n := len(m.Variables) + len(m.Locals) + len(m.Resources) + len(m.Calls)
	v.declared = make(map[string]Referenceable, n-len(m.Resources))
	v.objects = make(map[Referenceable]int32, n-len(m.Resources))
	v.order = make([]Referenceable, 0, n)
	v.required = make(map[string]bool, len(m.Terraform.RequiredProviders))
	for _, req := range m.Terraform.RequiredProviders {
		v.required[req.Name] = true
	}
	for _, x := range m.Variables {
		v.name(x.pos, x.RefAddr(), "variable", x.Name)
		if reservedVars[x.Name] {
			v.errorf(x.pos, x.RefAddr(), "variable name %q is reserved by Terraform", x.Name)
		}
		if x.Description == "" {
			v.warnf(x.pos, x.RefAddr(), "variable has no description (Terraform's style guide: every variable and output has one)")
		}
		v.variableDefault(x)
		v.declare(x.RefAddr(), x)
	}
	for _, x := range m.Locals {
		v.name(x.pos, x.RefAddr(), "local", x.Name)
		v.declare(x.RefAddr(), x)
	}
	addrs := Addresses(m.Resources)
	v.resAddrs = newAddrTable(addrs)
	v.resOrder = make([]int32, 0, len(m.Resources))
	for i, r := range m.Resources {
		v.name(r.pos, addrs[i], "resource type", r.Type)
		v.name(r.pos, addrs[i], "resource", r.Name)
		v.resOrder = append(v.resOrder, v.declareResource(i))
	}
	for _, c := range m.Calls {
		v.name(c.pos, c.RefAddr(), "module", c.Name)
		v.declare(c.RefAddr(), c)
		if c.Source == "" {
			v.errorf(c.pos, c.RefAddr(), "module call has no source")
		}
	}
	outs := map[string]*Output{}
	for _, o := range m.Outputs {
		v.name(o.pos, "output."+o.Name, "output", o.Name)
		if prev, ok := outs[o.Name]; ok {
			v.errorf(o.pos, "output."+o.Name, "duplicate output %q (first declared at %s)", o.Name, prev.pos.Resolve())
		}
		outs[o.Name] = o
		if o.Description == "" {
			v.warnf(o.pos, "output."+o.Name, "output has no description (Terraform's style guide: every variable and output has one)")
		}
	}
	provs := map[string]*Provider{}
	for _, p := range m.Providers {
		v.name(p.pos, "provider."+p.Ref(), "provider", p.Name)
		if p.Alias != "" {
			v.name(p.pos, "provider."+p.Ref(), "provider alias", p.Alias)
		}
		if _, ok := provs[p.Ref()]; ok {
			v.errorf(p.pos, "provider."+p.Ref(), "duplicate provider configuration %s", p.Ref())
		}
		provs[p.Ref()] = p
		v.body(&p.Body, p.pos, "provider."+p.Ref())
	}
	// A shared module leaves provider configuration and exact versions to
	// its callers (Terraform's module guidelines).
	if !m.IsRoot() {
		for _, req := range m.Terraform.RequiredProviders {
			if req.Version != "" && !strings.HasPrefix(strings.TrimSpace(req.Version), ">=") {
				v.errorf(m.pos, "required_providers."+req.Name, "shared module %s pins provider %s to %q; a shared module states only a minimum version (\">= x.y\") and leaves the exact version to the root module", m.Name, req.Name, req.Version)
			}
		}
	}
	checks := map[string]bool{}
	for _, c := range m.Checks {
		v.name(c.pos, "check."+c.Name, "check", c.Name)
		if checks[c.Name] {
			v.errorf(c.pos, "check."+c.Name, "duplicate check %q", c.Name)
		}
		checks[c.Name] = true
	}

	// References.
	for _, x := range m.Variables {
		for _, c := range x.Validations {
			v.refs(c.Cond, x.pos, x.RefAddr())
			v.refs(c.Message, x.pos, x.RefAddr())
		}
	}
	for _, x := range m.Locals {
		v.refs(x.Value, x.pos, x.RefAddr())
	}
	v.depSpans = make([]depSpan, len(v.order))
	v.rw.v = v
	for i, r := range m.Resources {
		v.resource(r, addrs[i], v.resOrder[i])
		if r.Count != nil || r.ForEach != nil {
			v.counted = append(v.counted, r)
		}
	}
	for _, c := range m.Calls {
		v.call(c)
	}
	for _, o := range m.Outputs {
		v.refs(o.Value, o.pos, "output."+o.Name)
		v.dependsOn(o.DependsOn, o.pos, "output."+o.Name)
		for _, c := range o.Preconditions {
			v.refs(c.Cond, o.pos, "output."+o.Name)
			v.refs(c.Message, o.pos, "output."+o.Name)
		}
	}
	for _, c := range m.Checks {
		if c.Data != nil {
			v.resource(c.Data, "check."+c.Name+"."+c.Data.Address(), -2)
		}
		for _, a := range c.Asserts {
			v.refs(a.Cond, c.pos, "check."+c.Name)
			v.refs(a.Message, c.pos, "check."+c.Name)
		}
	}
	for _, im := range m.Imports {
		if im.To == nil || im.To.module != m {
			v.errorf(im.pos, "import", "import target must be a resource of this module")
		}
		v.refs(im.ID, im.pos, "import")
	}
	for _, mv := range m.Moved {
		for _, a := range []string{mv.From, mv.To} {
			if _, d := hclsyntax.ParseTraversalAbs([]byte(a), "moved", hcl.InitialPos); d.HasErrors() {
				v.errorf(mv.pos, "moved", "invalid address %q in moved block", a)
			}
		}
	}
	v.repetition()
	v.newer()
	v.cycles()
	v.tests()
	v.varsFiles()
}

// resource checks r. oi is r's index in order when r is one of
// m.Resources, whose expressions the resource walk checks (-1 for a
// duplicate), and -2 otherwise.
func (v *validator) resource(r *Resource, addr string, oi int32) {
	if r.Provider != nil && r.Provider.module != v.m {
		v.errorf(r.pos, addr, "provider %s is configured in another module (%s)", r.Provider.Ref(), r.Provider.module.Name)
	}
	if r.Count != nil && r.ForEach != nil {
		v.errorf(r.pos, addr, "count and for_each cannot both be set")
	}
	for _, name := range r.misappliedNames() {
		v.errorf(r.pos, addr, "a resource has no %s meta-argument (that option is for module calls)", name)
	}
	v.body(&r.Body, r.pos, addr)
	if oi > -2 {
		v.walkResource(r, addr, oi)
	} else {
		r.Exprs(func(e Expr) bool { v.ref(e, r.pos, addr, r); return true })
	}
	v.dependsOn(r.DependsOn, r.pos, addr)
}

func (v *validator) call(c *ModuleCall) {
	addr := c.RefAddr()
	if c.Count != nil && c.ForEach != nil {
		v.errorf(c.pos, addr, "count and for_each cannot both be set")
	}
	for _, name := range c.misapplied {
		v.errorf(c.pos, addr, "a module call has no %s (Terraform allows it on resources only)", name)
	}
	v.body(&c.Body, c.pos, addr)
	v.refs(c.Count, c.pos, addr)
	v.refs(c.ForEach, c.pos, addr)
	WalkBody(&c.Body, func(e Expr) bool { v.ref(e, c.pos, addr, nil); return true })
	v.dependsOn(c.DependsOn, c.pos, addr)
	for _, name := range sortedKeys(c.Providers) {
		if p := c.Providers[name]; p.module != v.m {
			v.errorf(c.pos, addr, "providers[%q] = %s is configured in another module", name, p.Ref())
		}
	}
	if c.Child != nil {
		for _, p := range c.Child.Providers {
			if p.Passed {
				if _, ok := c.Providers[p.Ref()]; !ok {
					v.errorf(c.pos, addr, "module %s expects provider %s to be passed in providers", c.Child.Name, p.Ref())
				}
			}
		}
	}
	if c.Child == nil {
		return
	}
	if c.Child.IsRoot() {
		v.errorf(c.pos, addr, "module %s configures providers or a backend, so it cannot be called: a shared module leaves both to its caller (use ExpectProvider for aliased providers)", c.Child.Name)
	}
	inputs := map[string]bool{}
	for _, it := range c.Items {
		if it.Attr != nil {
			inputs[it.Attr.Name] = true
		}
	}
	childVars := map[string]*Variable{}
	for _, cv := range c.Child.Variables {
		childVars[cv.Name] = cv
	}
	for _, it := range c.Items {
		if it.Attr == nil {
			v.errorf(it.Block.Pos, addr, "module calls take arguments, not blocks (%s { ... })", it.Block.Type)
			continue
		}
		if _, ok := childVars[it.Attr.Name]; !ok {
			at := it.Attr.Pos
			if !at.Known() {
				at = c.pos
			}
			v.errorf(at, addr, "module %s has no variable %q%s", c.Child.Name, it.Attr.Name, didYouMean(it.Attr.Name, sortedKeys(childVars)))
		}
	}
	for _, cv := range c.Child.Variables {
		if cv.Default == cty.NilVal && !inputs[cv.Name] {
			v.errorf(c.pos, addr, "required input %q of module %s is not set", cv.Name, c.Child.Name)
		}
	}
}

func (v *validator) dependsOn(objs []Referenceable, pos Pos, addr string) {
	for _, o := range objs {
		if o == nil {
			v.errorf(pos, addr, "depends_on holds a nil object")
			continue
		}
		if o.Module() != v.m {
			v.errorf(pos, addr, "depends_on %s: declared in another module (%s)", o.RefAddr(), o.Module().Name)
		}
	}
}

// body checks attribute and block names and duplicate attributes.
func (v *validator) body(b *Body, pos Pos, addr string) {
	// Most bodies set a few attributes: those are compared with the ones
	// before them, and a map is made only for a large body.
	var seen map[string]bool
	if len(b.Items) > 16 {
		seen = make(map[string]bool, len(b.Items))
	}
	setBefore := func(i int, name string) bool {
		if seen != nil {
			was := seen[name]
			seen[name] = true
			return was
		}
		for _, it := range b.Items[:i] {
			if it.Attr != nil && it.Attr.Name == name {
				return true
			}
		}
		return false
	}
	for i, it := range b.Items {
		if a := it.Attr; a != nil {
			at := pos
			if a.Pos.Known() {
				at = a.Pos
			}
			if !IsName(a.Name) {
				v.errorf(at, addr, "invalid attribute name %q", a.Name)
			}
			if setBefore(i, a.Name) {
				v.errorf(at, addr, "attribute %q is set twice", a.Name)
			}
			if a.Value == nil {
				v.errorf(at, addr, "attribute %q has no value (nil expression)", a.Name)
			}
			continue
		}
		blk := it.Block
		if !IsName(blk.Type) {
			v.errorf(blk.Pos, addr, "invalid block type %q", blk.Type)
		}
		v.body(&blk.Body, blk.Pos, addr)
	}
}

func (v *validator) refs(e Expr, pos Pos, addr string) {
	WalkExpr(e, func(x Expr) bool { v.ref(x, pos, addr, nil); return true })
}

// ref checks one expression node that may be a reference.
func (v *validator) ref(e Expr, pos Pos, addr string, self *Resource) {
	switch x := e.(type) {
	case Ref:
		v.checkRef(x, pos, addr, self)
	case *Variable:
		v.checkRef(x.Ref(), pos, addr, self)
	case *Local:
		v.checkRef(x.Ref(), pos, addr, self)
	case *Raw:
		at := pos
		if x.Pos.Known() {
			at = x.Pos
		}
		if x.Diags.HasErrors() {
			v.errorf(at, addr, "invalid raw HCL expression %q: %s", x.Src, x.Diags.Error())
			return
		}
		for _, t := range x.Parsed.Variables() {
			root := traversalRoot(t)
			if root == "" {
				continue
			}
			if _, ok := v.lookup(root); !ok {
				v.errorf(at, addr, "raw HCL %q refers to %s, which is not declared in this module", x.Src, root)
			}
		}
	}
}

// traversalRoot returns the object address a raw traversal points at, or
// "" for roots that are not declared objects (each, count, self, path,
// terraform, iteration variables).
func traversalRoot(t hcl.Traversal) string {
	name := t.RootName()
	attr := func(i int) string {
		if i < len(t) {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch name {
	case "each", "count", "self", "path", "terraform":
		return ""
	case "var", "local", "module":
		if a := attr(1); a != "" {
			return name + "." + a
		}
		return ""
	case "data", "ephemeral":
		if a, b := attr(1), attr(2); a != "" && b != "" {
			return name + "." + a + "." + b
		}
		return ""
	}
	if !strings.Contains(name, "_") {
		// A for-expression or dynamic block variable.
		return ""
	}
	if a := attr(1); a != "" {
		return name + "." + a
	}
	return ""
}

func (v *validator) checkRef(r Ref, pos Pos, addr string, self *Resource) {
	switch r.Kind {
	case RefObject:
		if r.Target == nil {
			v.errorf(pos, addr, "reference without a target")
			return
		}
		if r.Target.Module() != v.m {
			v.errorf(pos, addr, "refers to %s, which is declared in module %s at %s; pass it in as a variable", r.Target.RefAddr(), r.Target.Module().Name, r.Target.Pos().Resolve())
			return
		}
		if _, ok := v.index(r.Target); !ok {
			if res, isRes := r.Target.(*Resource); isRes && self != nil && res == self {
				return
			}
			v.errorf(pos, addr, "refers to %s, which is not declared in module %s", r.Target.RefAddr(), v.m.Name)
			return
		}
		if c, ok := r.Target.(*ModuleCall); ok && c.Child != nil {
			v.moduleOutputRef(c, r, pos, addr)
		}
		if res, ok := r.Target.(*Resource); ok && (res.Count != nil || res.ForEach != nil) && len(r.Steps) > 0 && r.Steps[0].Attr != "" {
			meta := "count"
			if res.ForEach != nil {
				meta = "for_each"
			}
			v.errorf(pos, addr, "%s has %s: pick an instance before .%s (Index, At, Key) or use Splat", res.Address(), meta, r.Steps[0].Attr)
		}
	case RefByName:
		if _, ok := v.lookup(r.Root); !ok {
			at := pos
			if r.Pos.Known() {
				at = r.Pos
			}
			var names []string
			prefix := r.Root[:strings.IndexByte(r.Root, '.')+1]
			for k := range v.declared {
				if strings.HasPrefix(k, prefix) {
					names = append(names, k)
				}
			}
			for i, k := range v.resAddrs.addrs {
				if strings.HasPrefix(k, prefix) && v.resOrder[i] >= 0 {
					names = append(names, k)
				}
			}
			sort.Strings(names)
			v.errorf(at, addr, "refers to %s, which is not declared in this module%s", r.Root, didYouMean(r.Root, names))
		}
	}
}

// moduleOutputRef checks that a reference into a module call names an
// output the called module declares, and indexes only a call with count
// or for_each.
func (v *validator) moduleOutputRef(c *ModuleCall, r Ref, pos Pos, addr string) {
	steps := r.Steps
	counted := c.Count != nil || c.ForEach != nil
	if len(steps) > 0 && (steps[0].Index != nil || steps[0].Splat) {
		if !counted {
			v.errorf(pos, addr, "module.%s has neither count nor for_each; refer to its outputs without an index", c.Name)
			return
		}
		steps = steps[1:]
	} else if counted && len(steps) > 0 {
		v.errorf(pos, addr, "module.%s has count or for_each; use InstanceOutput to pick an instance", c.Name)
		return
	}
	if len(steps) == 0 || steps[0].Attr == "" {
		return
	}
	names := make([]string, 0, len(c.Child.Outputs))
	for _, o := range c.Child.Outputs {
		if o.Name == steps[0].Attr {
			return
		}
		names = append(names, o.Name)
	}
	v.errorf(pos, addr, "module %s has no output %q%s", c.Name, steps[0].Attr, didYouMean(steps[0].Attr, names))
}
