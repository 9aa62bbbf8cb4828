package tf

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Expr is anything that can stand on the right of `=`. The concrete types
// below are the whole set; renderers switch over them.
type Expr interface {
	isExpr()
}

// Literal is a constant value of any cty type, null included. Strings are
// literal text: a `${` inside one is escaped when rendered, never
// interpolated.
type Literal struct {
	Value cty.Value
}

// Str is a literal string, the commonest literal: kept as a Go string, so
// that a constant one (tf.String("dev")) stands as an Expr without any
// allocation, where a Literal holding a cty string costs two. Like a
// string Literal it is literal text, and it means its Unicode NFC form, as
// cty.StringVal makes it (Text).
type Str string

// Value is s as a cty string.
func (s Str) Value() cty.Value { return cty.StringVal(string(s)) }

// Text is s in Unicode NFC form, the string its Value holds. An ASCII
// string, the usual case, is its own NFC form and is returned as it is.
func (s Str) Text() string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return cty.NormalizeString(string(s))
		}
	}
	return string(s)
}

// LiteralValue is the value of a literal expression, a Literal or a Str,
// and false for any other expression.
func LiteralValue(e Expr) (cty.Value, bool) {
	switch x := e.(type) {
	case Literal:
		return x.Value, true
	case Str:
		return x.Value(), true
	}
	return cty.NilVal, false
}

// AsLiteral is e as a Literal when e is a literal (a Str becomes the
// Literal of its cty string), for code that reads literals of every type
// one way.
func AsLiteral(e Expr) (Literal, bool) {
	switch x := e.(type) {
	case Literal:
		return x, true
	case Str:
		return Literal{Value: x.Value()}, true
	}
	return Literal{}, false
}

// Tuple is a tuple constructor `[a, b]` whose elements may be any expression.
type Tuple struct {
	Elems []Expr
}

// Object is an object constructor `{ k = v }` whose values may be any
// expression. Items keep their order.
type Object struct {
	Items []Item
}

// Item is one entry of an Object: a literal Name, or a computed Key
// (rendered in parentheses), and its Val. Make one with KV or KeyExpr.
//
// An item is two words, 32 bytes: objects hold most of a large model's
// values, and computed keys are rare, so an item with one keeps its key
// and value together behind the value.
type Item struct {
	Name string
	val  Expr
}

// keyed is the value of an item with a computed key.
type keyed struct {
	key, val Expr
}

func (keyed) isExpr() {}

// Key is the item's computed key, nil when it has a literal Name.
func (it Item) Key() Expr {
	if k, ok := it.val.(*keyed); ok {
		return k.key
	}
	return nil
}

// Val is the item's value.
func (it Item) Val() Expr {
	if k, ok := it.val.(*keyed); ok {
		return k.val
	}
	return it.val
}

// Call is a function call; Expand renders `...` after the last argument.
type Call struct {
	Name   string
	Args   []Expr
	Expand bool
}

// Template is a string template: Literal string parts are literal text,
// anything else is interpolated with ${...}.
type Template struct {
	Parts []Expr
}

// Conditional is `Cond ? True : False`.
type Conditional struct {
	Cond, True, False Expr
}

// Binary is an infix operator expression; Op is one of
// + - * / % == != < <= > >= && ||.
type Binary struct {
	Op   string
	L, R Expr
}

// Unary is `!X` or `-X`.
type Unary struct {
	Op string
	X  Expr
}

// Paren is a parenthesised expression.
type Paren struct {
	X Expr
}

// For is a for-expression: `[for K, V in Coll : Val if Cond]`, or with Key
// set `{for K, V in Coll : Key => Val if Cond}` (Group adds `...`).
// Iteration variables are referenced with IterVar.
type For struct {
	KeyVar, ValVar string
	Coll           Expr
	Key, Val, Cond Expr
	Group          bool
}

// Traverse applies index and attribute steps to an arbitrary expression,
// as in `lookup(x)[0].id`. References made from handles use Ref instead.
type Traverse struct {
	X     Expr
	Steps []Step
}

// Raw is HCL expression source written by hand: the escape hatch. It is
// parsed with hclsyntax when made; a parse error is reported at render.
type Raw struct {
	Src    string
	Pos    Pos
	Parsed hclsyntax.Expression
	Diags  hcl.Diagnostics
}

func (Literal) isExpr()     {}
func (Str) isExpr()         {}
func (Tuple) isExpr()       {}
func (Object) isExpr()      {}
func (Call) isExpr()        {}
func (Template) isExpr()    {}
func (Conditional) isExpr() {}
func (Binary) isExpr()      {}
func (Unary) isExpr()       {}
func (Paren) isExpr()       {}
func (For) isExpr()         {}
func (Traverse) isExpr()    {}
func (*Raw) isExpr()        {}
func (Ref) isExpr()         {}

// Lit wraps any cty value.
func Lit(v cty.Value) Literal { return Literal{Value: v} }

// String is a literal string. It is a Str: String of a constant costs no
// allocation.
func String(s string) Str { return Str(s) }

// Number is a literal number from any Go integer or float.
func Number[N int | int32 | int64 | uint | uint32 | uint64 | float32 | float64](n N) Literal {
	switch v := any(n).(type) {
	case float32:
		return Literal{Value: cty.NumberFloatVal(float64(v))}
	case float64:
		return Literal{Value: cty.NumberFloatVal(v)}
	case uint:
		return Literal{Value: cty.NumberUIntVal(uint64(v))}
	case uint32:
		return Literal{Value: cty.NumberUIntVal(uint64(v))}
	case uint64:
		return Literal{Value: cty.NumberUIntVal(v)}
	default:
		return Literal{Value: cty.NumberIntVal(int64(n))}
	}
}

// Bool is a literal bool.
func Bool(b bool) Literal { return Literal{Value: cty.BoolVal(b)} }

// Null is the literal null.
func Null() Literal { return Literal{Value: cty.NullVal(cty.DynamicPseudoType)} }

// Strings is a tuple of literal strings.
func Strings(ss ...string) Tuple {
	t := Tuple{Elems: make([]Expr, len(ss))}
	for i, s := range ss {
		t.Elems[i] = String(s)
	}
	return t
}

// List is a tuple constructor.
func List(elems ...Expr) Tuple { return Tuple{Elems: unwrapAll(elems)} }

// Attrs maps names to expressions; where order matters to a reader, the
// renderers sort it by name.
type Attrs map[string]Expr

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Map is an object constructor with its items sorted by name.
func Map(m Attrs) Object {
	o := Object{Items: make([]Item, 0, len(m))}
	for _, k := range sortedKeys(m) {
		o.Items = append(o.Items, Item{Name: k, val: Unwrap(m[k])})
	}
	return o
}

// StringMap is an object of literal strings sorted by key, such as tags.
func StringMap(m map[string]string) Object {
	o := Object{Items: make([]Item, 0, len(m))}
	for _, k := range sortedKeys(m) {
		o.Items = append(o.Items, Item{Name: k, val: String(m[k])})
	}
	return o
}

// Obj is an object constructor that keeps the order of its items.
func Obj(items ...Item) Object { return Object{Items: items} }

// KV is an object item with a literal key.
func KV(name string, v Expr) Item { return Item{Name: name, val: Unwrap(v)} }

// KeyExpr is an object item whose key is computed.
func KeyExpr(key, v Expr) Item { return Item{val: &keyed{key: Unwrap(key), val: Unwrap(v)}} }

// Fn calls a Terraform function.
func Fn(name string, args ...Expr) Call { return Call{Name: name, Args: unwrapAll(args)} }

// JSONEncode is jsonencode(v), the way to write IAM policies and container
// definitions.
func JSONEncode(v Expr) Call { return Fn("jsonencode", v) }

// Exprer is a value that stands for an expression without being one, such
// as a typed binding's value; Tmpl accepts it as a part.
type Exprer interface {
	TFExpr() Expr
}

// Tmpl builds a template from parts: Go strings are literal text, Exprs
// (and Exprers, such as typed bindings' values) are interpolated.
func Tmpl(parts ...any) Template {
	t := Template{Parts: make([]Expr, 0, len(parts))}
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			t.Parts = append(t.Parts, Str(v))
		case Expr:
			t.Parts = append(t.Parts, Unwrap(v))
		case Exprer:
			t.Parts = append(t.Parts, Unwrap(v.TFExpr()))
		default:
			panic(fmt.Sprintf("tf.Tmpl: part %T is neither a string nor an Expr", p))
		}
	}
	return t
}

// If is `cond ? t : f`.
func If(cond, t, f Expr) Conditional {
	return Conditional{Cond: Unwrap(cond), True: Unwrap(t), False: Unwrap(f)}
}

// Op is a binary operator expression.
func Op(l Expr, op string, r Expr) Binary { return Binary{Op: op, L: Unwrap(l), R: Unwrap(r)} }

// Not is `!x`.
func Not(x Expr) Unary { return Unary{Op: "!", X: Unwrap(x)} }

// Neg is `-x`.
func Neg(x Expr) Unary { return Unary{Op: "-", X: Unwrap(x)} }

// RawHCL parses src as one HCL expression; its references are not checked
// against the model, so prefer handles. A parse error becomes a diagnostic
// at the caller's file:line when the module is validated.
func RawHCL(src string) *Raw {
	r := &Raw{Src: src, Pos: callerPos()}
	r.Parsed, r.Diags = hclsyntax.ParseExpression([]byte(src), "raw", hcl.InitialPos)
	return r
}

// ForList is `[for k, v in coll : val if cond]`; keyVar may be empty and
// cond nil.
func ForList(keyVar, valVar string, coll, val, cond Expr) For {
	return For{KeyVar: keyVar, ValVar: valVar, Coll: Unwrap(coll), Val: Unwrap(val), Cond: Unwrap(cond)}
}

// ForMap is `{for k, v in coll : key => val if cond}`.
func ForMap(keyVar, valVar string, coll, key, val, cond Expr) For {
	return For{KeyVar: keyVar, ValVar: valVar, Coll: Unwrap(coll), Key: Unwrap(key), Val: Unwrap(val), Cond: Unwrap(cond)}
}

// Index is `x[key]` on any expression.
func Index(x Expr, key Expr) Traverse {
	return Traverse{X: Unwrap(x), Steps: []Step{{Index: Unwrap(key)}}}
}

// GetAttr is `x.name` on any expression.
func GetAttr(x Expr, name string) Traverse {
	return Traverse{X: Unwrap(x), Steps: []Step{{Attr: name}}}
}
