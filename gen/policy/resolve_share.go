package policy

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Instances of one resource (every copy of a module called with count or
// for_each, every instance of a resource with count) mostly evaluate an
// argument to the same value but for the placeholders' origins: module.
// storage[7]'s bucket link is module.storage[0]'s with [7] for [0]. The
// first instance resolved evaluates the argument and leaves a template:
// the values its evaluation read (variables, locals, module outputs,
// planned attributes of other resources) and what it wrote into the
// plan. Another instance whose reads are the same, origins swapped,
// takes the template's result with its own placeholders, without
// evaluating anything.
//
// That holds when the evaluation treats a placeholder as an opaque
// name: copying, joining and encoding it, never reading its text.
// Expressions that could read it (string length, format widths, sets
// and maps ordered by it) never leave a template (see equivariant);
// functions that read text already see honest unknowns (readsText).

// A template is the first evaluation of one argument of one resource.
type template struct {
	ok  bool     // shareable: reads are all recorded, and none is open
	lr  *lazyRes // the instance evaluated, in module instance lr.in
	rec recording
	// What the evaluation left: set when it wrote an, un; note, when
	// set, says why the value stays open.
	set              bool
	note             *openExpr
	an, un           node
	open, sens, hasP bool
	why              *whyParts // see openWhy
}

// A recording lists what an evaluation read in its module instance.
type recording struct {
	in    *modInst
	reads []read
	key   bool // read count.index or each.*
	bad   bool // read something whose value names its instance
}

type readKind uint8

const (
	readVar readKind = iota
	readLocal
	readModule
	readRes
	readTags
)

type read struct {
	// id is the same for the same read in every template (see readID):
	// an instance checks it once for all of them.
	id        int
	kind      readKind
	name      string // var, local; resource name
	typ       string
	mref      moduleRef
	attrs     []string // resource attributes read; nil with whole
	whole     bool
	val       cty.Value   // var, local, module, default tags
	insts     []*Resource // the resources read, in the template's instance
	singleRes bool        // read through resourceAttr: one instance, no key
}

// recording returns the recording of reads made in in, or nil.
func (rv *resolver) recordingIn(in *modInst) *recording {
	if rv.rec != nil && rv.rec.in == in {
		return rv.rec
	}
	return nil
}

func (rv *resolver) addVal(rec *recording, kind readKind, name string, v cty.Value) {
	for _, r := range rec.reads {
		if r.kind == kind && r.name == name {
			return
		}
	}
	rec.reads = append(rec.reads, read{id: rv.readID(kind, name), kind: kind, name: name, val: v})
}

func (rv *resolver) addModule(rec *recording, ref moduleRef, v cty.Value) {
	key := ref.name + "\x00" + strings.Join(ref.outputs, "\x00")
	if ref.all {
		key += "\x00*"
	}
	rec.reads = append(rec.reads, read{id: rv.readID(readModule, key), kind: readModule, mref: ref, val: v})
}

// readID numbers reads by kind and key.
func (rv *resolver) readID(kind readKind, key string) int {
	k := string(rune('a'+kind)) + key
	id, ok := rv.readIDs[k]
	if !ok {
		if rv.readIDs == nil {
			rv.readIDs = map[string]int{}
		}
		id = len(rv.readIDs)
		rv.readIDs[k] = id
	}
	return id
}

// recordRes records a read of resource typ.name (attrs, or the whole of
// each instance) as the plan has it in in.
func (rv *resolver) recordRes(rec *recording, in *modInst, typ, name string, attrs []string, whole, single bool) {
	for _, r := range rec.reads {
		if r.kind == readRes && r.typ == typ && r.name == name && r.whole == whole && r.singleRes == single && slices.Equal(r.attrs, attrs) {
			return
		}
	}
	cr := rv.cfgRes(in, typ, name)
	insts := rv.instances(in, typ, name)
	// Values that say why they are open name the instance: not
	// shareable.
	switch {
	case cr == nil:
		rec.bad = true
	case cr.count != nil:
		seen := make([]bool, len(insts))
		for _, r := range insts {
			i, err := strconv.Atoi(strings.Trim(instanceKey(r.Address), "[]"))
			if err != nil || i < 0 || i >= len(insts) || seen[i] {
				rec.bad = true
				break
			}
			seen[i] = true
		}
	case cr.forEach == nil:
		n := 0
		for _, r := range insts {
			if instanceKey(r.Address) == "" {
				n++
			}
		}
		if n != 1 {
			rec.bad = true
		}
	}
	for _, r := range insts {
		if !r.hasAfter() {
			rec.bad = true
		}
	}
	key := typ + "." + name + "\x00" + strings.Join(attrs, "\x00")
	if whole {
		key += "\x00*"
	}
	if single {
		key += "\x001"
	}
	rec.reads = append(rec.reads, read{id: rv.readID(readRes, key), kind: readRes, typ: typ, name: name, attrs: attrs, whole: whole, insts: insts, singleRes: single})
}

// A swap exchanges two module instance paths in placeholder origins:
// x and y are the paths of the one level at which a template's
// instance and another differ. A swap is its own inverse, so two
// distinct origins never become one. nil swaps nothing.
type swap struct {
	x, y string
	ids  map[int]int // placeholder ids swapped so far, made by the first
	// same holds, by read id, whether the read gives the same in both
	// instances: 0 not checked yet, 1 yes, 2 no.
	same []uint8
}

func (s *swap) origin(o string) string {
	if s == nil {
		return o
	}
	switch {
	case under(o, s.x):
		return s.y + o[len(s.x):]
	case under(o, s.y):
		return s.x + o[len(s.y):]
	}
	return o
}

// maps reports whether s takes origin a to b, without making the
// string.
func (s *swap) maps(a, b string) bool {
	if s == nil {
		return a == b
	}
	switch {
	case under(a, s.x):
		return strings.HasPrefix(b, s.y) && b[len(s.y):] == a[len(s.x):]
	case under(a, s.y):
		return strings.HasPrefix(b, s.x) && b[len(s.x):] == a[len(s.y):]
	}
	return a == b
}

// under reports whether address o lies in module instance path p.
func under(o, p string) bool {
	return len(o) > len(p) && o[len(p)] == '.' && strings.HasPrefix(o, p)
}

// swapFor returns the swap that takes template instance a to b: they
// must be instances of one module that differ in the key of one call
// only.
func swapFor(a, b *modInst) (*swap, bool) {
	if a == b {
		return nil, true
	}
	if a.mod != b.mod || len(a.scope) != len(b.scope) {
		return nil, false
	}
	at := -1
	for i := range a.scope {
		if a.scope[i].name != b.scope[i].name {
			return nil, false
		}
		if a.scope[i].key != b.scope[i].key {
			if at >= 0 {
				return nil, false
			}
			at = i
		}
	}
	if at < 0 {
		return nil, false
	}
	if b.swapFrom == a {
		return b.swap, true
	}
	s := &swap{x: scopePath(a.scope[:at+1]), y: scopePath(b.scope[:at+1])}
	b.swapFrom, b.swap = a, s
	return s, true
}

// phID is placeholder n with its origin swapped.
func (rv *resolver) phID(n int, sw *swap) int {
	if sw == nil || n < 0 || n >= len(rv.ph.list) {
		return n
	}
	if m, ok := sw.ids[n]; ok {
		return m
	}
	ph := rv.ph.list[n]
	m := n
	if o := sw.origin(ph.origin); o != ph.origin {
		ph.origin = o
		m = rv.ph.id(ph)
	}
	if sw.ids == nil {
		sw.ids = map[int]int{}
	}
	sw.ids[n] = m
	return m
}

// swapText returns s with the origins of its placeholders swapped.
func (rv *resolver) swapText(s string, sw *swap) string {
	if sw == nil || !strings.Contains(s, phOpen) {
		return s
	}
	return string(rv.appendSwapped(nil, s, sw))
}

// appendSwapped appends s to b with the origins of its placeholders
// swapped.
func (rv *resolver) appendSwapped(b []byte, s string, sw *swap) []byte {
	return appendEachSentinel(b, s, func(b []byte, n int) ([]byte, bool) {
		b = strconv.AppendInt(append(b, phOpen...), int64(rv.phID(n, sw)), 10)
		return append(b, phClose...), true
	})
}

// sameSwapped reports whether b is a with its placeholders' origins
// swapped: same types, same known and null parts, same marks. Keys of
// maps and objects must be equal as they are: a key that held a
// placeholder could sort another way once swapped.
func (rv *resolver) sameSwapped(a, b cty.Value, sw *swap) bool {
	a, am := a.Unmark()
	b, bm := b.Unmark()
	if len(am) != len(bm) {
		return false
	}
	for m := range am {
		if n, ok := m.(phMark); ok {
			m = phMark(rv.phID(int(n), sw))
		}
		if _, ok := bm[m]; !ok {
			return false
		}
	}
	if !a.Type().Equals(b.Type()) || a.IsKnown() != b.IsKnown() {
		return false
	}
	if !a.IsKnown() {
		// Refinements (a known prefix, not null) must match as they
		// are: a prefix may hold instance-specific text.
		return a.RawEquals(b)
	}
	if a.IsNull() || b.IsNull() {
		return a.IsNull() == b.IsNull()
	}
	ty := a.Type()
	switch {
	case ty == cty.String:
		return rv.swapText(a.AsString(), sw) == b.AsString()
	case ty.IsPrimitiveType():
		return a.RawEquals(b)
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType() || ty.IsMapType() || ty.IsObjectType():
		if a.LengthInt() != b.LengthInt() {
			return false
		}
		keyed := ty.IsMapType() || ty.IsObjectType()
		ia, ib := a.ElementIterator(), b.ElementIterator()
		for ia.Next() && ib.Next() {
			ka, ea := ia.Element()
			kb, eb := ib.Element()
			if keyed && ka.AsString() != kb.AsString() {
				return false
			}
			if keyed && strings.Contains(ka.AsString(), phOpen) {
				return false
			}
			if !rv.sameSwapped(ea, eb, sw) {
				return false
			}
		}
		return true
	}
	return a.RawEquals(b)
}

// sameTree reports whether tree nodes x and y hold the same value.
func sameTree(t *tree, x, y ref) bool {
	if x == y {
		return true
	}
	nx, ny := t.at(x), t.at(y)
	if nx.kind != ny.kind {
		return false
	}
	switch nx.kind {
	case kString, kLongString, kNumber:
		return t.str(nx) == t.str(ny)
	case kArray, kObject:
		if nx.b != ny.b {
			return false
		}
		for i := uint32(0); i < nx.b; i++ {
			cx, cy := ref(nx.a+i), ref(ny.a+i)
			if t.node(cx).key != t.node(cy).key || !sameTree(t, cx, cy) {
				return false
			}
		}
	}
	return true
}

// samePlanned reports whether a and b have the same planned values (as
// the plan has them, before resolution) for attrs, or whole.
func (rv *resolver) samePlanned(a, b *Resource, attrs []string, whole bool) bool {
	if a.hasAfter() != b.hasAfter() {
		return false
	}
	t := a.plan.t
	aa, au, as := rv.planned(a)
	ba, bu, bs := rv.planned(b)
	if whole {
		return sameTree(t, aa, ba) && sameTree(t, au, bu) && sameTree(t, as, bs)
	}
	if t.kind(aa) != t.kind(ba) || t.kind(as) == kTrue != (t.kind(bs) == kTrue) {
		return false
	}
	for _, at := range attrs {
		if !sameTree(t, t.member(aa, at), t.member(ba, at)) || !sameTree(t, t.member(au, at), t.member(bu, at)) ||
			!sameTree(t, t.member(as, at), t.member(bs, at)) {
			return false
		}
	}
	return true
}

// sameReads reports whether every read of rec gives, in instance in,
// what it gave the template, origins swapped.
func (rv *resolver) sameReads(rec *recording, in *modInst, cr *cfgResource, sw *swap) bool {
	for i := range rec.reads {
		rd := &rec.reads[i]
		if rd.id < len(sw.same) && sw.same[rd.id] != 0 {
			if sw.same[rd.id] == 2 {
				return false
			}
			continue
		}
		ok := rv.sameRead(rd, in, cr, sw)
		if rd.kind == readTags {
			// The default tags depend on the resource's provider.
			if !ok {
				return false
			}
			continue
		}
		for len(sw.same) <= rd.id {
			sw.same = append(sw.same, 0)
		}
		sw.same[rd.id] = 1
		if !ok {
			sw.same[rd.id] = 2
			return false
		}
	}
	return true
}

func (rv *resolver) sameRead(rd *read, in *modInst, cr *cfgResource, sw *swap) bool {
	switch rd.kind {
	case readVar:
		return rv.sameSwapped(rd.val, rv.variable(in, rd.name), sw)
	case readLocal:
		return rv.sameSwapped(rd.val, rv.local(in, rd.name), sw)
	case readModule:
		return rv.sameSwapped(rd.val, rv.module(in, rd.mref), sw)
	case readTags:
		v, _ := rv.defaultTags(cr)
		return rv.sameSwapped(rd.val, v, sw)
	case readRes:
		insts := rv.instances(in, rd.typ, rd.name)
		if len(insts) != len(rd.insts) {
			return false
		}
		for j, r := range insts {
			r0 := rd.insts[j]
			if !sw.maps(r0.Address, r.Address) || !rv.samePlanned(r0, r, rd.attrs, rd.whole) {
				return false
			}
		}
	}
	return true
}

// equivariant reports whether e evaluates placeholders as opaque names
// only (see the top of this file).
func equivariant(e hclsyntax.Expression) bool {
	ok := true
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		switch x := n.(type) {
		case *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr,
			*hclsyntax.TemplateJoinExpr, *hclsyntax.ParenthesesExpr, *hclsyntax.ScopeTraversalExpr,
			*hclsyntax.RelativeTraversalExpr, *hclsyntax.IndexExpr, *hclsyntax.SplatExpr,
			*hclsyntax.AnonSymbolExpr, *hclsyntax.TupleConsExpr, *hclsyntax.ObjectConsExpr,
			*hclsyntax.ConditionalExpr, *hclsyntax.BinaryOpExpr, *hclsyntax.UnaryOpExpr:
		case *hclsyntax.ObjectConsKeyExpr:
			if _, lit := literalKey(x); !lit {
				ok = false
			}
		case *hclsyntax.ForExpr:
			// An object's keys could hold placeholders.
			ok = ok && x.KeyExpr == nil
		case *hclsyntax.FunctionCallExpr:
			ok = ok && !textBlind[x.Name]
		default:
			ok = false
		}
		return nil
	})
	return ok
}

// textBlind are the functions that read a placeholder's text, or order
// by it, without seeing it is one (readsText wraps the others that read
// text).
var textBlind = map[string]bool{
	"length": true, "format": true, "formatlist": true, "toset": true, "setproduct": true,
	"setunion": true, "zipmap": true, "try": true, "can": true,
}

// shareable reports whether argument attr of cr may leave a template.
func shareable(cr *cfgResource, attr string) bool {
	sb, ok := cr.body.(*hclsyntax.Body)
	if !ok {
		return false
	}
	if attr == "tags_all" {
		attr = "tags"
	}
	if a := sb.Attributes[attr]; a != nil {
		return equivariant(a.Expr)
	}
	for _, b := range sb.Blocks {
		if (b.Type == attr || b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == attr) && !bodyEquivariant(b.Body) {
			return false
		}
	}
	return true
}

func bodyEquivariant(b *hclsyntax.Body) bool {
	for _, a := range b.Attributes {
		if !equivariant(a.Expr) {
			return false
		}
	}
	for _, c := range b.Blocks {
		if !bodyEquivariant(c.Body) {
			return false
		}
	}
	return true
}

// shared resolves attribute attr of r from its resource's template, or
// makes r's evaluation the template; false leaves it to resolveAttr.
func (res *resolution) shared(r *Resource, lr *lazyRes, attr string) bool {
	rv := res.rv
	if rv.rec != nil || rv.noShare || alone(lr) {
		return false
	}
	key := cfgAttr{lr.cr, attr}
	tp, seen := rv.templates[key]
	if !seen {
		if !shareable(lr.cr, attr) {
			rv.templates[key] = nil
			return false
		}
		tp = &template{lr: lr}
		tp.rec.in = lr.in
		rv.templates[key] = tp
		rv.rec = &tp.rec
		defer func() { rv.rec = nil }()
		res.evaluate(r, lr, attr, tp)
		tp.ok = !tp.rec.bad
		return true
	}
	if tp == nil || !tp.ok {
		return false
	}
	sw, ok := swapFor(tp.lr.in, lr.in)
	if !ok || !rv.sameOwn(tp.lr, lr, attr) {
		return false
	}
	if tp.rec.key && !rv.sameKey(tp.lr.k(), lr.k(), sw) {
		return false
	}
	// In the template's own instance every read gives what it gave.
	if lr.in != tp.lr.in && !rv.sameReads(&tp.rec, lr.in, lr.cr, sw) {
		return false
	}
	if tp.set {
		an := tp.an
		if tp.hasP {
			an = rv.swapNode(r.plan.t, an, sw)
		}
		r.setAttrNodes(attr, an, tp.un, tp.open, tp.sens)
		if tp.sens {
			collectSensitive(r.Get(attr), res.sensitive)
		}
	}
	if tp.note != nil {
		res.note(r, attr, openNote{ex: tp.note, sw: sw})
	}
	return true
}

// alone reports whether no other instance could take lr's template:
// the resource has neither count nor for_each, and no module instance
// above it has a key, while swapFor shares only between instances of
// one module instance or of module instances whose paths differ in one
// key. A template costs its recording and the check that its
// expression is equivariant; the platform's roots, whose modules are
// each called once, made 117 and took none.
func alone(lr *lazyRes) bool {
	if lr.cr.count != nil || lr.cr.forEach != nil {
		return false
	}
	for _, k := range lr.in.scope {
		if k.key != "" {
			return false
		}
	}
	return true
}

// sameOwn reports whether two instances have the same planned value of
// attr: then resolving it does the same to both.
func (rv *resolver) sameOwn(a, b *lazyRes, attr string) bool {
	t := rv.p.t
	if t.kind(a.sen) == kTrue != (t.kind(b.sen) == kTrue) {
		return false
	}
	return sameTree(t, t.member(a.after, attr), t.member(b.after, attr)) &&
		sameTree(t, t.member(a.unknown, attr), t.member(b.unknown, attr)) &&
		sameTree(t, t.member(a.sen, attr), t.member(b.sen, attr))
}

func (rv *resolver) sameKey(a, b instKey, sw *swap) bool {
	same := func(x, y cty.Value) bool {
		if x == cty.NilVal || y == cty.NilVal {
			return x == cty.NilVal && y == cty.NilVal
		}
		return rv.sameSwapped(x, y, sw)
	}
	return same(a.index, b.index) && same(a.eachKey, b.eachKey) && same(a.eachVal, b.eachVal)
}

// swapNode returns tree node n with the placeholders in its strings
// swapped (n itself where there are none).
func (rv *resolver) swapNode(t *tree, n node, sw *swap) node {
	switch n.kind {
	case kString, kLongString:
		s := t.str(&n)
		if !strings.Contains(s, phOpen) {
			return n
		}
		rv.buf = rv.appendSwapped(rv.buf[:0], s, sw)
		out, err := t.text(kString, rv.buf)
		if err != nil {
			panic(err)
		}
		out.key = n.key
		return out
	case kArray, kObject:
		base := len(t.stack)
		changed := false
		for i := n.a; i < n.a+n.b; i++ {
			c := *t.node(ref(i))
			s := rv.swapNode(t, c, sw)
			changed = changed || s != c
			t.stack = append(t.stack, s)
		}
		if !changed {
			t.stack = t.stack[:base]
			return n
		}
		out := t.container(n.kind, base)
		out.key = n.key
		return out
	}
	return n
}

// holdsPlaceholder reports whether a string in tree node n holds a
// placeholder.
func holdsPlaceholder(t *tree, n *node) bool {
	switch n.kind {
	case kString, kLongString:
		return strings.Contains(t.str(n), phOpen)
	case kArray, kObject:
		for i := n.a; i < n.a+n.b; i++ {
			if holdsPlaceholder(t, t.node(ref(i))) {
				return true
			}
		}
	}
	return false
}
