package typed

import (
	"fmt"
	"reflect"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/zclconf/go-cty/cty"
)

// Of wraps e as a value of type T: a typed expression (String, List[...],
// ...) or a bindings' object struct, whose attribute fields then refer to
// e's attributes (e.field). It is the one conversion from the untyped
// model; the type-named wrappers (StringExpr, ...) are shorthands for it.
func Of[T any](e tf.Expr) T {
	var zero T
	return wrapAs(reflect.TypeOf(&zero).Elem(), tf.Unwrap(e)).(T)
}

func wrapAs(t reflect.Type, e tf.Expr) any {
	if w, ok := reflect.Zero(t).Interface().(typedValue); ok {
		return w.wrap(e)
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("typed: %s is neither a typed value nor an object struct", t))
	}
	v := reflect.New(t).Elem()
	for _, f := range fieldsOf(t) {
		if f.kind == blockField {
			continue
		}
		v.Field(f.index).Set(reflect.ValueOf(wrapAs(t.Field(f.index).Type, attr(e, f.name))))
	}
	return v.Interface()
}

// TypeOf is the Terraform type of T: a typed expression type, or an object
// struct (optional fields become optional attributes).
func TypeOf[T any]() cty.Type {
	var zero T
	return typeOf(reflect.TypeOf(&zero).Elem())
}

func typeOf(t reflect.Type) cty.Type {
	if w, ok := reflect.Zero(t).Interface().(typedValue); ok {
		return w.ctyType()
	}
	if t.Kind() != reflect.Struct {
		return cty.DynamicPseudoType
	}
	attrs := map[string]cty.Type{}
	var optional []string
	for _, f := range fieldsOf(t) {
		if f.kind == blockField {
			continue
		}
		attrs[f.name] = typeOf(t.Field(f.index).Type)
		if f.kind == optionalField {
			optional = append(optional, f.name)
		}
	}
	if len(optional) > 0 {
		return cty.ObjectWithOptionalAttrs(attrs, optional)
	}
	return cty.Object(attrs)
}

func attr(e tf.Expr, name string) tf.Expr {
	if r, ok := e.(tf.Ref); ok {
		return r.Attr(name)
	}
	return tf.GetAttr(e, name)
}

func index(e tf.Expr, key tf.Expr) tf.Expr {
	if r, ok := e.(tf.Ref); ok {
		return r.Index(key)
	}
	return tf.Index(e, key)
}

// At is element i of the list.
func (l List[T]) At(i int) T { return Of[T](index(l.TFExpr(), tf.Number(i))) }

// Index is the element an expression (count.index, a variable) selects.
func (l List[T]) Index(i Number) T { return Of[T](index(l.TFExpr(), i)) }

// Key is the element of the map under key.
func (m Map[T]) Key(key string) T { return Of[T](index(m.TFExpr(), tf.String(key))) }

// Index is the element under the key an expression (each.key) names.
func (m Map[T]) Index(key String) T { return Of[T](index(m.TFExpr(), key)) }

// Fields is the object struct whose attribute fields refer to the
// object's attributes (o.name).
func (o Object[T]) Fields() T { return Of[T](o.TFExpr()) }

// Instance selects which instances of a resource a handle's getters refer
// to: the zero value is the resource itself (no count or for_each).
type Instance struct {
	key   tf.Expr
	splat bool
}

// AtIndex, AtKey and AtExpr select one instance of a resource with count
// or for_each; All selects every instance, for Splat.
func AtIndex(i int) Instance    { return Instance{key: tf.Number(i)} }
func AtKey(k string) Instance   { return Instance{key: tf.String(k)} }
func AtExpr(k tf.Expr) Instance { return Instance{key: tf.Unwrap(k)} }
func AllInstances() Instance    { return Instance{splat: true} }
func (in Instance) ref(r *tf.Resource) tf.Ref {
	ref := r.Ref()
	switch {
	case in.splat:
		return ref.Splat()
	case in.key != nil:
		return ref.Index(in.key)
	}
	return ref
}

// StringAttr, NumberAttr, BoolAttr, AnyAttr, ListAttr, SetAttr, MapAttr and
// ObjectAttr are references to attribute name of the instance in of r, for
// the getters of generated handles. They are not inlined on purpose: a
// getter's body stays one call, which keeps the build of a package with
// tens of thousands of getters fast and small.
//
//go:noinline
func StringAttr(r *tf.Resource, in Instance, name string) String {
	return String{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

//go:noinline
func NumberAttr(r *tf.Resource, in Instance, name string) Number {
	return Number{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

//go:noinline
func BoolAttr(r *tf.Resource, in Instance, name string) Bool {
	return Bool{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

//go:noinline
func AnyAttr(r *tf.Resource, in Instance, name string) Any {
	return Any{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

//go:noinline
func ListAttr[T any](r *tf.Resource, in Instance, name string) List[T] {
	return List[T]{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

//go:noinline
func SetAttr[T any](r *tf.Resource, in Instance, name string) Set[T] {
	return Set[T]{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

//go:noinline
func MapAttr[T any](r *tf.Resource, in Instance, name string) Map[T] {
	return Map[T]{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

//go:noinline
func ObjectAttr[T any](r *tf.Resource, in Instance, name string) Object[T] {
	return Object[T]{Typed: tf.TypedOf(in.ref(r).Attr(name))}
}

// Splat is one attribute of every instance of a counted resource, as a
// list: Splat(subnets, aws.Subnet.Id) is aws_subnet.x[*].id.
func Splat[H interface{ Instances() H }, T Value](h H, get func(H) T) List[T] {
	return List[T]{Typed: tf.TypedOf(get(h.Instances()))}
}
