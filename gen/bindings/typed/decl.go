package typed

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/lockedmap"
)

// VarOption shapes a variable that Var declares.
type VarOption func(v *tf.Variable)

// Default is the variable's default: a Go value (string, number, bool, a
// slice or map of them), a cty.Value, or a literal typed value. It is
// converted to the variable's type; a default that does not convert is
// kept as it is, for the validator to report.
func Default(x any) VarOption {
	return func(v *tf.Variable) { v.Default = defaultValue(x, v.Type) }
}

func defaultValue(x any, ty cty.Type) cty.Value {
	var val cty.Value
	switch d := x.(type) {
	case cty.Value:
		val = d
	case tf.Expr:
		c, ok := constValue(tf.Unwrap(d))
		if !ok {
			return cty.NilVal
		}
		val = c
	default:
		implied, err := gocty.ImpliedType(x)
		if err != nil {
			return cty.NilVal
		}
		if val, err = gocty.ToCtyValue(x, implied); err != nil {
			return cty.NilVal
		}
	}
	if conv, err := convert.Convert(val, ty); err == nil {
		return conv
	}
	return val
}

// constValue is the value of an expression made of literals only.
func constValue(e tf.Expr) (cty.Value, bool) {
	switch x := e.(type) {
	case tf.Literal:
		return x.Value, true
	case tf.Str:
		return x.Value(), true
	case tf.Tuple:
		vs := make([]cty.Value, len(x.Elems))
		for i, el := range x.Elems {
			v, ok := constValue(el)
			if !ok {
				return cty.NilVal, false
			}
			vs[i] = v
		}
		return cty.TupleVal(vs), true
	case tf.Object:
		vs := map[string]cty.Value{}
		for _, it := range x.Items {
			v, ok := constValue(it.Val())
			if it.Key() != nil || !ok {
				return cty.NilVal, false
			}
			vs[it.Name] = v
		}
		return cty.ObjectVal(vs), true
	}
	return cty.NilVal, false
}

// Sensitive marks the variable sensitive.
func Sensitive() VarOption { return func(v *tf.Variable) { v.Sensitive = true } }

// Check adds a validation block whose condition is built from the
// variable itself: Check(func(n typed.Number) typed.Bool { return
// typed.Ge(n, typed.NumberVal(1)) }, "at least 1").
func Check[T Value](cond func(v T) Bool, message string) VarOption {
	return func(v *tf.Variable) { v.Validate(cond(Of[T](v.Ref())), message) }
}

// Var declares variable name of the Terraform type that T stands for
// (Var[String] is a string, Var[List[String]] a list(string)) and returns
// the reference to it as a T, so the declaration and every use agree.
func Var[T Value](m *tf.Module, name, description string, opts ...VarOption) T {
	v := m.Variable(name, TypeOf[T](), description)
	for _, o := range opts {
		o(v)
	}
	return Of[T](v.Ref())
}

// Local declares local.name = value and returns the reference to it, of
// value's type.
func Local[T Value](m *tf.Module, name string, value T) T {
	return Of[T](m.Local(name, value).Ref())
}

// A module's inputs and outputs can be one struct type each, shared by the
// module that declares them and every module that calls it. Each field is
// a typed value tagged with its Terraform name and a description:
//
//	type Inputs struct {
//		VpcID typed.String `tf:"vpc_id" description:"VPC of the service."`
//		Port  typed.Number `tf:"port" description:"Listener port." default:"443"`
//		Token typed.String `tf:"token,sensitive" description:"Auth token."`
//	}
//
// A default is the string itself for a string variable and HCL literal
// syntax (443, true, ["a", "b"]) for any other type; null is null for
// every type.

type declField struct {
	index       int
	name        string
	sensitive   bool
	description string
	def         string
	hasDef      bool
}

// declCache holds declFields by struct type: a module's inputs and
// outputs are read again for each call of it. Its slices are only read.
var declCache lockedmap.Map[reflect.Type, []declField]

func declFields(t reflect.Type) []declField {
	if fs, ok := declCache.Load(t); ok {
		return fs
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("typed: %s is not a struct of tagged typed values", t))
	}
	fs := make([]declField, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := tfTag(sf.Tag)
		if !ok {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		f := declField{index: i, name: name, sensitive: opts == "sensitive", description: sf.Tag.Get("description")}
		f.def, f.hasDef = sf.Tag.Lookup("default")
		fs = append(fs, f)
	}
	declCache.Store(t, fs)
	return fs
}

// authorOrder is fs in the order lit names them, then the rest.
func authorOrder(t reflect.Type, fs []declField, lit *keyed) []declField {
	if lit == nil {
		return fs
	}
	rank := map[string]int{}
	for i, k := range lit.keys {
		rank[k] = i + 1
	}
	out := append([]declField(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank[t.Field(out[i].index).Name], rank[t.Field(out[j].index).Name]
		if ri == 0 || rj == 0 {
			return ri != 0 && rj == 0
		}
		return ri < rj
	})
	return out
}

// Vars declares one variable per field of the struct T and returns a T
// whose fields refer to them.
func Vars[T any](m *tf.Module) T {
	var in T
	rv := reflect.ValueOf(&in).Elem()
	for _, f := range declFields(rv.Type()) {
		fv := rv.Field(f.index)
		v := m.Variable(f.name, typeOf(fv.Type()), f.description)
		v.Sensitive = f.sensitive
		if f.hasDef {
			v.Default = parseDefault(f.def, v.Type)
		}
		fv.Set(reflect.ValueOf(wrapAs(fv.Type(), v.Ref())))
	}
	return in
}

// parseDefault is the value of a default tag's HCL expression src as a
// variable of type ty takes it.
func parseDefault(src string, ty cty.Type) cty.Value {
	if src == "null" {
		return cty.NullVal(ty)
	}
	if ty == cty.String {
		return cty.StringVal(src)
	}
	v, ok := literalDefault(src)
	if !ok {
		e, diags := hclsyntax.ParseExpression([]byte(src), "default", hcl.InitialPos)
		if diags.HasErrors() {
			// Kept as text, so the validator reports a default of the wrong type.
			return cty.StringVal(src)
		}
		v, diags = e.Value(nil)
		if diags.HasErrors() {
			return cty.StringVal(src)
		}
	}
	if conv, err := convert.Convert(v, ty); err == nil {
		return conv
	}
	return v
}

// literalDefault is the value of src when it is true, false or a number
// of decimal digits alone (most defaults are), as hclsyntax parses such a
// literal (a number through cty.ParseNumberVal); ok is false for any other
// expression, which is left to hclsyntax.
func literalDefault(src string) (v cty.Value, ok bool) {
	switch src {
	case "true":
		return cty.True, true
	case "false":
		return cty.False, true
	case "":
		return cty.NilVal, false
	}
	for i := 0; i < len(src); i++ {
		if src[i] < '0' || src[i] > '9' {
			return cty.NilVal, false
		}
	}
	v, err := cty.ParseNumberVal(src)
	return v, err == nil
}

// Outputs declares one output per set field of the struct out.
func Outputs(m *tf.Module, out any) {
	rv := reflect.ValueOf(out)
	for _, f := range declFields(rv.Type()) {
		val := rv.Field(f.index).Interface().(Value)
		if val.TFExpr() == nil {
			continue
		}
		o := m.Output(f.name, val, f.description)
		o.Sensitive = f.sensitive
	}
}

// Caller is the typed call of a component module whose inputs are the
// struct In and whose outputs are the struct Out.
type Caller[In, Out any] func(parent *tf.Module, name string, child *tf.Module, in In, opts ...tf.Option) Out

// ModuleCaller makes the Caller of a component module: a module package
// declares `var Call = typed.ModuleCaller[Inputs, Outputs]()`, and a
// blueprint calls chat.Call(root, "chat", child, chat.Inputs{...}), which
// compiles only when every input has the right type. The call sets the set
// fields of in, in field order, and returns the call's outputs.
func ModuleCaller[In, Out any]() Caller[In, Out] {
	return func(parent *tf.Module, name string, child *tf.Module, in In, opts ...tf.Option) Out {
		c := parent.CallModule(name, child, opts...)
		rv := reflect.ValueOf(in)
		fields := declFields(rv.Type())
		if at := c.Pos().Resolve(); at.File() != "" {
			fields = authorOrder(rv.Type(), fields, literalAt(at.File(), at.Line(), rv.Type().Name()))
		}
		for _, f := range fields {
			if val := rv.Field(f.index).Interface().(Value); val.TFExpr() != nil {
				c.Items = append(c.Items, tf.BodyItem{Attr: &tf.Attribute{Name: f.name, Value: val.TFExpr(), Pos: c.Pos()}})
			}
		}
		var out Out
		ov := reflect.ValueOf(&out).Elem()
		for _, f := range declFields(ov.Type()) {
			fv := ov.Field(f.index)
			fv.Set(reflect.ValueOf(wrapAs(fv.Type(), c.Output(f.name))))
		}
		return out
	}
}
