package policy

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// A resolver evaluates configuration expressions in the module instances
// of one plan. Values come from the plan where it knows them (root
// variables, planned attributes of other resources), from the
// configuration otherwise (module inputs through their calls, locals,
// outputs, count.index, each.*), and what only apply knows becomes a
// placeholder.
type resolver struct {
	p     *Plan
	cfg   *Config
	ph    *placeholders
	vars  map[string]cty.Value // the plan's root variables
	insts map[string]*modInst
	// modKeys holds the instance keys of each module call by parent
	// instance path and call name (see moduleKeys).
	modKeys map[[2]string][]string
	// funcs holds the functions made so far (see function).
	funcs map[string]function.Function
	// resVals caches each planned resource as cty, placeholders in place
	// of its unknown attributes.
	resVals map[*Resource]cty.Value
	// attrVals caches single attributes of planned resources, for
	// expressions that read only those.
	attrVals map[resAttr]cty.Value
	attrObjs map[resAttr]cty.Value
	// reads are the attributes the rules read, by resource type: only
	// those are worth resolving (nil: every attribute).
	reads map[string]*attrSet
	refs  map[hcl.Expression]*exprRefs
	res   *resolution
	// consts holds the arguments that refer to nothing, evaluated.
	consts map[cfgAttr]*constVal
	// instByScope finds the module instance of a resource by its
	// module scope, which the plan shares among the instance's
	// resources.
	instByScope map[*modKey]*modInst
	// evals counts the expressions evaluated, for tests that hold
	// resolution to what the rules read.
	evals int
	// templates holds, per resource argument, the first instance's
	// evaluation (nil: not shareable); rec records what the one being
	// made reads (see shared).
	templates map[cfgAttr]*template
	rec       *recording
	readIDs   map[string]int // see readID
	noShare   bool           // for tests: every instance evaluates its own
	buf       []byte         // scratch
	abuf      []byte         // scratch for addresses (see plannedIn)
	lazySlab  []lazyRes      // see prepare
	// cycles counts the values read while they were being evaluated.
	cycles int
	busy   []busyVal // the values being evaluated (see enter)
	// indexKeys holds the instance keys of count indexes (see indexKey).
	indexKeys []*instKey
}

// A modInst is one instance of a module: the root, or module.a["x"] and
// so on, with the values evaluated in it so far.
type modInst struct {
	path   string
	scope  []modKey
	mod    *cfgModule
	parent *modInst
	call   *cfgCall
	key    instKey
	vals   map[valKey]cty.Value
	// modVals caches module.x as read with at most one output named.
	modVals map[moduleKey]cty.Value
	// insts caches the planned instances of resources by type and name.
	insts map[[2]string][]*Resource
	// refVals caches resource references made with one attribute read
	// (or the whole object).
	refVals map[resRef]cty.Value
	// swap takes the placeholders of instance swapFrom's templates to
	// this one's (see swapFor).
	swapFrom *modInst
	swap     *swap
}

// setVal keeps value v of key in in; the map is made by the first, as
// many instances (a module's parents, copies only read through their
// resources) keep none.
func (in *modInst) setVal(key valKey, v cty.Value) {
	if in.vals == nil {
		in.vals = map[valKey]cty.Value{}
	}
	in.vals[key] = v
}

// valKey names a variable, local or output of a module instance.
type valKey struct {
	kind readKind // readVar, readLocal, or readOutput
	name string
}

const readOutput readKind = 100

type moduleKey struct {
	name, out string
	all       bool
}

type resRef struct {
	typ, name, attr string
	whole, direct   bool
}

// instKey is the instance key of a resource or module call: count.index
// or each.key with each.value.
type instKey struct {
	index   cty.Value
	eachKey cty.Value
	eachVal cty.Value
}

func (rv *resolver) inst(scope []modKey) *modInst {
	// The path is made in scratch space for the lookup, and kept only
	// for a new instance.
	rv.abuf = appendScopePath(rv.abuf[:0], scope)
	if in := rv.insts[string(rv.abuf)]; in != nil {
		return in
	}
	path := string(rv.abuf)
	if len(scope) == 0 {
		in := &modInst{mod: rv.cfg.root}
		rv.insts[""] = in
		return in
	}
	parent := rv.inst(scope[:len(scope)-1])
	in := &modInst{path: path, scope: scope, parent: parent}
	rv.insts[path] = in
	if parent.mod == nil {
		return in
	}
	last := scope[len(scope)-1]
	in.call = parent.mod.calls[last.name]
	if in.call == nil {
		return in
	}
	in.mod = in.call.mod
	if k := rv.keyFor(parent, last.key, in.call.count, in.call.forEach, instKey{}); k != nil {
		in.key = *k
	}
	return in
}

// scopePath is the module instance path of scope, such as
// module.a["x"].module.b.
func scopePath(scope []modKey) string {
	// Made on the stack: only the string is allocated, for a path of
	// up to len(buf) bytes.
	var buf [128]byte
	return string(appendScopePath(buf[:0], scope))
}

// appendScopePath appends the module instance path of scope to b.
func appendScopePath(b []byte, scope []modKey) []byte {
	for i, m := range scope {
		if i > 0 {
			b = append(b, '.')
		}
		b = append(append(append(b, "module."...), m.name...), m.key...)
	}
	return b
}

// keyFor works out count.index or each.key/each.value from an address key
// such as [0] or ["web"]; nil when there is none. A count index's key is
// shared (see indexKey): callers must not write through it.
func (rv *resolver) keyFor(in *modInst, key string, count, forEach hcl.Expression, outer instKey) *instKey {
	if key == "" {
		return nil
	}
	inner := key[1 : len(key)-1]
	if count != nil {
		if n, err := strconv.Atoi(inner); err == nil {
			return rv.indexKey(n)
		}
		return nil
	}
	if forEach == nil {
		return nil
	}
	s, err := strconv.Unquote(inner)
	if err != nil {
		return nil
	}
	// Made only here: most keys are empty or a count index.
	k := &instKey{eachKey: cty.StringVal(s)}
	coll, _ := rv.eval(in, forEach, outer)
	coll, marks := coll.Unmark()
	switch {
	case !coll.IsKnown() || coll.IsNull():
		k.eachVal = cty.DynamicVal
	case coll.Type().IsSetType():
		k.eachVal = k.eachKey
	case coll.Type().IsMapType() || coll.Type().IsObjectType():
		if coll.Type().IsObjectType() && !coll.Type().HasAttribute(s) {
			k.eachVal = cty.DynamicVal
		} else {
			k.eachVal = attrOf(coll, s)
		}
	default:
		k.eachVal = cty.DynamicVal
	}
	k.eachVal = k.eachVal.WithMarks(marks)
	return k
}

// indexKey is the instance key of count.index n. Keys are made once
// per index and shared: thousands of instances have the same few.
func (rv *resolver) indexKey(n int) *instKey {
	if n < 0 || n >= 1<<16 {
		return &instKey{index: cty.NumberIntVal(int64(n))}
	}
	for len(rv.indexKeys) <= n {
		rv.indexKeys = append(rv.indexKeys, nil)
	}
	if rv.indexKeys[n] == nil {
		rv.indexKeys[n] = &instKey{index: cty.NumberIntVal(int64(n))}
	}
	return rv.indexKeys[n]
}

// eval evaluates e in module instance in, with the instance key of the
// resource or call it belongs to. Where an operator, a condition or an
// index would read the text of a placeholder, the expression is evaluated
// again with honest unknowns instead, so a placeholder never decides a
// comparison.
func (rv *resolver) eval(in *modInst, e hcl.Expression, k instKey) (cty.Value, hcl.Diagnostics) {
	rv.evals++
	if v, ok := rv.quick(in, e, k); ok {
		return v, nil
	}
	return rv.full(in, e, k)
}

// full is eval in an evaluation context, for any expression.
func (rv *resolver) full(in *modInst, e hcl.Expression, k instKey) (cty.Value, hcl.Diagnostics) {
	ctx := rv.ctx(in, e, k)
	if !rv.unsafe(e, ctx) {
		return e.Value(ctx)
	}
	strict := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: ctx.Functions}
	for n, v := range ctx.Variables {
		strict.Variables[n] = rv.ph.strict(v)
	}
	return e.Value(strict)
}

// quick evaluates the most common shapes of expression without an
// evaluation context: literals, references, templates, operators,
// function calls, and tuples and objects of them. It gives what eval's
// full path gives: a reference's root is looked up as ctx would put it in
// scope and the rest of its traversal applied by HCL; operators, calls
// and templates convert, unmark and call as HCL's own Value methods do.
// Where an operator sees a placeholder, the whole expression is
// evaluated again the strict way, as unsafe would have it. ok is false
// for any other shape, and wherever HCL would report an error; eval then
// evaluates e in full, with its diagnostics.
func (rv *resolver) quick(in *modInst, e hcl.Expression, k instKey) (cty.Value, bool) {
	v, r := rv.quickIn(in, e, k, false)
	if r == quickUnsafe {
		v, r = rv.quickIn(in, e, k, true)
	}
	return v, r == quickOK
}

// quickResult says how quickIn fared.
type quickResult int

const (
	// quickNo: a shape quick leaves to the full evaluation.
	quickNo quickResult = iota
	quickOK
	// quickUnsafe: an operand sees a placeholder; evaluate strictly.
	quickUnsafe
)

// quickIn is quick in one mode: strict gives every value read the form
// the strict evaluation context gives it (placeholders as honest
// unknowns).
func (rv *resolver) quickIn(in *modInst, e hcl.Expression, k instKey, strict bool) (cty.Value, quickResult) {
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return x.Val, quickOK
	case *hclsyntax.TemplateExpr:
		return rv.quickTemplate(in, x, k, strict)
	case *hclsyntax.TemplateWrapExpr:
		return rv.quickIn(in, x.Wrapped, k, strict)
	case *hclsyntax.ParenthesesExpr:
		return rv.quickIn(in, x.Expression, k, strict)
	case *hclsyntax.ScopeTraversalExpr:
		v, ok := rv.reference(in, x.Traversal, k)
		if !ok {
			return cty.NilVal, quickNo
		}
		if strict {
			v = rv.ph.strict(v)
		}
		return v, quickOK
	case *hclsyntax.TupleConsExpr:
		if len(x.Exprs) == 0 {
			return cty.EmptyTupleVal, quickOK
		}
		vals := make([]cty.Value, len(x.Exprs))
		for i, el := range x.Exprs {
			v, r := rv.quickIn(in, el, k, strict)
			if r != quickOK {
				return cty.NilVal, r
			}
			vals[i] = v
		}
		return cty.TupleVal(vals), quickOK
	case *hclsyntax.ObjectConsExpr:
		vals := make(map[string]cty.Value, len(x.Items))
		for _, it := range x.Items {
			key, ok := literalKey(it.KeyExpr)
			if !ok {
				return cty.NilVal, quickNo
			}
			v, r := rv.quickIn(in, it.ValueExpr, k, strict)
			if r != quickOK {
				return cty.NilVal, r
			}
			vals[key] = v
		}
		return cty.ObjectVal(vals), quickOK
	case *hclsyntax.BinaryOpExpr:
		return rv.quickBinary(in, x, k, strict)
	case *hclsyntax.UnaryOpExpr:
		return rv.quickUnary(in, x, k, strict)
	case *hclsyntax.FunctionCallExpr:
		return rv.quickCall(in, x, k, strict)
	case *hclsyntax.ConditionalExpr:
		return rv.quickConditional(in, x, k, strict)
	}
	return cty.NilVal, quickNo
}

// quickTemplate is TemplateExpr.Value for a template whose parts are all
// known and not null; any other is left to HCL (an unknown part makes a
// refined unknown, a null one an error).
func (rv *resolver) quickTemplate(in *modInst, x *hclsyntax.TemplateExpr, k instKey, strict bool) (cty.Value, quickResult) {
	if len(x.Parts) == 1 {
		if lit, ok := x.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() && !lit.Val.IsMarked() {
			return lit.Val, quickOK
		}
	}
	var b strings.Builder
	var marks cty.ValueMarks
	for _, part := range x.Parts {
		v, r := rv.quickIn(in, part, k, strict)
		if r != quickOK {
			return cty.NilVal, r
		}
		if v.IsNull() || !v.IsKnown() {
			return cty.NilVal, quickNo
		}
		u, pm := v.Unmark()
		for m := range pm {
			if marks == nil {
				marks = cty.ValueMarks{}
			}
			marks[m] = struct{}{}
		}
		sv, err := convert.Convert(u, cty.String)
		if err != nil {
			return cty.NilVal, quickNo
		}
		b.WriteString(sv.AsString())
	}
	return cty.StringVal(b.String()).RefineNotNull().WithMarks(marks), quickOK
}

// quickOperands evaluates an operator's operands; outside strict mode,
// one that holds a placeholder makes the expression unsafe.
func (rv *resolver) quickOperands(in *modInst, k instKey, strict bool, es ...hclsyntax.Expression) ([]cty.Value, quickResult) {
	vals := make([]cty.Value, len(es))
	for i, e := range es {
		v, r := rv.quickIn(in, e, k, strict)
		if r != quickOK {
			return nil, r
		}
		vals[i] = v
	}
	if !strict {
		for _, v := range vals {
			if hasSentinel(v) {
				return nil, quickUnsafe
			}
		}
	}
	return vals, quickOK
}

// quickBinary is BinaryOpExpr.Value where it reports no error.
func (rv *resolver) quickBinary(in *modInst, x *hclsyntax.BinaryOpExpr, k instKey, strict bool) (cty.Value, quickResult) {
	vals, r := rv.quickOperands(in, k, strict, x.LHS, x.RHS)
	if r != quickOK {
		return cty.NilVal, r
	}
	impl := x.Op.Impl
	params := impl.Params()
	lhs, err := convert.Convert(vals[0], params[0].Type)
	if err != nil {
		return cty.NilVal, quickNo
	}
	rhs, err := convert.Convert(vals[1], params[1].Type)
	if err != nil {
		return cty.NilVal, quickNo
	}
	lhs, lm := lhs.Unmark()
	rhs, rm := rhs.Unmark()
	if x.Op.ShortCircuit != nil {
		if v, diags := x.Op.ShortCircuit(lhs, rhs, nil, nil); v != cty.NilVal {
			if diags.HasErrors() {
				return cty.NilVal, quickNo
			}
			return v.WithMarks(lm, rm), quickOK
		}
	}
	v, err := impl.Call([]cty.Value{lhs, rhs})
	if err != nil {
		return cty.NilVal, quickNo
	}
	return v.WithMarks(lm, rm), quickOK
}

// quickConditional is ConditionalExpr.Value for a condition that is a
// known bool, and results that are neither a null literal nor of a
// dynamic type: the chosen result converted to the type both results
// unify to, with the marks of all three, as HCL gives it. Like HCL it
// evaluates both results; outside strict mode, a condition that holds a
// placeholder makes the expression unsafe.
func (rv *resolver) quickConditional(in *modInst, x *hclsyntax.ConditionalExpr, k instKey, strict bool) (cty.Value, quickResult) {
	t, r := rv.quickIn(in, x.TrueResult, k, strict)
	if r != quickOK {
		return cty.NilVal, r
	}
	f, r := rv.quickIn(in, x.FalseResult, k, strict)
	if r != quickOK {
		return cty.NilVal, r
	}
	conds, r := rv.quickOperands(in, k, strict, x.Condition)
	if r != quickOK {
		return cty.NilVal, r
	}
	if t.Type() == cty.DynamicPseudoType || f.Type() == cty.DynamicPseudoType {
		return cty.NilVal, quickNo
	}
	ty, convs := convert.UnifyUnsafe([]cty.Type{t.Type(), f.Type()})
	cond, cm := conds[0].Unmark()
	if ty == cty.NilType || cond.Type() != cty.Bool || !cond.IsKnown() || cond.IsNull() {
		return cty.NilVal, quickNo
	}
	t, tm := t.Unmark()
	f, fm := f.Unmark()
	v, conv := f, convs[1]
	if cond.True() {
		v, conv = t, convs[0]
	}
	if conv != nil {
		var err error
		if v, err = conv(v); err != nil {
			return cty.NilVal, quickNo
		}
	}
	return v.WithMarks(cm, tm, fm), quickOK
}

// quickUnary is UnaryOpExpr.Value where it reports no error.
func (rv *resolver) quickUnary(in *modInst, x *hclsyntax.UnaryOpExpr, k instKey, strict bool) (cty.Value, quickResult) {
	vals, r := rv.quickOperands(in, k, strict, x.Val)
	if r != quickOK {
		return cty.NilVal, r
	}
	v, err := convert.Convert(vals[0], x.Op.Impl.Params()[0].Type)
	if err != nil {
		return cty.NilVal, quickNo
	}
	if v, err = x.Op.Impl.Call([]cty.Value{v}); err != nil {
		return cty.NilVal, quickNo
	}
	return v, quickOK
}

// quickCall is FunctionCallExpr.Value for a call of a known function
// with as many arguments as it takes, none expanded (...) and none
// decoded from the expression itself (try, can), where neither the
// conversion of an argument nor the call fails.
func (rv *resolver) quickCall(in *modInst, x *hclsyntax.FunctionCallExpr, k instKey, strict bool) (cty.Value, quickResult) {
	f, ok := rv.function(x.Name)
	if !ok || x.ExpandFinal {
		return cty.NilVal, quickNo
	}
	params, varParam := f.Params(), f.VarParam()
	if len(x.Args) < len(params) || varParam == nil && len(x.Args) > len(params) {
		return cty.NilVal, quickNo
	}
	args := make([]cty.Value, len(x.Args))
	for i, a := range x.Args {
		param := varParam
		if i < len(params) {
			param = &params[i]
		}
		if customdecode.CustomExpressionDecoderForType(param.Type) != nil {
			return cty.NilVal, quickNo
		}
		v, r := rv.quickIn(in, a, k, strict)
		if r != quickOK {
			return cty.NilVal, r
		}
		v, err := convert.Convert(v, param.Type)
		if err != nil {
			return cty.NilVal, quickNo
		}
		args[i] = v
	}
	if x.Name == "jsonencode" {
		return rv.jsonEncode(args[0])
	}
	v, err := f.Call(args)
	if err != nil {
		return cty.NilVal, quickNo
	}
	return v, quickOK
}

// jsonEncode is the call of jsonencode (jsonEncodeFunc, which functions
// always gives) on v, without Function.Call around its implementation
// (see jsonEncode): a panic or an error is left to the full evaluation,
// as quickCall leaves the error of a call.
func (rv *resolver) jsonEncode(v cty.Value) (out cty.Value, r quickResult) {
	defer func() {
		if recover() != nil {
			out, r = cty.NilVal, quickNo
		}
	}()
	out, err := jsonEncode(rv.ph, v)
	if err != nil {
		return cty.NilVal, quickNo
	}
	return out, quickOK
}

// literalKey is the key an object constructor's key expression names
// when it is a bare name or a literal string, as HCL reads those.
func literalKey(e hclsyntax.Expression) (string, bool) {
	ke, ok := e.(*hclsyntax.ObjectConsKeyExpr)
	if !ok {
		return "", false
	}
	if !ke.ForceNonLiteral {
		if t, ok := ke.Wrapped.(*hclsyntax.ScopeTraversalExpr); ok {
			if len(t.Traversal) != 1 {
				return "", false
			}
			return t.Traversal.RootName(), true
		}
	}
	if t, ok := ke.Wrapped.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
		if lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() && !lit.Val.IsMarked() {
			return lit.Val.AsString(), true
		}
	}
	return "", false
}

// reference evaluates traversal t as ctx would have it: the value ctx
// puts under its first two names, then the rest of the traversal.
func (rv *resolver) reference(in *modInst, t hcl.Traversal, k instKey) (cty.Value, bool) {
	if len(t) < 2 {
		return cty.NilVal, false
	}
	a, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return cty.NilVal, false
	}
	var v cty.Value
	switch root := t.RootName(); root {
	case "var":
		v = rv.variable(in, a.Name)
	case "local":
		v = rv.local(in, a.Name)
	case "count":
		rv.readsKey(in)
		if a.Name != "index" || k.index == cty.NilVal {
			return cty.NilVal, false
		}
		v = k.index
	case "each":
		rv.readsKey(in)
		switch {
		case k.eachKey == cty.NilVal:
			return cty.NilVal, false
		case a.Name == "key":
			v = k.eachKey
		case a.Name == "value":
			v = k.eachVal
		default:
			return cty.NilVal, false
		}
	case "module":
		ref := moduleRef{name: a.Name}
		if out := moduleOutput(t); out != "" {
			ref.outputs = []string{out}
		} else {
			ref.all = true
		}
		v = rv.module(in, ref)
	case "path", "terraform", "self", "data":
		return cty.NilVal, false
	default:
		if len(t) > 2 {
			if attr, ok := t[2].(hcl.TraverseAttr); ok {
				// type.name.attr: the attribute, without the object
				// around it.
				if v, ok := rv.resourceAttr(in, root, a.Name, attr.Name); ok {
					return traverse(v, t[3:])
				}
			}
		}
		var attrs []string
		if attr := readAttr(t); attr != "" {
			attrs = []string{attr}
		}
		v = rv.resource(in, root, a.Name, attrs)
	}
	return traverse(v, t[2:])
}

// traverse applies the rest of a traversal as HCL does; ok is false
// where HCL reports an error.
func traverse(v cty.Value, rest hcl.Traversal) (cty.Value, bool) {
	if len(rest) == 0 {
		return v, true
	}
	v, diags := rest.TraverseRel(v)
	if diags.HasErrors() {
		return cty.NilVal, false
	}
	return v, true
}

// resourceAttr is attribute attr of the single instance of resource
// typ.name, as the object resource gives holds it; ok is false for a
// resource with count or for_each, or one the plan does not have as an
// object with that attribute (resource says why).
func (rv *resolver) resourceAttr(in *modInst, typ, name, attr string) (cty.Value, bool) {
	if rec := rv.recordingIn(in); rec != nil {
		rv.recordRes(rec, in, typ, name, []string{attr}, false, true)
	}
	key := resRef{typ: typ, name: name, attr: attr, direct: true}
	if v, ok := in.refVals[key]; ok {
		return v, v != cty.NilVal
	}
	v := cty.NilVal
	if r := rv.single(in, typ, name); r != nil {
		if _, whole := rv.resVals[r]; !whole && r.hasAfter() && r.plan.t.kind(r.after) == kObject {
			v, _ = rv.attrValue(r, attr)
		}
	}
	if in.refVals == nil {
		in.refVals = map[resRef]cty.Value{}
	}
	in.refVals[key] = v
	return v, v != cty.NilVal
}

// single returns the planned instance of a resource without count or
// for_each, or nil.
func (rv *resolver) single(in *modInst, typ, name string) *Resource {
	cr := rv.cfgRes(in, typ, name)
	if cr == nil || cr.count != nil || cr.forEach != nil {
		return nil
	}
	for _, r := range rv.plannedIn(in, typ, name) {
		if instanceKey(r.Address) == "" {
			return r
		}
	}
	return nil
}

// instAddr is the address of resource typ.name in module instance in,
// without an instance key.
func instAddr(in *modInst, typ, name string) string {
	if in.path == "" {
		return typ + "." + name
	}
	return in.path + "." + typ + "." + name
}

// plannedIn returns the planned instances of resource typ.name in module
// instance in, as the plan lists them by address: the address is made
// in scratch space, a lookup by string(b) does not copy it.
func (rv *resolver) plannedIn(in *modInst, typ, name string) []*Resource {
	b := rv.abuf[:0]
	if in.path != "" {
		b = append(append(b, in.path...), '.')
	}
	b = append(append(append(b, typ...), '.'), name...)
	rv.abuf = b
	return rv.p.byInst[string(b)]
}

// cfgRes returns resource typ.name of module instance in's
// configuration, or nil.
func (rv *resolver) cfgRes(in *modInst, typ, name string) *cfgResource {
	if in.mod == nil {
		return nil
	}
	b := append(append(append(rv.abuf[:0], typ...), '.'), name...)
	rv.abuf = b
	return in.mod.resources[string(b)]
}

// unsafe reports whether a part of e that compares, tests or indexes sees
// a placeholder. JSON expressions cannot be walked, so they are always
// evaluated the strict way.
func (rv *resolver) unsafe(e hcl.Expression, ctx *hcl.EvalContext) bool {
	se, ok := e.(hclsyntax.Expression)
	if !ok {
		return !isLiteral(e)
	}
	refs := rv.refsOf(e)
	if !refs.walked {
		refs.checks, refs.walked = testedParts(se), true
	}
	for _, x := range refs.checks {
		if v, _ := x.Value(ctx); hasSentinel(v) {
			return true
		}
	}
	return false
}

// testedParts lists the parts of e that an operator, a condition or an
// index reads, in the order HCL visits them.
func testedParts(e hclsyntax.Expression) []hclsyntax.Expression {
	var out []hclsyntax.Expression
	add := func(xs ...hclsyntax.Expression) {
		for _, x := range xs {
			if x != nil {
				out = append(out, x)
			}
		}
	}
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		switch x := n.(type) {
		case *hclsyntax.BinaryOpExpr:
			add(x.LHS, x.RHS)
		case *hclsyntax.UnaryOpExpr:
			add(x.Val)
		case *hclsyntax.ConditionalExpr:
			add(x.Condition)
		case *hclsyntax.IndexExpr:
			add(x.Key)
		case *hclsyntax.ForExpr:
			add(x.CondExpr, x.KeyExpr)
		case *hclsyntax.RelativeTraversalExpr:
			add(x.Source)
		}
		return nil
	})
	return out
}

func isLiteral(e hcl.Expression) bool { return len(e.Variables()) == 0 }

// ctx builds the evaluation context for e: only the names e refers to.
func (rv *resolver) ctx(in *modInst, e hcl.Expression, k instKey) *hcl.EvalContext {
	refs := rv.refsOf(e)
	top := make(map[string]cty.Value, refs.roots)
	if len(refs.vars) > 0 {
		m := make(map[string]cty.Value, len(refs.vars))
		for _, name := range refs.vars {
			m[name] = rv.variable(in, name)
		}
		top["var"] = cty.ObjectVal(m)
	}
	if len(refs.locals) > 0 {
		m := make(map[string]cty.Value, len(refs.locals))
		for _, name := range refs.locals {
			m[name] = rv.local(in, name)
		}
		top["local"] = cty.ObjectVal(m)
	}
	if len(refs.modules) > 0 {
		m := make(map[string]cty.Value, len(refs.modules))
		for _, r := range refs.modules {
			m[r.name] = rv.module(in, r)
		}
		top["module"] = cty.ObjectVal(m)
	}
	if refs.count || refs.each {
		rv.readsKey(in)
	}
	if refs.count && k.index != cty.NilVal {
		top["count"] = cty.ObjectVal(map[string]cty.Value{"index": k.index})
	}
	if refs.each && k.eachKey != cty.NilVal {
		top["each"] = cty.ObjectVal(map[string]cty.Value{"key": k.eachKey, "value": k.eachVal})
	}
	if refs.path {
		dir := "."
		if in.mod != nil {
			dir = filepath.ToSlash(in.mod.dir)
		}
		top["path"] = cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(dir),
			"root": cty.StringVal(filepath.ToSlash(rv.cfg.root.dir)), "cwd": cty.StringVal(".")})
	}
	if refs.terraform {
		top["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
	}
	for i := 0; i < len(refs.resources); {
		// Resources of one type are in a row: one object for the type.
		typ := refs.resources[i].typ
		j := i
		for j < len(refs.resources) && refs.resources[j].typ == typ {
			j++
		}
		m := make(map[string]cty.Value, j-i)
		for _, r := range refs.resources[i:j] {
			m[r.name] = rv.resource(in, r.typ, r.name, r.attrs)
		}
		top[typ] = cty.ObjectVal(m)
		i = j
	}
	rv.callable(refs, e)
	return &hcl.EvalContext{Variables: top, Functions: rv.funcs}
}

// function is the function an expression calls by name, made the first
// time one of the resolver's expressions calls it (see functionFor): a
// check calls a few of Terraform's functions.
func (rv *resolver) function(name string) (function.Function, bool) {
	if f, ok := rv.funcs[name]; ok {
		return f, true
	}
	f, ok := functionFor(rv.ph, name)
	if ok {
		rv.funcs[name] = f
	}
	return f, ok
}

// callable makes every function e calls (see function), for its
// evaluation in a context: all of them when e calls one that is none of
// them, so that HCL's error for an unknown function suggests among all,
// as it would with every function there.
func (rv *resolver) callable(refs *exprRefs, e hcl.Expression) {
	if !refs.named {
		refs.named = true
		se, ok := e.(hclsyntax.Expression)
		refs.anyCall = !ok
		if ok {
			hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
				if c, ok := n.(*hclsyntax.FunctionCallExpr); ok && !slices.Contains(refs.calls, c.Name) {
					refs.calls = append(refs.calls, c.Name)
				}
				return nil
			})
		}
	}
	all := refs.anyCall
	for _, name := range refs.calls {
		if _, ok := rv.function(name); !ok {
			all = true
		}
	}
	if all && len(rv.funcs) < 1+len(keptFuncs)+len(textFuncs) {
		for name, f := range functions(rv.ph, rv.cfg) {
			if _, ok := rv.funcs[name]; !ok {
				rv.funcs[name] = f
			}
		}
	}
}

// exprRefs is what an expression refers to, worked out once per
// expression however many instances evaluate it.
type exprRefs struct {
	roots           int
	vars, locals    []string
	modules         []moduleRef
	count, each     bool
	path, terraform bool
	// resources are sorted by type; attrs nil means the whole object.
	// Resources are given only the attributes e reads of them: a planned
	// value converted whole would cost more than the expression.
	resources []resourceRef
	// checks are the parts unsafe evaluates, found once (walked).
	checks []hclsyntax.Expression
	walked bool
	// calls are the names of the functions e calls, found once (named);
	// anyCall stands for any function (e is not HCL syntax, whose calls
	// only its evaluation finds).
	calls          []string
	named, anyCall bool
}

// moduleRef is a module call an expression reads: the outputs it reads,
// or all of them.
type moduleRef struct {
	name    string
	outputs []string
	all     bool
}

// moduleOutput is the output a module.NAME... traversal reads, or "" when
// it reads the call whole (or its instances whole).
func moduleOutput(t hcl.Traversal) string {
	for _, s := range t[2:] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

type resourceRef struct {
	typ, name string
	attrs     []string
}

func (rv *resolver) refsOf(e hcl.Expression) *exprRefs {
	cacheable := reflect.TypeOf(e).Comparable()
	if cacheable {
		if r, ok := rv.refs[e]; ok {
			return r
		}
	}
	r := &exprRefs{}
	seen := map[string]bool{}
	once := func(key string) bool {
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	byRes := map[[2]string]int{}
	for _, t := range e.Variables() {
		root := t.RootName()
		name := ""
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				name = a.Name
			}
		}
		switch root {
		case "var":
			if name != "" && once("var."+name) {
				r.vars = append(r.vars, name)
			}
		case "local":
			if name != "" && once("local."+name) {
				r.locals = append(r.locals, name)
			}
		case "module":
			// Each traversal may read another output of the call: the
			// object holds every output read (all of them when one
			// traversal reads the call whole).
			if name != "" {
				out := moduleOutput(t)
				if once("module." + name) {
					r.modules = append(r.modules, moduleRef{name: name})
				}
				for i := range r.modules {
					if r.modules[i].name != name {
						continue
					}
					if out == "" {
						r.modules[i].all = true
					} else if !slices.Contains(r.modules[i].outputs, out) {
						r.modules[i].outputs = append(r.modules[i].outputs, out)
					}
				}
			}
		case "count":
			r.count = true
		case "each":
			r.each = true
		case "path":
			r.path = true
		case "terraform":
			r.terraform = true
		case "self", "data":
			// data sources read at apply are open; self only appears in
			// provisioners and conditions, which no rule reads.
		default:
			if name == "" {
				continue
			}
			key := [2]string{root, name}
			i, ok := byRes[key]
			if !ok {
				i = len(r.resources)
				byRes[key] = i
				r.resources = append(r.resources, resourceRef{typ: root, name: name, attrs: []string{}})
			}
			switch a := readAttr(t); {
			case r.resources[i].attrs == nil:
			case a == "":
				r.resources[i].attrs = nil
			case !slices.Contains(r.resources[i].attrs, a):
				r.resources[i].attrs = append(r.resources[i].attrs, a)
			}
		}
	}
	slices.SortStableFunc(r.resources, func(a, b resourceRef) int { return strings.Compare(a.typ, b.typ) })
	types := map[string]bool{}
	for _, x := range r.resources {
		types[x.typ] = true
	}
	r.roots = len(types) + 6
	if cacheable {
		if rv.refs == nil {
			rv.refs = map[hcl.Expression]*exprRefs{}
		}
		rv.refs[e] = r
	}
	return r
}

// readAttr returns the attribute traversal t reads of a resource
// (type.name.attr, or type.name[key].attr); "" when it reads the whole
// object.
func readAttr(t hcl.Traversal) string {
	rest := t[2:]
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok {
			rest = rest[1:]
		}
	}
	if len(rest) > 0 {
		if a, ok := rest[0].(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

// open is an unknown value that says why it is open.
func (rv *resolver) open(why string) cty.Value {
	return cty.DynamicVal.Mark(phMark(rv.ph.id(placeholder{why: why})))
}

func (rv *resolver) variable(in *modInst, name string) cty.Value {
	return rv.recorded(in, readVar, name, rv.variable1(in, name))
}

func (rv *resolver) variable1(in *modInst, name string) cty.Value {
	key := valKey{readVar, name}
	if v, ok := in.vals[key]; ok {
		return v
	}
	if !rv.enter(in, key) {
		rv.cycles++
		return rv.open("var." + name + " refers to itself")
	}
	defer rv.leave()
	var v cty.Value
	var decl *cfgVar
	if in.mod != nil {
		decl = in.mod.vars[name]
	}
	switch {
	case in.parent == nil:
		if pv, ok := rv.vars[name]; ok {
			v = pv
		} else if pv, ok := rv.p.Variables[name]; ok {
			v = rv.ph.fromJSON(pv, nil, nil, "var."+name, "")
		} else if decl != nil && decl.def != nil {
			v, _ = decl.def.Value(nil)
		} else {
			v = rv.open("root variable var." + name + " is not in the plan")
		}
	case in.call != nil && in.call.args[name] != nil:
		a := in.call.args[name]
		var diags hcl.Diagnostics
		v, diags = rv.eval(in.parent, a.Expr, in.key)
		if diags.HasErrors() {
			v = rv.open(rv.exprWhy(a.Expr, diags))
		}
	case decl != nil && decl.def != nil:
		v, _ = decl.def.Value(nil)
	default:
		v = cty.NullVal(cty.DynamicPseudoType)
	}
	if decl != nil && decl.sensitive {
		v = v.Mark(sensMark{})
	}
	in.setVal(key, v)
	return v
}

func (rv *resolver) local(in *modInst, name string) cty.Value {
	return rv.recorded(in, readLocal, name, rv.local1(in, name))
}

func (rv *resolver) local1(in *modInst, name string) cty.Value {
	key := valKey{readLocal, name}
	if v, ok := in.vals[key]; ok {
		return v
	}
	if in.mod == nil || in.mod.locals[name] == nil {
		return rv.open("local." + name + " is not in the configuration")
	}
	if !rv.enter(in, key) {
		rv.cycles++
		return rv.open("local." + name + " refers to itself")
	}
	defer rv.leave()
	e := in.mod.locals[name]
	v, diags := rv.eval(in, e, instKey{})
	if diags.HasErrors() {
		v = rv.open(rv.exprWhy(e, diags))
	}
	in.setVal(key, v)
	return v
}

// module returns module.name as seen from in: one object of outputs, or a
// tuple / object of them for a call with count or for_each. Only the
// outputs traversal t reads are evaluated when it names one.
func (rv *resolver) module(in *modInst, ref moduleRef) cty.Value {
	v := rv.module1(in, ref)
	if rec := rv.recordingIn(in); rec != nil {
		rv.addModule(rec, ref, v)
	}
	return v
}

func (rv *resolver) module1(in *modInst, ref moduleRef) cty.Value {
	if len(ref.outputs) > 1 {
		return rv.module2(in, ref)
	}
	key := moduleKey{name: ref.name, all: ref.all}
	if len(ref.outputs) == 1 {
		key.out = ref.outputs[0]
	}
	if v, ok := in.modVals[key]; ok {
		return v
	}
	cycles := rv.cycles
	v := rv.module2(in, ref)
	if rv.cycles != cycles {
		// A value read while it was being evaluated: not the value.
		return v
	}
	if in.modVals == nil {
		in.modVals = map[moduleKey]cty.Value{}
	}
	in.modVals[key] = v
	return v
}

func (rv *resolver) module2(in *modInst, ref moduleRef) cty.Value {
	name := ref.name
	if in.mod == nil || in.mod.calls[name] == nil {
		return rv.open("module." + name + " is not in the configuration")
	}
	call := in.mod.calls[name]
	obj := func(child *modInst) cty.Value {
		outs := map[string]cty.Value{}
		if call.mod == nil {
			return rv.open("module." + name + " is not a local module")
		}
		for o := range call.mod.outputs {
			if ref.all || slices.Contains(ref.outputs, o) {
				outs[o] = rv.output(child, o)
			}
		}
		return cty.ObjectVal(outs)
	}
	if call.count == nil && call.forEach == nil {
		return obj(rv.inst(append(append([]modKey(nil), in.scope...), modKey{name, ""})))
	}
	keys := rv.moduleKeys(in.path, name)
	if call.count != nil {
		elems := make([]cty.Value, len(keys))
		for i := range keys {
			elems[i] = obj(rv.inst(append(append([]modKey(nil), in.scope...), modKey{name, "[" + strconv.Itoa(i) + "]"})))
		}
		return cty.TupleVal(elems)
	}
	m := map[string]cty.Value{}
	for _, key := range keys {
		s, err := strconv.Unquote(key[1 : len(key)-1])
		if err == nil {
			m[s] = obj(rv.inst(append(append([]modKey(nil), in.scope...), modKey{name, key})))
		}
	}
	return cty.ObjectVal(m)
}

func (rv *resolver) output(in *modInst, name string) cty.Value {
	key := valKey{readOutput, name}
	if v, ok := in.vals[key]; ok {
		return v
	}
	if !rv.enter(in, key) {
		rv.cycles++
		return rv.open("output " + name + " refers to itself")
	}
	defer rv.leave()
	e := in.mod.outputs[name]
	v, diags := rv.eval(in, e, instKey{})
	if diags.HasErrors() {
		v = rv.open(rv.exprWhy(e, diags))
	}
	in.setVal(key, v)
	return v
}

// resource returns typ.name as seen from in: the planned instance, or a
// tuple (count) or object (for_each) of instances. Each instance has only
// attrs when they are given, every attribute when attrs is nil.
func (rv *resolver) resource(in *modInst, typ, name string, attrs []string) (v cty.Value) {
	if rec := rv.recordingIn(in); rec != nil {
		rv.recordRes(rec, in, typ, name, attrs, attrs == nil, false)
	}
	if len(attrs) <= 1 {
		key := resRef{typ: typ, name: name, whole: attrs == nil}
		if len(attrs) == 1 {
			key.attr = attrs[0]
		}
		if v, ok := in.refVals[key]; ok {
			return v
		}
		defer func() {
			if in.refVals == nil {
				in.refVals = map[resRef]cty.Value{}
			}
			in.refVals[key] = v
		}()
	}
	cr := rv.cfgRes(in, typ, name)
	insts := rv.plannedIn(in, typ, name)
	if cr == nil {
		return rv.open(instAddr(in, typ, name) + " is not in the configuration")
	}
	switch {
	case cr.count != nil:
		byIndex := map[int]*Resource{}
		n := 0
		for _, r := range insts {
			k := instanceKey(r.Address)
			if i, err := strconv.Atoi(strings.Trim(k, "[]")); err == nil {
				byIndex[i] = r
				n = max(n, i+1)
			}
		}
		elems := make([]cty.Value, n)
		for i := range elems {
			if r := byIndex[i]; r != nil {
				elems[i] = rv.resourceValue(r, attrs)
			} else {
				elems[i] = rv.open(fmt.Sprintf("%s[%d] is not in the plan", instAddr(in, typ, name), i))
			}
		}
		return cty.TupleVal(elems)
	case cr.forEach != nil:
		m := map[string]cty.Value{}
		for _, r := range insts {
			k := instanceKey(r.Address)
			if len(k) > 2 {
				if s, err := strconv.Unquote(k[1 : len(k)-1]); err == nil {
					m[s] = rv.resourceValue(r, attrs)
				}
			}
		}
		return cty.ObjectVal(m)
	}
	for _, r := range insts {
		if instanceKey(r.Address) == "" {
			return rv.resourceValue(r, attrs)
		}
	}
	return rv.open(instAddr(in, typ, name) + " is not in the plan")
}

func (rv *resolver) resourceValue(r *Resource, attrs []string) cty.Value {
	if v, ok := rv.resVals[r]; ok {
		return v
	}
	if !r.hasAfter() {
		v := rv.open(r.Address + " has no planned value")
		rv.resVals[r] = v
		return v
	}
	t := r.plan.t
	pa, pu, ps := rv.planned(r)
	if attrs == nil || t.kind(pa) != kObject {
		v := rv.ph.fromJSON(t.raw(pa), t.raw(pu), t.raw(ps), r.Address, "")
		rv.resVals[r] = v
		return v
	}
	if len(attrs) == 1 {
		// The common case, one attribute read (an id, an ARN): the object
		// holding it is made once.
		k := resAttr{r, attrs[0]}
		if v, ok := rv.attrObjs[k]; ok {
			return v
		}
		v := rv.partialValue(r, attrs)
		rv.attrObjs[k] = v
		return v
	}
	return rv.partialValue(r, attrs)
}

// partialValue is the planned value of r with only attrs.
func (rv *resolver) partialValue(r *Resource, attrs []string) cty.Value {
	obj := make(map[string]cty.Value, len(attrs))
	for _, a := range attrs {
		if v, ok := rv.attrValue(r, a); ok {
			obj[a] = v
		}
	}
	return cty.ObjectVal(obj)
}

// attrValue is top-level attribute a of r's planned value, placeholders
// in place of what is unknown; ok is false when the plan has no such
// attribute (and the whole value would not have it either).
func (rv *resolver) attrValue(r *Resource, a string) (cty.Value, bool) {
	k := resAttr{r, a}
	if v, ok := rv.attrVals[k]; ok {
		return v, true
	}
	t := r.plan.t
	pa, pu, ps := rv.planned(r)
	x := t.member(pa, a)
	u := t.raw(t.member(pu, a))
	if x == 0 && u != true {
		return cty.NilVal, false
	}
	sens := t.raw(t.member(ps, a))
	if t.kind(ps) == kTrue {
		sens = true
	}
	v := rv.ph.fromJSON(t.raw(x), u, sens, r.Address, a)
	rv.attrVals[k] = v
	return v, true
}

type resAttr struct {
	r    *Resource
	attr string
}

// exprWhy names an expression that left a value open, with its position.
func (rv *resolver) exprWhy(e hcl.Expression, diags hcl.Diagnostics) string {
	r := e.Range()
	s := fmt.Sprintf("`%s` (%s:%d)", rv.cfg.source(r), r.Filename, r.Start.Line)
	if diags.HasErrors() {
		s += " cannot be evaluated: " + diags[0].Summary
	}
	return s
}

// moduleKeys returns the instance keys of module call name under the
// module instance path parent, in plan order. The plan is walked once for
// every call, however many expressions read one.
func (rv *resolver) moduleKeys(parent, name string) []string {
	if rv.modKeys == nil {
		rv.modKeys = map[[2]string][]string{}
		seen := map[string]bool{}
		for _, r := range rv.p.Resources {
			scope := r.modScope()
			for depth := range scope {
				path := scopePath(scope[:depth+1])
				if seen[path] {
					continue
				}
				seen[path] = true
				k := [2]string{scopePath(scope[:depth]), scope[depth].name}
				rv.modKeys[k] = append(rv.modKeys[k], scope[depth].key)
			}
		}
	}
	return rv.modKeys[[2]string{parent, name}]
}

// recorded records that an evaluation in in read v, and returns it.
func (rv *resolver) recorded(in *modInst, kind readKind, name string, v cty.Value) cty.Value {
	if rec := rv.recordingIn(in); rec != nil {
		rv.addVal(rec, kind, name, v)
	}
	return v
}

// instances returns the planned instances of resource typ.name in
// module instance in, in plan order.
func (rv *resolver) instances(in *modInst, typ, name string) []*Resource {
	k := [2]string{typ, name}
	if l, ok := in.insts[k]; ok {
		return l
	}
	l := rv.plannedIn(in, typ, name)
	if in.insts == nil {
		in.insts = map[[2]string][]*Resource{}
	}
	in.insts[k] = l
	return l
}

// A busyVal is a value being evaluated.
type busyVal struct {
	in  *modInst
	key valKey
}

// enter marks key of in as being evaluated until leave; false when it
// is already (a value that refers to itself). Evaluations nest a few
// deep: a list searched beats a map per module instance.
func (rv *resolver) enter(in *modInst, key valKey) bool {
	for _, b := range rv.busy {
		if b.in == in && b.key == key {
			return false
		}
	}
	rv.busy = append(rv.busy, busyVal{in, key})
	return true
}

// leave ends the evaluation enter began last.
func (rv *resolver) leave() { rv.busy = rv.busy[:len(rv.busy)-1] }

// readsKey notes that an evaluation in in reads count.index or each.*.
func (rv *resolver) readsKey(in *modInst) {
	if rec := rv.recordingIn(in); rec != nil {
		rec.key = true
	}
}

// reset forgets what was evaluated and indexed: the plan has changed.
func (rv *resolver) reset() {
	rv.templates = map[cfgAttr]*template{}
	rv.insts = map[string]*modInst{}
	rv.instByScope = map[*modKey]*modInst{}
	rv.modKeys = nil
}

// instOf returns the module instance r lives in.
func (rv *resolver) instOf(r *Resource) *modInst {
	scope := r.modScope()
	if len(scope) == 0 {
		return rv.inst(nil)
	}
	if in := rv.instByScope[&scope[0]]; in != nil {
		return in
	}
	in := rv.inst(scope)
	rv.instByScope[&scope[0]] = in
	return in
}
