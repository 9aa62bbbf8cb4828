package schema

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The compact form of one provider's schema, before gzip:
//
//	magic "moochat-schema 1\n"
//	source, version                     strings
//	ntypes, types...                    distinct attribute types as cty JSON
//	config                              record
//	nres,  (name, record)...            sorted by name
//	ndata, (name, record)...            sorted by name
//	neph,  (name, record)...            ephemeral resources, sorted by name
//	nfn,   (name, nparams, variadic, return type index)...  sorted by name
//
// A string is a uvarint length and bytes; a record is a uvarint length and
// an encoded block, so loading only slices records out of the buffer and
// each type is decoded when it is first asked for. Descriptions are left
// out: validation does not need them.
const compactMagic = "moochat-schema 2\n"

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

// EncodeCompact returns the gzipped compact form of p.
func EncodeCompact(p *Provider) ([]byte, error) {
	e := &encoder{typeIdx: map[string]int{}}
	var body bytes.Buffer
	e.out = &body
	rec := func(b *Block) {
		var r bytes.Buffer
		saved := e.out
		e.out = &r
		e.block(b)
		e.out = saved
		e.uvarint(uint64(r.Len()))
		e.out.Write(r.Bytes())
	}
	rec(p.Config())
	for _, group := range []struct {
		names []string
		get   func(string) *Block
	}{{p.ResourceTypes(), p.Resource}, {p.DataSourceTypes(), p.DataSource}, {p.EphemeralResourceTypes(), p.EphemeralResource}} {
		e.uvarint(uint64(len(group.names)))
		for _, n := range group.names {
			e.str(n)
			rec(group.get(n))
		}
	}
	e.functions(p)
	if e.err != nil {
		return nil, e.err
	}
	var head bytes.Buffer
	e.out = &head
	head.WriteString(compactMagic)
	e.str(p.Source)
	e.str(p.Version)
	e.uvarint(uint64(len(e.types)))
	for _, t := range e.types {
		e.str(t)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	zw.Write(head.Bytes())
	zw.Write(body.Bytes())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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

// compactSource is a loaded compact form: the buffer records point into and
// the attribute type table, parsed on first use.
type compactSource struct {
	typeSrc []string
	mu      sync.Mutex
	types   []cty.Type
}

func (s *compactSource) typ(i uint64) cty.Type {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.types == nil {
		s.types = make([]cty.Type, len(s.typeSrc))
	}
	if int(i) >= len(s.types) {
		return cty.DynamicPseudoType
	}
	if s.types[i] == cty.NilType {
		t, err := ctyjson.UnmarshalType([]byte(s.typeSrc[i]))
		if err != nil {
			t = cty.DynamicPseudoType
		}
		s.types[i] = t
	}
	return s.types[i]
}

var errCorrupt = errors.New("corrupt compact schema")

// DecodeCompact loads a gzipped compact form. Only the index is read; each
// type's schema is decoded when it is first asked for.
func DecodeCompact(gz []byte) (*Provider, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return decodeCompactRaw(raw)
}

func decodeCompactRaw(raw []byte) (p *Provider, err error) {
	if !bytes.HasPrefix(raw, []byte(compactMagic)) {
		return nil, errCorrupt
	}
	defer func() {
		if recover() != nil {
			p, err = nil, errCorrupt
		}
	}()
	d := &decoder{buf: raw[len(compactMagic):]}
	src := &compactSource{}
	p = &Provider{Source: d.str(), Version: d.str(), src: src}
	src.typeSrc = make([]string, d.uvarint())
	for i := range src.typeSrc {
		src.typeSrc[i] = d.str()
	}
	p.config = lazyBlock{rec: d.rec()}
	for _, m := range []*map[string]*lazyBlock{&p.resources, &p.data, &p.ephemeral} {
		n := int(d.uvarint())
		*m = make(map[string]*lazyBlock, n)
		for range n {
			name := d.str()
			(*m)[name] = &lazyBlock{rec: d.rec()}
		}
	}
	d.src = src
	p.functions = d.functions()
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
func (d *decoder) rec() []byte { return d.bytes() }

func (s *compactSource) decodeBlock(rec []byte) (b *Block) {
	defer func() {
		if recover() != nil {
			// A corrupt record reads as an empty schema; the test on the
			// committed snapshot keeps this from happening.
			b = &Block{}
		}
	}()
	d := &decoder{buf: rec, src: s}
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
