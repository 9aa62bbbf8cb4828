package schema

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
)

// Schemas is a set of provider schemas, one per provider source address.
type Schemas struct {
	// Providers are sorted by source address.
	Providers []*Provider
}

// Provider returns the schema of the provider with the given source
// address ("hashicorp/aws" or "registry.terraform.io/hashicorp/aws"), or nil.
func (s *Schemas) Provider(source string) *Provider {
	if s == nil {
		return nil
	}
	source = NormalizeSource(source)
	for _, p := range s.Providers {
		if p.Source == source {
			return p
		}
	}
	return nil
}

// NormalizeSource turns a provider source as written in required_providers
// ("hashicorp/aws", "aws") into its full address
// ("registry.terraform.io/hashicorp/aws"), lower-cased as Terraform does.
func NormalizeSource(source string) string {
	source = strings.ToLower(source)
	switch strings.Count(source, "/") {
	case 0:
		return "registry.terraform.io/hashicorp/" + source
	case 1:
		return "registry.terraform.io/" + source
	}
	return source
}

// Provider is the schema of one provider at one version: its configuration
// block, resource types and data sources. Types are decoded on first use.
type Provider struct {
	Source  string
	Version string

	// src holds the undecoded compact form, for lazily decoded schemas.
	src *compactSource

	config    lazyBlock
	resources blockSet
	data      blockSet
	ephemeral blockSet
	functions map[string]*Function
	// functionsSrc is the undecoded functions of a compact form.
	functionsSrc  string
	functionsOnce sync.Once
	// mocks holds mockObject by type schema (*Block), as made so far:
	// the roots of every environment mock the same types.
	mocks sync.Map
}

// LocalName is the provider's default local name: the last element of its
// source address ("aws").
func (p *Provider) LocalName() string {
	return p.Source[strings.LastIndexByte(p.Source, '/')+1:]
}

// Config is the schema of the provider configuration block.
func (p *Provider) Config() *Block { return p.config.get(p.src) }

// Resource is the schema of a managed resource type, or nil.
func (p *Provider) Resource(typ string) *Block {
	if l := p.resources.get(typ); l != nil {
		return l.get(p.src)
	}
	return nil
}

// DataSource is the schema of a data source type, or nil.
func (p *Provider) DataSource(typ string) *Block {
	if l := p.data.get(typ); l != nil {
		return l.get(p.src)
	}
	return nil
}

// ResourceTypes lists the managed resource types, sorted.
func (p *Provider) ResourceTypes() []string { return slices.Clone(p.resources.names) }

// DataSourceTypes lists the data source types, sorted.
func (p *Provider) DataSourceTypes() []string { return slices.Clone(p.data.names) }

// lazyBlock is a block schema that is either already built or (lazy)
// decoded from its compact record on first use; safe for concurrent use.
type lazyBlock struct {
	once  sync.Once
	lazy  bool
	ref   blobRef
	block *Block
}

func (l *lazyBlock) get(src *compactSource) *Block {
	l.once.Do(func() {
		if l.block == nil && l.lazy {
			l.block = src.decodeBlock(l.ref)
		}
	})
	return l.block
}

// blockSet is the block schemas of one kind of type (resources, data
// sources, ephemeral resources) by type name: a sorted list, which the
// compact form's index already is, rather than a map that every load
// would build.
type blockSet struct {
	names  []string
	blocks []lazyBlock // blocks[i] is the schema of names[i]
}

func (s *blockSet) get(name string) *lazyBlock {
	if i, ok := slices.BinarySearch(s.names, name); ok {
		return &s.blocks[i]
	}
	return nil
}

// builtSet is the blockSet of blocks already built.
func builtSet(m map[string]*Block) blockSet {
	s := blockSet{names: sortedKeys(m), blocks: make([]lazyBlock, len(m))}
	for i, n := range s.names {
		s.blocks[i].block = m[n]
	}
	return s
}

// Nesting is how a nested block or nested attribute repeats.
type Nesting uint8

const (
	NestingSingle Nesting = iota
	NestingGroup
	NestingList
	NestingSet
	NestingMap
)

var nestingNames = [...]string{"single", "group", "list", "set", "map"}

func (n Nesting) String() string {
	if int(n) < len(nestingNames) {
		return nestingNames[n]
	}
	return "invalid"
}

func parseNesting(s string) Nesting {
	for i, n := range nestingNames {
		if n == s {
			return Nesting(i)
		}
	}
	return NestingSingle
}

// Block is the schema of a resource, data source, provider configuration
// or nested block body.
type Block struct {
	// Attributes and BlockTypes are sorted by name.
	Attributes  []*Attribute
	BlockTypes  []*BlockType
	Deprecated  bool
	Description string
}

// Attribute returns the attribute schema called name, or nil.
func (b *Block) Attribute(name string) *Attribute {
	i := sort.Search(len(b.Attributes), func(i int) bool { return b.Attributes[i].Name >= name })
	if i < len(b.Attributes) && b.Attributes[i].Name == name {
		return b.Attributes[i]
	}
	return nil
}

// BlockType returns the nested block schema called name, or nil.
func (b *Block) BlockType(name string) *BlockType {
	i := sort.Search(len(b.BlockTypes), func(i int) bool { return b.BlockTypes[i].Name >= name })
	if i < len(b.BlockTypes) && b.BlockTypes[i].Name == name {
		return b.BlockTypes[i]
	}
	return nil
}

// Names lists every attribute and block type name, for did-you-mean hints.
func (b *Block) Names() []string {
	names := make([]string, 0, len(b.Attributes)+len(b.BlockTypes))
	for _, a := range b.Attributes {
		names = append(names, a.Name)
	}
	for _, bt := range b.BlockTypes {
		names = append(names, bt.Name)
	}
	return names
}

// ImpliedType is the object type a reference to the whole block has.
func (b *Block) ImpliedType() cty.Type {
	atys := make(map[string]cty.Type, len(b.Attributes)+len(b.BlockTypes))
	for _, a := range b.Attributes {
		atys[a.Name] = a.Type
	}
	for _, bt := range b.BlockTypes {
		atys[bt.Name] = bt.ImpliedType()
	}
	return cty.Object(atys)
}

// Attribute is the schema of one attribute.
type Attribute struct {
	Name string
	// Type is the attribute's type; for a nested attribute it is the
	// implied type, whose objects mark optional attributes.
	Type cty.Type
	// Nested is set for attributes with nested attributes (protocol 6).
	Nested *NestedType

	Required, Optional, Computed bool
	Deprecated, Sensitive        bool
	WriteOnly                    bool
	Description                  string
}

// Settable reports whether configuration may set the attribute.
func (a *Attribute) Settable() bool { return a.Required || a.Optional }

// NestedType is the shape of an attribute with nested attributes.
type NestedType struct {
	Nesting            Nesting
	MinItems, MaxItems int
	// Attributes are sorted by name.
	Attributes []*Attribute
}

// ImpliedType is the type of an attribute of this shape.
func (n *NestedType) ImpliedType() cty.Type {
	atys := make(map[string]cty.Type, len(n.Attributes))
	var optional []string
	for _, a := range n.Attributes {
		atys[a.Name] = a.Type
		if !a.Required {
			optional = append(optional, a.Name)
		}
	}
	obj := cty.ObjectWithOptionalAttrs(atys, optional)
	switch n.Nesting {
	case NestingList:
		return cty.List(obj)
	case NestingSet:
		return cty.Set(obj)
	case NestingMap:
		return cty.Map(obj)
	}
	return obj
}

// BlockType is the schema of a nested block type.
type BlockType struct {
	Name               string
	Nesting            Nesting
	MinItems, MaxItems int
	Block              *Block
}

// ImpliedType is the type of a reference to the nested block.
func (bt *BlockType) ImpliedType() cty.Type {
	obj := bt.Block.ImpliedType()
	switch bt.Nesting {
	case NestingList:
		return cty.List(obj)
	case NestingSet:
		return cty.Set(obj)
	case NestingMap:
		return cty.Map(obj)
	}
	return obj
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
