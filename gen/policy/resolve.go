package policy

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// resolution is what resolving a plan against its configuration leaves
// behind: the placeholders, and per resource and attribute the
// expression that still leaves a value open.
//
// Resolution is lazy: an attribute is evaluated from the configuration
// the first time a rule reads it (Resource.Get calls need), so the cost
// follows the unknown values the rules read, not the size of the plan.
type resolution struct {
	ph *placeholders
	rv *resolver
	// open holds the notes of resources that have no lazyRes to keep
	// them (see note).
	open map[resAttr]openNote
	// rendered is set for a configuration judged before terraform runs
	// (CheckRendered): there the plan holds none of the arguments, and
	// every one the configuration sets is resolved when read.
	rendered bool
	// sensitive holds the string forms of the sensitive parts of
	// resolved values, for the report to scrub.
	sensitive map[string]bool
}

// A lazyRes is what resolving the attributes of one resource instance
// needs, worked out the first time a rule reads one of them.
type lazyRes struct {
	in    *modInst
	cr    *cfgResource
	reads *attrSet // the attributes worth resolving; nil: every one
	kp    *instKey // the instance key (see k); nil: none
	keyed bool     // kp is worked out
	// after, unknown and sen are the resource's planned values before
	// any of its attributes was resolved. Expressions of other
	// resources read these: values come from the plan as it stands,
	// never from another resolution, so the order in which rules read
	// does not change a result.
	after, unknown, sen ref
	// done lists the attributes resolved (or tried) so far.
	done    []string
	doneBuf [2]string
	// notes say why attributes of the resource stay open (see
	// resolution.note); kept here rather than in one map for the plan,
	// which would grow with every open value.
	notes []attrNote
}

// k is the resource instance's count.index or each.key and each.value.
func (lr *lazyRes) k() instKey {
	if lr.kp == nil {
		return instKey{}
	}
	return *lr.kp
}

type attrNote struct {
	attr string
	why  openNote
}

// A constVal is an argument whose expressions refer to nothing,
// evaluated once for every instance of its resource, and its form in the
// plan's tree when the plan leaves it wholly unknown.
type constVal struct {
	val    cty.Value
	src    hcl.Expression
	merged bool
	nu     any
	an, un node
	open   bool
	sens   bool
	note   *openExpr // why the value stays open, once noted
}

type cfgAttr struct {
	cr   *cfgResource
	attr string
}

// noLazy stands for a resource with nothing to resolve.
var noLazy = &lazyRes{}

// An openNote says why an attribute stays open. It is written out only
// when a verdict is unknown: most open values (an ARN inside a policy
// document) never need the words. It is small: a plan notes thousands,
// and every instance that takes a template's result shares the
// template's openExpr.
type openNote struct {
	ex  *openExpr // the expression that leaves the value open; nil: why says
	why string
	// sw swaps the origins of ex.val's placeholders: ex is template
	// ex.tp's, another instance's (see shared).
	sw *swap
}

// An openExpr is an expression that left a value open, and the value.
type openExpr struct {
	rv  *resolver
	src hcl.Expression
	val cty.Value
	tp  *template // the template the value is, or nil
}

func (n openNote) String() string {
	if n.ex == nil {
		return n.why
	}
	return n.ex.rv.openWhy(n.ex.src, n.ex.val, n.sw, n.ex.tp)
}

// need resolves attribute attr of r unless it is resolved already, or
// known, or something no rule reads. It is the hook Resource.Get calls
// before it reads a top-level attribute.
func (res *resolution) need(r *Resource, attr string) {
	lr := r.lazy
	if lr == noLazy {
		return
	}
	t := r.plan.t
	if !res.rendered {
		u := r.unknown
		if lr != nil {
			u = lr.unknown
		}
		if !t.anyTrue(t.member(u, attr)) {
			return
		}
	}
	if lr == nil {
		if lr = res.prepare(r); lr == noLazy {
			return
		}
	}
	if slices.Contains(lr.done, attr) {
		return
	}
	lr.done = append(lr.done, attr)
	if lr.reads != nil && !lr.reads.all && !lr.reads.attrs[attr] {
		return
	}
	// What the configuration does not set, the provider computes.
	if attr != "tags_all" && !lr.cr.sets[attr] {
		return
	}
	if !lr.keyed && !res.key(r, lr) {
		return
	}
	res.resolveAttr(r, lr, attr)
}

// prepare finds r's module instance and configuration.
func (res *resolution) prepare(r *Resource) *lazyRes {
	rv := res.rv
	r.lazy = noLazy
	t := r.plan.t
	if !r.hasAfter() || r.Change.Actions.Delete() && !r.Change.Actions.Replace() ||
		t.kind(r.after) != kObject || t.kind(r.unknown) != kObject {
		return noLazy
	}
	reads := rv.reads[r.Type]
	if rv.reads != nil && reads == nil {
		return noLazy
	}
	in := rv.instOf(r)
	if in.mod == nil {
		return noLazy
	}
	cr := in.mod.byName[[2]string{r.Type, r.Name}]
	if cr == nil {
		return noLazy
	}
	// One allocation for many: a plan resolves thousands.
	if len(rv.lazySlab) == 0 {
		rv.lazySlab = make([]lazyRes, 256)
	}
	lr := &rv.lazySlab[0]
	rv.lazySlab = rv.lazySlab[1:]
	*lr = lazyRes{in: in, cr: cr, reads: reads, after: r.after, unknown: r.unknown, sen: r.sen}
	lr.done = lr.doneBuf[:0]
	r.lazy = lr
	return lr
}

// key works out r's count.index or each.key and each.value. cty panics
// on some type mismatches a malformed configuration can cause; then none
// of r's attributes is resolved, and r says why.
func (res *resolution) key(r *Resource, lr *lazyRes) (ok bool) {
	defer func() {
		if x := recover(); x != nil {
			r.lazy = noLazy
			res.note(r, "", openNote{why: fmt.Sprintf("cannot be evaluated from the configuration (%v)", x)})
			ok = false
		}
	}()
	lr.kp = res.rv.keyFor(lr.in, instanceKey(r.Address), lr.cr.count, lr.cr.forEach, instKey{})
	lr.keyed = true
	return true
}

// resolveAttr evaluates attribute attr of r and puts it into the planned
// value. An attribute whose evaluation panics stays unknown, and says
// so.
func (res *resolution) resolveAttr(r *Resource, lr *lazyRes, attr string) {
	defer func() {
		if x := recover(); x != nil {
			res.note(r, attr, openNote{why: fmt.Sprintf("cannot be evaluated from the configuration (%v)", x)})
		}
	}()
	if attr == "tags_all" || !lr.cr.consts[attr] {
		if res.shared(r, lr, attr) {
			return
		}
	}
	res.evaluate(r, lr, attr, nil)
}

// evaluate is resolveAttr's evaluation; tp, when set, keeps what it
// did as a template for other instances (see shared).
func (res *resolution) evaluate(r *Resource, lr *lazyRes, attr string, tp *template) {
	rv := res.rv
	var val cty.Value
	var src hcl.Expression
	var cv *constVal
	switch {
	case attr == "tags_all":
		val, src = rv.tagsAll(lr.in, lr.cr, lr.k())
	case lr.cr.consts[attr]:
		key := cfgAttr{lr.cr, attr}
		if cv = rv.consts[key]; cv == nil {
			cv = &constVal{}
			cv.val, cv.src = rv.attribute(lr.in, lr.cr, attr, lr.k())
			rv.consts[key] = cv
		}
		val, src = cv.val, cv.src
	default:
		val, src = rv.attribute(lr.in, lr.cr, attr, lr.k())
	}
	if src == nil {
		return
	}
	// Before terraform runs, the plan holds nothing the configuration
	// sets: the whole attribute is open.
	t := r.plan.t
	whole := res.rendered
	var after, unk any = nil, true
	if !whole {
		switch um := t.member(lr.unknown, attr); {
		case t.kind(um) == kTrue:
			whole = true
		case !fills(t, um, val):
			// Merging would give the planned value back.
			res.noteExpr(r, attr, src, val, tp, cv)
			return
		default:
			after, unk = t.raw(t.member(lr.after, attr)), t.raw(um)
		}
	}
	var nu any
	var sens bool
	if whole && cv != nil {
		if !cv.merged {
			var na any
			na, cv.nu, cv.sens = rv.merge(nil, true, val)
			cv.an, cv.open = t.mustNode(na), anyTrue(cv.nu)
			if cv.open {
				cv.un = t.mustNode(cv.nu)
			}
			cv.merged = true
		}
		r.setAttrNodes(attr, cv.an, cv.un, cv.open, cv.sens)
		nu, sens = cv.nu, cv.sens
	} else {
		var na any
		na, nu, sens = rv.merge(after, unk, val)
		an, open := t.mustNode(na), anyTrue(nu)
		var un node
		if open {
			un = t.mustNode(nu)
		}
		r.setAttrNodes(attr, an, un, open, sens)
		if tp != nil {
			tp.set, tp.an, tp.un, tp.open, tp.sens = true, an, un, open, sens
			tp.hasP = holdsPlaceholder(t, &an)
		}
	}
	if sens {
		collectSensitive(r.Get(attr), res.sensitive)
	}
	if anyTrue(nu) {
		res.noteExpr(r, attr, src, val, tp, cv)
	}
}

// noteExpr notes that expression src leaves attribute attr of r open
// with val; tp, when set, keeps the note for the instances that take
// its result, and cv for the other instances of a constant argument.
func (res *resolution) noteExpr(r *Resource, attr string, src hcl.Expression, val cty.Value, tp *template, cv *constVal) {
	var ex *openExpr
	if cv != nil {
		ex = cv.note
	}
	if ex == nil {
		ex = &openExpr{rv: res.rv, src: src, val: val, tp: tp}
	}
	if tp != nil {
		tp.note = ex
	}
	if cv != nil {
		cv.note = ex
	}
	res.note(r, attr, openNote{ex: ex})
}

// fills reports whether merge could change a planned value whose
// after_unknown is the tree node unk: whether val is known somewhere the
// plan leaves unknown. Where it says no, merge gives the planned value
// back; where it is not sure (a map), it says yes.
func fills(t *tree, unk ref, val cty.Value) bool {
	val, _ = val.Unmark()
	if !val.IsKnown() || val.IsNull() {
		return false
	}
	n := t.at(unk)
	switch n.kind {
	case kTrue:
		return true
	case kObject:
		ty := val.Type()
		if ty.IsMapType() {
			return true
		}
		if !ty.IsObjectType() {
			return false
		}
		for i := n.a; i < n.a+n.b; i++ {
			c := ref(i)
			k := t.keys[t.node(c).key]
			if t.anyTrue(c) && ty.HasAttribute(k) && fills(t, c, val.GetAttr(k)) {
				return true
			}
		}
	case kArray:
		if !val.CanIterateElements() || val.LengthInt() != int(n.b) {
			return false
		}
		i := n.a
		for it := val.ElementIterator(); it.Next(); i++ {
			if _, e := it.Element(); t.anyTrue(ref(i)) && fills(t, ref(i), e) {
				return true
			}
		}
	}
	return false
}

// planned returns r's planned values as the resolver reads them: as the
// plan has them, before any resolution.
func (rv *resolver) planned(r *Resource) (after, unknown, sen ref) {
	if lr := r.lazy; lr != nil && lr != noLazy {
		return lr.after, lr.unknown, lr.sen
	}
	return r.after, r.unknown, r.sen
}

// addSensitive adds the sensitive parts of resolved values to a report's
// set.
func (res *resolution) addSensitive(out map[string]bool) {
	for s := range res.sensitive {
		out[s] = true
	}
}

// resolve makes the plan resolve, for every attribute the plan leaves
// (partly) unknown and a rule reads, the expression the configuration
// gives it: known parts become known, what only apply knows stays
// unknown as a placeholder with its origin.
func (p *Plan) resolve(cfg *Config) {
	p.index()
	rv := newResolver(p, cfg, cfg.reads)
	p.res = rv.res
}

// newResolver makes the resolver of p against cfg, and its resolution;
// reads are the attributes worth resolving, by resource type.
func newResolver(p *Plan, cfg *Config, reads map[string]*attrSet) *resolver {
	rv := &resolver{p: p, cfg: cfg, ph: &placeholders{}, insts: map[string]*modInst{},
		resVals: map[*Resource]cty.Value{}, attrVals: map[resAttr]cty.Value{}, attrObjs: map[resAttr]cty.Value{}, refs: map[hcl.Expression]*exprRefs{}, vars: map[string]cty.Value{}, reads: reads,
		consts: map[cfgAttr]*constVal{}, instByScope: map[*modKey]*modInst{}, templates: map[cfgAttr]*template{}}
	rv.funcs = make(map[string]function.Function, 8) // see resolver.function
	rv.res = &resolution{ph: rv.ph, rv: rv, open: map[resAttr]openNote{}, sensitive: map[string]bool{}}
	return rv
}

// note records why attribute attr of r stays open.
func (res *resolution) note(r *Resource, attr string, why openNote) {
	lr := r.lazy
	if lr == nil || lr == noLazy {
		res.open[resAttr{r, attr}] = why
		return
	}
	for i := range lr.notes {
		if lr.notes[i].attr == attr {
			lr.notes[i].why = why
			return
		}
	}
	lr.notes = append(lr.notes, attrNote{attr, why})
}

// noted returns what note recorded for attribute attr of r.
func (res *resolution) noted(r *Resource, attr string) (openNote, bool) {
	if lr := r.lazy; lr != nil && lr != noLazy {
		for _, n := range lr.notes {
			if n.attr == attr {
				return n.why, true
			}
		}
	}
	why, ok := res.open[resAttr{r, attr}]
	return why, ok
}

// openWhy says which expression leaves v open and on what; tp, when
// set, is the template v comes from, which keeps what every instance's
// reason is made of.
func (rv *resolver) openWhy(e hcl.Expression, v cty.Value, sw *swap, tp *template) string {
	var w *whyParts
	if tp != nil {
		w = tp.why
	}
	if w == nil {
		w = &whyParts{}
		cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
			u, marks := x.Unmark()
			for m := range marks {
				if n, ok := m.(phMark); ok && int(n) < len(rv.ph.list) {
					w.phs = append(w.phs, rv.ph.list[n])
				}
			}
			if u.IsKnown() && !u.IsNull() && u.Type() == cty.String {
				if ph, ok := rv.ph.whole(u.AsString()); ok {
					w.phs = append(w.phs, ph)
				}
			}
			return true, nil
		})
		r := e.Range()
		w.setBy = fmt.Sprintf("set by `%s` (%s:%d)", rv.cfg.source(r), r.Filename, r.Start.Line)
		if tp != nil {
			tp.why = w
		}
	}
	var phs []string
	for _, ph := range w.phs {
		ph.origin = sw.origin(ph.origin)
		if s := ph.String(); !slices.Contains(phs, s) {
			phs = append(phs, s)
		}
	}
	s := w.setBy
	if len(phs) > 0 {
		s += ", open until apply: " + strings.Join(phs, ", ")
	}
	return s
}

// whyParts are what openWhy makes a reason of.
type whyParts struct {
	setBy string
	phs   []placeholder
}

// attribute evaluates top-level attribute or nested block attr of
// resource instance cr[k]; src is nil when the configuration does not set
// it (the provider computes it).
func (rv *resolver) attribute(in *modInst, cr *cfgResource, attr string, k instKey) (cty.Value, hcl.Expression) {
	if sb, ok := cr.body.(*hclsyntax.Body); ok {
		if a := sb.Attributes[attr]; a != nil {
			return rv.value(in, a.Expr, k), a.Expr
		}
		var elems []cty.Value
		var src hcl.Expression
		for _, b := range sb.Blocks {
			switch {
			case b.Type == attr:
				elems = append(elems, rv.block(in, b.Body, k))
				src = blockExpr(b)
			case b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == attr:
				elems = append(elems, rv.dynamic(in, b, k)...)
				src = blockExpr(b)
			}
		}
		if src == nil {
			return cty.NilVal, nil
		}
		return tupleOrEmpty(elems), src
	}
	attrs, _ := cr.body.JustAttributes()
	a := attrs[attr]
	if a == nil {
		return cty.NilVal, nil
	}
	v := rv.value(in, a.Expr, k)
	// In JSON a nested block is an object (or a list of them); the plan
	// holds blocks as lists.
	if u, _ := v.Unmark(); u.IsKnown() && !u.IsNull() && u.Type().IsObjectType() {
		v = cty.TupleVal([]cty.Value{v})
	}
	return v, a.Expr
}

// blockExpr stands for a block where a message names the expression.
func blockExpr(b *hclsyntax.Block) hcl.Expression {
	return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: b.DefRange()}
}

func tupleOrEmpty(elems []cty.Value) cty.Value {
	if len(elems) == 0 {
		return cty.EmptyTupleVal
	}
	return cty.TupleVal(elems)
}

// value evaluates e; an expression that cannot be evaluated is open, and
// says why.
func (rv *resolver) value(in *modInst, e hcl.Expression, k instKey) cty.Value {
	v, diags := rv.eval(in, e, k)
	if diags.HasErrors() {
		return rv.open(rv.exprWhy(e, diags))
	}
	return v
}

func (rv *resolver) block(in *modInst, body *hclsyntax.Body, k instKey) cty.Value {
	m := map[string]cty.Value{}
	for n, a := range body.Attributes {
		m[n] = rv.value(in, a.Expr, k)
	}
	groups := map[string][]cty.Value{}
	for _, b := range body.Blocks {
		switch {
		case b.Type == "dynamic" && len(b.Labels) == 1:
			groups[b.Labels[0]] = append(groups[b.Labels[0]], rv.dynamic(in, b, k)...)
		default:
			groups[b.Type] = append(groups[b.Type], rv.block(in, b.Body, k))
		}
	}
	for n, elems := range groups {
		m[n] = tupleOrEmpty(elems)
	}
	return cty.ObjectVal(m)
}

// dynamic expands a dynamic block: one content block per element of its
// for_each, with the iterator (the block's label unless renamed) in scope.
func (rv *resolver) dynamic(in *modInst, b *hclsyntax.Block, k instKey) []cty.Value {
	var forEach hcl.Expression
	iter := b.Labels[0]
	var content *hclsyntax.Body
	for n, a := range b.Body.Attributes {
		switch n {
		case "for_each":
			forEach = a.Expr
		case "iterator":
			if t, d := hcl.AbsTraversalForExpr(a.Expr); !d.HasErrors() {
				iter = t.RootName()
			}
		}
	}
	for _, c := range b.Body.Blocks {
		if c.Type == "content" {
			content = c.Body
		}
	}
	if forEach == nil || content == nil {
		return nil
	}
	coll := rv.value(in, forEach, k)
	u, marks := coll.Unmark()
	if !u.IsKnown() || u.IsNull() || !u.CanIterateElements() {
		return []cty.Value{rv.open(rv.exprWhy(forEach, nil) + " decides how many " + b.Labels[0] + " blocks there are").WithMarks(marks)}
	}
	var out []cty.Value
	for it := u.ElementIterator(); it.Next(); {
		key, val := it.Element()
		sub := &dynScope{rv: rv, name: iter, it: cty.ObjectVal(map[string]cty.Value{"key": key.WithMarks(marks), "value": val.WithMarks(marks)})}
		out = append(out, sub.block(in, content, k))
	}
	return out
}

// dynScope evaluates a dynamic block's content with its iterator.
type dynScope struct {
	rv   *resolver
	name string
	it   cty.Value
}

func (d *dynScope) block(in *modInst, body *hclsyntax.Body, k instKey) cty.Value {
	m := map[string]cty.Value{}
	for n, a := range body.Attributes {
		ctx := d.rv.ctx(in, a.Expr, k)
		ctx.Variables[d.name] = d.it
		v, diags := a.Expr.Value(ctx)
		if diags.HasErrors() {
			v = d.rv.open(d.rv.exprWhy(a.Expr, diags))
		}
		m[n] = v
	}
	groups := map[string][]cty.Value{}
	for _, b := range body.Blocks {
		groups[b.Type] = append(groups[b.Type], d.block(in, b.Body, k))
	}
	for n, elems := range groups {
		m[n] = tupleOrEmpty(elems)
	}
	return cty.ObjectVal(m)
}

// tagsAll is the provider's default_tags merged with the resource's tags,
// as the AWS provider computes tags_all.
func (rv *resolver) tagsAll(in *modInst, cr *cfgResource, k instKey) (cty.Value, hcl.Expression) {
	tags, src := rv.attribute(in, cr, "tags", k)
	def, defSrc := rv.defaultTags(cr)
	if rec := rv.recordingIn(in); rec != nil {
		rv.addVal(rec, readTags, "", def)
	}
	if src == nil && defSrc == nil {
		return cty.EmptyObjectVal, &hclsyntax.LiteralValueExpr{Val: cty.EmptyObjectVal, SrcRange: cr.decl}
	}
	if src == nil {
		src, tags = defSrc, cty.EmptyObjectVal
	}
	merged := map[string]cty.Value{}
	for _, v := range []cty.Value{def, tags} {
		u, marks := v.Unmark()
		if !u.IsKnown() {
			return v, src
		}
		if u.IsNull() || !u.CanIterateElements() {
			continue
		}
		for it := u.ElementIterator(); it.Next(); {
			key, val := it.Element()
			merged[key.AsString()] = val.WithMarks(marks)
		}
	}
	return cty.ObjectVal(merged), src
}

// defaultTags returns default_tags.tags of the root provider configuration
// the resource uses (by its provider meta-argument's alias when the root
// has one by that name, else the default one).
func (rv *resolver) defaultTags(cr *cfgResource) (cty.Value, hcl.Expression) {
	pname := strings.SplitN(cr.typ, "_", 2)[0]
	root := rv.cfg.root
	b := root.providers[pname]
	if cr.provider != "" && root.providers[cr.provider] != nil {
		b = root.providers[cr.provider]
	}
	if b == nil {
		return cty.EmptyObjectVal, nil
	}
	sb, ok := b.Body.(*hclsyntax.Body)
	if !ok {
		attrs, _ := b.Body.JustAttributes()
		if a := attrs["default_tags"]; a != nil {
			v := rv.value(rv.inst(nil), a.Expr, instKey{})
			if u, _ := v.Unmark(); u.IsKnown() && !u.IsNull() && u.Type().IsObjectType() && u.Type().HasAttribute("tags") {
				return v.GetAttr("tags"), a.Expr
			}
		}
		return cty.EmptyObjectVal, nil
	}
	for _, blk := range sb.Blocks {
		if blk.Type == "default_tags" {
			if a := blk.Body.Attributes["tags"]; a != nil {
				return rv.value(rv.inst(nil), a.Expr, instKey{}), a.Expr
			}
		}
	}
	return cty.EmptyObjectVal, nil
}

// merge puts the evaluated value res where the planned value is unknown;
// known planned parts stay as they are. Lists are merged element by
// element only when both sides have the same length and agree on every
// part known on both sides.
func (rv *resolver) merge(after, unk any, res cty.Value) (any, any, bool) {
	if unk == true {
		return rv.ph.toJSON(res)
	}
	u, marks := res.Unmark()
	_, sens := marks[sensMark{}]
	if !u.IsKnown() || u.IsNull() {
		return after, unk, false
	}
	switch um := unk.(type) {
	case map[string]any:
		am, _ := after.(map[string]any)
		if am == nil || !(u.Type().IsObjectType() || u.Type().IsMapType()) {
			return after, unk, false
		}
		outA := make(map[string]any, len(am))
		for k, v := range am {
			outA[k] = v
		}
		outU := map[string]any{}
		for k, x := range um {
			if !anyTrue(x) {
				continue
			}
			if u.Type().IsObjectType() && !u.Type().HasAttribute(k) {
				outU[k] = x
				continue
			}
			ev := attrOf(u, k).WithMarks(marks)
			na, nu, s := rv.merge(am[k], x, ev)
			outA[k] = na
			sens = sens || s
			if anyTrue(nu) {
				outU[k] = nu
			}
		}
		if len(outU) == 0 {
			return outA, false, sens
		}
		return outA, outU, sens
	case []any:
		al, _ := after.([]any)
		if !u.CanIterateElements() || u.LengthInt() != len(um) {
			return after, unk, false
		}
		elems := u.AsValueSlice()
		for i := range um {
			if !agrees(at(al, i), at(um, i), elems[i]) {
				return after, unk, false
			}
		}
		outA := make([]any, len(um))
		outU := make([]any, len(um))
		anyUnk := false
		for i := range um {
			na, nu, s := rv.merge(at(al, i), um[i], elems[i].WithMarks(marks))
			outA[i], outU[i] = na, orFalse(nu)
			anyUnk = anyUnk || anyTrue(nu)
			sens = sens || s
		}
		if !anyUnk {
			return outA, false, sens
		}
		return outA, outU, sens
	}
	return after, unk, false
}

// agrees reports whether the parts of a planned value known in the plan
// equal the evaluated ones (numbers and bools compared as the provider
// would convert them); a disagreement means the two are not the same
// block.
func agrees(after, unk any, v cty.Value) bool {
	if unk == true {
		return true
	}
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return true
	}
	if v.IsNull() {
		return after == nil
	}
	switch a := after.(type) {
	case map[string]any:
		if !(v.Type().IsObjectType() || v.Type().IsMapType()) {
			return false
		}
		um, _ := unk.(map[string]any)
		for k, x := range a {
			if v.Type().IsObjectType() && !v.Type().HasAttribute(k) {
				continue // set by the provider
			}
			if v.Type().IsMapType() && !v.HasIndex(cty.StringVal(k)).True() {
				continue
			}
			if !agrees(x, um[k], attrOf(v, k)) {
				return false
			}
		}
		return true
	case []any:
		if !v.CanIterateElements() || v.LengthInt() != len(a) {
			return false
		}
		ul, _ := unk.([]any)
		for i, e := range v.AsValueSlice() {
			if !agrees(a[i], at(ul, i), e) {
				return false
			}
		}
		return true
	case nil:
		return true
	}
	got, _, _ := (&placeholders{}).toJSON(v)
	if reflect.DeepEqual(got, after) {
		return true
	}
	return fmt.Sprint(got) == fmt.Sprint(after)
}

// keep adds to the decoder's attribute sets what the configuration reads
// from other resources, so that those values are there to evaluate with.
// The sets as they come in are what the rules read: the resolver
// resolves those attributes and no others (a value kept only for a
// reference is read from the plan as it stands, never resolved). The
// resolver keeps those sets; the decoder gets a copy of each set the
// configuration adds to (a few of the rules' hundred types).
func (c *Config) keep(sets map[string]*attrSet) {
	c.reads = maps.Clone(sets)
	for typ, attrs := range c.refs {
		s := sets[typ]
		if s == nil {
			s = &attrSet{attrs: map[string]bool{"tags": true, "tags_all": true}}
			for _, a := range identityAttrs {
				s.attrs[a] = true
			}
		} else {
			s = &attrSet{all: s.all, attrs: maps.Clone(s.attrs)}
		}
		sets[typ] = s
		for a := range attrs {
			if a == "*" {
				s.all = true
			}
			s.attrs[a] = true
		}
	}
}

// explain writes placeholders in a verdict's message as what they stand
// for, and adds to an unknown verdict the expressions that leave the
// attributes the rule reads open.
func (res *resolution) explain(r *Resource, rule *Rule, v Verdict) string {
	msg := res.ph.humanize(v.Message)
	if v.Result != Unknown {
		return msg
	}
	var why []string
	for _, a := range append(append([]string(nil), rule.Reads...), "tags", "tags_all") {
		// The rule may have stopped before it read the attribute that
		// leaves it open.
		res.need(r, a)
		if w, ok := res.noted(r, a); ok {
			why = append(why, a+" "+w.String())
		}
	}
	if len(why) == 0 {
		return msg
	}
	return msg + " (" + strings.Join(why, "; ") + ")"
}

// attrOf returns key k of an object or map value.
func attrOf(v cty.Value, k string) cty.Value {
	if v.Type().IsObjectType() {
		return v.GetAttr(k)
	}
	return v.Index(cty.StringVal(k))
}

// placeholderOrigins returns the planned resources whose attributes the
// placeholders in s stand for.
func (p *Plan) placeholderOrigins(s string) []*Resource {
	if p.res == nil {
		return nil
	}
	var out []*Resource
	p.res.ph.each(s, func(ph placeholder) {
		if ph.origin == "" {
			return
		}
		for _, r := range p.byInst[strings.TrimSuffix(ph.origin, instanceKey(ph.origin))] {
			if r.Address == ph.origin {
				out = append(out, r)
			}
		}
	})
	return out
}

// placeholderAmong returns the first of ss that holds a placeholder, as
// the report writes it ("" when none does).
func (p *Plan) placeholderAmong(ss []string) string {
	if p.res == nil {
		return ""
	}
	for _, s := range ss {
		if strings.Contains(s, phOpen) {
			return p.res.ph.humanize(s)
		}
	}
	return ""
}

// resolvedLinks returns the resources a resolved value names through its
// placeholders; ok is false when some unknown part of the value is not a
// resource's placeholder (then the configuration references decide).
func (p *Plan) resolvedLinks(v Value) (origins []*Resource, ok bool) {
	if p.res == nil {
		return nil, false
	}
	// A string, or a list of strings, read from the tree as it stands
	// (Raw would copy them into interfaces first).
	t := v.t
	n := t.at(v.v)
	var strs []node
	switch n.kind {
	case kString, kLongString:
		strs = []node{*n}
	case kArray:
		strs = t.run(n)
		for i := range strs {
			if k := strs[i].kind; k != kString && k != kLongString {
				return nil, false
			}
		}
	default:
		return nil, false
	}
	found := false
	for i := range strs {
		s := t.str(&strs[i])
		if !strings.Contains(s, phOpen) {
			continue
		}
		ph, whole := p.res.ph.whole(s)
		if !whole || ph.origin == "" {
			return nil, false
		}
		found = true
		origins = append(origins, p.placeholderOrigins(s)...)
	}
	return origins, found
}
