package typed

import "github.com/runntimeterror/moo-chat-infrastructure/gen/tf"

// If is `cond ? t : f`, of the branches' type.
func If[T Value](cond Bool, t, f T) T { return Of[T](tf.If(cond, t, f)) }

// Eq, Ne: equality of two values of the same type.
func Eq[T Value](a, b T) Bool { return Of[Bool](tf.Op(a, "==", b)) }
func Ne[T Value](a, b T) Bool { return Of[Bool](tf.Op(a, "!=", b)) }

// Lt, Le, Gt, Ge compare numbers.
func Lt(a, b Number) Bool { return Of[Bool](tf.Op(a, "<", b)) }
func Le(a, b Number) Bool { return Of[Bool](tf.Op(a, "<=", b)) }
func Gt(a, b Number) Bool { return Of[Bool](tf.Op(a, ">", b)) }
func Ge(a, b Number) Bool { return Of[Bool](tf.Op(a, ">=", b)) }

// And, Or and Not are the boolean operators.
func And(a, b Bool) Bool { return Of[Bool](tf.Op(a, "&&", b)) }
func Or(a, b Bool) Bool  { return Of[Bool](tf.Op(a, "||", b)) }
func Not(a Bool) Bool    { return Of[Bool](tf.Not(a)) }

// Add, Sub, Mul and Div are arithmetic on numbers.
func Add(a, b Number) Number { return Of[Number](tf.Op(a, "+", b)) }
func Sub(a, b Number) Number { return Of[Number](tf.Op(a, "-", b)) }
func Mul(a, b Number) Number { return Of[Number](tf.Op(a, "*", b)) }
func Div(a, b Number) Number { return Of[Number](tf.Op(a, "/", b)) }

// Tmpl is a string template: Go strings are literal text, expressions
// (typed or not) are interpolated.
func Tmpl(parts ...any) String { return Of[String](tf.Tmpl(parts...)) }

// Fn calls a Terraform function whose result has the type T names:
// Fn[String]("lookup", m, key, StringVal("")).
func Fn[T Value](name string, args ...tf.Expr) T { return Of[T](tf.Fn(name, args...)) }

// ToString is tostring(v).
func ToString(v Value) String { return Fn[String]("tostring", v) }

// Length is length(v) of a list, set, map, tuple, object or string.
func Length(v Value) Number { return Fn[Number]("length", v) }

// JSON is tf.JSON(v) as a string: a document written as Go data, for a
// string argument such as a policy.
func JSON(v any) String { return Of[String](tf.JSON(v)) }

// OneOf is contains([values...], v): v is one of the values.
func OneOf(v String, values ...string) Bool { return Fn[Bool]("contains", Strings(values...), v) }

// Matches is can(regex(pattern, s)): whether s matches the RE2 pattern,
// as a variable validation tests it.
func Matches(s String, pattern string) Bool {
	return Fn[Bool]("can", Fn[String]("regex", StringVal(pattern), s))
}

// CountIndex is count.index, EachKey each.key, and EachValue each.value
// of the type T names (an object struct reads each.value.<field>).
func CountIndex() Number  { return Of[Number](tf.CountIndex) }
func EachKey() String     { return Of[String](tf.EachKey) }
func EachValue[T any]() T { return Of[T](tf.EachValue) }

// Validate adds a validation block to the variable v refers to (made by
// Var or Vars); cond is usually built from v itself.
func Validate(v Value, cond Bool, message string) {
	ref, ok := v.TFExpr().(tf.Ref)
	variable, isVar := ref.Target.(*tf.Variable)
	if !ok || !isVar {
		panic("typed.Validate: the value is not a variable")
	}
	variable.Validate(cond, message)
}

// AsSet is a list where a set is expected, as it is: Terraform converts a
// list to a set argument itself, so no toset() is written.
func AsSet[T any](l List[T]) Set[T] { return Of[Set[T]](l) }

// Null is null of the type T names, such as an argument left to the
// provider in one branch of a conditional.
func Null[T Value]() T { return Of[T](tf.Null()) }
