package policy

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// A tree holds the planned values of a whole plan (the kept attributes of
// every change's after, after_unknown and after_sensitive) as one slice
// of small nodes and one arena of string bytes, instead of a
// map[string]any per object and a string per value: at 100k changes that
// was millions of small allocations for the collector to trace. Nodes hold
// no pointers, so the collector never looks inside them; strings are read
// straight out of the arena; numbers stay as their JSON text until a rule
// reads one.
//
// The children of an array or object are one contiguous run of nodes;
// a container is written once all its children are known (children are
// gathered on a stack while their own children are written), so runs
// never interleave. A tree only grows: a value changed later (a resolved
// attribute) is written anew and its parent's run is copied.
type tree struct {
	// blocks hold the nodes, blockSize to a block, so that the nodes
	// are never copied to grow (a slice of millions of them was, and
	// growing it was a third of a check). Ref r is node r&blockMask of
	// block r>>blockBits. A block is filled by append; a run longer than
	// a block spans blocks cut from one slice.
	blocks [][]node
	stack  []node // children of the containers being read

	chunks [][]byte // string bytes, chunkSize each (the last one filling)
	long   []string // strings too long for a chunk

	keys   []string // object keys by id
	keyTab strTable // finds ids in keys
}

// A ref names a node of a tree; 0 names none (an absent value, which
// reads as null).
type ref uint32

// A node is one JSON value. For a string or number, a is the offset of
// its bytes in the arena (chunk a>>chunkBits) and b their length; for a
// long string, a indexes tree.long; for an array or object, a is the
// first child's index and b the number of children. key is the key id of
// an object member.
type node struct {
	kind kind
	key  uint32
	a, b uint32
}

type kind uint8

const (
	kNull kind = iota
	kFalse
	kTrue
	kNumber
	kString
	kLongString
	kArray
	kObject
)

const blockBits = 16
const blockSize = 1 << blockBits
const blockMask = blockSize - 1

const chunkBits = 16
const chunkSize = 1 << chunkBits

// maxChunks keeps arena offsets within 32 bits.
const maxChunks = 1 << (32 - chunkBits)

var errTooLarge = errors.New("the plan's values are too large (more than 4 GiB of strings)")

func newTree() *tree {
	// Node 0 is never referenced: ref 0 means no value.
	return &tree{blocks: [][]node{make([]node, 1, 256)}}
}

// reset empties t of its nodes for the next document, keeping its keys
// and the arena's last chunk: bytes already in the arena are never
// rewritten, so strings read from an earlier document stay valid.
func (t *tree) reset() {
	t.blocks = t.blocks[:1]
	t.blocks[0] = t.blocks[0][:1]
	t.stack = t.stack[:0]
	if n := len(t.chunks); n > 1 {
		t.chunks[0] = t.chunks[n-1]
		clear(t.chunks[1:n]) // let the full chunks go
		t.chunks = t.chunks[:1]
	}
	t.long = nil
}

// parseDoc reads text, a whole JSON document, into t and returns its
// root (0 for null), checked as encoding/json checks it.
func (t *tree) parseDoc(text string) (ref, error) {
	// The scanner only reads its buffer, so it may be the string's bytes.
	s := bytesScanner(unsafe.Slice(unsafe.StringData(text), len(text)))
	n, err := s.valueNode(t)
	if err == nil {
		err = s.end()
	}
	if err != nil || n.kind == kNull {
		return 0, err
	}
	return t.add(n), nil
}

// string returns the text of r when it is a string.
func (t *tree) string(r ref) (string, bool) {
	if n := t.at(r); n.kind == kString || n.kind == kLongString {
		return t.str(n), true
	}
	return "", false
}

// strings returns the string elements of array r, or r itself when it
// is a string, as a list (nil for anything else): an IAM field that
// takes one value or a list of them.
func (t *tree) strings(r ref) []string {
	n := t.at(r)
	switch n.kind {
	case kString, kLongString:
		return []string{t.str(n)}
	case kArray:
		var out []string
		for i := n.a; i < n.a+n.b; i++ {
			if e := t.node(ref(i)); e.kind == kString || e.kind == kLongString {
				out = append(out, t.str(e))
			}
		}
		return out
	}
	return nil
}

// add appends n and returns its ref.
func (t *tree) add(n node) ref {
	return t.addRun([]node{n})
}

// addRun appends ns as one run and returns the ref of its first node.
func (t *tree) addRun(ns []node) ref {
	last := len(t.blocks) - 1
	if b := t.blocks[last]; len(b)+len(ns) <= blockSize {
		t.blocks[last] = append(b, ns...)
		return ref(last<<blockBits + len(b))
	}
	first := ref(len(t.blocks) << blockBits)
	nb := (len(ns) + blockMask) / blockSize
	run := make([]node, nb*blockSize)
	copy(run, ns)
	for i := range nb {
		t.blocks = append(t.blocks, run[i*blockSize:min(len(ns), (i+1)*blockSize):(i+1)*blockSize])
	}
	return first
}

// node returns the node r names (r is not 0).
func (t *tree) node(r ref) *node { return &t.blocks[r>>blockBits][r&blockMask] }

func (t *tree) at(r ref) *node {
	if r == 0 {
		return &absent
	}
	return t.node(r)
}

// absent is what ref 0 reads as: null.
var absent = node{kind: kNull}

func (t *tree) kind(r ref) kind { return t.at(r).kind }

// text appends b to the arena and returns a string or number node of
// that kind holding it.
func (t *tree) text(k kind, b []byte) (node, error) {
	if len(b) >= chunkSize {
		if k == kString {
			t.long = append(t.long, string(b))
			return node{kind: kLongString, a: uint32(len(t.long) - 1)}, nil
		}
		return node{}, errors.New("number too long")
	}
	last := len(t.chunks) - 1
	if last < 0 || len(t.chunks[last])+len(b) > chunkSize {
		if len(t.chunks) == maxChunks {
			return node{}, errTooLarge
		}
		t.chunks = append(t.chunks, make([]byte, 0, chunkSize))
		last++
	}
	c := t.chunks[last]
	off := uint32(last)<<chunkBits | uint32(len(c))
	t.chunks[last] = append(c, b...)
	return node{kind: k, a: off, b: uint32(len(b))}, nil
}

// str returns the text of a string or number node. The bytes of a
// chunk are never written twice, so the string may point into it.
func (t *tree) str(n *node) string {
	if n.kind == kLongString {
		return t.long[n.a]
	}
	if n.b == 0 {
		return ""
	}
	c := t.chunks[n.a>>chunkBits]
	return unsafe.String(&c[n.a&(chunkSize-1)], int(n.b))
}

// key returns the id of an object key, adding it when new.
func (t *tree) key(b []byte) uint32 {
	id, _ := t.keyTab.id(&t.keys, b, true)
	return id
}

// A strTable finds strings in a list by their bytes, through an
// open-addressed table by keyHash, which reads a short string in a few
// words: every key of every kept value is looked up, and a map's hash and
// probe were a twentieth of a check.
type strTable struct {
	slots []uint32 // list index + 1 by keyHash (0: empty), len a power of two
}

// id returns the index of b in strs, appending b when it is new and add
// is set; ok is false when b is not there (and was not added). strs
// changes only through id.
func (t *strTable) id(strs *[]string, b []byte, add bool) (id uint32, ok bool) {
	if len(t.slots) == 0 {
		t.slots = make([]uint32, 256)
	}
	mask := uint64(len(t.slots) - 1)
	i := keyHash(b) & mask
	for ; t.slots[i] != 0; i = (i + 1) & mask {
		if id := t.slots[i] - 1; (*strs)[id] == string(b) {
			return id, true
		}
	}
	if !add {
		return 0, false
	}
	id = uint32(len(*strs))
	*strs = append(*strs, string(b))
	t.slots[i] = id + 1
	if 2*len(*strs) > len(t.slots) {
		// Keep the table at most half full: rehash into twice the room.
		t.slots = make([]uint32, 2*len(t.slots))
		mask = uint64(len(t.slots) - 1)
		for id, k := range *strs {
			j := keyHash(unsafe.Slice(unsafe.StringData(k), len(k))) & mask
			for t.slots[j] != 0 {
				j = (j + 1) & mask
			}
			t.slots[j] = uint32(id) + 1
		}
	}
	return id, true
}

// keyHash mixes the bytes of a key (up to 16 in at most three words,
// longer ones eight at a time) with a multiply; the table compares the
// keys it finds, so a collision costs only a probe.
func keyHash(b []byte) uint64 {
	const m = 0x9e3779b97f4a7c15
	n := len(b)
	h := uint64(n) * m
	var w uint64
	switch {
	case n > 8:
		for i := 0; i+8 < n; i += 8 {
			h = (h ^ binary.LittleEndian.Uint64(b[i:])) * m
			h ^= h >> 29
		}
		w = binary.LittleEndian.Uint64(b[n-8:])
	case n == 8:
		w = binary.LittleEndian.Uint64(b)
	case n >= 4:
		w = uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<32
	case n > 0:
		w = uint64(b[0]) | uint64(b[n/2])<<8 | uint64(b[n-1])<<16
	}
	h = (h ^ w) * m
	return h ^ h>>32
}

// container writes the children gathered on the stack since base as one
// run and returns the node of kind k holding them.
func (t *tree) container(k kind, base int) node {
	kids := t.stack[base:]
	first := uint32(0)
	if len(kids) > 0 {
		first = uint32(t.addRun(kids))
	}
	t.stack = t.stack[:base]
	return node{kind: k, a: first, b: uint32(len(kids))}
}

// member returns the value of key in object r (the last one, as
// encoding/json keeps the last of repeated keys), or 0.
func (t *tree) member(r ref, key string) ref {
	n := t.at(r)
	if n.kind != kObject {
		return 0
	}
	kids := t.run(n)
	for i := len(kids) - 1; i >= 0; i-- {
		if t.keys[kids[i].key] == key {
			return ref(n.a + uint32(i))
		}
	}
	return 0
}

// run returns the children of array or object n: one run, contiguous in
// memory even where it spans blocks (see addRun), so read as one slice
// rather than node by node through the blocks.
func (t *tree) run(n *node) []node {
	if n.b == 0 {
		return nil
	}
	return unsafe.Slice(t.node(ref(n.a)), n.b)
}

// elem returns element i of array r, or 0.
func (t *tree) elem(r ref, i int) ref {
	n := t.at(r)
	if n.kind != kArray || i < 0 || i >= int(n.b) {
		return 0
	}
	return ref(int(n.a) + i)
}

// anyTrue reports whether r is true or holds a true anywhere.
func (t *tree) anyTrue(r ref) bool {
	return t.nodeTrue(t.at(r))
}

// raw returns r as encoding/json decodes a value into an interface{}.
func (t *tree) raw(r ref) any {
	n := t.at(r)
	switch n.kind {
	case kFalse:
		return false
	case kTrue:
		return true
	case kNumber:
		f, _ := parseNumber([]byte(t.str(n)))
		return f
	case kString, kLongString:
		return t.str(n)
	case kArray:
		l := make([]any, n.b)
		for i := range l {
			l[i] = t.raw(ref(int(n.a) + i))
		}
		return l
	case kObject:
		m := make(map[string]any, n.b)
		for i := n.a; i < n.a+n.b; i++ {
			m[t.keys[t.node(ref(i)).key]] = t.raw(ref(i))
		}
		return m
	}
	return nil
}

// fromAny writes a value as encoding/json would decode it (nil, bool,
// float64, json.Number, string, []any, map[string]any; the resolver's
// values) and returns its node.
func (t *tree) fromAny(x any) (node, error) {
	switch v := x.(type) {
	case nil:
		return node{kind: kNull}, nil
	case bool:
		if v {
			return node{kind: kTrue}, nil
		}
		return node{kind: kFalse}, nil
	case float64:
		return t.text(kNumber, strconv.AppendFloat(nil, v, 'g', -1, 64))
	case json.Number:
		return t.text(kNumber, []byte(v))
	case string:
		return t.text(kString, []byte(v))
	case []any:
		base := len(t.stack)
		for _, e := range v {
			n, err := t.fromAny(e)
			if err != nil {
				t.stack = t.stack[:base]
				return node{}, err
			}
			t.stack = append(t.stack, n)
		}
		return t.container(kArray, base), nil
	case map[string]any:
		base := len(t.stack)
		for k, e := range v {
			n, err := t.fromAny(e)
			if err != nil {
				t.stack = t.stack[:base]
				return node{}, err
			}
			n.key = t.key([]byte(k))
			t.stack = append(t.stack, n)
		}
		return t.container(kObject, base), nil
	}
	return node{}, errors.New("policy: a planned value of an unexpected type")
}

// addAny is fromAny giving a ref; a nil value gives 0 (absent), as a
// missing field of a tfjson.Change reads.
func (t *tree) addAny(x any) (ref, error) {
	if x == nil {
		return 0, nil
	}
	n, err := t.fromAny(x)
	if err != nil {
		return 0, err
	}
	return t.add(n), nil
}

// setMember returns object r (or a new object, when r is not one) with
// key set to n, leaving r itself as it was.
func (t *tree) setMember(r ref, key string, n node) ref {
	o := *t.at(r)
	id := t.key([]byte(key))
	n.key = id
	base := len(t.stack)
	if o.kind == kObject {
		for i := o.a; i < o.a+o.b; i++ {
			if n := t.node(ref(i)); n.key != id {
				t.stack = append(t.stack, *n)
			}
		}
	}
	t.stack = append(t.stack, n)
	return t.add(t.container(kObject, base))
}

// deleteMember returns object r without key (r itself when it has none).
func (t *tree) deleteMember(r ref, key string) ref {
	if t.member(r, key) == 0 {
		return r
	}
	o := *t.at(r)
	base := len(t.stack)
	for i := o.a; i < o.a+o.b; i++ {
		if t.keys[t.node(ref(i)).key] != key {
			t.stack = append(t.stack, *t.node(ref(i)))
		}
	}
	return t.add(t.container(kObject, base))
}

// valueNode reads the next JSON value into t and returns its node,
// checking it as encoding/json would.
func (s *scanner) valueNode(t *tree) (node, error) {
	c, ok := s.peek()
	if !ok {
		return node{}, s.failed()
	}
	switch c {
	case '"':
		raw, esc, uni, err := s.rawString()
		if err != nil {
			return node{}, err
		}
		if esc || uni && !utf8.Valid(raw) {
			raw = unquote(raw)
		}
		return t.text(kString, raw)
	case '{':
		base := len(t.stack)
		err := s.object(false, func(k []byte) error {
			id := t.key(k)
			n, err := s.valueNode(t)
			n.key = id
			t.stack = append(t.stack, n)
			return err
		})
		if err != nil {
			t.stack = t.stack[:base]
			return node{}, err
		}
		return t.container(kObject, base), nil
	case '[':
		base := len(t.stack)
		err := s.array(false, func(int) error {
			n, err := s.valueNode(t)
			t.stack = append(t.stack, n)
			return err
		})
		if err != nil {
			t.stack = t.stack[:base]
			return node{}, err
		}
		return t.container(kArray, base), nil
	case 't', 'f', 'n':
		v, err := s.literalValue()
		switch {
		case err != nil:
			return node{}, err
		case v == true:
			return node{kind: kTrue}, nil
		case v == false:
			return node{kind: kFalse}, nil
		}
		return node{kind: kNull}, nil
	}
	b, err := s.number()
	if err != nil {
		return node{}, err
	}
	// encoding/json refuses a number a float64 cannot hold; one of at
	// most 15 characters without an exponent always fits.
	if len(b) > 15 || bytes.IndexAny(b, "eE") >= 0 {
		if _, err := parseNumber(b); err != nil {
			return node{}, err
		}
	}
	return t.text(kNumber, b)
}

// mustNode and mustAny are fromAny and addAny for values the package
// made itself, which are always of encoding/json's types: an error is a
// bug.
func (t *tree) mustNode(x any) node {
	n, err := t.fromAny(x)
	if err != nil {
		panic(err)
	}
	return n
}

func (t *tree) mustAny(x any) ref {
	r, err := t.addAny(x)
	if err != nil {
		panic(err)
	}
	return r
}

// nodeTrue is anyTrue for a node, added or not yet added.
func (t *tree) nodeTrue(n *node) bool {
	switch n.kind {
	case kTrue:
		return true
	case kArray, kObject:
		kids := t.run(n)
		for i := range kids {
			if t.nodeTrue(&kids[i]) {
				return true
			}
		}
	}
	return false
}
