package tf

// Body is the inside of a block: attributes and nested blocks, in the
// order they were set.
type Body struct {
	Items []BodyItem
}

// BodyItem is one attribute or one nested block.
type BodyItem struct {
	Attr  *Attribute
	Block *Block
}

// Attribute is `Name = Value`; Pos is where it was set.
type Attribute struct {
	Name  string
	Value Expr
	Pos   Pos
}

// Block is a nested block such as versioning_configuration { ... } or
// dynamic "ingress" { ... }.
type Block struct {
	Type   string
	Labels []string
	Body   Body
	Pos    Pos
}

// Set appends the attribute `name = v` (a second Set of the same name is
// reported as a duplicate) and returns b for chaining.
//
//go:noinline
func (b *Body) Set(name string, v Expr) *Body {
	b.Items = append(b.Items, BodyItem{Attr: &Attribute{Name: name, Value: Unwrap(v), Pos: callerPos1()}})
	return b
}

// SetMap sets every attribute of m, sorted by name.
func (b *Body) SetMap(m Attrs) *Body {
	for _, k := range sortedKeys(m) {
		b.Items = append(b.Items, BodyItem{Attr: &Attribute{Name: k, Value: Unwrap(m[k]), Pos: callerPos1()}})
	}
	return b
}

// Block appends a nested block and returns its body.
func (b *Body) Block(typ string, labels ...string) *Body {
	blk := &Block{Type: typ, Labels: labels, Pos: callerPos()}
	b.Items = append(b.Items, BodyItem{Block: blk})
	return &blk.Body
}

// Dynamic appends `dynamic "name" { for_each = forEach, iterator = ... }`
// and returns the body of its content block. Inside, refer to the element
// with IterVar(iterator).Attr("value") (iterator defaults to name).
func (b *Body) Dynamic(name string, forEach Expr, iterator string) *Body {
	blk := &Block{Type: "dynamic", Labels: []string{name}, Pos: callerPos()}
	b.Items = append(b.Items, BodyItem{Block: blk})
	blk.Body.Items = append(blk.Body.Items, BodyItem{Attr: &Attribute{Name: "for_each", Value: Unwrap(forEach), Pos: blk.Pos}})
	if iterator != "" && iterator != name {
		blk.Body.Items = append(blk.Body.Items, BodyItem{Attr: &Attribute{Name: "iterator", Value: IterVar(iterator), Pos: blk.Pos}})
	}
	content := &Block{Type: "content", Pos: blk.Pos}
	blk.Body.Items = append(blk.Body.Items, BodyItem{Block: content})
	return &content.Body
}

// Get returns the last value set for name, or nil.
func (b *Body) Get(name string) Expr {
	for i := len(b.Items) - 1; i >= 0; i-- {
		if a := b.Items[i].Attr; a != nil && a.Name == name {
			return a.Value
		}
	}
	return nil
}

// Blocks returns the nested blocks of one type.
func (b *Body) Blocks(typ string) []*Block {
	var out []*Block
	for _, it := range b.Items {
		if it.Block != nil && it.Block.Type == typ {
			out = append(out, it.Block)
		}
	}
	return out
}
