// Package typed holds the typed expressions that generated provider
// bindings (such as package aws beside it) are made of, and the one
// reflection-driven builder that turns a bindings' argument struct into the
// body of a tf.Resource, so the generated code is declarations only.
//
// A typed expression is a tf.Expr that carries its Terraform type in its Go
// type: String, Number, Bool, List[T], Set[T], Map[T], Object[T] and Any
// (the dynamic pseudo-type). Make one from a Go value (StringVal("x"),
// NumberVal(3)), or wrap any model expression whose type is right
// (StringExpr(v) for a variable); the schema validator checks the wrapped
// expression's type at render time where it is known. The zero value of
// each type means "not set".
package typed

import (
	"sort"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/zclconf/go-cty/cty"
)

// Value is a typed expression.
type Value interface {
	// TFExpr is the model expression; nil when the value is not set.
	TFExpr() tf.Expr
}

// String is an expression of type string.
type String struct{ e tf.Expr }

// Number is an expression of type number.
type Number struct{ e tf.Expr }

// Bool is an expression of type bool.
type Bool struct{ e tf.Expr }

// Any is an expression of any type, for attributes whose schema type is
// the dynamic pseudo-type.
type Any struct{ e tf.Expr }

// List is an expression of type list(T).
type List[T any] struct{ e tf.Expr }

// Set is an expression of type set(T).
type Set[T any] struct{ e tf.Expr }

// Map is an expression of type map(T).
type Map[T any] struct{ e tf.Expr }

// Object is an expression of the object type that struct T describes.
type Object[T any] struct{ e tf.Expr }

func (v String) TFExpr() tf.Expr    { return v.e }
func (v Number) TFExpr() tf.Expr    { return v.e }
func (v Bool) TFExpr() tf.Expr      { return v.e }
func (v Any) TFExpr() tf.Expr       { return v.e }
func (v List[T]) TFExpr() tf.Expr   { return v.e }
func (v Set[T]) TFExpr() tf.Expr    { return v.e }
func (v Map[T]) TFExpr() tf.Expr    { return v.e }
func (v Object[T]) TFExpr() tf.Expr { return v.e }

// StringVal is a literal string.
func StringVal(s string) String { return String{tf.String(s)} }

// NumberVal is a literal number.
func NumberVal[N int | int32 | int64 | uint | uint32 | uint64 | float32 | float64](n N) Number {
	return Number{tf.Number(n)}
}

// BoolVal is a literal bool.
func BoolVal(b bool) Bool { return Bool{tf.Bool(b)} }

// StringExpr, NumberExpr, BoolExpr, AnyExpr, ListExpr, SetExpr, MapExpr and
// ObjectExpr wrap a model expression (a variable, a local, a function call,
// a template, a reference) whose type the caller vouches for; the schema
// validator checks it where the type is known.
func StringExpr(e tf.Expr) String           { return String{e} }
func NumberExpr(e tf.Expr) Number           { return Number{e} }
func BoolExpr(e tf.Expr) Bool               { return Bool{e} }
func AnyExpr(e tf.Expr) Any                 { return Any{e} }
func ListExpr[T any](e tf.Expr) List[T]     { return List[T]{e} }
func SetExpr[T any](e tf.Expr) Set[T]       { return Set[T]{e} }
func MapExpr[T any](e tf.Expr) Map[T]       { return Map[T]{e} }
func ObjectExpr[T any](e tf.Expr) Object[T] { return Object[T]{e} }

// AnyOf turns any typed value into an Any, for attributes of the dynamic
// pseudo-type.
func AnyOf(v Value) Any { return Any{v.TFExpr()} }

func stringsOf(ss []string) []String {
	out := make([]String, len(ss))
	for i, s := range ss {
		out[i] = StringVal(s)
	}
	return out
}

// ListVal is a list constructor.
func ListVal[T any](elems ...T) List[T] { return List[T]{tuple(elems)} }

// SetVal is a set constructor.
func SetVal[T any](elems ...T) Set[T] { return Set[T]{tuple(elems)} }

// MapVal is a map constructor, rendered with its keys sorted.
func MapVal[T any](m map[string]T) Map[T] {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := tf.Object{Items: make([]tf.Item, 0, len(m))}
	for _, k := range keys {
		o.Items = append(o.Items, tf.Item{Name: k, Value: ExprOf(m[k])})
	}
	return Map[T]{o}
}

// ObjectVal is an object constructor from a bindings' object struct.
func ObjectVal[T any](v T) Object[T] { return Object[T]{ExprOf(v)} }

// Strings is a list of literal strings.
func Strings(ss ...string) List[String] { return ListVal(stringsOf(ss)...) }

// StringSet is a set of literal strings.
func StringSet(ss ...string) Set[String] { return SetVal(stringsOf(ss)...) }

// StringMap is a map of literal strings, such as tags.
func StringMap(m map[string]string) Map[String] {
	vs := make(map[string]String, len(m))
	for k, v := range m {
		vs[k] = StringVal(v)
	}
	return MapVal(vs)
}

func tuple[T any](elems []T) tf.Tuple {
	t := tf.Tuple{Elems: make([]tf.Expr, len(elems))}
	for i, e := range elems {
		t.Elems[i] = ExprOf(e)
	}
	return t
}

// null is what an unset field of an object renders as.
var null = tf.Literal{Value: cty.NullVal(cty.DynamicPseudoType)}

// StringAttr, NumberAttr, BoolAttr, AnyAttr, ListAttr, SetAttr, MapAttr and
// ObjectAttr are references to attribute name of r, for the getters of
// generated handles. They are not inlined on purpose: a getter's body stays
// one call, which keeps the build of a package with tens of thousands of
// getters fast and small.
//
//go:noinline
func StringAttr(r *tf.Resource, name string) String { return String{r.Attr(name)} }

//go:noinline
func NumberAttr(r *tf.Resource, name string) Number { return Number{r.Attr(name)} }

//go:noinline
func BoolAttr(r *tf.Resource, name string) Bool { return Bool{r.Attr(name)} }

//go:noinline
func AnyAttr(r *tf.Resource, name string) Any { return Any{r.Attr(name)} }

//go:noinline
func ListAttr[T any](r *tf.Resource, name string) List[T] { return List[T]{r.Attr(name)} }

//go:noinline
func SetAttr[T any](r *tf.Resource, name string) Set[T] { return Set[T]{r.Attr(name)} }

//go:noinline
func MapAttr[T any](r *tf.Resource, name string) Map[T] { return Map[T]{r.Attr(name)} }

//go:noinline
func ObjectAttr[T any](r *tf.Resource, name string) Object[T] { return Object[T]{r.Attr(name)} }
