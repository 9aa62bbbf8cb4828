package schema

import (
	"slices"
	"sort"
	"strings"
	"sync"

	version "github.com/hashicorp/go-version"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Options tune validation.
type Options struct {
	// JSON says the modules are rendered as Terraform JSON. There, a list
	// of objects attribute written as blocks (security group ingress, for
	// example) is an attribute expression that needs every field, so a
	// missing field is an error; HCL fills missing fields with null.
	JSON bool
}

// Validator returns Validate as a hook for the generate pipeline
// (generate.Options.Validators).
func Validator(s *Schemas, opts Options) func([]*tf.Module) tf.Diagnostics {
	return func(mods []*tf.Module) tf.Diagnostics { return Validate(s, mods, opts) }
}

// Validate checks the resources, data sources and provider blocks of mods
// against s, and every module's required_providers version constraints
// against the versions of s. Objects of providers s does not hold (and
// Terraform's built-in terraform_data) are not checked.
func Validate(s *Schemas, mods []*tf.Module, opts Options) tf.Diagnostics {
	var ds tf.Diagnostics
	for _, m := range mods {
		v := &validator{s: s, m: m, opts: opts}
		v.run()
		ds = append(ds, v.ds...)
	}
	return ds
}

type validator struct {
	s    *Schemas
	m    *tf.Module
	opts Options
	ds   tf.Diagnostics
	// providers maps local provider names to their schemas; a nil entry
	// means the provider has no snapshot.
	providers map[string]*Provider
	// ephemeral names the ephemeral object an expression draws on.
	ephemeral func(tf.Expr) string
	// recent holds the last schemas found by schemaOf: a large module
	// repeats a few types.
	recent [4]recentSchema
	next   int
	// addrs are the addresses of m.Resources.
	addrs []string
	// facts holds what body needs of each schema block it met, worked
	// out once per block rather than once per body: a large module
	// repeats a few types. last is the block met last.
	facts map[*Block]*blockFacts
	last  *blockFacts
}

// blockFacts is what the check of a body reads of its schema block: the
// required attributes, the block types whose count is bounded, and the
// attribute schemas met at each place in a body, since bodies of one
// type set their attributes in the same order.
type blockFacts struct {
	block    *Block
	required []string
	counted  []*BlockType
	byPlace  []*Attribute
}

// factsOf returns the facts of sch.
func (v *validator) factsOf(sch *Block) *blockFacts {
	if v.last != nil && v.last.block == sch {
		return v.last
	}
	f, ok := v.facts[sch]
	if !ok {
		f = &blockFacts{block: sch}
		for _, a := range sch.Attributes {
			if a.Required {
				f.required = append(f.required, a.Name)
			}
		}
		for _, bt := range sch.BlockTypes {
			if bt.MinItems > 0 || bt.MaxItems > 0 || bt.Nesting == NestingSingle || bt.Nesting == NestingGroup {
				f.counted = append(f.counted, bt)
			}
		}
		if v.facts == nil {
			v.facts = map[*Block]*blockFacts{}
		}
		v.facts[sch] = f
	}
	v.last = f
	return f
}

// attribute returns the schema of the attribute name, set at place i of a
// body.
func (f *blockFacts) attribute(i int, name string) *Attribute {
	if i < len(f.byPlace) {
		if a := f.byPlace[i]; a != nil && a.Name == name {
			return a
		}
	}
	a := f.block.Attribute(name)
	if a != nil && i < 32 {
		if f.byPlace == nil {
			// Room for a place per attribute of the block at once: the
			// places grow one by one.
			f.byPlace = make([]*Attribute, 0, min(32, max(len(f.block.Attributes), i+1)))
		}
		for len(f.byPlace) <= i {
			f.byPlace = append(f.byPlace, nil)
		}
		f.byPlace[i] = a
	}
	return a
}

type recentSchema struct {
	mode     tf.Mode
	typ      string
	provider *tf.Provider
	block    *Block
}

func (v *validator) errorf(pos tf.Pos, addr, format string, args ...any) {
	v.ds.Errorf(pos, v.addr(addr), format, args...)
}

func (v *validator) warnf(pos tf.Pos, addr, format string, args ...any) {
	v.ds.Warnf(pos, v.addr(addr), format, args...)
}

func (v *validator) addr(a string) string {
	if a == "" {
		return v.m.Name
	}
	return v.m.Name + ": " + a
}

// versionMatches reports whether version (a schema snapshot's; one that
// does not parse matches anything) meets constraint, or why constraint
// is none. Every module of a run names the same few constraints and
// snapshots: each pair is parsed and checked once.
func versionMatches(constraint, version string) (bool, error) {
	key := [2]string{constraint, version}
	if r, ok := versionChecks.Load(key); ok {
		r := r.(versionCheck)
		return r.matches, r.err
	}
	r := checkVersion(constraint, version)
	versionChecks.Store(key, r)
	return r.matches, r.err
}

// versionChecks holds versionMatches' answers by constraint and version.
var versionChecks sync.Map // [2]string -> versionCheck

type versionCheck struct {
	matches bool
	err     error
}

func checkVersion(constraint, v string) versionCheck {
	if matches, ok := checkPlainVersion(constraint, v); ok {
		return versionCheck{matches: matches}
	}
	c, err := version.NewConstraint(constraint)
	if err != nil {
		return versionCheck{err: err}
	}
	have, err := version.NewVersion(v)
	return versionCheck{matches: err != nil || c.Check(have)}
}

// checkPlainVersion answers checkVersion without go-version, whose
// first use compiles its regular expressions, when the constraint is
// comma-separated comparisons (=, !=, >, >=, <, <= or none) of plain
// release numbers ("5.0", "5.100.0") and v is one too: then the answer
// is a comparison of the numbers, the shorter padded with zeros, as
// go-version makes it. ok is false for anything else (a pessimistic
// operator, a prerelease or metadata, a "v" prefix, a malformed one),
// which go-version answers.
func checkPlainVersion(constraint, v string) (matches, ok bool) {
	have, ok := plainVersion(v)
	if !ok || constraint == "" {
		return false, false
	}
	matches = true
	for len(constraint) > 0 {
		single := constraint
		if i := strings.IndexByte(constraint, ','); i >= 0 {
			single, constraint = constraint[:i], constraint[i+1:]
			if constraint == "" {
				return false, false // a trailing comma is malformed
			}
		} else {
			constraint = ""
		}
		single = strings.Trim(single, " ")
		op := ""
		for _, o := range [...]string{"<=", ">=", "!=", "<", ">", "="} {
			if strings.HasPrefix(single, o) {
				op, single = o, strings.TrimLeft(single[len(o):], " ")
				break
			}
		}
		want, plain := plainVersion(single)
		if !plain {
			return false, false
		}
		c := comparePlainVersions(have, want)
		switch op {
		case "", "=":
			matches = matches && c == 0
		case "!=":
			matches = matches && c != 0
		case ">":
			matches = matches && c > 0
		case ">=":
			matches = matches && c >= 0
		case "<":
			matches = matches && c < 0
		case "<=":
			matches = matches && c <= 0
		}
	}
	return matches, true
}

// plainVersion splits s, a release number of up to 8 parts, each of 1
// to 18 digits, into its parts; ok is false for anything else.
func plainVersion(s string) (parts [8]int64, ok bool) {
	n := 0
	for {
		i := 0
		for i < len(s) && i < 19 && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 18 || n == len(parts) {
			return parts, false
		}
		var x int64
		for _, d := range s[:i] {
			x = x*10 + int64(d-'0')
		}
		parts[n], n, s = x, n+1, s[i:]
		if s == "" {
			return parts, true
		}
		if s[0] != '.' {
			return parts, false
		}
		s = s[1:]
	}
}

// comparePlainVersions returns -1, 0 or 1 as a is less than, equal to or
// greater than b; missing parts are zeros.
func comparePlainVersions(a, b [8]int64) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (v *validator) run() {
	m := v.m
	v.providers = map[string]*Provider{}
	v.ephemeral = tf.EphemeralSources(m)
	for _, req := range m.Terraform.RequiredProviders {
		source := req.Source
		if source == "" {
			source = req.Name
		}
		p := v.s.Provider(source)
		v.providers[req.Name] = p
		if p == nil || req.Version == "" || p.Version == "" {
			continue
		}
		matches, err := versionMatches(req.Version, p.Version)
		if err != nil {
			v.errorf(m.Pos(), "required_providers."+req.Name, "invalid version constraint %q: %v", req.Version, err)
			continue
		}
		if !matches {
			v.errorf(m.Pos(), "required_providers."+req.Name,
				"version constraint %q does not match the schema snapshot %s %s used for validation; change the constraint or refresh the snapshot with make schemas",
				req.Version, p.Source, p.Version)
		}
	}
	for _, p := range m.Providers {
		if ps := v.provider(p.Name); ps != nil {
			v.body(&p.Body, ps.Config(), scope{addr: "provider." + p.Ref(), pos: p.Pos(), meta: providerMeta})
		}
	}
	// Each resource's address is made once, for both passes.
	v.addrs = tf.Addresses(m.Resources)
	for i, r := range m.Resources {
		v.resource(r, v.addrs[i])
	}
	for _, c := range m.Checks {
		if c.Data != nil {
			v.resource(c.Data, c.Data.Address())
		}
	}
	v.references()
}

// provider resolves a local provider name; undeclared names mean
// hashicorp/<name>, as in Terraform.
func (v *validator) provider(local string) *Provider {
	if p, ok := v.providers[local]; ok {
		return p
	}
	p := v.s.Provider(local)
	v.providers[local] = p
	return p
}

func providerOf(r *tf.Resource) string {
	if r.Provider != nil {
		return r.Provider.Name
	}
	if i := strings.IndexByte(r.Type, '_'); i > 0 {
		return r.Type[:i]
	}
	return r.Type
}

// schemaOf returns the schema of r's type, or nil when it is not known.
func (v *validator) schemaOf(r *tf.Resource) *Block {
	for i := range v.recent {
		if c := &v.recent[i]; c.block != nil && c.mode == r.Mode && c.provider == r.Provider && c.typ == r.Type {
			return c.block
		}
	}
	b := v.lookupSchema(r)
	if b != nil {
		v.recent[v.next] = recentSchema{mode: r.Mode, typ: r.Type, provider: r.Provider, block: b}
		v.next = (v.next + 1) % len(v.recent)
	}
	return b
}

func (v *validator) lookupSchema(r *tf.Resource) *Block {
	local := providerOf(r)
	if local == "terraform" {
		return nil
	}
	p := v.provider(local)
	if p == nil {
		return nil
	}
	switch r.Mode {
	case tf.Data:
		return p.DataSource(r.Type)
	case tf.Ephemeral:
		return p.EphemeralResource(r.Type)
	}
	return p.Resource(r.Type)
}

var (
	resourceMeta = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true, "lifecycle": true, "provisioner": true, "connection": true}
	providerMeta = map[string]bool{"alias": true, "version": true}
)

func (v *validator) resource(r *tf.Resource, addr string) {
	sch := v.schemaOf(r)
	if sch == nil {
		local := providerOf(r)
		if p := v.provider(local); p != nil && local != "terraform" {
			kind, names := "resource type", p.ResourceTypes()
			switch r.Mode {
			case tf.Data:
				kind, names = "data source", p.DataSourceTypes()
			case tf.Ephemeral:
				kind, names = "ephemeral resource type", p.EphemeralResourceTypes()
			}
			v.errorf(r.Pos(), addr, "unknown %s %q in %s %s%s", kind, r.Type, p.Source, p.Version, tf.DidYouMean(r.Type, names))
		}
		return
	}
	if sch.Deprecated {
		v.warnf(r.Pos(), addr, "%s is deprecated%s", r.Type, detail(sch.Description))
	}
	v.body(&r.Body, sch, scope{addr: addr, pos: r.Pos(), meta: resourceMeta, ephemeralOK: r.Mode == tf.Ephemeral})
}

// scope is where a body sits: the object's address, the best position
// known for it, the path of nested blocks inside the object (for messages)
// and the meta-arguments allowed at that level.
type scope struct {
	addr string
	pos  tf.Pos
	path string
	meta map[string]bool
	// ephemeralOK says that every attribute may take an ephemeral value
	// (an ephemeral resource); elsewhere only write-only ones may.
	ephemeralOK bool
}

func (sc scope) in() string {
	if sc.path == "" {
		return ""
	}
	return " in " + sc.path + " block"
}

func (sc scope) nested(name string, pos tf.Pos) scope {
	n := scope{addr: sc.addr, pos: sc.pos, path: name, ephemeralOK: sc.ephemeralOK}
	if sc.path != "" {
		n.path = sc.path + "." + name
	}
	if pos.Known() {
		n.pos = pos
	}
	return n
}

func posOr(p, fallback tf.Pos) tf.Pos {
	if p.Known() {
		return p
	}
	return fallback
}

func detail(desc string) string {
	desc = strings.TrimSpace(desc)
	if desc == "" {
		return ""
	}
	return ": " + desc
}

// body checks a block body against its schema.
func (v *validator) body(b *tf.Body, sch *Block, sc scope) {
	// Bodies are small: the names set are a short list, and the block
	// maps are made only for bodies with blocks.
	var setBuf [16]string
	set := setBuf[:0]
	var counts map[string]int
	var dynamic map[string]bool
	f := v.factsOf(sch)
	for i, it := range b.Items {
		if a := it.Attr; a != nil {
			if sc.meta[a.Name] {
				continue
			}
			set = append(set, a.Name)
			v.attribute(a, f.attribute(i, a.Name), sch, sc)
			continue
		}
		if counts == nil {
			counts, dynamic = map[string]int{}, map[string]bool{}
		}
		blk := it.Block
		pos := posOr(blk.Pos, sc.pos)
		name := blk.Type
		if sc.meta[name] {
			continue
		}
		content := &blk.Body
		if name == "dynamic" {
			if len(blk.Labels) != 1 {
				v.errorf(pos, sc.addr, "dynamic block%s needs exactly one label, the name of the block it generates", sc.in())
				continue
			}
			name = blk.Labels[0]
			dynamic[name] = true
			inner := blk.Body.Blocks("content")
			if len(inner) != 1 {
				v.errorf(pos, sc.addr, "dynamic %q block%s needs exactly one content block", name, sc.in())
				continue
			}
			content = &inner[0].Body
		}
		if bt := sch.BlockType(name); bt != nil {
			counts[name]++
			if bt.Block.Deprecated {
				v.warnf(pos, sc.addr, "block %q%s is deprecated%s", name, sc.in(), detail(bt.Block.Description))
			}
			if blk.Type != "dynamic" {
				if bt.Nesting == NestingMap && len(blk.Labels) != 1 {
					v.errorf(pos, sc.addr, "block %q%s needs one label, its key", name, sc.in())
				} else if bt.Nesting != NestingMap && len(blk.Labels) != 0 {
					v.errorf(pos, sc.addr, "block %q%s takes no labels", name, sc.in())
				}
			}
			v.body(content, bt.Block, sc.nested(name, pos))
			continue
		}
		if a := sch.Attribute(name); a != nil && objectElem(a.Type) != cty.NilType {
			set = append(set, name)
			v.attrAsBlock(content, a, sc.nested(name, pos))
			continue
		}
		if sch.Attribute(name) != nil {
			v.errorf(pos, sc.addr, "%q%s is an attribute, not a block; set it with %s = ...", name, sc.in(), name)
			continue
		}
		v.errorf(pos, sc.addr, "unsupported block type %q%s%s", name, sc.in(), tf.DidYouMean(name, sch.Names()))
	}
	for _, name := range f.required {
		if !slices.Contains(set, name) {
			v.errorf(sc.pos, sc.addr, "missing required attribute %q%s", name, sc.in())
		}
	}
	for _, bt := range f.counted {
		n := counts[bt.Name]
		if dynamic[bt.Name] {
			continue // the count is known only when Terraform expands it
		}
		max := bt.MaxItems
		if bt.Nesting == NestingSingle || bt.Nesting == NestingGroup {
			max = 1
		}
		switch {
		case bt.MinItems > 0 && n < bt.MinItems:
			v.errorf(sc.pos, sc.addr, "at least %d %q %s required%s, got %d", bt.MinItems, bt.Name, plural(bt.MinItems, "block is", "blocks are"), sc.in(), n)
		case max > 0 && n > max:
			v.errorf(sc.pos, sc.addr, "at most %d %q %s allowed%s, got %d", max, bt.Name, plural(max, "block is", "blocks are"), sc.in(), n)
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// objectElem returns the object type of a list or set of objects, the
// attributes Terraform lets configuration write as blocks.
func objectElem(t cty.Type) cty.Type {
	if (t.IsListType() || t.IsSetType()) && t.ElementType().IsObjectType() {
		return t.ElementType()
	}
	return cty.NilType
}

// attribute checks a against its schema as, nil when sch has none of
// that name.
func (v *validator) attribute(a *tf.Attribute, as *Attribute, sch *Block, sc scope) {
	pos := posOr(a.Pos, sc.pos)
	if as == nil {
		if sch.BlockType(a.Name) != nil {
			v.errorf(pos, sc.addr, "%q%s is a block, not an attribute; write it as a %s block", a.Name, sc.in(), a.Name)
			return
		}
		v.errorf(pos, sc.addr, "unsupported attribute %q%s%s", a.Name, sc.in(), tf.DidYouMean(a.Name, sch.Names()))
		return
	}
	if !as.Settable() {
		v.errorf(pos, sc.addr, "attribute %q%s is computed by the provider and cannot be set", a.Name, sc.in())
		return
	}
	if as.Deprecated {
		v.warnf(pos, sc.addr, "attribute %q%s is deprecated%s", a.Name, sc.in(), detail(as.Description))
	}
	if src := v.ephemeral(a.Value); src != "" && !as.WriteOnly && !sc.ephemeralOK {
		v.errorf(pos, sc.addr, "attribute %q%s takes the ephemeral value %s, but it is not write-only: Terraform would store it in the plan and state%s", a.Name, sc.in(), src, writeOnlyHint(a.Name, sch))
	}
	v.checkType(a.Name, a.Value, as.Type, pos, sc)
}

// checkType reports a value whose statically known type cannot convert to
// want.
func (v *validator) checkType(name string, e tf.Expr, want cty.Type, pos tf.Pos, sc scope) {
	if fits(e, want) {
		return
	}
	val, from := v.approx(e, 0)
	// A conversion that is safe for the types cannot fail for the value:
	// no need to build the converted value (most attributes take this way).
	if t := val.Type(); t.Equals(want) || convert.GetConversion(t, want) != nil {
		return
	}
	if _, err := convert.Convert(val, want); err != nil {
		note := ""
		if from != nil {
			note = " (" + fromText(from) + " is " + val.Type().FriendlyName() + ")"
		}
		v.errorf(pos, sc.addr, "inappropriate value for attribute %q%s: %s%s", name, sc.in(), err.Error(), note)
	}
}

// attrAsBlock checks a block written for a list-of-objects attribute.
func (v *validator) attrAsBlock(b *tf.Body, a *Attribute, sc scope) {
	if !a.Settable() {
		v.errorf(sc.pos, sc.addr, "attribute %q is computed by the provider and cannot be set", a.Name)
		return
	}
	if a.Deprecated {
		v.warnf(sc.pos, sc.addr, "attribute %q is deprecated%s", a.Name, detail(a.Description))
	}
	obj := objectElem(a.Type)
	fields := obj.AttributeTypes()
	names := sortedKeys(fields)
	set := map[string]bool{}
	for _, it := range b.Items {
		if at := it.Attr; at != nil {
			ft, ok := fields[at.Name]
			if !ok {
				v.errorf(posOr(at.Pos, sc.pos), sc.addr, "unsupported attribute %q%s%s", at.Name, sc.in(), tf.DidYouMean(at.Name, names))
				continue
			}
			set[at.Name] = true
			v.checkType(at.Name, at.Value, ft, posOr(at.Pos, sc.pos), sc)
			continue
		}
		blk := it.Block
		ft, ok := fields[blk.Type]
		if !ok || objectElem(ft) == cty.NilType {
			v.errorf(posOr(blk.Pos, sc.pos), sc.addr, "unsupported block type %q%s%s", blk.Type, sc.in(), tf.DidYouMean(blk.Type, names))
			continue
		}
		set[blk.Type] = true
		v.attrAsBlock(&blk.Body, &Attribute{Name: blk.Type, Type: ft, Optional: true}, sc.nested(blk.Type, blk.Pos))
	}
	if v.opts.JSON {
		var missing []string
		for _, n := range names {
			if !set[n] && !obj.AttributeOptional(n) {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			v.errorf(sc.pos, sc.addr, "%q is a list of objects attribute written as a block: Terraform JSON needs every field, missing %s (set them to null)", a.Name, strings.Join(missing, ", "))
		}
	}
}
