package policy

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner is a pull tokenizer over a stream of JSON: every byte of the
// input is looked at once, values the caller does not want are skipped
// (and still checked, as encoding/json would check them) without being
// built, and wanted ones are built directly where they are kept: the
// changes' values as nodes of a tree (valueNode), the few others (the
// plan's variables, an instance's index) as the values encoding/json
// gives an interface{} (value).
//
// Input is read through one buffer. A token is always whole in the
// buffer while it is scanned: when a token runs past the end, the buffer
// keeps it, is refilled (and grown when one token is larger than it), and
// scanning goes on where it stopped.
type scanner struct {
	r    io.Reader
	buf  []byte
	pos  int
	base int64 // input offset of buf[0]
	rerr error // the reader's error once it has returned one

	depth int

	// strs holds one copy of each short string seen (keys, enum-like
	// values): a plan repeats them in every resource.
	strs   []string
	strTab strTable

	// While capturing, bytes from capStart on are kept in captured
	// before they leave the buffer.
	capturing bool
	capStart  int
	captured  []byte
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

var errEOF = io.ErrUnexpectedEOF

func newScanner(r io.Reader, size int) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, size)}
}

// bytesScanner scans b, which holds the whole input.
func bytesScanner(b []byte) *scanner { return &scanner{buf: b, rerr: io.EOF} }

func (s *scanner) off() int64 { return s.base + int64(s.pos) }

func (s *scanner) errorf(format string, a ...any) error {
	return fmt.Errorf("offset %d: %s", s.off(), fmt.Sprintf(format, a...))
}

// refill reads more input, keeping buf[keep:] (and the captured bytes).
// It returns how far the kept bytes moved towards the front, and false
// when there is no more input.
func (s *scanner) refill(keep int) (int, bool) {
	if s.rerr != nil {
		return 0, false
	}
	if s.capturing {
		s.captured = append(s.captured, s.buf[s.capStart:keep]...)
		s.capStart = 0
	}
	shift := keep
	if shift > 0 {
		n := copy(s.buf, s.buf[keep:])
		s.buf = s.buf[:n]
		s.base += int64(shift)
		s.pos -= shift
	}
	if len(s.buf) == cap(s.buf) {
		s.buf = append(s.buf, 0)[:len(s.buf)]
	}
	for {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.rerr = err
			if n == 0 {
				return shift, false
			}
		}
		if n > 0 {
			return shift, true
		}
	}
}

// failed turns the end of input into the reader's error, or
// io.ErrUnexpectedEOF.
func (s *scanner) failed() error {
	if s.rerr != nil && s.rerr != io.EOF {
		return s.rerr
	}
	return errEOF
}

// peek skips white space and returns the next byte without consuming it;
// ok is false at the end of input. The usual case, the next byte already
// in the buffer and not white space (terraform writes compact JSON), is
// inlined into the loops that call it.
func (s *scanner) peek() (byte, bool) {
	if c := s.next(); c >= 0 {
		return byte(c), true
	}
	return s.peekSlow()
}

// next returns the next byte when it is in the buffer and not white
// space, else -1; small enough to be inlined where peek's call is too
// dear.
func (s *scanner) next() int {
	if b, p := s.buf, s.pos; uint(p) < uint(len(b)) && b[p] > ' ' {
		return int(b[p])
	}
	return -1
}

func (s *scanner) peekSlow() (byte, bool) {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case ' ', '\n', '\t', '\r':
				s.pos++
			default:
				return c, true
			}
		}
		if _, ok := s.refill(s.pos); !ok {
			return 0, false
		}
	}
}

// expect consumes byte c after white space.
func (s *scanner) expect(c byte) error {
	got, ok := s.peek()
	if !ok {
		return s.failed()
	}
	if got != c {
		return s.errorf("expected %q, found %q", c, got)
	}
	s.pos++
	return nil
}

// strSafe marks the bytes strRun passes over: the ASCII bytes a string
// can hold as they are.
var strSafe = func() (t [256]bool) {
	for i := range t {
		t[i] = i >= 0x20 && i < 0x80 && i != '"' && i != '\\'
	}
	return t
}()

// Byte-wise constants for strRun: every byte 0x01, every byte 0x80.
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// strRun returns the index of the first byte at or after i that a string
// cannot hold as it is (a quote, a backslash or a control character) or
// that is not ASCII, or len(b). It looks at eight bytes at a time: for
// each of the three tests, (x - ones*c) &^ x & high sets the high bit of
// a byte that is below c (after xor, that is zero), and a borrow can only
// set bits above the first byte found, so the lowest bit set marks the
// first special byte; a byte of 0x80 or above has its high bit set
// already.
func strRun(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (swarOnes * '"')
		e := x ^ (swarOnes * '\\')
		if m := x | ((q - swarOnes) &^ q) | ((e - swarOnes) &^ e) | ((x - swarOnes*0x20) &^ x); m&swarHigh != 0 {
			return i + bits.TrailingZeros64(m&swarHigh)>>3
		}
	}
	for i < len(b) && strSafe[b[i]] {
		i++
	}
	return i
}

// rawString scans the string at pos (white space already skipped) and
// returns its bytes between the quotes, valid until the next read,
// whether it has escapes and whether it has bytes that are not ASCII
// (only such a string can be invalid UTF-8). Escapes and control
// characters are checked.
func (s *scanner) rawString() (raw []byte, esc, uni bool, err error) {
	if s.pos >= len(s.buf) || s.buf[s.pos] != '"' {
		return nil, false, false, s.errorf("expected a string")
	}
	start := s.pos
	i := start + 1
	for {
		b := s.buf
		i = strRun(b, i)
		if i < len(b) {
			switch c := b[i]; {
			case c == '"':
				s.pos = i + 1
				return b[start+1 : i], esc, uni, nil
			case c >= utf8.RuneSelf:
				// UTF-8 (or not): its bytes of 0x80 and above are
				// passed over together, and checked by the caller.
				uni = true
				for i++; i < len(b) && b[i] >= utf8.RuneSelf; i++ {
				}
				continue
			case c == '\\':
				// An escape needs up to 6 bytes in the buffer.
				if i+6 > len(b) && s.rerr == nil {
					break
				}
				n, ok := escapeLen(b[i:])
				if !ok {
					s.pos = i
					return nil, false, false, s.errorf("invalid escape in string")
				}
				esc = true
				i += n
				continue
			default:
				s.pos = i
				return nil, false, false, s.errorf("control character %#x in string", c)
			}
		}
		shift, ok := s.refill(start)
		start -= shift
		i -= shift
		if !ok && i >= len(s.buf) {
			s.pos = len(s.buf)
			return nil, false, false, s.failed()
		}
		// else an escape waits for bytes that will not come: it is
		// checked with what there is.
	}
}

// escapeLen returns the length of the escape at b[0] ('\\'), and false
// when it is not a valid one (or b ends first).
func escapeLen(b []byte) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, true
	case 'u':
		if len(b) < 6 {
			return 0, false
		}
		for _, c := range b[2:6] {
			if !isHex(c) {
				return 0, false
			}
		}
		return 6, true
	}
	return 0, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// key reads an object key and the colon after it; the bytes are valid
// until the next read.
func (s *scanner) key() ([]byte, error) {
	raw, esc, _, err := s.rawString()
	if err != nil {
		return nil, err
	}
	if esc {
		raw = unquote(raw)
	}
	// The colon usually follows at once.
	if s.pos < len(s.buf) && s.buf[s.pos] == ':' {
		s.pos++
		return raw, nil
	}
	if !esc {
		raw = bytes.Clone(raw) // a refill may move the buffer
	}
	return raw, s.expect(':')
}

// object reads an object, calling member for each key with the scanner
// at its value; member must consume the value. A null is an empty object
// when nullOK.
func (s *scanner) object(nullOK bool, member func(key []byte) error) error {
	c, ok := s.peek()
	if !ok {
		return s.failed()
	}
	if c == 'n' && nullOK {
		return s.literal()
	}
	if c != '{' {
		return s.errorf("expected an object, found %q", c)
	}
	s.pos++
	if s.depth++; s.depth > maxDepth {
		return s.errorf("nested too deeply")
	}
	defer func() { s.depth-- }()
	if c, ok = s.peek(); ok && c == '}' {
		s.pos++
		return nil
	}
	for {
		if _, ok := s.peek(); !ok {
			return s.failed()
		}
		k, err := s.key()
		if err != nil {
			return err
		}
		if err := member(k); err != nil {
			return err
		}
		c, ok := s.peek()
		if !ok {
			return s.failed()
		}
		s.pos++
		switch c {
		case ',':
		case '}':
			return nil
		default:
			s.pos--
			return s.errorf("expected ',' or '}' after an object member, found %q", c)
		}
	}
}

// array reads an array, calling elem for each element with the scanner
// at it; elem must consume it. A null is an empty array when nullOK.
func (s *scanner) array(nullOK bool, elem func(i int) error) error {
	c, ok := s.peek()
	if !ok {
		return s.failed()
	}
	if c == 'n' && nullOK {
		return s.literal()
	}
	if c != '[' {
		return s.errorf("expected an array, found %q", c)
	}
	s.pos++
	if s.depth++; s.depth > maxDepth {
		return s.errorf("nested too deeply")
	}
	defer func() { s.depth-- }()
	if c, ok = s.peek(); ok && c == ']' {
		s.pos++
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i); err != nil {
			return err
		}
		c, ok := s.peek()
		if !ok {
			return s.failed()
		}
		s.pos++
		switch c {
		case ',':
		case ']':
			return nil
		default:
			s.pos--
			return s.errorf("expected ',' or ']' after an array element, found %q", c)
		}
	}
}

// skip consumes the next value, checking it as encoding/json would. It
// loops over the value's tokens with a stack of the containers open
// instead of recursing through object and array: most of a plan is
// skipped. Each token has a fast path for when it lies whole in the
// buffer (strings a clean run at a time, keys with their colon,
// literals compared at once); the general readers take the rest.
func (s *scanner) skip() error {
	var open [64]bool // true: an object
	stack := open[:0]
	for {
		// A value.
		c, ok := byte(0), true
		if n := s.next(); n >= 0 {
			c = byte(n)
		} else if c, ok = s.peekSlow(); !ok {
			return s.failed()
		}
		switch c {
		case '"':
			if err := s.skipString(); err != nil {
				return err
			}
		case '{', '[':
			s.pos++
			if s.depth+len(stack)+1 > maxDepth {
				return s.errorf("nested too deeply")
			}
			obj := c == '{'
			stack = append(stack, obj)
			c, ok = s.peek()
			if !ok {
				return s.failed()
			}
			if obj && c == '}' || !obj && c == ']' {
				s.pos++
				stack = stack[:len(stack)-1]
				break
			}
			if obj {
				if err := s.skipKey(); err != nil {
					return err
				}
			}
			continue
		case 't', 'f', 'n':
			if err := s.skipLiteral(); err != nil {
				return err
			}
		default:
			if _, err := s.number(); err != nil {
				return err
			}
		}
		// After a value: close what ends here, or go on to the next
		// member or element.
		for {
			if len(stack) == 0 {
				return nil
			}
			c, ok := byte(0), true
			if n := s.next(); n >= 0 {
				c = byte(n)
			} else if c, ok = s.peekSlow(); !ok {
				return s.failed()
			}
			s.pos++
			obj := stack[len(stack)-1]
			if c == ',' {
				if obj {
					if _, ok := s.peek(); !ok {
						return s.failed()
					}
					if err := s.skipKey(); err != nil {
						return err
					}
				}
				break
			}
			if obj && c == '}' || !obj && c == ']' {
				stack = stack[:len(stack)-1]
				continue
			}
			s.pos--
			if obj {
				return s.errorf("expected ',' or '}' after an object member, found %q", c)
			}
			return s.errorf("expected ',' or ']' after an array element, found %q", c)
		}
	}
}

// skipString consumes the string at pos (its quote already seen).
func (s *scanner) skipString() error {
	if j := strRun(s.buf, s.pos+1); j < len(s.buf) && s.buf[j] == '"' {
		s.pos = j + 1
		return nil
	}
	_, _, _, err := s.rawString()
	return err
}

// skipKey consumes an object key and its colon (white space before the
// key already skipped).
func (s *scanner) skipKey() error {
	if s.pos < len(s.buf) && s.buf[s.pos] == '"' {
		if j := strRun(s.buf, s.pos+1); j+1 < len(s.buf) && s.buf[j] == '"' && s.buf[j+1] == ':' {
			s.pos = j + 2
			return nil
		}
	}
	_, err := s.key()
	return err
}

// skipLiteral consumes true, false or null.
func (s *scanner) skipLiteral() error {
	b := s.buf[s.pos:]
	switch {
	case len(b) >= 4 && (string(b[:4]) == "true" || string(b[:4]) == "null"):
		s.pos += 4
		return nil
	case len(b) >= 5 && string(b[:5]) == "false":
		s.pos += 5
		return nil
	}
	return s.literal()
}

// literal consumes true, false or null and returns it.
func (s *scanner) literal() error {
	_, err := s.literalValue()
	return err
}

func (s *scanner) literalValue() (any, error) {
	var want string
	var v any
	switch s.buf[s.pos] {
	case 't':
		want, v = "true", true
	case 'f':
		want, v = "false", false
	default:
		want = "null"
	}
	for len(s.buf)-s.pos < len(want) {
		if _, ok := s.refill(s.pos); !ok {
			break
		}
	}
	have := s.buf[s.pos:min(len(s.buf), s.pos+len(want))]
	switch {
	case string(have) == want:
		s.pos += len(want)
		return v, nil
	case len(have) < len(want) && string(have) == want[:len(have)]:
		s.pos = len(s.buf)
		return nil, s.failed()
	}
	return nil, s.errorf("invalid literal (expected %s)", want)
}

// number consumes a number and returns its text, valid until the next
// read. The grammar is JSON's: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() ([]byte, error) {
	start := s.pos
	i := start
	// Find the end first (a number ends at a byte it cannot hold), then
	// check the grammar on the whole text.
	for {
		b := s.buf
		for i < len(b) && numByte[b[i]] {
			i++
		}
		if i < len(b) || s.rerr != nil {
			break
		}
		shift, ok := s.refill(start)
		start -= shift
		i -= shift
		if !ok {
			break
		}
	}
	t := s.buf[start:i]
	if !validNumber(t) {
		if len(t) == 0 {
			return nil, s.errorf("invalid character %q looking for a value", s.buf[start])
		}
		return nil, s.errorf("invalid number %q", t)
	}
	s.pos = i
	return t, nil
}

var numByte = func() (t [256]bool) {
	for _, c := range []byte("0123456789+-.eE") {
		t[c] = true
	}
	return t
}()

func validNumber(t []byte) bool {
	i := 0
	if i < len(t) && t[i] == '-' {
		i++
	}
	switch {
	case i < len(t) && t[i] == '0':
		i++
	case i < len(t) && '1' <= t[i] && t[i] <= '9':
		for i < len(t) && '0' <= t[i] && t[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(t) && t[i] == '.' {
		i++
		d := i
		for i < len(t) && '0' <= t[i] && t[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		d := i
		for i < len(t) && '0' <= t[i] && t[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(t)
}

// value reads the next value as encoding/json reads one into an
// interface{}.
func (s *scanner) value() (any, error) {
	c, ok := s.peek()
	if !ok {
		return nil, s.failed()
	}
	switch c {
	case '"':
		return s.stringValue()
	case '{':
		m := map[string]any{}
		err := s.object(false, func(k []byte) error {
			key := s.intern(k)
			v, err := s.value()
			m[key] = v
			return err
		})
		return m, err
	case '[':
		l := []any{}
		err := s.array(false, func(int) error {
			v, err := s.value()
			l = append(l, v)
			return err
		})
		return l, err
	case 't', 'f', 'n':
		return s.literalValue()
	}
	t, err := s.number()
	if err != nil {
		return nil, err
	}
	return parseNumber(t)
}

// parseNumber converts valid number text as encoding/json does, with a
// shortcut for small integers.
func parseNumber(t []byte) (any, error) {
	if len(t) <= 15 && t[0] != '-' {
		n, i := int64(0), 0
		for ; i < len(t) && '0' <= t[i] && t[i] <= '9'; i++ {
			n = n*10 + int64(t[i]-'0')
		}
		if i == len(t) {
			return float64(n), nil
		}
	}
	f, err := strconv.ParseFloat(string(t), 64)
	if err != nil {
		return nil, fmt.Errorf("json: cannot unmarshal number %s into Go value of type float64", t)
	}
	return f, nil
}

// stringValue reads a string value; null reads as "".
func (s *scanner) stringValue() (string, error) {
	c, ok := s.peek()
	if !ok {
		return "", s.failed()
	}
	if c == 'n' {
		return "", s.literal()
	}
	if c != '"' {
		return "", s.errorf("expected a string, found %q", c)
	}
	raw, esc, uni, err := s.rawString()
	if err != nil {
		return "", err
	}
	if esc || uni && !utf8.Valid(raw) {
		raw = unquote(raw)
	}
	return s.intern(raw), nil
}

// Strings up to internMax bytes are kept once, up to internCount of them.
const internMax, internCount = 32, 1 << 14

// intern returns b as a string, the same string for the same short
// bytes.
func (s *scanner) intern(b []byte) string {
	if len(b) > internMax {
		return string(b)
	}
	id, ok := s.strTab.id(&s.strs, b, len(s.strs) < internCount)
	if !ok {
		return string(b)
	}
	return s.strs[id]
}

// unquote decodes the escapes of a string's bytes (between its quotes,
// already checked by rawString) as encoding/json does: invalid UTF-8 and
// lone surrogates become U+FFFD.
func unquote(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			switch raw[i+1] {
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := hex4(raw[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						if r2 := utf16.DecodeRune(r, hex4(raw[i+2:])); r2 != utf8.RuneError {
							i += 6
							out = utf8.AppendRune(out, r2)
							continue
						}
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
				continue
			default: // '"', '\\', '/'
				out = append(out, raw[i+1])
			}
			i += 2
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, raw[i:i+n]...)
			}
			i += n
		}
	}
	return out
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// capture consumes the next value and returns a copy of its bytes.
func (s *scanner) capture() ([]byte, error) {
	if _, ok := s.peek(); !ok {
		return nil, s.failed()
	}
	s.capturing, s.capStart, s.captured = true, s.pos, s.captured[:0]
	err := s.skip()
	out := append(s.captured, s.buf[s.capStart:s.pos]...)
	s.capturing, s.captured = false, nil
	return out, err
}

// end checks that only white space is left.
func (s *scanner) end() error {
	if c, ok := s.peek(); ok {
		return s.errorf("unexpected %q after the top-level value", c)
	}
	if s.rerr != nil && s.rerr != io.EOF {
		return s.rerr
	}
	return nil
}
