package convert

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var ctyString = cty.String

// scope holds the iteration variables visible at a point: for-expression
// variables and dynamic block iterators.
type scope struct {
	names  map[string]bool
	parent *scope
}

func (s *scope) with(names ...string) *scope {
	n := &scope{names: map[string]bool{}, parent: s}
	for _, x := range names {
		if x != "" {
			n.names[x] = true
		}
	}
	return n
}

func (s *scope) has(name string) bool {
	for ; s != nil; s = s.parent {
		if s.names[name] {
			return true
		}
	}
	return false
}

// step is one traversal step on its way to Go: an attribute, an index
// (Go source of the key expression) or a full splat.
type step struct {
	attr  string
	index string
	// lit is the literal key when the index is a constant: a number
	// renders as At(n), a string as Key(s).
	lit   *cty.Value
	splat bool
}

// rootKind says how a reference's root is written in Go.
type rootKind int

const (
	rootValue       rootKind = iota // variable or local handle: an Expr itself
	rootObject                      // resource, data source: Attr or Ref()
	rootModule                      // module call: Output or Ref()
	rootPlain                       // tf.EachValue, tf.IterVar("x"): already a tf.Ref
	rootTypedModule                 // module call through a typed Caller: its Outputs struct
)

// ref is a reference on its way to Go: a root handle and its steps.
type ref struct {
	root  string
	kind  rootKind
	steps []step
	// th is the typed handle of a resource or data source with bindings:
	// the reference is a typed getter where its steps allow.
	th *typedSym
	// tmod is the typed interface of a module called through its Caller.
	tmod *moduleIface
}

// typedSrc is the reference as a typed getter of its handle, with the
// getter's Go type: h.Attr(), h.At(0).Attr(), h.AtKey("k").Attr(),
// h.AtExpr(count.index).Attr() or typed.Splat(h, aws.T.Attr).
func (r ref) typedSrc() (src, goType string, ok bool) {
	if r.tmod != nil {
		// typedCallable made sure the first step is an output.
		f := r.tmod.outByTF[r.steps[0].attr]
		x := r.root + "." + f.goName
		if len(r.steps) == 1 {
			return x, f.goType, true
		}
		var lits []string
		for _, s := range r.steps[1:] {
			lits = append(lits, s.literal())
		}
		return "tf.Traverse{X: " + x + ", Steps: []tf.Step{" + strings.Join(lits, ", ") + "}}", "", true
	}
	th := r.th
	if th == nil {
		return "", "", false
	}
	steps := r.steps
	if len(steps) == 2 && steps[0].splat && steps[1].attr != "" {
		g, ok := th.bt.getters[steps[1].attr]
		if !ok {
			return "", "", false
		}
		*th.usesTyped = true
		return "typed.Splat(" + th.handle + ", " + th.bt.qualifiedHandle + "." + g.method + ")", "typed.List[" + g.goType + "]", true
	}
	inst := ""
	if len(steps) > 0 && steps[0].attr == "" && !steps[0].splat {
		s := steps[0]
		switch {
		case s.lit != nil && s.lit.Type() == cty.String:
			inst = ".AtKey(" + strconv.Quote(s.lit.AsString()) + ")"
		case s.lit != nil && s.lit.Type() == cty.Number && isSmallInt(*s.lit):
			i, _ := s.lit.AsBigFloat().Int64()
			inst = ".At(" + strconv.FormatInt(i, 10) + ")"
		default:
			inst = ".AtExpr(" + s.index + ")"
		}
		steps = steps[1:]
	}
	if len(steps) != 1 || steps[0].attr == "" {
		return "", "", false
	}
	g, ok := th.bt.getters[steps[0].attr]
	if !ok {
		return "", "", false
	}
	return th.handle + inst + "." + g.method + "()", g.goType, true
}

func (r ref) goSrc() string {
	if src, _, ok := r.typedSrc(); ok {
		return src
	}
	var b strings.Builder
	steps := r.steps
	switch r.kind {
	case rootValue:
		b.WriteString(r.root)
		if len(steps) > 0 && steps[0].attr == "" {
			b.WriteString(".Ref()")
		}
	case rootObject:
		b.WriteString(r.root)
		if len(steps) == 0 || steps[0].attr == "" {
			b.WriteString(".Ref()")
		}
	case rootModule:
		b.WriteString(r.root)
		if len(steps) > 0 && steps[0].attr != "" {
			b.WriteString(".Output(" + strconv.Quote(steps[0].attr) + ")")
			steps = steps[1:]
		} else {
			b.WriteString(".Ref()")
		}
	default:
		b.WriteString(r.root)
	}
	for _, s := range steps {
		b.WriteString(s.method())
	}
	return b.String()
}

func (s step) method() string {
	switch {
	case s.splat:
		return ".Splat()"
	case s.attr != "":
		return ".Attr(" + strconv.Quote(s.attr) + ")"
	case s.lit != nil && s.lit.Type() == cty.String:
		return ".Key(" + strconv.Quote(s.lit.AsString()) + ")"
	case s.lit != nil && s.lit.Type() == cty.Number && isSmallInt(*s.lit):
		i, _ := s.lit.AsBigFloat().Int64()
		return ".At(" + strconv.FormatInt(i, 10) + ")"
	}
	return ".Index(" + s.index + ")"
}

func (s step) literal() string {
	switch {
	case s.splat:
		return "{Splat: true}"
	case s.attr != "":
		return "{Attr: " + strconv.Quote(s.attr) + "}"
	}
	return "{Index: " + s.index + "}"
}

func isSmallInt(v cty.Value) bool {
	if v.IsNull() || !v.IsKnown() {
		return false
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return false
	}
	_, acc := bf.Int64()
	return acc == big.Exact
}

// value is a converted expression: Go source of a tf.Expr, or a reference
// that further steps can extend.
type value struct {
	src string
	ref *ref
	// splat marks a splat expression, which later steps must not extend
	// (they would move inside it).
	splat bool
}

func (v value) goSrc() string {
	if v.ref != nil {
		return v.ref.goSrc()
	}
	return v.src
}

// goType is the Go type of a typed value ("typed.String"); "" for an
// untyped expression.
func (v value) goType() string {
	if v.ref != nil && !v.splat {
		_, t, _ := v.ref.typedSrc()
		return t
	}
	if v.ref != nil && v.splat {
		if _, t, ok := v.ref.typedSrc(); ok {
			return t
		}
	}
	return ""
}

// exprConv converts the expressions of one module.
type exprConv struct {
	g   *moduleGen
	src []byte
}

func (c *exprConv) text(r hcl.Range) string {
	if r.End.Byte <= len(c.src) && r.Start.Byte <= r.End.Byte {
		return string(c.src[r.Start.Byte:r.End.Byte])
	}
	return ""
}

// raw falls back to tf.RawHCL for an expression the model cannot hold,
// with a warning naming the place.
func (c *exprConv) raw(e hclsyntax.Expression, why string) value {
	rng := e.Range()
	c.g.warn(rng, why)
	c.g.rawNotes = append(c.g.rawNotes, why)
	return value{src: "tf.RawHCL(" + goString(c.text(rng)) + ")"}
}

func (c *exprConv) expr(e hclsyntax.Expression, sc *scope) string {
	return c.conv(e, sc).goSrc()
}

func (c *exprConv) conv(e hclsyntax.Expression, sc *scope) value {
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return value{src: c.g.literal(x.Val)}
	case *hclsyntax.TemplateWrapExpr:
		// "${x}" is x itself, type and all.
		return c.conv(x.Wrapped, sc)
	case *hclsyntax.TemplateExpr:
		return value{src: c.template(x, sc)}
	case *hclsyntax.TemplateJoinExpr:
		// %{for} in a template joins what each pass yields.
		return value{src: "tf.Fn(\"join\", tf.String(\"\"), " + c.expr(x.Tuple, sc) + ")"}
	case *hclsyntax.ScopeTraversalExpr:
		if r, ok := c.g.traversal(x.Traversal, sc); ok {
			return value{ref: &r}
		}
		if len(x.Traversal) == 1 && (x.Traversal.RootName() == "destroy" || x.Traversal.RootName() == "continue" || x.Traversal.RootName() == "fail" || x.Traversal.RootName() == "create") {
			return c.raw(e, "the keyword "+x.Traversal.RootName()+" (provisioner when or on_failure) has no expression in the model")
		}
		return c.raw(e, "reference "+c.text(x.Range())+" names nothing this module declares")
	case *hclsyntax.RelativeTraversalExpr:
		src := c.conv(x.Source, sc)
		steps := c.g.steps(x.Traversal)
		return c.extend(src, steps)
	case *hclsyntax.IndexExpr:
		src := c.conv(x.Collection, sc)
		return c.extend(src, []step{c.indexStep(x.Key, sc)})
	case *hclsyntax.SplatExpr:
		return c.splat(x, sc)
	case *hclsyntax.FunctionCallExpr:
		return value{src: c.call(x, sc)}
	case *hclsyntax.ConditionalExpr:
		return value{src: "tf.If(" + c.expr(x.Condition, sc) + ", " + c.expr(x.TrueResult, sc) + ", " + c.expr(x.FalseResult, sc) + ")"}
	case *hclsyntax.BinaryOpExpr:
		op, ok := binaryOps[x.Op]
		if !ok {
			return c.raw(e, "unknown operator")
		}
		return value{src: "tf.Op(" + c.expr(x.LHS, sc) + ", " + strconv.Quote(op) + ", " + c.expr(x.RHS, sc) + ")"}
	case *hclsyntax.UnaryOpExpr:
		switch x.Op {
		case hclsyntax.OpLogicalNot:
			return value{src: "tf.Not(" + c.expr(x.Val, sc) + ")"}
		case hclsyntax.OpNegate:
			// -1 is a negative literal, not an operation.
			if lit, ok := x.Val.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.Number {
				return value{src: c.g.literal(lit.Val.Negate())}
			}
			return value{src: "tf.Neg(" + c.expr(x.Val, sc) + ")"}
		}
		return c.raw(e, "unknown unary operator")
	case *hclsyntax.ParenthesesExpr:
		return value{src: "tf.Paren{X: " + c.expr(x.Expression, sc) + "}"}
	case *hclsyntax.TupleConsExpr:
		return value{src: c.tuple(x, sc)}
	case *hclsyntax.ObjectConsExpr:
		return value{src: c.object(x, sc)}
	case *hclsyntax.ForExpr:
		return value{src: c.forExpr(x, sc)}
	}
	return c.raw(e, fmt.Sprintf("expression of kind %T has no counterpart in the model", e))
}

// extend adds steps to a converted expression: to its reference when it is
// one, else through tf.Traverse.
func (c *exprConv) extend(v value, steps []step) value {
	if v.ref != nil && !v.splat {
		r := *v.ref
		r.steps = append(append([]step(nil), r.steps...), steps...)
		return value{ref: &r}
	}
	x := v.goSrc()
	if v.splat {
		// (a[*].b)[0] takes one element of the result; written without
		// parentheses the index would apply to each element.
		x = "tf.Paren{X: " + x + "}"
	}
	var lits []string
	for _, s := range steps {
		lits = append(lits, s.literal())
	}
	return value{src: "tf.Traverse{X: " + x + ", Steps: []tf.Step{" + strings.Join(lits, ", ") + "}}"}
}

func (c *exprConv) indexStep(key hclsyntax.Expression, sc *scope) step {
	if lit, ok := key.(*hclsyntax.LiteralValueExpr); ok {
		v := lit.Val
		return step{index: c.g.literal(v), lit: &v}
	}
	if t, ok := key.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
		if lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			v := lit.Val
			return step{index: c.g.literal(v), lit: &v}
		}
	}
	return step{index: c.expr(key, sc)}
}

func (c *exprConv) splat(x *hclsyntax.SplatExpr, sc *scope) value {
	src := c.conv(x.Source, sc)
	each, ok := c.relSteps(x.Each, x.Item, sc)
	if !ok {
		return c.raw(x, "splat whose per-element expression is more than attribute and index steps")
	}
	steps := append([]step{{splat: true}}, each...)
	v := c.extend(src, steps)
	v.splat = true
	return v
}

// relSteps turns the per-element part of a splat into steps.
func (c *exprConv) relSteps(e hclsyntax.Expression, item *hclsyntax.AnonSymbolExpr, sc *scope) ([]step, bool) {
	switch x := e.(type) {
	case *hclsyntax.AnonSymbolExpr:
		return nil, x == item
	case *hclsyntax.RelativeTraversalExpr:
		s, ok := c.relSteps(x.Source, item, sc)
		return append(s, c.g.steps(x.Traversal)...), ok
	case *hclsyntax.IndexExpr:
		s, ok := c.relSteps(x.Collection, item, sc)
		return append(s, c.indexStep(x.Key, sc)), ok
	case *hclsyntax.SplatExpr:
		s, ok := c.relSteps(x.Source, item, sc)
		inner, ok2 := c.relSteps(x.Each, x.Item, sc)
		return append(append(s, step{splat: true}), inner...), ok && ok2
	}
	return nil, false
}

func (c *exprConv) template(x *hclsyntax.TemplateExpr, sc *scope) string {
	if len(x.Parts) == 0 {
		return `tf.String("")`
	}
	if len(x.Parts) == 1 {
		if lit, ok := x.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			return "tf.String(" + goString(lit.Val.AsString()) + ")"
		}
	}
	var parts []string
	for _, p := range x.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			parts = append(parts, goString(lit.Val.AsString()))
			continue
		}
		parts = append(parts, c.expr(p, sc))
	}
	return "tf.Tmpl(" + strings.Join(parts, ", ") + ")"
}

func (c *exprConv) call(x *hclsyntax.FunctionCallExpr, sc *scope) string {
	if x.Name == "jsonencode" && len(x.Args) == 1 && !x.ExpandFinal {
		switch x.Args[0].(type) {
		case *hclsyntax.ObjectConsExpr, *hclsyntax.TupleConsExpr:
			// A JSON document reads best as the Go data it is.
			if doc, ok := c.goData(x.Args[0], sc); ok {
				return "tf.JSON(" + doc + ")"
			}
		}
	}
	var args []string
	for _, a := range x.Args {
		args = append(args, c.expr(a, sc))
	}
	if x.ExpandFinal {
		return "tf.Call{Name: " + strconv.Quote(x.Name) + ", Args: []tf.Expr{" + strings.Join(args, ", ") + "}, Expand: true}"
	}
	return "tf.Fn(" + strings.Join(append([]string{strconv.Quote(x.Name)}, args...), ", ") + ")"
}

func (c *exprConv) tuple(x *hclsyntax.TupleConsExpr, sc *scope) string {
	if len(x.Exprs) == 0 {
		return "tf.List()"
	}
	var strs, elems []string
	for _, el := range x.Exprs {
		if s, ok := literalString(el); ok {
			strs = append(strs, goString(s))
		}
		elems = append(elems, c.expr(el, sc))
	}
	if len(strs) == len(elems) {
		return "tf.Strings(" + strings.Join(strs, ", ") + ")"
	}
	return "tf.List(" + strings.Join(elems, ", ") + ")"
}

// literalString reports a plain quoted string without interpolation.
func literalString(e hclsyntax.Expression) (string, bool) {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return "", false
	}
	if len(t.Parts) == 0 {
		return "", true
	}
	if len(t.Parts) != 1 {
		return "", false
	}
	lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr)
	if !ok || lit.Val.Type() != cty.String {
		return "", false
	}
	return lit.Val.AsString(), true
}

func (c *exprConv) object(x *hclsyntax.ObjectConsExpr, sc *scope) string {
	if len(x.Items) == 0 {
		return "tf.Obj()"
	}
	var items []string
	for _, it := range x.Items {
		items = append(items, c.objectItem(it, sc))
	}
	if len(items) == 1 {
		return "tf.Obj(" + items[0] + ")"
	}
	return "tf.Obj(\n" + strings.Join(items, ",\n") + ",\n)"
}

func (c *exprConv) objectItem(it hclsyntax.ObjectConsItem, sc *scope) string {
	val := c.expr(it.ValueExpr, sc)
	if k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
				return "tf.KV(" + strconv.Quote(name) + ", " + val + ")"
			}
			if s, ok := literalString(k.Wrapped); ok {
				return "tf.KV(" + goString(s) + ", " + val + ")"
			}
		}
		key := k.Wrapped
		// (k) is how HCL asks for a computed key; the renderer adds the
		// parentheses back.
		if p, ok := key.(*hclsyntax.ParenthesesExpr); ok {
			key = p.Expression
		}
		return "tf.KeyExpr(" + c.expr(key, sc) + ", " + val + ")"
	}
	return "tf.KeyExpr(" + c.expr(it.KeyExpr, sc) + ", " + val + ")"
}

func (c *exprConv) forExpr(x *hclsyntax.ForExpr, sc *scope) string {
	inner := sc.with(x.KeyVar, x.ValVar)
	var f []string
	if x.KeyVar != "" {
		f = append(f, "KeyVar: "+strconv.Quote(x.KeyVar))
	}
	f = append(f, "ValVar: "+strconv.Quote(x.ValVar), "Coll: "+c.expr(x.CollExpr, sc))
	if x.KeyExpr != nil {
		f = append(f, "Key: "+c.expr(x.KeyExpr, inner))
	}
	f = append(f, "Val: "+c.expr(x.ValExpr, inner))
	if x.CondExpr != nil {
		f = append(f, "Cond: "+c.expr(x.CondExpr, inner))
	}
	if x.Group {
		f = append(f, "Group: true")
	}
	return "tf.For{" + strings.Join(f, ", ") + "}"
}

var binaryOps = map[*hclsyntax.Operation]string{
	hclsyntax.OpLogicalOr:          "||",
	hclsyntax.OpLogicalAnd:         "&&",
	hclsyntax.OpEqual:              "==",
	hclsyntax.OpNotEqual:           "!=",
	hclsyntax.OpGreaterThan:        ">",
	hclsyntax.OpGreaterThanOrEqual: ">=",
	hclsyntax.OpLessThan:           "<",
	hclsyntax.OpLessThanOrEqual:    "<=",
	hclsyntax.OpAdd:                "+",
	hclsyntax.OpSubtract:           "-",
	hclsyntax.OpMultiply:           "*",
	hclsyntax.OpDivide:             "/",
	hclsyntax.OpModulo:             "%",
}

// goString is s as a Go string literal: a raw string where that reads
// better (quotes, backslashes, several lines), else a quoted one.
func goString(s string) string {
	if (strings.ContainsAny(s, "\"\\") || strings.Count(s, "\n") > 1) && !strings.ContainsAny(s, "`\r") && isPrintable(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r != '\n' && r != '\t' && !strconv.IsPrint(r) {
			return false
		}
	}
	return true
}

// goData is a document as Go data for tf.JSON: maps and slices whose
// leaves are Go scalars or expressions. It fails for an object with a
// computed key, which Go data cannot hold.
func (c *exprConv) goData(e hclsyntax.Expression, sc *scope) (string, bool) {
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		if len(x.Items) == 0 {
			return "map[string]any{}", true
		}
		var items []string
		for _, it := range x.Items {
			k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr)
			if !ok || k.ForceNonLiteral {
				return "", false
			}
			name := hcl.ExprAsKeyword(k.Wrapped)
			if name == "" {
				s, ok := literalString(k.Wrapped)
				if !ok {
					return "", false
				}
				name = s
			}
			v, ok := c.goData(it.ValueExpr, sc)
			if !ok {
				return "", false
			}
			items = append(items, goString(name)+": "+v)
		}
		return "map[string]any{\n" + strings.Join(items, ",\n") + ",\n}", true
	case *hclsyntax.TupleConsExpr:
		var els []string
		for _, el := range x.Exprs {
			v, ok := c.goData(el, sc)
			if !ok {
				return "", false
			}
			els = append(els, v)
		}
		return "[]any{" + strings.Join(els, ", ") + "}", true
	case *hclsyntax.LiteralValueExpr:
		v := x.Val
		switch {
		case v.IsNull():
			return "tf.Null()", true
		case v.Type() == cty.Bool:
			return strconv.FormatBool(v.True()), true
		case v.Type() == cty.Number && isSmallInt(v):
			i, _ := v.AsBigFloat().Int64()
			return strconv.FormatInt(i, 10), true
		}
	}
	if s, ok := literalString(e); ok {
		return goString(s), true
	}
	return c.expr(e, sc), true
}
