package generate

import (
	"bytes"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// moduleSyntax is m as the HCL syntax tree that parsing its rendered .tf
// files gives, for the blocks the render-time policy check reads
// (variable defaults, locals, resources and data sources, module calls,
// outputs, provider blocks): the check then needs no second pass over
// the rendered text, which cost more than everything else in gen. Each
// expression has the shape the parser would give its rendered text (a
// literal index joins the traversal, a lone interpolation keeps its type,
// parentheses where the renderer writes them), so the check sees what
// terraform will read. Ranges are empty: the check names the blueprint's
// Go file:line, never a position in the rendered text.
func moduleSyntax(m *tf.Module) *hclsyntax.Body {
	sx := &syntaxer{roots: map[string]hcl.Traverser{}, attrs: map[string]hcl.Traverser{}}
	sx.reserve(m)
	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{},
		Blocks: make(hclsyntax.Blocks, 0, len(m.Providers)+len(m.Variables)+1+len(m.Resources)+len(m.Calls)+len(m.Outputs))}
	add := func(typ string, labels []string, b *hclsyntax.Body) {
		body.Blocks = append(body.Blocks, sx.block(typ, labels, b))
	}
	for _, p := range m.Providers {
		if p.Passed {
			continue
		}
		b := sx.syntaxBody(&p.Body)
		if p.Alias != "" {
			sx.setAttr(b, "alias", tf.String(p.Alias))
		}
		add("provider", []string{p.Name}, b)
	}
	for _, v := range m.Variables {
		b := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
		if v.Default != cty.NilVal {
			sx.setAttr(b, "default", tf.Literal{Value: v.Default})
		}
		if v.Sensitive {
			sx.setAttr(b, "sensitive", tf.Bool(true))
		}
		add("variable", []string{v.Name}, b)
	}
	if len(m.Locals) > 0 {
		b := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
		for _, l := range m.Locals {
			sx.setAttr(b, l.Name, l.Value)
		}
		add("locals", nil, b)
	}
	for _, r := range m.Resources {
		kind := "resource"
		switch r.Mode {
		case tf.Data:
			kind = "data"
		case tf.Managed:
		default:
			continue
		}
		b := sx.syntaxBody(&r.Body)
		if r.Count != nil {
			sx.setAttr(b, "count", r.Count)
		}
		if r.ForEach != nil {
			sx.setAttr(b, "for_each", r.ForEach)
		}
		if r.Provider != nil {
			b.Attributes["provider"] = &hclsyntax.Attribute{Name: "provider", Expr: sx.rootTraversal(sx.buffered(r.Provider.Ref()))}
		}
		add(kind, []string{r.Type, r.Name}, b)
	}
	for _, c := range m.Calls {
		b := sx.syntaxBody(&c.Body)
		sx.setAttr(b, "source", tf.String(c.Source))
		if c.Version != "" {
			sx.setAttr(b, "version", tf.String(c.Version))
		}
		if c.Count != nil {
			sx.setAttr(b, "count", c.Count)
		}
		if c.ForEach != nil {
			sx.setAttr(b, "for_each", c.ForEach)
		}
		add("module", []string{c.Name}, b)
	}
	for _, o := range m.Outputs {
		b := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
		sx.setAttr(b, "value", o.Value)
		add("output", []string{o.Name}, b)
	}
	return body
}

// A syntaxer builds one module's syntax trees. The traversal steps of a
// name are made once per module and shared by every traversal that takes
// them (hcl never changes a step): a module's references repeat the same
// few names (var, local, each, id, arn) thousands of times, and each step
// made anew is an allocation.
type syntaxer struct {
	// roots and attrs are the root and attribute steps made, by name:
	// two maps keyed by the name alone are read by the runtime's string
	// fast paths, where one keyed by kind and name was hashed whole.
	roots, attrs map[string]hcl.Traverser
	// blocks and ranges are slabs the blocks and their label ranges
	// are taken from.
	blocks []hclsyntax.Block
	ranges []hcl.Range
	// ints are the integers' values, by integer (see number).
	ints map[int64]cty.Value
	// text is a buffer for a reference's root (see syntaxRef).
	text []byte
}

// reserve makes the slabs hold every block of m's tree and its labels:
// the blocks of a module are hundreds, one allocation each before.
func (sx *syntaxer) reserve(m *tf.Module) {
	blocks, labels := len(m.Variables)+1+len(m.Calls)+len(m.Outputs), len(m.Variables)+len(m.Calls)+len(m.Outputs)
	var walk func(tb *tf.Body)
	walk = func(tb *tf.Body) {
		for _, it := range tb.Items {
			if it.Block != nil {
				blocks++
				labels += len(it.Block.Labels)
				walk(&it.Block.Body)
			}
		}
	}
	for _, p := range m.Providers {
		blocks, labels = blocks+1, labels+1
		walk(&p.Body)
	}
	for _, r := range m.Resources {
		blocks, labels = blocks+1, labels+2
		walk(&r.Body)
	}
	for _, c := range m.Calls {
		walk(&c.Body)
	}
	sx.blocks, sx.ranges = make([]hclsyntax.Block, blocks), make([]hcl.Range, labels)
}

// block is a block of the tree, taken from the syntaxer's slabs.
func (sx *syntaxer) block(typ string, labels []string, body *hclsyntax.Body) *hclsyntax.Block {
	if len(sx.blocks) == 0 {
		sx.blocks = make([]hclsyntax.Block, 16)
	}
	b := &sx.blocks[0]
	sx.blocks = sx.blocks[1:]
	if len(sx.ranges) < len(labels) {
		sx.ranges = make([]hcl.Range, max(32, len(labels)))
	}
	*b = hclsyntax.Block{Type: typ, Labels: labels, Body: body, LabelRanges: sx.ranges[:len(labels):len(labels)]}
	sx.ranges = sx.ranges[len(labels):]
	return b
}

// root is the root step name, made once per module.
func (sx *syntaxer) root(name []byte) hcl.Traverser {
	t, ok := sx.roots[string(name)]
	if !ok {
		t = hcl.TraverseRoot{Name: string(name)}
		sx.roots[string(name)] = t
	}
	return t
}

// attr is the attribute step name, made once per module.
func (sx *syntaxer) attr(name []byte) hcl.Traverser {
	t, ok := sx.attrs[string(name)]
	if !ok {
		t = hcl.TraverseAttr{Name: string(name)}
		sx.attrs[string(name)] = t
	}
	return t
}

// buffered is s in the syntaxer's text buffer, for the functions that
// read a name or reference from bytes they do not keep.
func (sx *syntaxer) buffered(s string) []byte {
	sx.text = append(sx.text[:0], s...)
	return sx.text
}

func (sx *syntaxer) setAttr(b *hclsyntax.Body, name string, e tf.Expr) {
	b.Attributes[name] = &hclsyntax.Attribute{Name: name, Expr: sx.syntaxExpr(e)}
}

// syntaxBody is a block body: its attributes (the last one set wins, as
// a duplicate is an error anyway) and its nested blocks in order.
func (sx *syntaxer) syntaxBody(tb *tf.Body) *hclsyntax.Body {
	n := 0
	for _, it := range tb.Items {
		if it.Attr != nil {
			n++
		}
	}
	// The attributes come from one allocation, and the map is made at
	// its size: a module has thousands of them.
	b := &hclsyntax.Body{Attributes: make(hclsyntax.Attributes, n)}
	attrs := make([]hclsyntax.Attribute, 0, n)
	for _, it := range tb.Items {
		switch {
		case it.Attr != nil:
			attrs = append(attrs, hclsyntax.Attribute{Name: it.Attr.Name, Expr: sx.syntaxExpr(it.Attr.Value)})
			b.Attributes[it.Attr.Name] = &attrs[len(attrs)-1]
		case it.Block != nil:
			b.Blocks = append(b.Blocks, sx.block(it.Block.Type, it.Block.Labels, sx.syntaxBody(&it.Block.Body)))
		}
	}
	return b
}

// binaryOps are the renderer's binary operators as hclsyntax operations.
var binaryOps = map[string]*hclsyntax.Operation{
	"||": hclsyntax.OpLogicalOr, "&&": hclsyntax.OpLogicalAnd,
	"==": hclsyntax.OpEqual, "!=": hclsyntax.OpNotEqual,
	"<": hclsyntax.OpLessThan, "<=": hclsyntax.OpLessThanOrEqual,
	">": hclsyntax.OpGreaterThan, ">=": hclsyntax.OpGreaterThanOrEqual,
	"+": hclsyntax.OpAdd, "-": hclsyntax.OpSubtract,
	"*": hclsyntax.OpMultiply, "/": hclsyntax.OpDivide, "%": hclsyntax.OpModulo,
}

func (sx *syntaxer) operand(e tf.Expr, min int) hclsyntax.Expression {
	if render.Precedence(e) < min {
		return &hclsyntax.ParenthesesExpr{Expression: sx.syntaxExpr(e)}
	}
	return sx.syntaxExpr(e)
}

// syntaxExpr is e as hclsyntax parses its rendered form. An expression
// the renderer refuses (it fails the run before any check) becomes null.
func (sx *syntaxer) syntaxExpr(e tf.Expr) hclsyntax.Expression {
	switch x := e.(type) {
	case tf.Str:
		return sx.syntaxValue(x.Value())
	case tf.Literal:
		return sx.syntaxValue(x.Value)
	case tf.Ref:
		return sx.syntaxRef(x)
	case *tf.Variable:
		return sx.syntaxRef(x.Ref())
	case *tf.Local:
		return sx.syntaxRef(x.Ref())
	case tf.Tuple:
		elems := make([]hclsyntax.Expression, len(x.Elems))
		for i, el := range x.Elems {
			elems[i] = sx.syntaxExpr(el)
		}
		return &hclsyntax.TupleConsExpr{Exprs: elems}
	case tf.Object:
		items := make([]hclsyntax.ObjectConsItem, len(x.Items))
		for i, it := range x.Items {
			var key hclsyntax.Expression
			if k := it.Key(); k != nil {
				key = &hclsyntax.ObjectConsKeyExpr{Wrapped: &hclsyntax.ParenthesesExpr{Expression: sx.syntaxExpr(k)}, ForceNonLiteral: true}
			} else {
				key = sx.objectKey(it.Name)
			}
			items[i] = hclsyntax.ObjectConsItem{KeyExpr: key, ValueExpr: sx.syntaxExpr(it.Val())}
		}
		return &hclsyntax.ObjectConsExpr{Items: items}
	case tf.Call:
		args := make([]hclsyntax.Expression, len(x.Args))
		for i, a := range x.Args {
			args[i] = sx.syntaxExpr(a)
		}
		return &hclsyntax.FunctionCallExpr{Name: x.Name, Args: args, ExpandFinal: x.Expand && len(args) > 0}
	case tf.Template:
		return sx.syntaxTemplate(x)
	case tf.Conditional:
		return &hclsyntax.ConditionalExpr{Condition: sx.operand(x.Cond, render.PrecOr), TrueResult: sx.operand(x.True, render.PrecOr), FalseResult: sx.operand(x.False, render.PrecCond)}
	case tf.Binary:
		op, ok := binaryOps[x.Op]
		if !ok {
			return null()
		}
		p := render.BinaryPrecedence(x.Op)
		return &hclsyntax.BinaryOpExpr{LHS: sx.operand(x.L, p), Op: op, RHS: sx.operand(x.R, p+1)}
	case tf.Unary:
		op := hclsyntax.OpLogicalNot
		if x.Op == "-" {
			op = hclsyntax.OpNegate
		}
		return &hclsyntax.UnaryOpExpr{Op: op, Val: sx.operand(x.X, render.PrecUnary)}
	case tf.Paren:
		return &hclsyntax.ParenthesesExpr{Expression: sx.syntaxExpr(x.X)}
	case tf.For:
		f := &hclsyntax.ForExpr{KeyVar: x.KeyVar, ValVar: x.ValVar, CollExpr: sx.syntaxExpr(x.Coll), ValExpr: sx.syntaxExpr(x.Val), Group: x.Group}
		if x.Key != nil {
			f.KeyExpr = sx.syntaxExpr(x.Key)
		}
		if x.Cond != nil {
			f.CondExpr = sx.syntaxExpr(x.Cond)
		}
		return f
	case tf.Traverse:
		return sx.steps(sx.operand(x.X, render.PrecPrimary), x.Steps)
	case *tf.Raw:
		if x.Parsed == nil || x.Diags.HasErrors() {
			return null()
		}
		return x.Parsed
	case tf.Exprer:
		return sx.syntaxExpr(tf.Unwrap(e))
	}
	return null()
}

func null() hclsyntax.Expression {
	return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType)}
}

// objectKey is an object item's literal key: a bare name is a one-step
// traversal that the object takes as its name, anything else a quoted
// string.
func (sx *syntaxer) objectKey(name string) hclsyntax.Expression {
	if bareKey(name) {
		return &hclsyntax.ObjectConsKeyExpr{Wrapped: sx.rootTraversal(sx.buffered(name))}
	}
	return &hclsyntax.ObjectConsKeyExpr{Wrapped: stringLit(name)}
}

func bareKey(s string) bool {
	switch s {
	case "true", "false", "null", "for", "in", "if":
		return false
	}
	return tf.IsName(s)
}

// stringNode is a quoted string's template, its one part and the part's
// slice, made in one allocation: a module has thousands of them.
type stringNode struct {
	tmpl  hclsyntax.TemplateExpr
	lit   hclsyntax.LiteralValueExpr
	parts [1]hclsyntax.Expression
}

func stringLit(s string) *hclsyntax.TemplateExpr { return stringValue(cty.StringVal(s)) }

// stringValue is stringLit of a known string value, as it is: making the
// value again would normalize and allocate its text again.
func stringValue(v cty.Value) *hclsyntax.TemplateExpr {
	n := &stringNode{lit: hclsyntax.LiteralValueExpr{Val: v}}
	n.parts[0] = &n.lit
	n.tmpl.Parts = n.parts[:]
	return &n.tmpl
}

// traversalNode is a reference and room for its steps (a root, a name
// and two more), made in one allocation: a module has thousands.
type traversalNode struct {
	expr  hclsyntax.ScopeTraversalExpr
	steps [4]hcl.Traverser
}

func (sx *syntaxer) syntaxRef(r tf.Ref) hclsyntax.Expression {
	if r.Kind == tf.RefObject && r.Target == nil {
		return null()
	}
	// The root's text is written into the syntaxer's buffer rather than
	// made (RootText joins "var." and the name anew at every reference),
	// and its names are looked up there.
	sx.text = r.AppendRoot(sx.text[:0])
	return sx.steps(sx.rootTraversal(sx.text), r.Steps)
}

// rootTraversal is a reference written as text in b (which it does not
// keep): aws_s3_bucket.ui, var.name, module.x.out.
func (sx *syntaxer) rootTraversal(b []byte) *hclsyntax.ScopeTraversalExpr {
	n := &traversalNode{}
	t := n.steps[:0]
	if c := bytes.Count(b, dot) + 3; c > len(n.steps) {
		t = make(hcl.Traversal, 0, c)
	}
	name, rest, more := bytes.Cut(b, dot)
	t = append(t, sx.root(name))
	for more {
		name, rest, more = bytes.Cut(rest, dot)
		t = append(t, sx.attr(name))
	}
	n.expr.Traversal = t
	return &n.expr
}

var dot = []byte{'.'}

// steps applies traversal steps to e the way the parser does: attribute
// names and literal keys extend a traversal, any other key is an index
// expression, and a splat takes the steps after it as its per-element
// traversal.
func (sx *syntaxer) steps(e hclsyntax.Expression, ss []tf.Step) hclsyntax.Expression {
	for i, s := range ss {
		switch {
		case s.Splat:
			item := &hclsyntax.AnonSymbolExpr{}
			return &hclsyntax.SplatExpr{Source: e, Each: sx.steps(item, ss[i+1:]), Item: item}
		case s.Index != nil:
			key := sx.syntaxExpr(s.Index)
			switch k := key.(type) {
			case *hclsyntax.LiteralValueExpr:
				e = sx.extend(e, hcl.TraverseIndex{Key: k.Val})
			case *hclsyntax.TemplateExpr:
				if k.IsStringLiteral() {
					v, _ := k.Value(nil)
					e = sx.extend(e, hcl.TraverseIndex{Key: v})
					continue
				}
				e = &hclsyntax.IndexExpr{Collection: e, Key: key}
			default:
				e = &hclsyntax.IndexExpr{Collection: e, Key: key}
			}
		default:
			e = sx.extend(e, sx.attr(sx.buffered(s.Attr)))
		}
	}
	return e
}

// extend adds a step to a traversal this file made, or starts a relative
// one; expressions parsed by tf.Raw are never changed.
func (sx *syntaxer) extend(e hclsyntax.Expression, step hcl.Traverser) hclsyntax.Expression {
	switch x := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		x.Traversal = append(x.Traversal, step)
		return x
	case *hclsyntax.RelativeTraversalExpr:
		x.Traversal = append(x.Traversal, step)
		return x
	}
	return &hclsyntax.RelativeTraversalExpr{Source: e, Traversal: hcl.Traversal{step}}
}

// syntaxTemplate is a template as its quoted form parses: literal text
// runs joined, and a lone interpolation wrapped so that it keeps its
// type.
func (sx *syntaxer) syntaxTemplate(t tf.Template) hclsyntax.Expression {
	var parts []hclsyntax.Expression
	var text strings.Builder
	literal := false
	flush := func() {
		if literal {
			parts = append(parts, &hclsyntax.LiteralValueExpr{Val: cty.StringVal(text.String())})
			text.Reset()
			literal = false
		}
	}
	interpolations := 0
	for _, p := range t.Parts {
		if lit, ok := tf.AsLiteral(p); ok && lit.Value.Type() == cty.String && lit.Value.IsKnown() && !lit.Value.IsNull() {
			if s := lit.Value.AsString(); s != "" {
				text.WriteString(s)
				literal = true
			}
			continue
		}
		flush()
		parts = append(parts, sx.syntaxExpr(p))
		interpolations++
	}
	flush()
	switch {
	case len(parts) == 0:
		return stringLit("")
	case len(parts) == 1 && interpolations == 1:
		return &hclsyntax.TemplateWrapExpr{Wrapped: parts[0]}
	}
	return &hclsyntax.TemplateExpr{Parts: parts}
}

// syntaxValue is a literal value as its rendered form parses: lists,
// sets and tuples are tuple constructors, maps and objects object
// constructors, strings templates, and numbers parsed from the text the
// renderer writes for them.
func (sx *syntaxer) syntaxValue(v cty.Value) hclsyntax.Expression {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return null()
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return stringValue(v)
	case ty == cty.Bool:
		return &hclsyntax.LiteralValueExpr{Val: v}
	case ty == cty.Number:
		f := v.AsBigFloat()
		if f.Sign() < 0 {
			return &hclsyntax.UnaryOpExpr{Op: hclsyntax.OpNegate, Val: &hclsyntax.LiteralValueExpr{Val: sx.number(new(big.Float).Neg(f))}}
		}
		return &hclsyntax.LiteralValueExpr{Val: sx.number(f)}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var elems []hclsyntax.Expression
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			elems = append(elems, sx.syntaxValue(ev))
		}
		return &hclsyntax.TupleConsExpr{Exprs: elems}
	case ty.IsMapType() || ty.IsObjectType():
		var items []hclsyntax.ObjectConsItem
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			items = append(items, hclsyntax.ObjectConsItem{KeyExpr: sx.objectKey(k.AsString()), ValueExpr: sx.syntaxValue(ev)})
		}
		return &hclsyntax.ObjectConsExpr{Items: items}
	}
	return null()
}

// number is numberAsWritten(f), made once per module for each integer:
// a module writes the same few (ports, counts, days) again and again, and
// each is a decimal text and a parse of it.
func (sx *syntaxer) number(f *big.Float) cty.Value {
	i, acc := f.Int64()
	if acc != big.Exact {
		return numberAsWritten(f)
	}
	if v, ok := sx.ints[i]; ok {
		return v
	}
	v := numberAsWritten(f)
	if sx.ints == nil {
		sx.ints = map[int64]cty.Value{}
	}
	sx.ints[i] = v
	return v
}

// numberAsWritten is f as the number literal the renderer writes for it
// reads back: an integer exactly, a fraction in its shortest decimal
// form at f's precision.
func numberAsWritten(f *big.Float) cty.Value {
	var text string
	if f.IsInt() {
		text = f.Text('f', 0)
	} else {
		text = f.Text('f', -1)
	}
	v, err := cty.ParseNumberVal(text)
	if err != nil {
		return cty.NumberVal(f)
	}
	return v
}
