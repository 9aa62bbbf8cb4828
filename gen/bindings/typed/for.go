package typed

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Iterable is a typed collection a for-expression can go over, with the
// Go types of its iteration variables: a List[T] gives each element's
// index (Number) and the element, a Map[T] each key (String) and value,
// a Set[T] the element as both.
type Iterable[K, T any] interface {
	Value
	iterate() (key K, elem T)
	// keyName is the name the key variable gets when the body uses it.
	keyName() string
}

func (List[T]) iterate() (k Number, v T) { return }
func (Map[T]) iterate() (k String, v T)  { return }
func (Set[T]) iterate() (k T, v T)       { return }
func (List[T]) keyName() string          { return "i" }
func (Map[T]) keyName() string           { return "k" }
func (Set[T]) keyName() string           { return "k" }

// ForList is the list for-expression [for k, v in coll : val(k, v) if
// cond(k, v)]: the element type of coll and the result type of val come
// from the Go types, so a body written for other elements does not
// compile. val's result may be any typed value, an Object[T] included.
// Each cond filters (several are joined with &&). The iteration variables
// are named for readability (i or k, and v), with a number added where a
// for-expression inside the body, or a variable it refers to, already
// has the name; the key variable is left out when the body does not use
// it. val and cond are called twice (once to find the names in use), so
// they must only build expressions, never declare anything.
func ForList[K, T any, U Value](coll Iterable[K, T], val func(k K, v T) U, cond ...func(k K, v T) Bool) List[U] {
	return Of[List[U]](forExpr(coll, func(k K, v T) (tf.Expr, tf.Expr) { return nil, val(k, v) }, cond, false))
}

// ForMap is the map for-expression {for k, v in coll : key(k, v) =>
// val(k, v) if cond(k, v)}, typed as ForList is. Terraform rejects two
// elements with the same key at plan time; ForGroup groups them instead.
func ForMap[K, T any, U Value](coll Iterable[K, T], key func(k K, v T) String, val func(k K, v T) U, cond ...func(k K, v T) Bool) Map[U] {
	return Of[Map[U]](forExpr(coll, func(k K, v T) (tf.Expr, tf.Expr) { return key(k, v), val(k, v) }, cond, false))
}

// ForGroup is the grouping map for-expression {for k, v in coll :
// key(k, v) => val(k, v)... if cond(k, v)}: the values of each key, in
// order, as a list.
func ForGroup[K, T any, U Value](coll Iterable[K, T], key func(k K, v T) String, val func(k K, v T) U, cond ...func(k K, v T) Bool) Map[List[U]] {
	return Of[Map[List[U]]](forExpr(coll, func(k K, v T) (tf.Expr, tf.Expr) { return key(k, v), val(k, v) }, cond, true))
}

// ForObject is the object for-expression {for k, v in coll : key(k, v)
// => val(k, v) if cond(k, v)} typed as the object struct T describes, for
// a collection whose keys are T's attribute names: an object whose
// attributes the Go then reads by field (Fields), or passes where an
// object of T's type is expected. T is given, the rest is inferred
// (ForObject[ports](listeners, ...)). Every attribute of T must have
// val's type (or val is Any); otherwise the result carries an error that
// Validate reports at the caller's file:line. Which keys the collection
// really holds is known only to Terraform, which fails the plan where the
// object is converted to T's type and an attribute is missing.
func ForObject[T any, K, E any, U Value](coll Iterable[K, E], key func(k K, v E) String, val func(k K, v E) U, cond ...func(k K, v E) Bool) Object[T] {
	obj, elem := TypeOf[T](), typeOfValue[U]()
	if !obj.IsObjectType() {
		return Of[Object[T]](forError(fmt.Sprintf("typed.ForObject: %s is not an object type", obj.FriendlyName())))
	}
	if elem != cty.DynamicPseudoType {
		for _, name := range slices.Sorted(maps.Keys(obj.AttributeTypes())) {
			if at := obj.AttributeType(name); !at.Equals(elem) {
				return Of[Object[T]](forError(fmt.Sprintf("typed.ForObject: attribute %q of %s is %s, but every value is %s", name, obj.FriendlyName(), at.FriendlyName(), elem.FriendlyName())))
			}
		}
	}
	return Of[Object[T]](forExpr(coll, func(k K, v E) (tf.Expr, tf.Expr) { return key(k, v), val(k, v) }, cond, false))
}

// typeOfValue is the Terraform type of the typed value type U.
func typeOfValue[U Value]() cty.Type {
	var zero U
	return typeOf(reflect.TypeOf(&zero).Elem())
}

// forError is an expression that stands for a for-expression the Go
// types rule out; Validate reports msg at the blueprint's file:line.
func forError(msg string) tf.Expr {
	r := tf.RawHCL("null")
	r.Diags = append(r.Diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: msg})
	return r
}

// probeKey and probeVal name the iteration variables while forExpr looks
// for the names a body already uses; they never reach the output.
const probeKey, probeVal = "typed_for_probe_key", "typed_for_probe_value"

func forExpr[K, T any](coll Iterable[K, T], body func(k K, v T) (key, val tf.Expr), conds []func(k K, v T) Bool, group bool) tf.For {
	build := func(kn, vn string) tf.For {
		k, v := Of[K](tf.IterVar(kn)), Of[T](tf.IterVar(vn))
		key, val := body(k, v)
		var cond tf.Expr
		for _, c := range conds {
			if cond == nil {
				cond = c(k, v)
			} else {
				cond = tf.Op(cond, "&&", c(k, v))
			}
		}
		return tf.For{KeyVar: kn, ValVar: vn, Coll: tf.Unwrap(coll), Key: tf.Unwrap(key), Val: tf.Unwrap(val), Cond: tf.Unwrap(cond), Group: group}
	}
	used := map[string]bool{}
	probe := build(probeKey, probeVal)
	for _, e := range []tf.Expr{probe.Key, probe.Val, probe.Cond} {
		tf.WalkExpr(e, func(x tf.Expr) bool {
			switch x := x.(type) {
			case tf.Ref:
				if x.Kind == tf.RefIterator {
					used[x.Root] = true
				}
			case tf.For:
				used[x.KeyVar], used[x.ValVar] = true, true
			}
			return true
		})
	}
	kn, vn := freeName(used, coll.keyName()), freeName(used, "v")
	f := build(kn, vn)
	if !used[probeKey] {
		f.KeyVar = ""
	}
	return f
}

// freeName is base, or base with the first number that makes it a name
// the body does not use.
func freeName(used map[string]bool, base string) string {
	name := base
	for n := 2; used[name]; n++ {
		name = base + strconv.Itoa(n)
	}
	used[name] = true
	return name
}
