// Package hclfast parses HCL native syntax into hclsyntax's own syntax
// tree, several times faster than hclsyntax.ParseConfig, for the common
// subset of the language that Terraform configurations are written in.
//
// ParseConfig gives exactly the body hclsyntax.ParseConfig gives, node for
// node and range for range (TestParseConfigIsHclsyntax and FuzzParseConfig
// hold it to that), or, for anything outside its subset and for any input
// with a syntax error, hands the whole file to hclsyntax.ParseConfig, so
// that diagnostics are always hclsyntax's own.
//
// Why: hclsyntax lexes every token through a Ragel machine and walks every
// token's bytes again for grapheme clusters to count columns, then keeps
// each token (about 100 bytes) in a slice that grows by doubling. On the
// configurations `moochat check -config` reads that is about 150 ns per
// byte, a thousand times what decoding the plan JSON costs per byte. This
// parser lexes ASCII text in one pass into 20-byte tokens whose columns
// are byte offsets (true for ASCII without carriage returns), then builds
// the same nodes hclsyntax's parser builds.
//
// The subset: ASCII text without carriage returns; blocks with quoted or
// bare labels; attributes; literals, traversals with attribute and index
// steps, function calls (with a final ... expansion), tuples, objects,
// parentheses, unary and binary operators, conditionals; quoted templates
// with interpolations and the \n \r \t \" \\ escapes; comments. Outside
// it (heredocs, for expressions, splats, template directives, strip
// markers, $${ and %%{ escapes, \u escapes, legacy .0 indexes, :: function
// names, single-line blocks with an attribute, non-ASCII bytes), the file
// goes to hclsyntax.
package hclfast

// Token kinds. Punctuation is its own byte; the rest are below ' '.
const (
	kEOF      byte = iota
	kNewline       // "\n", or a line comment with its "\n"
	kIdent         // identifier
	kNumber        // number literal
	kOQuote        // opening '"'
	kCQuote        // closing '"'
	kLit           // literal run of a quoted template (undecoded)
	kInterp        // "${"
	kSeqEnd        // "}" that closes an interpolation
	kEqualOp       // ==
	kNotEqual      // !=
	kGTE           // >=
	kLTE           // <=
	kAnd           // &&
	kOr            // ||
	kEllipsis      // ...
	kFatArrow      // =>
)

// A token is a kind, a byte range and the (1-based) line of its start.
// Only a newline token ends on another line: the next.
type token struct {
	kind byte
	s, e int32
	line int32
}

// bail is what the lexer and parser panic with when the input is outside
// the subset or has an error: ParseConfig then asks hclsyntax.
type bail struct{}

// lexer splits src into tokens. lines holds the offset of each line's
// first byte, lines[0] = 0.
type lexer struct {
	src   []byte
	i     int
	line  int32
	toks  []token
	lines []int32
}

func (l *lexer) emit(kind byte, s, e int) {
	l.toks = append(l.toks, token{kind: kind, s: int32(s), e: int32(e), line: l.line})
}

// newline records that a line starts at offset off.
func (l *lexer) newline(off int) {
	l.line++
	l.lines = append(l.lines, int32(off))
}

func lex(src []byte) *lexer {
	l := &lexer{src: src, line: 1, toks: make([]token, 0, len(src)/5+8), lines: make([]int32, 1, len(src)/24+2)}
	l.main(false)
	l.emit(kEOF, len(src), len(src))
	return l
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '-'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// main lexes expression and structure tokens. Inside an interpolation
// (interp) it returns after the "}" that closes it.
func (l *lexer) main(interp bool) {
	src := l.src
	depth := 0
	for l.i < len(src) {
		i := l.i
		c := src[i]
		var n byte
		if i+1 < len(src) {
			n = src[i+1]
		}
		switch c {
		case ' ', '\t':
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			l.i = j
		case '\n':
			l.emit(kNewline, i, i+1)
			l.newline(i + 1)
			l.i++
		case '#':
			l.lineComment()
		case '/':
			switch n {
			case '/':
				l.lineComment()
			case '*':
				l.blockComment()
			default:
				l.emit(c, i, i+1)
				l.i++
			}
		case '"':
			l.emit(kOQuote, i, i+1)
			l.i++
			l.quoted()
		case '{':
			depth++
			l.emit('{', i, i+1)
			l.i++
		case '}':
			if interp && depth == 0 {
				l.emit(kSeqEnd, i, i+1)
				l.i++
				return
			}
			depth--
			l.emit('}', i, i+1)
			l.i++
		case '=':
			switch n {
			case '=':
				l.two(kEqualOp)
			case '>':
				l.two(kFatArrow)
			default:
				l.one(c)
			}
		case '!':
			if n == '=' {
				l.two(kNotEqual)
			} else {
				l.one(c)
			}
		case '>':
			if n == '=' {
				l.two(kGTE)
			} else {
				l.one(c)
			}
		case '<':
			switch n {
			case '=':
				l.two(kLTE)
			case '<':
				panic(bail{}) // heredoc
			default:
				l.one(c)
			}
		case '&':
			if n != '&' {
				panic(bail{})
			}
			l.two(kAnd)
		case '|':
			if n != '|' {
				panic(bail{})
			}
			l.two(kOr)
		case ':':
			if n == ':' {
				panic(bail{}) // function namespace
			}
			l.one(c)
		case '.':
			if n == '.' && i+2 < len(src) && src[i+2] == '.' {
				l.emit(kEllipsis, i, i+3)
				l.i += 3
			} else {
				l.one(c)
			}
		case '[', ']', '(', ')', ',', '*', '%', '+', '-', '?':
			l.one(c)
		default:
			switch {
			case isIdentStart(c):
				j := i + 1
				for j < len(src) && isIdentPart(src[j]) {
					j++
				}
				if j < len(src) && src[j] >= 0x80 {
					panic(bail{})
				}
				l.emit(kIdent, i, j)
				l.i = j
			case isDigit(c):
				l.number()
			default:
				panic(bail{}) // "~}", carriage returns, non-ASCII, characters HCL rejects
			}
		}
	}
	if interp {
		panic(bail{})
	}
}

func (l *lexer) one(kind byte) {
	l.emit(kind, l.i, l.i+1)
	l.i++
}

// lineComment lexes a # or // comment: with its newline it is a newline
// token; one that ends the file without a newline is never a token the
// parser sees.
func (l *lexer) lineComment() {
	src := l.src
	i := l.i
	j := i
	for j < len(src) && src[j] != '\n' {
		if src[j] == '\r' || src[j] >= 0x80 {
			panic(bail{})
		}
		j++
	}
	if j == len(src) {
		l.i = j
		return
	}
	l.emit(kNewline, i, j+1)
	l.newline(j + 1)
	l.i = j + 1
}

// blockComment skips a /* */ comment, counting its lines.
func (l *lexer) blockComment() {
	src := l.src
	j := l.i + 2
	for {
		if j+1 >= len(src) {
			panic(bail{}) // unterminated
		}
		if src[j] == '*' && src[j+1] == '/' {
			break
		}
		switch {
		case src[j] == '\n':
			l.newline(j + 1)
		case src[j] == '\r' || src[j] >= 0x80:
			panic(bail{})
		}
		j++
	}
	l.i = j + 2
}

func (l *lexer) two(kind byte) {
	l.emit(kind, l.i, l.i+2)
	l.i += 2
}

// number lexes a number literal as hclsyntax's scanner does: a digit,
// then digits, dots and exponents, the longest run that does not end in
// a dot. Anything unusual after it goes to hclsyntax.
func (l *lexer) number() {
	src := l.src
	i := l.i
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case isDigit(c) || c == '.':
			j++
			continue
		case (c == 'e' || c == 'E') && j+1 < len(src):
			k := j + 1
			if src[k] == '+' || src[k] == '-' {
				k++
			}
			if k < len(src) && isDigit(src[k]) {
				j = k + 1
				continue
			}
		}
		break
	}
	for src[j-1] == '.' {
		j--
	}
	if j < len(src) && (isIdentPart(src[j]) || src[j] == '.' || src[j] >= 0x80) {
		panic(bail{})
	}
	l.emit(kNumber, i, j)
	l.i = j
}

// quoted lexes a quoted template after its opening quote, up to and with
// its closing quote.
func (l *lexer) quoted() {
	src := l.src
	lit := l.i
	flush := func(end int) {
		if end > lit {
			l.emit(kLit, lit, end)
		}
	}
	for l.i < len(src) {
		i := l.i
		c := src[i]
		switch {
		case c == '"':
			flush(i)
			l.emit(kCQuote, i, i+1)
			l.i++
			return
		case c == '\\':
			if i+1 >= len(src) {
				panic(bail{})
			}
			switch src[i+1] {
			case 'n', 'r', 't', '"', '\\':
				l.i += 2
			default:
				panic(bail{})
			}
		case c == '$' && i+1 < len(src) && src[i+1] == '{':
			if i+2 < len(src) && src[i+2] == '~' {
				panic(bail{})
			}
			flush(i)
			l.emit(kInterp, i, i+2)
			l.i += 2
			l.main(true)
			lit = l.i
		case c == '$' && i+1 < len(src) && src[i+1] == '$', c == '%' && i+1 < len(src) && (src[i+1] == '{' || src[i+1] == '%'):
			panic(bail{})
		case c < ' ' && c != '\t', c >= 0x7f:
			panic(bail{})
		default:
			l.i++
		}
	}
	panic(bail{}) // unterminated
}
