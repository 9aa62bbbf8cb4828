package hclfast

import (
	"math"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// ParseConfig parses src as hclsyntax.ParseConfig(src, filename,
// hcl.InitialPos) does and returns the same body. A file outside the
// subset (see the package comment), or with an error, is parsed by
// hclsyntax.ParseConfig itself. The file's Nav (hclsyntax's navigation,
// an unexported type) is set only in that case.
func ParseConfig(src []byte, filename string) (*hcl.File, hcl.Diagnostics) {
	if body := parse(src, filename); body != nil {
		return &hcl.File{Body: body, Bytes: src}, nil
	}
	return hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
}

// maxLen is the longest source parsed here: tokens keep their offsets in
// 32 bits, so a longer one goes to hclsyntax.
var maxLen = math.MaxInt32

// parse returns src's body, or nil when hclsyntax must parse it.
func parse(src []byte, filename string) (body *hclsyntax.Body) {
	if len(src) > maxLen {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bail); !ok {
				panic(r)
			}
			body = nil
		}
	}()
	l := lex(src)
	p := &parser{toks: l.toks, lines: l.lines, file: filename, src: src, nl: make([]bool, 1, 8)}
	p.nl[0] = true
	return p.body(kEOF)
}

// parser is hclsyntax's parser over this package's tokens, with its
// peeker: newlines are tokens or not by the top of nl, and prev is the
// last token read.
type parser struct {
	lits   slab[hclsyntax.LiteralValueExpr]
	scopes slab[hclsyntax.ScopeTraversalExpr]
	tmpls  slab[hclsyntax.TemplateExpr]
	attrs  slab[hclsyntax.Attribute]
	keys   slab[hclsyntax.ObjectConsKeyExpr]
	names  map[string]string

	toks  []token
	next  int
	nl    []bool
	lines []int32
	file  string
	src   []byte
}

// A slab hands out nodes from arrays of up to 32: one allocation for
// many small nodes, which live and die with their tree anyway. The
// arrays double from 2, so that the small files of a configuration
// (providers.tf, a module of one resource), each with its own parser,
// do not each make arrays of 32 of every node type they use once.
type slab[T any] struct{ buf []T }

func (s *slab[T]) add(v T) *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, min(max(2*cap(s.buf), 2), 32))
	}
	s.buf = append(s.buf, v)
	return &s.buf[len(s.buf)-1]
}

func (p *parser) pos(off, line int32) hcl.Pos {
	return hcl.Pos{Line: int(line), Column: int(off-p.lines[line-1]) + 1, Byte: int(off)}
}

func (p *parser) rng(t *token) hcl.Range {
	end := t.line
	if t.kind == kNewline {
		end++
	}
	return hcl.Range{Filename: p.file, Start: p.pos(t.s, t.line), End: p.pos(t.e, end)}
}

func (p *parser) peekIndex() int {
	nl := p.nl[len(p.nl)-1]
	for i := p.next; i < len(p.toks); i++ {
		if p.toks[i].kind == kNewline && !nl {
			continue
		}
		return i
	}
	return len(p.toks) - 1
}

func (p *parser) peek() *token { return &p.toks[p.peekIndex()] }

func (p *parser) read() *token {
	i := p.peekIndex()
	p.next = i + 1
	return &p.toks[i]
}

func (p *parser) prevRange() hcl.Range {
	if p.next == 0 {
		return p.rng(p.peek())
	}
	return p.rng(&p.toks[p.next-1])
}

func (p *parser) push(nl bool) { p.nl = append(p.nl, nl) }
func (p *parser) pop()         { p.nl = p.nl[:len(p.nl)-1] }

// text is t's bytes as a string, one string for each distinct name.
func (p *parser) text(t *token) string {
	b := p.src[t.s:t.e]
	if s, ok := p.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if p.names == nil {
		p.names = map[string]string{}
	}
	p.names[s] = s
	return s
}

func (p *parser) isKeyword(t *token, kw string) bool {
	return t.kind == kIdent && string(p.src[t.s:t.e]) == kw
}

func endOf(r hcl.Range) hcl.Range {
	return hcl.Range{Filename: r.Filename, Start: r.End, End: r.End}
}

// body is hclsyntax's ParseBody without its error paths.
func (p *parser) body(end byte) *hclsyntax.Body {
	attrs := hclsyntax.Attributes{}
	blocks := hclsyntax.Blocks{}
	start := p.prevRange()
	var endRange hcl.Range
	for {
		next := p.peek()
		if next.kind == end {
			endRange = p.rng(next)
			p.read()
			break
		}
		switch next.kind {
		case kNewline:
			p.read()
		case kIdent:
			ident := p.read()
			switch p.peek().kind {
			case '=':
				a := p.attribute(ident)
				if attrs[a.Name] != nil {
					panic(bail{}) // redefined
				}
				attrs[a.Name] = a
			case kOQuote, '{', kIdent:
				blocks = append(blocks, p.block(ident))
			default:
				panic(bail{})
			}
		default:
			panic(bail{})
		}
	}
	return &hclsyntax.Body{Attributes: attrs, Blocks: blocks, SrcRange: hcl.RangeBetween(start, endRange), EndRange: endOf(endRange)}
}

func (p *parser) attribute(ident *token) *hclsyntax.Attribute {
	identRange := p.rng(ident)
	eq := p.read()
	eqRange := p.rng(eq)
	expr := p.expression()
	if k := p.peek().kind; k != kNewline && k != kEOF {
		panic(bail{})
	}
	endRange := p.prevRange()
	p.read()
	return p.attrs.add(hclsyntax.Attribute{Name: p.text(ident), Expr: expr, SrcRange: hcl.RangeBetween(identRange, endRange), NameRange: identRange, EqualsRange: eqRange})
}

func (p *parser) block(ident *token) *hclsyntax.Block {
	var labels []string
	var labelRanges []hcl.Range
	var oBrace *token
	for oBrace == nil {
		t := p.peek()
		switch t.kind {
		case '{':
			oBrace = p.read()
		case kOQuote:
			open := p.read()
			var label strings.Builder
			for {
				t := p.read()
				if t.kind == kCQuote {
					labels = append(labels, label.String())
					labelRanges = append(labelRanges, hcl.RangeBetween(p.rng(open), p.rng(t)))
					break
				}
				if t.kind != kLit {
					panic(bail{})
				}
				label.WriteString(p.literal(t))
			}
		case kIdent:
			p.read()
			labels = append(labels, p.text(t))
			labelRanges = append(labelRanges, p.rng(t))
		default:
			panic(bail{})
		}
	}
	switch p.peek().kind {
	case kNewline, '}':
	default:
		panic(bail{}) // a single-line block, or the end of the file
	}
	body := p.body('}')
	cBrace := p.prevRange()
	if k := p.peek().kind; k != kNewline && k != kEOF {
		panic(bail{})
	}
	p.read()
	return &hclsyntax.Block{Type: p.text(ident), Labels: labels, Body: body, TypeRange: p.rng(ident), LabelRanges: labelRanges,
		OpenBraceRange: p.rng(oBrace), CloseBraceRange: cBrace}
}

// literal decodes a literal run of a quoted template.
func (p *parser) literal(t *token) string {
	b := p.src[t.s:t.e]
	i := 0
	for i < len(b) && b[i] != '\\' {
		i++
	}
	if i == len(b) {
		return string(b)
	}
	out := make([]byte, i, len(b))
	copy(out, b[:i])
	for ; i < len(b); i++ {
		c := b[i]
		if c == '\\' {
			i++
			switch b[i] {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			default: // '"' and '\\', the only others the lexer lets through
				c = b[i]
			}
		}
		out = append(out, c)
	}
	return string(out)
}

func (p *parser) expression() hclsyntax.Expression {
	start := p.rng(p.peek())
	cond := p.binary(0)
	if p.peek().kind != '?' {
		return cond
	}
	p.read()
	t := p.expression()
	if p.peek().kind != ':' {
		panic(bail{})
	}
	p.read()
	f := p.expression()
	return &hclsyntax.ConditionalExpr{Condition: cond, TrueResult: t, FalseResult: f, SrcRange: hcl.RangeBetween(start, f.Range())}
}

// binaryOp is hclsyntax's table of binary operators by precedence, the
// lowest first.
func binaryOp(level int, kind byte) *hclsyntax.Operation {
	switch level {
	case 0:
		if kind == kOr {
			return hclsyntax.OpLogicalOr
		}
	case 1:
		if kind == kAnd {
			return hclsyntax.OpLogicalAnd
		}
	case 2:
		switch kind {
		case kEqualOp:
			return hclsyntax.OpEqual
		case kNotEqual:
			return hclsyntax.OpNotEqual
		}
	case 3:
		switch kind {
		case '>':
			return hclsyntax.OpGreaterThan
		case kGTE:
			return hclsyntax.OpGreaterThanOrEqual
		case '<':
			return hclsyntax.OpLessThan
		case kLTE:
			return hclsyntax.OpLessThanOrEqual
		}
	case 4:
		switch kind {
		case '+':
			return hclsyntax.OpAdd
		case '-':
			return hclsyntax.OpSubtract
		}
	case 5:
		switch kind {
		case '*':
			return hclsyntax.OpMultiply
		case '/':
			return hclsyntax.OpDivide
		case '%':
			return hclsyntax.OpModulo
		}
	}
	return nil
}

const binaryLevels = 6

func (p *parser) binary(level int) hclsyntax.Expression {
	if level == binaryLevels {
		return p.traversals(p.term())
	}
	lhs := p.binary(level + 1)
	var op *hclsyntax.Operation
	var rhs hclsyntax.Expression
	for {
		next := binaryOp(level, p.peek().kind)
		if next == nil {
			break
		}
		if op != nil {
			lhs = &hclsyntax.BinaryOpExpr{LHS: lhs, Op: op, RHS: rhs, SrcRange: hcl.RangeBetween(lhs.Range(), rhs.Range())}
		}
		op = next
		p.read()
		rhs = p.binary(level + 1)
	}
	if op == nil {
		return lhs
	}
	return &hclsyntax.BinaryOpExpr{LHS: lhs, Op: op, RHS: rhs, SrcRange: hcl.RangeBetween(lhs.Range(), rhs.Range())}
}

// traversals is hclsyntax's parseExpressionTraversals for attribute and
// index steps.
func (p *parser) traversals(from hclsyntax.Expression) hclsyntax.Expression {
	ret := from
	for {
		switch p.peek().kind {
		case '.':
			dot := p.read()
			name := p.peek()
			if name.kind != kIdent {
				panic(bail{}) // a legacy index, a splat or an error
			}
			p.read()
			rng := hcl.RangeBetween(p.rng(dot), p.rng(name))
			ret = relative(ret, hcl.TraverseAttr{Name: p.text(name), SrcRange: rng}, rng)
		case '[':
			open := p.read()
			if p.peek().kind == '*' {
				panic(bail{}) // splat
			}
			p.push(false)
			key := p.expression()
			closer := p.read()
			if closer.kind != ']' {
				panic(bail{})
			}
			p.pop()
			rng := hcl.RangeBetween(p.rng(open), p.rng(closer))
			if lit, ok := key.(*hclsyntax.LiteralValueExpr); ok {
				v, _ := lit.Value(nil)
				ret = relative(ret, hcl.TraverseIndex{Key: v, SrcRange: rng}, rng)
			} else if tmpl, ok := key.(*hclsyntax.TemplateExpr); ok && tmpl.IsStringLiteral() {
				v, _ := tmpl.Value(nil)
				ret = relative(ret, hcl.TraverseIndex{Key: v, SrcRange: rng}, rng)
			} else {
				ret = &hclsyntax.IndexExpr{Collection: ret, Key: key, SrcRange: hcl.RangeBetween(from.Range(), rng), OpenRange: p.rng(open), BracketRange: rng}
			}
		default:
			return ret
		}
	}
}

// relative is hclsyntax's makeRelativeTraversal.
func relative(expr hclsyntax.Expression, next hcl.Traverser, rng hcl.Range) hclsyntax.Expression {
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		e.Traversal = append(e.Traversal, next)
		e.SrcRange = hcl.RangeBetween(e.SrcRange, rng)
		return e
	case *hclsyntax.RelativeTraversalExpr:
		e.Traversal = append(e.Traversal, next)
		e.SrcRange = hcl.RangeBetween(e.SrcRange, rng)
		return e
	default:
		return &hclsyntax.RelativeTraversalExpr{Source: expr, Traversal: hcl.Traversal{next}, SrcRange: hcl.RangeBetween(expr.Range(), rng)}
	}
}

func (p *parser) term() hclsyntax.Expression {
	start := p.peek()
	switch start.kind {
	case '(':
		open := p.read()
		p.push(false)
		e := p.expression()
		closer := p.read()
		if closer.kind != ')' {
			panic(bail{})
		}
		p.pop()
		return &hclsyntax.ParenthesesExpr{Expression: e, SrcRange: hcl.RangeBetween(p.rng(open), p.rng(closer))}
	case kNumber:
		t := p.read()
		v, err := cty.ParseNumberVal(p.text(t))
		if err != nil {
			panic(bail{})
		}
		return p.lits.add(hclsyntax.LiteralValueExpr{Val: v, SrcRange: p.rng(t)})
	case kIdent:
		t := p.read()
		if p.peek().kind == '(' {
			return p.call(t)
		}
		r := p.rng(t)
		switch name := p.text(t); name {
		case "true":
			return &hclsyntax.LiteralValueExpr{Val: cty.True, SrcRange: r}
		case "false":
			return &hclsyntax.LiteralValueExpr{Val: cty.False, SrcRange: r}
		case "null":
			return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: r}
		default:
			// Room for the steps that usually follow.
			tr := make(hcl.Traversal, 1, 3)
			tr[0] = hcl.TraverseRoot{Name: name, SrcRange: r}
			return p.scopes.add(hclsyntax.ScopeTraversalExpr{Traversal: tr, SrcRange: r})
		}
	case kOQuote:
		return p.template()
	case '-', '!':
		t := p.read()
		op := hclsyntax.OpNegate
		if t.kind == '!' {
			op = hclsyntax.OpLogicalNot
		}
		operand := p.traversals(p.term())
		return &hclsyntax.UnaryOpExpr{Op: op, Val: operand, SrcRange: hcl.RangeBetween(p.rng(t), operand.Range()), SymbolRange: p.rng(t)}
	case '[':
		return p.tuple()
	case '{':
		return p.object()
	}
	panic(bail{})
}

func (p *parser) template() hclsyntax.Expression {
	open := p.read()
	start := p.rng(p.peek())
	var parts []hclsyntax.Expression
	interp := false
	for {
		t := p.read()
		if t.kind == kCQuote {
			break
		}
		switch t.kind {
		case kLit:
			parts = append(parts, p.lits.add(hclsyntax.LiteralValueExpr{Val: cty.StringVal(p.literal(t)), SrcRange: p.rng(t)}))
		case kInterp:
			p.push(false)
			e := p.expression()
			if p.peek().kind != kSeqEnd {
				panic(bail{})
			}
			p.read()
			p.pop()
			parts = append(parts, e)
			interp = true
		default:
			panic(bail{})
		}
	}
	rng := hcl.RangeBetween(p.rng(open), p.prevRange())
	if len(parts) == 0 {
		// hclsyntax's empty part sits right after the token that followed
		// the opening quote.
		parts = append(parts, &hclsyntax.LiteralValueExpr{Val: cty.StringVal(""), SrcRange: endOf(start)})
	}
	if len(parts) == 1 && interp {
		return &hclsyntax.TemplateWrapExpr{Wrapped: parts[0], SrcRange: rng}
	}
	return p.tmpls.add(hclsyntax.TemplateExpr{Parts: parts, SrcRange: rng})
}

func (p *parser) call(name *token) hclsyntax.Expression {
	open := p.read()
	var args []hclsyntax.Expression
	expand := false
	var closer *token
	p.push(false)
	for closer == nil {
		if p.peek().kind == ')' {
			closer = p.read()
			break
		}
		args = append(args, p.expression())
		sep := p.read()
		switch sep.kind {
		case ')':
			closer = sep
		case kEllipsis:
			expand = true
			closer = p.read()
			if closer.kind != ')' {
				panic(bail{})
			}
		case ',':
			if p.peek().kind == ')' {
				closer = p.read()
			}
		default:
			panic(bail{})
		}
	}
	p.pop()
	return &hclsyntax.FunctionCallExpr{Name: p.text(name), Args: args, ExpandFinal: expand, NameRange: p.rng(name),
		OpenParenRange: p.rng(open), CloseParenRange: p.rng(closer)}
}

func (p *parser) tuple() hclsyntax.Expression {
	open := p.read()
	p.push(false)
	if p.isKeyword(p.peek(), "for") {
		panic(bail{})
	}
	var exprs []hclsyntax.Expression
	var closer *token
	for {
		if p.peek().kind == ']' {
			closer = p.read()
			break
		}
		exprs = append(exprs, p.expression())
		next := p.peek()
		if next.kind == ']' {
			closer = p.read()
			break
		}
		if next.kind != ',' {
			panic(bail{})
		}
		p.read()
	}
	p.pop()
	return &hclsyntax.TupleConsExpr{Exprs: exprs, SrcRange: hcl.RangeBetween(p.rng(open), p.rng(closer)), OpenRange: p.rng(open)}
}

func (p *parser) object() hclsyntax.Expression {
	open := p.read()
	p.push(false)
	isFor := p.isKeyword(p.peek(), "for")
	p.pop()
	if isFor {
		panic(bail{})
	}
	p.push(true)
	var items []hclsyntax.ObjectConsItem
	var closer *token
	for {
		next := p.peek()
		if next.kind == kNewline {
			p.read()
			continue
		}
		if next.kind == '}' {
			closer = p.read()
			break
		}
		force := next.kind == '('
		key := p.keys.add(hclsyntax.ObjectConsKeyExpr{Wrapped: p.expression(), ForceNonLiteral: force})
		if k := p.peek().kind; k != '=' && k != ':' {
			panic(bail{})
		}
		p.read()
		items = append(items, hclsyntax.ObjectConsItem{KeyExpr: key, ValueExpr: p.expression()})
		next = p.peek()
		if next.kind == '}' {
			closer = p.read()
			break
		}
		if next.kind != ',' && next.kind != kNewline {
			panic(bail{})
		}
		p.read()
	}
	p.pop()
	return &hclsyntax.ObjectConsExpr{Items: items, SrcRange: hcl.RangeBetween(p.rng(open), p.rng(closer)), OpenRange: p.rng(open)}
}
