// Package typed holds the typed expressions that generated provider
// bindings (such as package aws beside it) are made of, the typed
// declarations a module builds with them (variables, locals, outputs,
// module calls from struct types), and the one reflection-driven builder
// that turns a bindings' argument struct into the body of a tf.Resource, so
// the generated code is declarations only.
//
// A typed expression carries its Terraform type in its Go type: String,
// Number, Bool, List[T], Set[T], Map[T], Object[T] and Any (the dynamic
// pseudo-type). Each is also a tf.Expr, so it stands wherever an expression
// does (Set, Output, Local, tf.Obj, tf.Fn, tf.Tmpl, module inputs) without
// a conversion call, while a string still does not fit a number field. Make
// one from a Go value (StringVal("x"), NumberVal(3)), from a declaration
// (Var, Local, Vars, a module call's outputs), from a typed operator or
// function (If, Eq, Tmpl, Fn), from a for-expression over a typed
// collection (ForList, ForMap, ForGroup), or, at the edge with the untyped
// model, wrap a model expression whose type is right (StringExpr); the
// schema validator checks a wrapped expression's type at render time where
// it is known. The zero value of each type means "not set".
package typed

import (
	"path/filepath"
	"runtime"
	"sort"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/zclconf/go-cty/cty"
)

func init() {
	tf.SkipCallers("github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed")
	_, file, _, _ := runtime.Caller(0)
	tf.SkipSourceDir(filepath.Dir(file))
}

// Value is a typed expression.
type Value interface {
	tf.Expr
	// TFExpr is the model expression; nil when the value is not set.
	TFExpr() tf.Expr
}

// The blank array fields give each type its own underlying type, so even
// an explicit Go conversion between, say, String and Number does not
// compile.

// String is an expression of type string.
type String struct {
	tf.Typed
	_ [0]string
}

// Number is an expression of type number.
type Number struct {
	tf.Typed
	_ [0]float64
}

// Bool is an expression of type bool.
type Bool struct {
	tf.Typed
	_ [0]bool
}

// Any is an expression of any type, for attributes whose schema type is
// the dynamic pseudo-type.
type Any struct {
	tf.Typed
	_ [0]any
}

// List is an expression of type list(T).
type List[T any] struct {
	tf.Typed
	_ [0]*T
}

// Set is an expression of type set(T).
type Set[T any] struct {
	tf.Typed
	_ [0]func() T
}

// Map is an expression of type map(T).
type Map[T any] struct {
	tf.Typed
	_ [0]map[string]T
}

// Object is an expression of the object type that struct T describes.
type Object[T any] struct {
	tf.Typed
	_ [0]func(T)
}

// typedValue is what every type above has: a way to wrap an expression as
// a value of the same Go type, and its Terraform type.
type typedValue interface {
	Value
	wrap(e tf.Expr) any
	ctyType() cty.Type
}

func (String) wrap(e tf.Expr) any    { return String{Typed: tf.TypedOf(e)} }
func (Number) wrap(e tf.Expr) any    { return Number{Typed: tf.TypedOf(e)} }
func (Bool) wrap(e tf.Expr) any      { return Bool{Typed: tf.TypedOf(e)} }
func (Any) wrap(e tf.Expr) any       { return Any{Typed: tf.TypedOf(e)} }
func (List[T]) wrap(e tf.Expr) any   { return List[T]{Typed: tf.TypedOf(e)} }
func (Set[T]) wrap(e tf.Expr) any    { return Set[T]{Typed: tf.TypedOf(e)} }
func (Map[T]) wrap(e tf.Expr) any    { return Map[T]{Typed: tf.TypedOf(e)} }
func (Object[T]) wrap(e tf.Expr) any { return Object[T]{Typed: tf.TypedOf(e)} }

func (String) ctyType() cty.Type    { return cty.String }
func (Number) ctyType() cty.Type    { return cty.Number }
func (Bool) ctyType() cty.Type      { return cty.Bool }
func (Any) ctyType() cty.Type       { return cty.DynamicPseudoType }
func (List[T]) ctyType() cty.Type   { return cty.List(TypeOf[T]()) }
func (Set[T]) ctyType() cty.Type    { return cty.Set(TypeOf[T]()) }
func (Map[T]) ctyType() cty.Type    { return cty.Map(TypeOf[T]()) }
func (Object[T]) ctyType() cty.Type { return TypeOf[T]() }

// StringVal is a literal string.
func StringVal(s string) String { return String{Typed: tf.TypedOf(tf.String(s))} }

// NumberVal is a literal number.
func NumberVal[N int | int32 | int64 | uint | uint32 | uint64 | float32 | float64](n N) Number {
	return Number{Typed: tf.TypedOf(tf.Number(n))}
}

// BoolVal is a literal bool.
func BoolVal(b bool) Bool { return Bool{Typed: tf.TypedOf(tf.Bool(b))} }

// StringExpr, NumberExpr, BoolExpr, AnyExpr, ListExpr, SetExpr, MapExpr and
// ObjectExpr wrap a model expression (a function call, a raw expression,
// an untyped reference) whose type the caller vouches for; the schema
// validator checks it where the type is known. Typed declarations (Var,
// Local, Vars) and typed operators make most of these unnecessary.
func StringExpr(e tf.Expr) String           { return Of[String](e) }
func NumberExpr(e tf.Expr) Number           { return Of[Number](e) }
func BoolExpr(e tf.Expr) Bool               { return Of[Bool](e) }
func AnyExpr(e tf.Expr) Any                 { return Of[Any](e) }
func ListExpr[T any](e tf.Expr) List[T]     { return Of[List[T]](e) }
func SetExpr[T any](e tf.Expr) Set[T]       { return Of[Set[T]](e) }
func MapExpr[T any](e tf.Expr) Map[T]       { return Of[Map[T]](e) }
func ObjectExpr[T any](e tf.Expr) Object[T] { return Of[Object[T]](e) }

// AnyOf turns any typed value into an Any, for attributes of the dynamic
// pseudo-type.
func AnyOf(v Value) Any { return Of[Any](v) }

func stringsOf(ss []string) []String {
	out := make([]String, len(ss))
	for i, s := range ss {
		out[i] = StringVal(s)
	}
	return out
}

// ListVal is a list constructor.
func ListVal[T any](elems ...T) List[T] { return List[T]{Typed: tf.TypedOf(tuple(elems))} }

// SetVal is a set constructor.
func SetVal[T any](elems ...T) Set[T] { return Set[T]{Typed: tf.TypedOf(tuple(elems))} }

// MapVal is a map constructor, rendered with its keys sorted.
func MapVal[T any](m map[string]T) Map[T] {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := tf.Object{Items: make([]tf.Item, 0, len(m))}
	for _, k := range keys {
		o.Items = append(o.Items, tf.KV(k, ExprOf(m[k])))
	}
	return Map[T]{Typed: tf.TypedOf(o)}
}

// ObjectVal is an object constructor from a bindings' object struct.
func ObjectVal[T any](v T) Object[T] { return Object[T]{Typed: tf.TypedOf(ExprOf(v))} }

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

// StringPairs is a map of literal strings written key, value, key,
// value, ..., rendered in the order given (a Go map literal's order is
// lost); an odd last key gets "".
func StringPairs(kv ...string) Map[String] {
	o := tf.Object{Items: make([]tf.Item, 0, (len(kv)+1)/2)}
	for i := 0; i < len(kv); i += 2 {
		v := ""
		if i+1 < len(kv) {
			v = kv[i+1]
		}
		o.Items = append(o.Items, tf.KV(kv[i], tf.String(v)))
	}
	return Map[String]{Typed: tf.TypedOf(o)}
}

// IsSet reports whether v holds a value (the zero value means not set).
func IsSet(v Value) bool { return v.TFExpr() != nil }
