package schema

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The compact form of one provider's schema is a dictionary, an index and
// one blob per type, each blob compressed on its own (raw DEFLATE, primed
// with the dictionary), so that loading reads the index in place, with
// nothing to inflate, and each type's schema inflates only its own bytes:
//
//	magic "moochat-schema 4\n"
//	dictionary length, dictionary       a sample of records, at most 32 KiB
//	index length, index                 not compressed
//	blobs                               each compressed
//
// The index:
//
//	source, version                     strings
//	ntypes, ref...                      distinct attribute types as cty JSON
//	config                              ref
//	nres,  (name, ref)...               sorted by name
//	ndata, (name, ref)...               sorted by name
//	neph,  (name, ref)...               ephemeral resources, sorted by name
//	nfn,   (name, nparams, variadic, return type index)...  sorted by name
//
// A string is a uvarint length and bytes; a ref is the offset (from the
// first blob), compressed length and inflated length of a blob: a type's
// cty JSON, or an encoded block (a record). Blobs with the same bytes are
// stored once. Descriptions are left out: validation does not need them.
//
// A whole gen run of the platform needs about 60 of the 2,650 blobs
// (30 KB inflated); the previous form's 16 KiB chunks made it inflate 330
// KB, and its compressed index had to be inflated at every load.
//
// Within a record, a nested block that recurs (the same bytes) is written
// once and referred back to after that: aws_wafv2_web_acl's rule
// statements nest the same blocks up to 13 deep, 9,828 blocks of which 73
// differ, and inlined they came to a 347 KB record that took gen 4.7 ms
// and 2.5 MB to decode (now 5.3 KB). The decoded schema shares those
// blocks as the record does.
const compactMagic = "moochat-schema 5\n"

// dictSize is the largest dictionary DEFLATE can use.
const dictSize = 32 << 10

// block:     flags, nattrs, attr..., nblocks, blocktype...
// attr:      name, flags, (type index | nested)
// nested:    nesting, min, max, nattrs, attr...
// blocktype: name, nesting, min, max, block
//
// A nested block may instead be bBackRef and a target index: the same
// block as the target of that index, written before it in this record.
// Targets are the blocks whose flags hold bTarget, counted from 0 in the
// order they begin.
const (
	fRequired = 1 << iota
	fOptional
	fComputed
	fDeprecated
	fSensitive
	fWriteOnly
	fNested
)

// A block's own flags besides fDeprecated.
const (
	bBackRef = 1 << iota
	bTarget
)

// EncodeCompact returns the compact form of p.
func EncodeCompact(p *Provider) ([]byte, error) {
	e := &encoder{typeIdx: map[string]int{}}
	rec := func(b *Block) []byte {
		var r bytes.Buffer
		e.out = &r
		e.share(b)
		e.block(b)
		return r.Bytes()
	}
	type entry struct {
		name string
		rec  []byte
	}
	config := rec(p.Config())
	var groups [3][]entry
	for i, group := range []struct {
		names []string
		get   func(string) *Block
	}{{p.ResourceTypes(), p.Resource}, {p.DataSourceTypes(), p.DataSource}, {p.EphemeralResourceTypes(), p.EphemeralResource}} {
		for _, n := range group.names {
			groups[i] = append(groups[i], entry{n, rec(group.get(n))})
		}
	}
	var fns bytes.Buffer
	e.out = &fns
	e.functions(p)
	if e.err != nil {
		return nil, e.err
	}

	// Blobs are stored in index order: types, config, then each group.
	blobs := make([][]byte, 0, len(e.types)+1+len(groups[0])+len(groups[1])+len(groups[2]))
	for _, t := range e.types {
		blobs = append(blobs, []byte(t))
	}
	blobs = append(blobs, config)
	for _, g := range groups {
		for _, en := range g {
			blobs = append(blobs, en.rec)
		}
	}
	z, err := newBlobWriter(dictionary(blobs))
	if err != nil {
		return nil, err
	}
	refs := make([]blobRef, len(blobs))
	for i, b := range blobs {
		if refs[i], err = z.add(b); err != nil {
			return nil, err
		}
	}

	var index bytes.Buffer
	e.out = &index
	e.str(p.Source)
	e.str(p.Version)
	e.uvarint(uint64(len(e.types)))
	next := refs
	for _, r := range next[:len(e.types)] {
		e.ref(r)
	}
	next = next[len(e.types):]
	e.ref(next[0])
	next = next[1:]
	for _, g := range groups {
		e.uvarint(uint64(len(g)))
		for j, en := range g {
			e.str(en.name)
			e.ref(next[j])
		}
		next = next[len(g):]
	}
	index.Write(fns.Bytes())

	var out bytes.Buffer
	e.out = &out
	out.WriteString(compactMagic)
	e.uvarint(uint64(len(z.dict)))
	out.Write(z.dict)
	e.uvarint(uint64(index.Len()))
	out.Write(index.Bytes())
	out.Write(z.area.Bytes())
	return out.Bytes(), nil
}

// dictionary primes every blob's compression: the last 32 KiB of every
// tenth record below 4 KiB, a sample of the attribute names and nesting
// that recur across types. Alone, a blob of a few hundred bytes
// compresses to about two thirds of its size; with the sample, as well as
// in 16 KiB chunks.
func dictionary(blobs [][]byte) []byte {
	var d []byte
	for i := 0; i < len(blobs); i += 10 {
		if len(blobs[i]) < 4<<10 {
			d = append(d, blobs[i]...)
		}
	}
	return d[max(0, len(d)-dictSize):]
}

// blobWriter compresses blobs one after another into one area.
type blobWriter struct {
	dict []byte
	area bytes.Buffer
	zw   *flate.Writer
	buf  bytes.Buffer
	seen map[string]blobRef
}

func newBlobWriter(dict []byte) (*blobWriter, error) {
	w := &blobWriter{dict: dict, seen: map[string]blobRef{}}
	zw, err := flate.NewWriterDict(&w.buf, flate.BestCompression, dict)
	w.zw = zw
	return w, err
}

func (w *blobWriter) add(blob []byte) (blobRef, error) {
	if r, ok := w.seen[string(blob)]; ok {
		return r, nil
	}
	w.buf.Reset()
	w.zw.Reset(&w.buf)
	w.zw.Write(blob)
	if err := w.zw.Close(); err != nil {
		return blobRef{}, err
	}
	r := blobRef{off: w.area.Len(), zlen: w.buf.Len(), len: len(blob)}
	w.area.Write(w.buf.Bytes())
	w.seen[string(blob)] = r
	return r, nil
}

// blobRef is where a blob lies: its offset from the first blob, its
// compressed length, its inflated length.
type blobRef struct{ off, zlen, len int }

func (e *encoder) ref(r blobRef) {
	e.uvarint(uint64(r.off))
	e.uvarint(uint64(r.zlen))
	e.uvarint(uint64(r.len))
}

type encoder struct {
	out     *bytes.Buffer
	types   []string
	typeIdx map[string]int
	err     error
	// Of the record being written: each block's key, the recurring
	// blocks, and how many targets have begun.
	keys    map[*Block]string
	shares  map[string]*shared
	targets int
}

func (e *encoder) uvarint(v uint64) {
	var b [binary.MaxVarintLen64]byte
	e.out.Write(b[:binary.PutUvarint(b[:], v)])
}

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.out.WriteString(s)
}

// share finds the nested blocks of record root that recur in it: each is
// counted where the record will hold it, not inside a block that is
// itself written once and referred back to.
func (e *encoder) share(root *Block) {
	e.keys, e.shares, e.targets = map[*Block]string{}, map[string]*shared{}, 0
	var walk func(b *Block)
	walk = func(b *Block) {
		for _, bt := range b.BlockTypes {
			k := e.key(bt.Block)
			sh := e.shares[k]
			if sh == nil {
				sh = &shared{index: -1}
				e.shares[k] = sh
			}
			if sh.count++; sh.count == 1 {
				walk(bt.Block)
			}
		}
	}
	walk(root)
}

// key is b's bytes written in full, nothing referred back to: two blocks
// with the same key are the same schema.
func (e *encoder) key(b *Block) string {
	if k, ok := e.keys[b]; ok {
		return k
	}
	out := e.out
	var buf bytes.Buffer
	e.out = &buf
	e.blockFlags(b, 0)
	e.attrs(b.Attributes)
	e.uvarint(uint64(len(b.BlockTypes)))
	for _, bt := range b.BlockTypes {
		e.blockTypeHead(bt)
		buf.WriteString(e.key(bt.Block))
	}
	e.out = out
	k := buf.String()
	e.keys[b] = k
	return k
}

// shared is a nested block's count in its record and, once written, its
// target index.
type shared struct{ count, index int }

func (e *encoder) blockFlags(b *Block, fl uint64) {
	if b.Deprecated {
		fl |= fDeprecated
	}
	e.uvarint(fl)
}

func (e *encoder) blockTypeHead(bt *BlockType) {
	e.str(bt.Name)
	e.uvarint(uint64(bt.Nesting))
	e.uvarint(uint64(bt.MinItems))
	e.uvarint(uint64(bt.MaxItems))
}

func (e *encoder) block(b *Block) {
	var fl uint64
	if sh := e.shares[e.keys[b]]; sh != nil && sh.count > 1 {
		if sh.index >= 0 {
			e.uvarint(bBackRef)
			e.uvarint(uint64(sh.index))
			return
		}
		sh.index, fl = e.targets, bTarget
		e.targets++
	}
	e.blockFlags(b, fl)
	e.attrs(b.Attributes)
	e.uvarint(uint64(len(b.BlockTypes)))
	for _, bt := range b.BlockTypes {
		e.blockTypeHead(bt)
		e.block(bt.Block)
	}
}

func (e *encoder) attrs(as []*Attribute) {
	e.uvarint(uint64(len(as)))
	for _, a := range as {
		e.str(a.Name)
		var fl uint64
		for _, f := range []struct {
			on  bool
			bit uint64
		}{{a.Required, fRequired}, {a.Optional, fOptional}, {a.Computed, fComputed}, {a.Deprecated, fDeprecated}, {a.Sensitive, fSensitive}, {a.WriteOnly, fWriteOnly}, {a.Nested != nil, fNested}} {
			if f.on {
				fl |= f.bit
			}
		}
		e.uvarint(fl)
		if a.Nested != nil {
			e.uvarint(uint64(a.Nested.Nesting))
			e.uvarint(uint64(a.Nested.MinItems))
			e.uvarint(uint64(a.Nested.MaxItems))
			e.attrs(a.Nested.Attributes)
			continue
		}
		e.uvarint(uint64(e.typeIndex(a.Type, "attribute "+a.Name)))
	}
}

// compactSource is a loaded compact form: its dictionary and compressed
// blobs, each inflated when the schema or type it holds is first asked
// for, and the attribute type table, parsed on first use.
type compactSource struct {
	dict     []byte
	area     string
	typeRefs []blobRef
	// types are parsed from their blobs on first use.
	typesOnce sync.Once
	types     []lazyType
	// inflated counts the blobs inflated so far.
	inflated atomic.Int64
}

// inflaters are DEFLATE readers kept for reuse: a fresh one allocates
// tens of KiB, more than most blobs inflate to.
var inflaters sync.Pool

// blob returns the inflated bytes r points at; it panics with errCorrupt
// when they cannot be had. Every caller keeps what it decodes, so a blob
// is inflated once per use, and not kept.
func (s *compactSource) blob(r blobRef) string {
	if r.off < 0 || r.zlen < 0 || r.off+r.zlen > len(s.area) || r.len < 0 {
		panic(errCorrupt)
	}
	src := strings.NewReader(s.area[r.off : r.off+r.zlen])
	zr, _ := inflaters.Get().(io.ReadCloser)
	if zr == nil {
		zr = flate.NewReaderDict(src, s.dict)
	} else if err := zr.(flate.Resetter).Reset(src, s.dict); err != nil {
		panic(errCorrupt)
	}
	defer inflaters.Put(zr)
	out := make([]byte, r.len)
	if _, err := io.ReadFull(zr, out); err != nil {
		panic(errCorrupt)
	}
	s.inflated.Add(1)
	// The decoded schema's names are substrings of this one string, which
	// takes the bytes as they are: nothing writes them again, and copying
	// them would allocate every blob twice.
	return unsafe.String(unsafe.SliceData(out), len(out))
}

func (s *compactSource) typ(i uint64) cty.Type {
	if int(i) >= len(s.typeRefs) {
		return cty.DynamicPseudoType
	}
	s.typesOnce.Do(func() { s.types = make([]lazyType, len(s.typeRefs)) })
	// Each type has its own once: goroutines decoding other types do not
	// wait for this one's inflating.
	lt := &s.types[i]
	lt.once.Do(func() { lt.t = s.parseType(s.typeRefs[i]) })
	return lt.t
}

// lazyType is an attribute type, parsed from its blob on first use.
type lazyType struct {
	once sync.Once
	t    cty.Type
}

func (s *compactSource) parseType(r blobRef) (t cty.Type) {
	defer func() {
		if recover() != nil {
			t = cty.DynamicPseudoType
		}
	}()
	js := s.blob(r)
	// Most attributes are of these; parseTypeJSON, and the JSON decoder
	// behind it, are for the rest.
	switch js {
	case `"string"`:
		return cty.String
	case `"number"`:
		return cty.Number
	case `"bool"`:
		return cty.Bool
	}
	if t, ok := parseTypeJSON(js); ok {
		return t
	}
	t, err := ctyjson.UnmarshalType([]byte(js))
	if err != nil {
		return cty.DynamicPseudoType
	}
	return t
}

var errCorrupt = errors.New("corrupt compact schema")

// DecodeCompact loads a compact form. The index is read in place; each
// type's schema is decoded when it is first asked for, from its own blob.
func DecodeCompact(data []byte) (*Provider, error) { return decodeCompact(string(data)) }

// decodeCompact is DecodeCompact of data that is already a string, as an
// embedded file is: names in the index are substrings of it, not copies.
func decodeCompact(data string) (p *Provider, err error) {
	if !strings.HasPrefix(data, compactMagic) {
		return nil, errCorrupt
	}
	defer func() {
		if recover() != nil {
			p, err = nil, errCorrupt
		}
	}()
	file := &decoder{buf: data[len(compactMagic):]}
	src := &compactSource{dict: []byte(file.str())}
	index := file.str()
	src.area = file.buf
	d := &decoder{buf: index}
	p = &Provider{Source: d.str(), Version: d.str(), src: src}
	src.typeRefs = make([]blobRef, d.uvarint())
	for i := range src.typeRefs {
		src.typeRefs[i] = d.ref()
	}
	p.config = lazyBlock{ref: d.ref(), lazy: true}
	for _, set := range []*blockSet{&p.resources, &p.data, &p.ephemeral} {
		n := int(d.uvarint())
		set.names, set.blocks = make([]string, n), make([]lazyBlock, n)
		for i := range n {
			set.names[i] = d.str()
			set.blocks[i].ref, set.blocks[i].lazy = d.ref(), true
		}
		if !slices.IsSorted(set.names) {
			panic(errCorrupt)
		}
	}
	// The functions come last; their return types are parsed on first use.
	p.functionsSrc = d.buf
	return p, nil
}

// decoder reads the compact form's uvarints and strings from buf.
type decoder struct {
	buf string
	src *compactSource
	// targets are the record's blocks that later ones refer back to.
	targets []*Block
}

func (d *decoder) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(d.buf) && i < binary.MaxVarintLen64; i++ {
		b := d.buf[i]
		v |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			d.buf = d.buf[i+1:]
			return v
		}
	}
	panic(errCorrupt)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.buf)) {
		panic(errCorrupt)
	}
	s := d.buf[:n]
	d.buf = d.buf[n:]
	return s
}

func (d *decoder) ref() blobRef {
	return blobRef{off: int(d.uvarint()), zlen: int(d.uvarint()), len: int(d.uvarint())}
}

func (s *compactSource) decodeBlock(r blobRef) (b *Block) {
	defer func() {
		if recover() != nil {
			// A corrupt record reads as an empty schema; the test on the
			// committed snapshot keeps this from happening.
			b = &Block{}
		}
	}()
	d := &decoder{buf: s.blob(r), src: s}
	return d.block()
}

func (d *decoder) block() *Block {
	fl := d.uvarint()
	if fl&bBackRef != 0 {
		i := d.uvarint()
		if i >= uint64(len(d.targets)) {
			panic(errCorrupt)
		}
		return d.targets[i]
	}
	b := &Block{Deprecated: fl&fDeprecated != 0}
	if fl&bTarget != 0 {
		d.targets = append(d.targets, b)
	}
	b.Attributes = d.attrs()
	if n := int(d.uvarint()); n > 0 {
		b.BlockTypes = make([]*BlockType, n)
		slab := make([]BlockType, n)
		for i := range b.BlockTypes {
			bt := &slab[i]
			bt.Name = d.str()
			bt.Nesting = Nesting(d.uvarint())
			bt.MinItems = int(d.uvarint())
			bt.MaxItems = int(d.uvarint())
			bt.Block = d.block()
			b.BlockTypes[i] = bt
		}
	}
	return b
}

func (d *decoder) attrs() []*Attribute {
	n := int(d.uvarint())
	if n == 0 {
		return nil
	}
	// One allocation for the attributes, one for the pointers to them.
	as := make([]*Attribute, n)
	slab := make([]Attribute, n)
	for i := range as {
		a := &slab[i]
		a.Name = d.str()
		fl := d.uvarint()
		a.Required = fl&fRequired != 0
		a.Optional = fl&fOptional != 0
		a.Computed = fl&fComputed != 0
		a.Deprecated = fl&fDeprecated != 0
		a.Sensitive = fl&fSensitive != 0
		a.WriteOnly = fl&fWriteOnly != 0
		if fl&fNested != 0 {
			a.Nested = &NestedType{Nesting: Nesting(d.uvarint())}
			a.Nested.MinItems = int(d.uvarint())
			a.Nested.MaxItems = int(d.uvarint())
			a.Nested.Attributes = d.attrs()
			a.Type = a.Nested.ImpliedType()
		} else {
			a.Type = d.src.typ(d.uvarint())
		}
		as[i] = a
	}
	return as
}
