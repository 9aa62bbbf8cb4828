package schema

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The compact form of one provider's schema is an index and chunks, each
// compressed on its own (raw DEFLATE), so that loading inflates only the
// index and each type's schema inflates only the chunk that holds it:
//
//	magic "moochat-schema 3\n"
//	index length, index                 compressed
//	nchunks, (length, chunk)...         each compressed, about 16 KiB inflated
//
// The inflated index:
//
//	source, version                     strings
//	ntypes, ref...                      distinct attribute types as cty JSON
//	config                              ref
//	nres,  (name, ref)...               sorted by name
//	ndata, (name, ref)...               sorted by name
//	neph,  (name, ref)...               ephemeral resources, sorted by name
//	nfn,   (name, nparams, variadic, return type index)...  sorted by name
//
// A string is a uvarint length and bytes; a ref is the chunk, offset and
// length of a blob inside the inflated chunk: a type's cty JSON, or an
// encoded block (a record). Descriptions are left out: validation does not
// need them.
const compactMagic = "moochat-schema 3\n"

// chunkSize is the inflated size a chunk reaches before the next starts:
// small enough that one type costs little to inflate, large enough that
// chunks compress almost as well as the whole.
const chunkSize = 16 << 10

// block:     flags, nattrs, attr..., nblocks, blocktype...
// attr:      name, flags, (type index | nested)
// nested:    nesting, min, max, nattrs, attr...
// blocktype: name, nesting, min, max, block
const (
	fRequired = 1 << iota
	fOptional
	fComputed
	fDeprecated
	fSensitive
	fWriteOnly
	fNested
)

// EncodeCompact returns the compact form of p.
func EncodeCompact(p *Provider) ([]byte, error) {
	e := &encoder{typeIdx: map[string]int{}}
	rec := func(b *Block) []byte {
		var r bytes.Buffer
		e.out = &r
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

	// Blobs go into chunks in index order: types, config, then each group.
	c := &chunker{}
	typeRefs := make([]blobRef, len(e.types))
	for i, t := range e.types {
		typeRefs[i] = c.add([]byte(t))
	}
	configRef := c.add(config)
	var refs [3][]blobRef
	for i, g := range groups {
		for _, en := range g {
			refs[i] = append(refs[i], c.add(en.rec))
		}
	}
	c.flush()

	var index bytes.Buffer
	e.out = &index
	e.str(p.Source)
	e.str(p.Version)
	e.uvarint(uint64(len(typeRefs)))
	for _, r := range typeRefs {
		e.ref(r)
	}
	e.ref(configRef)
	for i, g := range groups {
		e.uvarint(uint64(len(g)))
		for j, en := range g {
			e.str(en.name)
			e.ref(refs[i][j])
		}
	}
	index.Write(fns.Bytes())

	var out bytes.Buffer
	e.out = &out
	out.WriteString(compactMagic)
	for i, part := range append([][]byte{index.Bytes()}, c.chunks...) {
		if i == 1 {
			e.uvarint(uint64(len(c.chunks)))
		}
		z, err := deflate(part)
		if err != nil {
			return nil, err
		}
		e.uvarint(uint64(len(z)))
		out.Write(z)
	}
	if len(c.chunks) == 0 {
		e.uvarint(0)
	}
	return out.Bytes(), nil
}

// blobRef is where a blob lies: in which inflated chunk, at which offset,
// how long.
type blobRef struct{ chunk, off, len int }

// chunker packs blobs into chunks of about chunkSize bytes, never
// splitting one; a larger blob (a few types' schemas are hundreds of KiB)
// gets a chunk of its own, so that no small type pays for inflating it.
type chunker struct {
	chunks [][]byte
	cur    []byte
}

func (c *chunker) add(blob []byte) blobRef {
	if len(blob) >= chunkSize {
		c.flush()
	}
	r := blobRef{chunk: len(c.chunks), off: len(c.cur), len: len(blob)}
	c.cur = append(c.cur, blob...)
	if len(c.cur) >= chunkSize {
		c.flush()
	}
	return r
}

func (c *chunker) flush() {
	if len(c.cur) > 0 {
		c.chunks = append(c.chunks, c.cur)
		c.cur = nil
	}
}

func deflate(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (e *encoder) ref(r blobRef) {
	e.uvarint(uint64(r.chunk))
	e.uvarint(uint64(r.off))
	e.uvarint(uint64(r.len))
}

type encoder struct {
	out     *bytes.Buffer
	types   []string
	typeIdx map[string]int
	err     error
}

func (e *encoder) uvarint(v uint64) {
	var b [binary.MaxVarintLen64]byte
	e.out.Write(b[:binary.PutUvarint(b[:], v)])
}

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.out.WriteString(s)
}

func (e *encoder) block(b *Block) {
	var fl uint64
	if b.Deprecated {
		fl |= fDeprecated
	}
	e.uvarint(fl)
	e.attrs(b.Attributes)
	e.uvarint(uint64(len(b.BlockTypes)))
	for _, bt := range b.BlockTypes {
		e.str(bt.Name)
		e.uvarint(uint64(bt.Nesting))
		e.uvarint(uint64(bt.MinItems))
		e.uvarint(uint64(bt.MaxItems))
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

// compactSource is a loaded compact form: its compressed chunks, each
// inflated on first use, and the attribute type table, parsed on first use.
type compactSource struct {
	chunks   []lazyChunk
	typeRefs []blobRef
	mu       sync.Mutex
	types    []cty.Type
}

// lazyChunk is one compressed chunk and, once inflated, its bytes.
type lazyChunk struct {
	once sync.Once
	z    []byte
	raw  []byte
}

// blob returns the inflated bytes r points at; it panics with errCorrupt
// when they cannot be had.
func (s *compactSource) blob(r blobRef) []byte {
	if r.chunk >= len(s.chunks) {
		panic(errCorrupt)
	}
	c := &s.chunks[r.chunk]
	c.once.Do(func() {
		c.raw, _ = io.ReadAll(flate.NewReader(bytes.NewReader(c.z)))
	})
	if r.off+r.len > len(c.raw) {
		panic(errCorrupt)
	}
	return c.raw[r.off : r.off+r.len : r.off+r.len]
}

func (s *compactSource) typ(i uint64) cty.Type {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.types == nil {
		s.types = make([]cty.Type, len(s.typeRefs))
	}
	if int(i) >= len(s.types) {
		return cty.DynamicPseudoType
	}
	if s.types[i] == cty.NilType {
		s.types[i] = s.parseType(s.typeRefs[i])
	}
	return s.types[i]
}

func (s *compactSource) parseType(r blobRef) (t cty.Type) {
	defer func() {
		if recover() != nil {
			t = cty.DynamicPseudoType
		}
	}()
	t, err := ctyjson.UnmarshalType(s.blob(r))
	if err != nil {
		return cty.DynamicPseudoType
	}
	return t
}

var errCorrupt = errors.New("corrupt compact schema")

// DecodeCompact loads a compact form. Only the index is inflated; each
// type's schema is decoded when it is first asked for, from the chunk
// that holds it.
func DecodeCompact(data []byte) (p *Provider, err error) {
	if !bytes.HasPrefix(data, []byte(compactMagic)) {
		return nil, errCorrupt
	}
	defer func() {
		if recover() != nil {
			p, err = nil, errCorrupt
		}
	}()
	file := &decoder{buf: data[len(compactMagic):]}
	index, err := io.ReadAll(flate.NewReader(bytes.NewReader(file.bytes())))
	if err != nil {
		return nil, errCorrupt
	}
	src := &compactSource{chunks: make([]lazyChunk, file.uvarint())}
	for i := range src.chunks {
		src.chunks[i].z = file.bytes()
	}
	d := &decoder{buf: index}
	p = &Provider{Source: d.str(), Version: d.str(), src: src}
	src.typeRefs = make([]blobRef, d.uvarint())
	for i := range src.typeRefs {
		src.typeRefs[i] = d.ref()
	}
	p.config = lazyBlock{ref: d.ref(), lazy: true}
	for _, m := range []*map[string]*lazyBlock{&p.resources, &p.data, &p.ephemeral} {
		n := int(d.uvarint())
		*m = make(map[string]*lazyBlock, n)
		blocks := make([]lazyBlock, n)
		for i := range blocks {
			name := d.str()
			blocks[i] = lazyBlock{ref: d.ref(), lazy: true}
			(*m)[name] = &blocks[i]
		}
	}
	// The functions come last; their return types are parsed on first use.
	p.functionsSrc = d.buf
	return p, nil
}

type decoder struct {
	buf []byte
	src *compactSource
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		panic(errCorrupt)
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	b := d.buf[:n:n]
	d.buf = d.buf[n:]
	return b
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) ref() blobRef {
	return blobRef{chunk: int(d.uvarint()), off: int(d.uvarint()), len: int(d.uvarint())}
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
	b := &Block{Deprecated: d.uvarint()&fDeprecated != 0}
	b.Attributes = d.attrs()
	if n := int(d.uvarint()); n > 0 {
		b.BlockTypes = make([]*BlockType, n)
		for i := range b.BlockTypes {
			bt := &BlockType{Name: d.str()}
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
	as := make([]*Attribute, n)
	for i := range as {
		a := &Attribute{Name: d.str()}
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
