package render

import (
	"math/big"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// hclWriter appends HCL in canonical form. Each multi-line construct puts
// its opener at the end of a line and its closer at the start of its own
// line, one indent level per line of openers, which is the indentation
// rule of hclwrite's formatter.
type hclWriter struct {
	buf  []byte
	errs *exprErrors
	// pos and addr (or res, whose address is made only when needed)
	// locate the declaration being written, for errors.
	pos  tf.Pos
	addr string
	res  *tf.Resource
	// scanners maps waived rules to outside scanner ids (Options.ScannerIDs).
	scanners func(rule string) ScannerIDs
	// keys, when set, remembers how object keys were written.
	keys *keyCache
}

// keyCache remembers how the object key names met last are written
// (namedKey), by where their bytes are: a large module's objects repeat
// a few names (tags, policy statements), each mostly the same string of
// the program's, and finding one is cheaper than checking it again. A
// slot is taken only for a name equal to its own, so a name whose bytes
// sit elsewhere costs a check, never a wrong key.
type keyCache [64]struct {
	name, key string
	cols      int
}

// named is namedKey(name).
func (c *keyCache) named(name string) (string, int) {
	at := uintptr(unsafe.Pointer(unsafe.StringData(name)))
	e := &c[(at>>3^at>>9^uintptr(len(name)))%uintptr(len(c))]
	// The same bytes are the same name, the usual case, told without
	// comparing them. A key is never empty (the empty name is written
	// ""): an empty key is a slot not yet used.
	if unsafe.StringData(e.name) == unsafe.StringData(name) && len(e.name) == len(name) && e.key != "" {
		return e.key, e.cols
	}
	if e.key == "" || e.name != name {
		e.name = name
		e.key, e.cols = namedKey(name)
	}
	return e.key, e.cols
}

func (w *hclWriter) fail(msg string) {
	addr := w.addr
	if w.res != nil {
		addr = w.res.Address()
	}
	w.errs.add(w.pos, addr, msg)
}

// reserve grows buf once to the size the whole output will likely need,
// judged from the first written of total similar items: appending to an
// ever-growing buffer would copy it again at every doubling.
func reserve(buf []byte, written, total int) []byte {
	if written == 0 || total <= written {
		return buf
	}
	need := len(buf) / written * total * 9 / 8
	if cap(buf) >= need {
		return buf
	}
	grown := make([]byte, len(buf), need)
	copy(grown, buf)
	return grown
}

// exprErrors collects problems found while writing expressions.
type exprErrors struct {
	list []exprError
}

type exprError struct {
	pos  tf.Pos
	addr string
	msg  string
}

func (e *exprErrors) add(pos tf.Pos, addr, msg string) {
	e.list = append(e.list, exprError{pos: pos, addr: addr, msg: msg})
}

// spaces is the indentation of the deepest levels written in one append.
const spaces = "                                                                "

func (w *hclWriter) indent(n int) { w.buf = appendSpaces(w.buf, 2*n) }

// appendSpaces appends n spaces to b (none for n <= 0), a string of
// spaces at a time.
func appendSpaces(b []byte, n int) []byte {
	for ; n > len(spaces); n -= len(spaces) {
		b = append(b, spaces...)
	}
	return append(b, spaces[:max(n, 0)]...)
}

// precedence levels, lowest first.
const (
	precCond = iota
	precOr
	precAnd
	precEq
	precCmp
	precAdd
	precMul
	precUnary
	precPrimary
)

// Precedence levels of rendered HCL, lowest first, for code that must
// put parentheses exactly where the renderer writes them (the render-time
// policy check builds syntax trees of the model with them).
const (
	PrecCond    = precCond
	PrecOr      = precOr
	PrecUnary   = precUnary
	PrecPrimary = precPrimary
)

// Precedence is e's precedence level as the renderer writes it; an
// operand whose level is below its place's minimum is parenthesised.
func Precedence(e tf.Expr) int { return exprPrec(e) }

// BinaryPrecedence is the level of a binary operator, -1 if op is none.
func BinaryPrecedence(op string) int { return binaryPrec(op) }

func binaryPrec(op string) int {
	switch op {
	case "||":
		return precOr
	case "&&":
		return precAnd
	case "==", "!=":
		return precEq
	case "<", "<=", ">", ">=":
		return precCmp
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	}
	return -1
}

func exprPrec(e tf.Expr) int {
	switch x := e.(type) {
	case tf.Conditional:
		return precCond
	case tf.Binary:
		return binaryPrec(x.Op)
	case tf.Unary:
		return precUnary
	case *tf.Raw:
		return precCond
	case tf.Literal:
		// A negative number renders with a leading minus.
		if x.Value.Type() == cty.Number && x.Value.IsKnown() && !x.Value.IsNull() && x.Value.AsBigFloat().Sign() < 0 {
			return precUnary
		}
	}
	return precPrimary
}

// multiline reports whether e renders over several lines when it is not
// forced inline.
func multiline(e tf.Expr) bool {
	switch x := e.(type) {
	case tf.Object:
		return len(x.Items) > 0
	case tf.Tuple:
		for _, el := range x.Elems {
			if multiline(el) {
				return true
			}
		}
		return tooWide(x)
	case tf.Call:
		for _, a := range x.Args {
			if multiline(a) {
				return true
			}
		}
	case tf.Literal:
		return valueMultiline(x.Value)
	}
	return false
}

func valueMultiline(v cty.Value) bool {
	if v.IsNull() || !v.IsKnown() {
		return false
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType() || ty.IsMapType():
		return v.LengthInt() > 0
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			if valueMultiline(ev) {
				return true
			}
		}
		return valueTooWide(v)
	}
	return false
}

// expr appends e. level is the indent level of the line e starts on;
// inline forces a single line.
func (w *hclWriter) expr(e tf.Expr, level int, inline bool) {
	switch x := e.(type) {
	case tf.Str:
		w.buf = appendStr(w.buf, x)
	case tf.Literal:
		w.value(x.Value, level, inline)
	case tf.Ref:
		w.ref(x)
	case *tf.Variable:
		w.ref(x.Ref())
	case *tf.Local:
		w.ref(x.Ref())
	case tf.Tuple:
		w.tuple(x, level, inline)
	case tf.Object:
		w.object(x, level, inline)
	case tf.Call:
		w.call(x, level, inline)
	case tf.Template:
		w.template(x)
	case tf.Conditional:
		w.operand(x.Cond, precOr)
		w.buf = append(w.buf, " ? "...)
		w.operand(x.True, precOr)
		w.buf = append(w.buf, " : "...)
		w.operand(x.False, precCond)
	case tf.Binary:
		p := binaryPrec(x.Op)
		if p < 0 {
			w.fail("unknown operator " + strconv.Quote(x.Op))
			p = precPrimary
		}
		w.operand(x.L, p)
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, x.Op...)
		w.buf = append(w.buf, ' ')
		w.operand(x.R, p+1)
	case tf.Unary:
		if x.Op != "!" && x.Op != "-" {
			w.fail("unknown unary operator " + strconv.Quote(x.Op))
		}
		w.buf = append(w.buf, x.Op...)
		w.operand(x.X, precUnary)
	case tf.Paren:
		w.buf = append(w.buf, '(')
		w.expr(x.X, level, true)
		w.buf = append(w.buf, ')')
	case tf.For:
		w.forExpr(x)
	case tf.Traverse:
		w.operand(x.X, precPrimary)
		w.steps(x.Steps)
	case *tf.Raw:
		w.raw(x, level)
	case tf.Exprer:
		// A typed value built into the model by hand rather than through
		// a constructor, which would have unwrapped it.
		w.expr(tf.Unwrap(e), level, inline)
	case nil:
		w.fail("missing expression (nil)")
		w.buf = append(w.buf, "null"...)
	default:
		w.fail("unsupported expression type")
		w.buf = append(w.buf, "null"...)
	}
}

// operand writes e inline, in parentheses when its precedence is below min.
func (w *hclWriter) operand(e tf.Expr, min int) {
	if exprPrec(e) < min {
		w.buf = append(w.buf, '(')
		w.expr(e, 0, true)
		w.buf = append(w.buf, ')')
		return
	}
	w.expr(e, 0, true)
}

func (w *hclWriter) ref(r tf.Ref) {
	if r.Kind == tf.RefObject && r.Target == nil {
		w.errs.add(r.Pos, w.addr, "reference without a target")
		w.buf = append(w.buf, "null"...)
		return
	}
	w.buf = r.AppendRoot(w.buf)
	w.steps(r.Steps)
}

func (w *hclWriter) steps(steps []tf.Step) {
	for _, s := range steps {
		switch {
		case s.Splat:
			w.buf = append(w.buf, "[*]"...)
		case s.Index != nil:
			w.buf = append(w.buf, '[')
			w.expr(s.Index, 0, true)
			w.buf = append(w.buf, ']')
		default:
			w.buf = append(w.buf, '.')
			w.buf = append(w.buf, s.Attr...)
		}
	}
}

func (w *hclWriter) tuple(t tf.Tuple, level int, inline bool) {
	if len(t.Elems) == 0 {
		w.buf = append(w.buf, "[]"...)
		return
	}
	if inline || !multiline(t) {
		w.buf = append(w.buf, '[')
		for i, el := range t.Elems {
			if i > 0 {
				w.buf = append(w.buf, ", "...)
			}
			w.expr(el, level, true)
		}
		w.buf = append(w.buf, ']')
		return
	}
	w.buf = append(w.buf, "[\n"...)
	for _, el := range t.Elems {
		w.indent(level + 1)
		w.expr(el, level+1, false)
		w.buf = append(w.buf, ",\n"...)
	}
	w.indent(level)
	w.buf = append(w.buf, ']')
}

// item is a key and value on their way to one line each, for alignment;
// cols is the key's width in columns, or -1 when not yet counted.
type item struct {
	key   string
	cols  int
	value tf.Expr
}

func (w *hclWriter) object(o tf.Object, level int, inline bool) {
	if len(o.Items) == 0 {
		w.buf = append(w.buf, "{}"...)
		return
	}
	// Most objects are small: keep their items on the stack.
	var stack [8]item
	items := stack[:0]
	for _, it := range o.Items {
		key, cols := w.objectKey(it)
		items = append(items, item{key: key, cols: cols, value: it.Val()})
	}
	w.items(items, level, inline)
}

// objectKey is how the item's key is written, and its width in columns
// when known without counting (-1 otherwise): a bare key is ASCII.
func (w *hclWriter) objectKey(it tf.Item) (string, int) {
	if key := it.Key(); key != nil {
		// A computed key goes in parentheses so that a bare reference is
		// not taken as a literal name.
		sub := hclWriter{errs: w.errs, pos: w.pos, addr: w.addr}
		sub.buf = append(sub.buf, '(')
		sub.expr(key, 0, true)
		sub.buf = append(sub.buf, ')')
		return string(sub.buf), -1
	}
	return w.namedKey(it.Name)
}

// namedKey is namedKey(name), through the writer's key cache when it has
// one.
func (w *hclWriter) namedKey(name string) (string, int) {
	if w.keys != nil {
		return w.keys.named(name)
	}
	return namedKey(name)
}

// namedKey is how an object key given by name is written, bare or
// quoted, and its width in columns when known without counting (-1
// otherwise): a bare key is ASCII.
func namedKey(name string) (string, int) {
	if isBareKey(name) {
		return name, len(name)
	}
	return string(appendQuoted(nil, name)), -1
}

// items writes object items, inline as { k = v, ... } or one per line with
// the `=` of consecutive single-line items aligned.
func (w *hclWriter) items(items []item, level int, inline bool) {
	if inline {
		w.buf = append(w.buf, "{ "...)
		for i, it := range items {
			if i > 0 {
				w.buf = append(w.buf, ", "...)
			}
			w.buf = append(w.buf, it.key...)
			w.buf = append(w.buf, " = "...)
			w.expr(it.value, level, true)
		}
		w.buf = append(w.buf, " }"...)
		return
	}
	w.buf = append(w.buf, "{\n"...)
	w.alignedLines(len(items), func(i int) (string, int, tf.Expr) { return items[i].key, items[i].cols, items[i].value }, level+1)
	w.indent(level)
	w.buf = append(w.buf, '}')
}

// alignedLines writes n `key = value` lines at level, aligning the `=` of
// each run of consecutive single-line values, as hclwrite's formatter does:
// a multi-line value ends a run. at gives the ith line's key, the key's
// width in columns if known (-1: alignedLines counts), and value.
func (w *hclWriter) alignedLines(n int, at func(int) (string, int, tf.Expr), level int) {
	// The keys' widths of the first lines of a run, kept from measuring
	// them for the alignment to padding them.
	var cols [16]int
	for start := 0; start < n; {
		// Find the run [start, end) of single-line values.
		end := start
		width := 0
		for end < n {
			k, c, v := at(end)
			if multiline(v) {
				break
			}
			if c < 0 {
				c = columns(k)
			}
			if end-start < len(cols) {
				cols[end-start] = c
			}
			width = max(width, c)
			end++
		}
		for i := start; i < end; i++ {
			k, c, v := at(i)
			w.indent(level)
			w.buf = append(w.buf, k...)
			if i-start < len(cols) {
				c = cols[i-start]
			} else if c < 0 {
				c = columns(k)
			}
			if width > c {
				w.buf = appendSpaces(w.buf, width-c)
			}
			w.buf = append(w.buf, " = "...)
			w.attrValue(v, level)
			w.buf = append(w.buf, '\n')
		}
		if end < n {
			k, _, v := at(end)
			w.indent(level)
			w.buf = append(w.buf, k...)
			w.buf = append(w.buf, " = "...)
			w.expr(v, level, false)
			w.buf = append(w.buf, '\n')
			end++
		}
		start = end
	}
}

// attrValue writes the value of a `key = value` line: a multi-line string
// as a heredoc, anything else as an expression.
func (w *hclWriter) attrValue(v tf.Expr, level int) {
	if p, ok := planHeredoc(v); ok {
		w.heredoc(v, p, level)
		return
	}
	w.expr(v, level, false)
}

// columns counts what hclwrite's formatter counts for alignment: grapheme
// clusters (in ASCII one a byte, but for a CR LF pair).
func columns(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '\r' {
			n, _ := textseg.TokenCount([]byte(s), textseg.ScanGraphemeClusters)
			return n
		}
	}
	return len(s)
}

func (w *hclWriter) call(c tf.Call, level int, inline bool) {
	w.buf = append(w.buf, c.Name...)
	w.buf = append(w.buf, '(')
	n := len(c.Args)
	switch {
	case inline || !multiline(c):
		for i, a := range c.Args {
			if i > 0 {
				w.buf = append(w.buf, ", "...)
			}
			w.expr(a, level, true)
		}
	case !anyMultiline(c.Args[:n-1]):
		// Only the last argument spans lines: f(a, {
		//   ...
		// })
		for i, a := range c.Args[:n-1] {
			if i > 0 {
				w.buf = append(w.buf, ", "...)
			}
			w.expr(a, level, true)
		}
		if n > 1 {
			w.buf = append(w.buf, ", "...)
		}
		w.expr(c.Args[n-1], level, false)
	default:
		w.buf = append(w.buf, '\n')
		for i, a := range c.Args {
			w.indent(level + 1)
			w.expr(a, level+1, false)
			if i < n-1 || !c.Expand {
				w.buf = append(w.buf, ',')
			}
			if i == n-1 && c.Expand {
				w.buf = append(w.buf, "..."...)
			}
			w.buf = append(w.buf, '\n')
		}
		w.indent(level)
		w.buf = append(w.buf, ')')
		return
	}
	if c.Expand {
		w.buf = append(w.buf, "..."...)
	}
	w.buf = append(w.buf, ')')
}

func anyMultiline(es []tf.Expr) bool {
	for _, e := range es {
		if multiline(e) {
			return true
		}
	}
	return false
}

func (w *hclWriter) template(t tf.Template) {
	w.buf = append(w.buf, '"')
	for _, p := range t.Parts {
		if s, ok := p.(tf.Str); ok {
			w.buf = appendEscaped(w.buf, s.Text())
			continue
		}
		if lit, ok := p.(tf.Literal); ok && lit.Value.Type() == cty.String && lit.Value.IsKnown() && !lit.Value.IsNull() {
			w.buf = appendEscaped(w.buf, lit.Value.AsString())
			continue
		}
		w.buf = append(w.buf, "${"...)
		w.expr(p, 0, true)
		w.buf = append(w.buf, '}')
	}
	w.buf = append(w.buf, '"')
}

func (w *hclWriter) forExpr(f tf.For) {
	// Braces take inner spaces in fmt form; brackets do not.
	open, close := "[for ", "]"
	if f.Key != nil {
		open, close = "{ for ", " }"
	}
	w.buf = append(w.buf, open...)
	if f.KeyVar != "" {
		w.buf = append(w.buf, f.KeyVar...)
		w.buf = append(w.buf, ", "...)
	}
	w.buf = append(w.buf, f.ValVar...)
	w.buf = append(w.buf, " in "...)
	w.expr(f.Coll, 0, true)
	w.buf = append(w.buf, " : "...)
	if f.Key != nil {
		w.expr(f.Key, 0, true)
		w.buf = append(w.buf, " => "...)
	}
	w.expr(f.Val, 0, true)
	if f.Group {
		w.buf = append(w.buf, "..."...)
	}
	if f.Cond != nil {
		w.buf = append(w.buf, " if "...)
		w.expr(f.Cond, 0, true)
	}
	w.buf = append(w.buf, close...)
}

// raw writes hand-written HCL after formatting it the way terraform fmt
// would, re-indented to the line it starts on.
func (w *hclWriter) raw(r *tf.Raw, level int) {
	if r.Diags.HasErrors() {
		// The same words, place and address as tf.Validate's, so that a
		// pipeline running both reports it once.
		at := w.pos
		if r.Pos.Known() {
			w.pos = r.Pos
		}
		w.fail("invalid raw HCL expression " + strconv.Quote(r.Src) + ": " + r.Diags.Error())
		w.pos = at
		w.buf = append(w.buf, "null"...)
		return
	}
	src := formatHCL([]byte("x = " + r.Src + "\n"))
	src = src[len("x = ") : len(src)-1]
	for i := 0; i < len(src); i++ {
		w.buf = append(w.buf, src[i])
		if src[i] == '\n' {
			w.indent(level)
		}
	}
}

// value writes a literal cty value.
func (w *hclWriter) value(v cty.Value, level int, inline bool) {
	if v.IsMarked() {
		w.fail("a marked value cannot be rendered")
		v, _ = v.Unmark()
	}
	if !v.IsKnown() {
		w.fail("an unknown value cannot be rendered as a literal")
		w.buf = append(w.buf, "null"...)
		return
	}
	if v.IsNull() {
		w.buf = append(w.buf, "null"...)
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		w.buf = appendQuoted(w.buf, v.AsString())
	case ty == cty.Number:
		w.buf = appendNumber(w.buf, v.AsBigFloat())
	case ty == cty.Bool:
		if v.True() {
			w.buf = append(w.buf, "true"...)
		} else {
			w.buf = append(w.buf, "false"...)
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		if v.LengthInt() == 0 {
			w.buf = append(w.buf, "[]"...)
			return
		}
		if inline || !valueMultiline(v) {
			w.buf = append(w.buf, '[')
			i := 0
			for it := v.ElementIterator(); it.Next(); i++ {
				if i > 0 {
					w.buf = append(w.buf, ", "...)
				}
				_, ev := it.Element()
				w.value(ev, level, true)
			}
			w.buf = append(w.buf, ']')
			return
		}
		w.buf = append(w.buf, "[\n"...)
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			w.indent(level + 1)
			w.value(ev, level+1, false)
			w.buf = append(w.buf, ",\n"...)
		}
		w.indent(level)
		w.buf = append(w.buf, ']')
	case ty.IsMapType() || ty.IsObjectType():
		if v.LengthInt() == 0 {
			w.buf = append(w.buf, "{}"...)
			return
		}
		items := make([]item, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			key, cols := w.namedKey(k.AsString())
			items = append(items, item{key: key, cols: cols, value: tf.Literal{Value: ev}})
		}
		w.items(items, level, inline)
	default:
		w.fail("a value of type " + ty.FriendlyName() + " has no Terraform syntax")
		w.buf = append(w.buf, "null"...)
	}
}

func appendNumber(b []byte, f *big.Float) []byte {
	if f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return strconv.AppendInt(b, i, 10)
		}
		return f.Append(b, 'f', 0)
	}
	return f.Append(b, 'f', -1)
}

// appendStr appends s quoted, as appendQuoted appends its Text. The usual
// string is ASCII with nothing to escape: one scan finds that, and it is
// copied as it is.
func appendStr(b []byte, s tf.Str) []byte {
	for i := 0; i < len(s); i++ {
		if !plainByte[s[i]] {
			return appendQuoted(b, s.Text())
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainByte marks the bytes that stand for themselves in a quoted string
// of NFC text: ASCII but for control characters, quotes, backslashes and
// the starts of template sequences.
var plainByte = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = !needsEscape(byte(c))
	}
	return t
}()

// appendQuoted appends s as a quoted HCL string whose every character is
// literal.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped appends the inside of a quoted HCL string: backslash escapes
// for quotes, backslashes and control characters, and $${ / %%{ so that no
// template sequence starts by accident.
func appendEscaped(b []byte, s string) []byte {
	// Most strings need no escape: copy the clean run at once.
	clean := 0
	for clean < len(s) && (s[clean] >= utf8.RuneSelf || plainByte[s[clean]]) {
		clean++
	}
	b = append(b, s[:clean]...)
	for i := clean; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '$', '%':
			if i+1 < len(s) && s[i+1] == '{' {
				b = append(b, c)
			}
			b = append(b, c)
		default:
			if c < 0x20 || c == 0x7f {
				b = append(b, `\u00`...)
				b = append(b, hexDigit(c>>4), hexDigit(c&0xf))
			} else {
				b = append(b, c)
			}
		}
	}
	return b
}

// needsEscape reports whether appendEscaped may write c as other than
// itself.
func needsEscape(c byte) bool {
	return c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '$' || c == '%'
}

func hexDigit(n byte) byte { return "0123456789abcdef"[n] }

// isBareKey reports whether an object key can be written without quotes
// and still be read as that literal string.
func isBareKey(s string) bool {
	if !tf.IsName(s) {
		return false
	}
	switch s {
	case "true", "false", "null", "for", "in", "if":
		return false
	}
	return true
}
