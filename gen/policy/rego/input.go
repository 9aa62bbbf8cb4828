//go:build rego

package rego

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
)

// readInput decodes the plan JSON read from r straight into the value OPA
// gets as input, the same value as ast.InterfaceToValue of what
// encoding/json decodes (with UseNumber), without ever holding the plan
// as map[string]any. Of the top-level members it builds only those keep
// accepts (every one when keep is nil); the others are still read, and
// checked as JSON, but not built. It also returns every string the plan
// marks sensitive (see sensitive.go), collected as each resource change is
// read, so there is no second copy of the plan for it.
//
// A plan repeats itself: the same keys in every resource, the same values
// (an action, a region, a tag map, an empty sensitivity mark) in many, and
// whole subtrees in planned_values, resource_changes and prior_state. So
// every string and number is built once, and so is every object and array
// (hash-consing: a container is looked up by its children, which are
// already shared, before it is built). OPA treats terms as immutable and
// shares its own interned terms (ast.InternedEmptyObject and the like)
// across every value, so one term in many places of the input is safe.
func readInput(r io.Reader, keep func(key string) bool) (ast.Value, []string, error) {
	d := &decoder{
		r:     r,
		buf:   make([]byte, 0, 256<<10),
		strs:  map[string]*ast.Term{},
		nums:  map[string]*ast.Term{},
		index: map[uint64]int32{},
		seed:  maphash.MakeSeed(),
		keep:  keep,
		sens:  map[string]bool{},
	}
	v, err := d.document()
	if err != nil {
		return nil, nil, err
	}
	return v, d.secrets(), nil
}

// mode says what a value being read becomes.
type mode uint8

const (
	// shared values are built from shared parts, and shared in turn.
	shared mode = iota
	// transient values are built from parts of their own and let go
	// after one look (a pruned member read for its sensitive values), so
	// that the tables keep nothing of them.
	transient
	// skipped values are only checked.
	skipped
)

type decoder struct {
	r    io.Reader
	buf  []byte
	pos  int
	off  int64 // input offset of buf[0]
	rerr error // the reader's error once it has returned one

	depth int
	// stack holds the children of the containers being read, innermost
	// last: an object's as key, value, key, value...
	stack  []*ast.Term
	tuples [][2]*ast.Term

	strs, nums map[string]*ast.Term
	// index finds a shared container by the hash of its children; nodes
	// chain those with the same hash.
	index map[uint64]int32
	nodes []node
	seed  maphash.Seed
	hash  maphash.Hash

	keep func(string) bool
	// What the sensitive strings are read from: every resource change
	// as it is read, then the root module's variables.
	sens          map[string]bool
	configuration *ast.Term
	variables     *ast.Term
}

type node struct {
	t    *ast.Term
	next int32 // the previous node with the same hash, or -1
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

func (d *decoder) errorf(format string, a ...any) error {
	return fmt.Errorf("plan JSON: offset %d: %s", d.off+int64(d.pos), fmt.Sprintf(format, a...))
}

// more reads more input after buf[pos:], which it moves to the front
// first (and grows the buffer when it is full). It returns how far the
// bytes moved, and false when there is no more input.
func (d *decoder) more() (int, bool) {
	if d.rerr != nil {
		return 0, false
	}
	shift := d.pos
	if shift > 0 {
		n := copy(d.buf, d.buf[shift:])
		d.buf = d.buf[:n]
		d.off += int64(shift)
		d.pos = 0
	}
	if len(d.buf) == cap(d.buf) {
		d.buf = slices.Grow(d.buf, cap(d.buf))
	}
	for {
		n, err := d.r.Read(d.buf[len(d.buf):cap(d.buf)])
		d.buf = d.buf[:len(d.buf)+n]
		if err != nil {
			d.rerr = err
		}
		if n > 0 {
			return shift, true
		}
		if err != nil {
			return shift, false
		}
	}
}

// failed is the error for input that ends too soon.
func (d *decoder) failed() error {
	if d.rerr != nil && d.rerr != io.EOF {
		return fmt.Errorf("plan JSON: %w", d.rerr)
	}
	return d.errorf("unexpected end of JSON input")
}

// peek skips white space and returns the next byte without taking it.
func (d *decoder) peek() (byte, bool) {
	for {
		for d.pos < len(d.buf) {
			switch c := d.buf[d.pos]; c {
			case ' ', '\t', '\n', '\r':
				d.pos++
			default:
				return c, true
			}
		}
		if _, ok := d.more(); !ok {
			return 0, false
		}
	}
}

// expect takes the byte c after white space.
func (d *decoder) expect(c byte) error {
	got, ok := d.peek()
	if !ok {
		return d.failed()
	}
	if got != c {
		return d.errorf("invalid character %q, want %q", got, c)
	}
	d.pos++
	return nil
}

// document reads the whole input: one value and nothing after it. A
// top-level object is the plan, whose members keep and the sensitive
// strings are about.
func (d *decoder) document() (ast.Value, error) {
	c, ok := d.peek()
	if !ok {
		return nil, d.failed()
	}
	var v ast.Value
	if c == '{' {
		var err error
		if v, err = d.plan(); err != nil {
			return nil, err
		}
	} else {
		t, err := d.value(shared)
		if err != nil {
			return nil, err
		}
		v = t.Value
	}
	if c, ok := d.peek(); ok {
		return nil, d.errorf("invalid character %q after top-level value", c)
	}
	if d.rerr != io.EOF {
		return nil, d.failed()
	}
	return v, nil
}

// plan reads the top-level object member by member.
func (d *decoder) plan() (ast.Value, error) {
	d.pos++ // '{'
	d.depth++
	start := len(d.stack)
	err := d.list('}', func() error {
		k, err := d.key()
		if err != nil {
			return err
		}
		name := string(k.Value.(ast.String))
		m := shared
		if d.keep != nil && !d.keep(name) {
			m = skipped
			if name == "configuration" || name == "variables" {
				m = transient
			}
		}
		var v *ast.Term
		if name == "resource_changes" {
			v, err = d.changes(m)
		} else {
			v, err = d.value(m)
		}
		if err != nil {
			return err
		}
		switch name {
		case "configuration":
			d.configuration = v
		case "variables":
			d.variables = v
		}
		if m == shared {
			d.stack = append(d.stack, k, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.depth--
	return d.object(start, transient).Value, nil
}

// changes reads resource_changes one change at a time, collecting each
// one's sensitive values; in mode skipped it keeps none of them.
func (d *decoder) changes(m mode) (*ast.Term, error) {
	c, ok := d.peek()
	if !ok {
		return nil, d.failed()
	}
	elems := m
	if m == skipped {
		elems = transient
	}
	if c != '[' {
		return d.value(elems)
	}
	return d.arrayOf(elems, m != skipped, d.collectChange)
}

// list reads the members or elements of a container after its opening
// byte up to its closing byte end, with one for each.
func (d *decoder) list(end byte, one func() error) error {
	c, ok := d.peek()
	if !ok {
		return d.failed()
	}
	if c == end {
		d.pos++
		return nil
	}
	for {
		if err := one(); err != nil {
			return err
		}
		c, err := d.comma(end)
		if err != nil {
			return err
		}
		if c == end {
			return nil
		}
	}
}

// comma takes the ',' between members or elements, or the closing byte
// end, and returns which it took.
func (d *decoder) comma(end byte) (byte, error) {
	c, ok := d.peek()
	if !ok {
		return 0, d.failed()
	}
	if c != ',' && c != end {
		return 0, d.errorf("invalid character %q after %s", c, map[byte]string{'}': "object key:value pair", ']': "array element"}[end])
	}
	d.pos++
	return c, nil
}

// value reads one JSON value. In mode skipped it returns nil.
func (d *decoder) value(m mode) (*ast.Term, error) {
	c, ok := d.peek()
	if !ok {
		return nil, d.failed()
	}
	switch {
	case c == '{':
		return d.objectValue(m)
	case c == '[':
		return d.arrayValue(m)
	case c == '"':
		raw, esc, err := d.rawString()
		if err != nil || m == skipped {
			return nil, err
		}
		return d.str(raw, esc, m), nil
	case c == '-' || c >= '0' && c <= '9':
		return d.number(m)
	case c == 't':
		return ast.InternedBooleanTrue, d.literal("true")
	case c == 'f':
		return ast.InternedBooleanFalse, d.literal("false")
	case c == 'n':
		return ast.InternedNullTerm, d.literal("null")
	}
	return nil, d.errorf("invalid character %q looking for beginning of value", c)
}

func (d *decoder) literal(lit string) error {
	for len(d.buf)-d.pos < len(lit) {
		if _, ok := d.more(); !ok {
			break
		}
	}
	if len(d.buf)-d.pos < len(lit) || string(d.buf[d.pos:d.pos+len(lit)]) != lit {
		if len(d.buf)-d.pos < len(lit) && strings.HasPrefix(lit, string(d.buf[d.pos:])) {
			d.pos = len(d.buf)
			return d.failed()
		}
		return d.errorf("invalid literal, want %s", lit)
	}
	d.pos += len(lit)
	return nil
}

func (d *decoder) enter() error {
	d.pos++
	if d.depth++; d.depth > maxDepth {
		return d.errorf("exceeded max depth")
	}
	return nil
}

func (d *decoder) objectValue(m mode) (*ast.Term, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	start := len(d.stack)
	err := d.list('}', func() error {
		var k *ast.Term
		var err error
		if m == skipped {
			err = d.skipKey()
		} else {
			k, err = d.key()
		}
		if err != nil {
			return err
		}
		v, err := d.value(m)
		if err != nil {
			return err
		}
		if m != skipped {
			d.stack = append(d.stack, k, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.depth--
	if m == skipped {
		return nil, nil
	}
	return d.object(start, m), nil
}

func (d *decoder) arrayValue(m mode) (*ast.Term, error) { return d.arrayOf(m, m != skipped, nil) }

// arrayOf reads an array in mode m, calling each (when not nil) on every
// element; the array is built only with keep.
func (d *decoder) arrayOf(m mode, keep bool, each func(*ast.Term)) (*ast.Term, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	start := len(d.stack)
	err := d.list(']', func() error {
		v, err := d.value(m)
		if err != nil {
			return err
		}
		if each != nil {
			each(v)
		}
		if keep {
			d.stack = append(d.stack, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.depth--
	if !keep {
		return nil, nil
	}
	return d.array(start, m), nil
}

// key reads an object key and the ':' after it. Keys are always shared:
// a plan has a few hundred.
func (d *decoder) key() (*ast.Term, error) {
	if err := d.expect('"'); err != nil {
		return nil, err
	}
	d.pos--
	raw, esc, err := d.rawString()
	if err != nil {
		return nil, err
	}
	k := d.str(raw, esc, shared)
	return k, d.expect(':')
}

func (d *decoder) skipKey() error {
	if err := d.expect('"'); err != nil {
		return err
	}
	d.pos--
	if _, _, err := d.rawString(); err != nil {
		return err
	}
	return d.expect(':')
}

// object builds the object of the key, value pairs on the stack from
// start, and takes them off. A key given twice keeps its last value, as
// encoding/json's map does.
func (d *decoder) object(start int, m mode) *ast.Term {
	kv := d.stack[start:]
	defer func() { d.stack = d.stack[:start] }()
	if len(kv) == 0 {
		return ast.InternedEmptyObject
	}
	// Terraform writes keys sorted; anything else is sorted here (stable,
	// so that of two equal keys the last is kept), which also gives
	// equal objects the same children for sharing.
	sorted := true
	for i := 2; i < len(kv); i += 2 {
		if keyOf(kv, i-2) >= keyOf(kv, i) {
			sorted = false
			break
		}
	}
	if !sorted {
		pairs := make([][2]*ast.Term, len(kv)/2)
		for i := range pairs {
			pairs[i] = [2]*ast.Term{kv[2*i], kv[2*i+1]}
		}
		slices.SortStableFunc(pairs, func(a, b [2]*ast.Term) int {
			return strings.Compare(string(a[0].Value.(ast.String)), string(b[0].Value.(ast.String)))
		})
		n := 0
		for i, p := range pairs {
			if i+1 < len(pairs) && pairs[i+1][0].Value.(ast.String) == p[0].Value.(ast.String) {
				continue
			}
			kv[2*n], kv[2*n+1] = p[0], p[1]
			n++
		}
		kv = kv[:2*n]
	}
	var h uint64
	if m == shared {
		var t *ast.Term
		if t, h = d.lookup('o', kv); t != nil {
			return t
		}
	}
	d.tuples = d.tuples[:0]
	for i := 0; i < len(kv); i += 2 {
		d.tuples = append(d.tuples, [2]*ast.Term{kv[i], kv[i+1]})
	}
	t := ast.NewTerm(ast.NewObject(d.tuples...))
	if m == shared {
		d.remember(h, t)
	}
	return t
}

func keyOf(kv []*ast.Term, i int) ast.String { return kv[i].Value.(ast.String) }

// array builds the array of the elements on the stack from start, and
// takes them off.
func (d *decoder) array(start int, m mode) *ast.Term {
	elems := d.stack[start:]
	defer func() { d.stack = d.stack[:start] }()
	if len(elems) == 0 {
		return ast.InternedEmptyArray
	}
	var h uint64
	if m == shared {
		var t *ast.Term
		if t, h = d.lookup('a', elems); t != nil {
			return t
		}
	}
	// Exactly as long as it holds: Array.Append appends to the slice, so
	// spare room in a shared array would let two appends meet.
	own := make([]*ast.Term, len(elems))
	copy(own, elems)
	t := ast.NewTerm(ast.NewArray(own...))
	if m == shared {
		d.remember(h, t)
	}
	return t
}

// lookup returns the shared container of kind ('o' or 'a') with exactly
// these children, or nil, and the children's hash. Children are shared
// themselves, so two containers are equal when their children are the
// same terms.
func (d *decoder) lookup(kind byte, kids []*ast.Term) (*ast.Term, uint64) {
	h := d.hashOf(kind, kids)
	return d.find(h, kind, kids), h
}

// find looks for the container among those remembered with hash h.
func (d *decoder) find(h uint64, kind byte, kids []*ast.Term) *ast.Term {
	i, ok := d.index[h]
	if !ok {
		return nil
	}
	for ; i >= 0; i = d.nodes[i].next {
		if t := d.nodes[i].t; sameKids(t, kind, kids) {
			return t
		}
	}
	return nil
}

// sameKids reports whether the container t has exactly these children,
// in order (an object's sorted by key, as Iter gives them).
func sameKids(t *ast.Term, kind byte, kids []*ast.Term) bool {
	switch v := t.Value.(type) {
	case *ast.Array:
		if kind != 'a' || v.Len() != len(kids) {
			return false
		}
		for i, k := range kids {
			if v.Elem(i) != k {
				return false
			}
		}
		return true
	case ast.Object:
		if kind != 'o' || 2*v.Len() != len(kids) {
			return false
		}
		i := 0
		return !v.Until(func(k, e *ast.Term) bool {
			if k != kids[i] || e != kids[i+1] {
				return true
			}
			i += 2
			return false
		})
	}
	return false
}

func (d *decoder) hashOf(kind byte, kids []*ast.Term) uint64 {
	d.hash.SetSeed(d.seed)
	d.hash.WriteByte(kind)
	for _, k := range kids {
		maphash.WriteComparable(&d.hash, k)
	}
	return d.hash.Sum64()
}

// remember adds the new shared container t, whose children's hash is h.
func (d *decoder) remember(h uint64, t *ast.Term) {
	next, ok := d.index[h]
	if !ok {
		next = -1
	}
	d.index[h] = int32(len(d.nodes))
	d.nodes = append(d.nodes, node{t: t, next: next})
}

// rawString reads a string token at pos ('"') and returns it, quotes
// included, with esc set when it needs unquoting (an escape or bytes that
// are not valid UTF-8). Escapes are checked here.
func (d *decoder) rawString() ([]byte, bool, error) {
	i := d.pos + 1
	esc, high := false, false
	for {
		for i < len(d.buf) {
			c := d.buf[i]
			switch {
			case c == '"':
				tok := d.buf[d.pos : i+1]
				d.pos = i + 1
				return tok, esc || high && !utf8.Valid(tok), nil
			case c == '\\':
				n, ok := d.escapeLen(i)
				if !ok {
					if n < 0 {
						d.pos = i
						return nil, false, d.errorf("invalid escape in string")
					}
					goto refill
				}
				esc = true
				i += n
			case c < 0x20:
				d.pos = i
				return nil, false, d.errorf("invalid character %q in string literal", c)
			default:
				if c >= utf8.RuneSelf {
					high = true
				}
				i++
			}
		}
	refill:
		shift, ok := d.more()
		i -= shift
		if !ok {
			d.pos = len(d.buf)
			return nil, false, d.failed()
		}
	}
}

// escapeLen checks the escape at buf[i] ('\\'): its length and true, or
// 0 and false when the buffer ends inside it, or -1 and false when it is
// not an escape JSON has.
func (d *decoder) escapeLen(i int) (int, bool) {
	if i+1 >= len(d.buf) {
		return 0, false
	}
	switch d.buf[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, true
	case 'u':
		if i+6 > len(d.buf) {
			for _, c := range d.buf[i+2:] {
				if !isHex(c) {
					return -1, false
				}
			}
			return 0, false
		}
		for _, c := range d.buf[i+2 : i+6] {
			if !isHex(c) {
				return -1, false
			}
		}
		return 6, true
	}
	return -1, false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// str is the term of a string token.
func (d *decoder) str(tok []byte, esc bool, m mode) *ast.Term {
	raw := tok[1 : len(tok)-1]
	if esc {
		// Rare in a plan (JSON documents held as strings, mostly), so
		// encoding/json unquotes them, with its own rules for bytes that
		// are not UTF-8 and lone surrogates; the token is checked.
		var s string
		if err := json.Unmarshal(tok, &s); err == nil {
			raw = []byte(s)
		}
	}
	if m != shared {
		return ast.StringTerm(string(raw))
	}
	if t, ok := d.strs[string(raw)]; ok {
		return t
	}
	s := string(raw)
	t := ast.StringTerm(s)
	d.strs[s] = t
	return t
}

// number reads a number token, checked against JSON's grammar; its term
// is OPA's for the json.Number of its text.
func (d *decoder) number(m mode) (*ast.Term, error) {
	i := d.pos
	for {
		for i < len(d.buf) && isNumberByte(d.buf[i]) {
			i++
		}
		if i < len(d.buf) {
			break
		}
		shift, ok := d.more()
		i -= shift
		if !ok {
			break
		}
	}
	lit := d.buf[d.pos:i]
	if !validNumber(lit) {
		return nil, d.errorf("invalid number %q", lit)
	}
	d.pos = i
	if m == skipped {
		return nil, nil
	}
	if t, ok := d.nums[string(lit)]; ok && m == shared {
		return t, nil
	}
	v, err := ast.InterfaceToValue(json.Number(lit))
	if err != nil {
		return nil, d.errorf("%v", err)
	}
	t := ast.NewTerm(v)
	if m == shared {
		d.nums[string(lit)] = t
	}
	return t, nil
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// validNumber reports whether t is a JSON number:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(t []byte) bool {
	i := 0
	digits := func() bool {
		j := i
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(t) && t[i] == '-' {
		i++
	}
	if i < len(t) && t[i] == '0' {
		i++
	} else if i >= len(t) || t[i] < '1' || t[i] > '9' || !digits() {
		return false
	}
	if i < len(t) && t[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(t)
}
