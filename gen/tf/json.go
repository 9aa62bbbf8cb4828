package tf

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// JSON is jsonencode(v) of a document written as Go data: maps, slices and
// structs (named by their json tags, as encoding/json names them) whose
// leaves are Go scalars or expressions, as CDKTF's Fn_Jsonencode takes
// them. It renders as a multi-line jsonencode({ ... }) object.
//
// A value that has no JSON form (a channel, a function, a map with
// non-string keys) is reported by Validate at the caller's file:line.
func JSON(v any) Call {
	return Call{Name: "jsonencode", Args: []Expr{valueOf(v, callerPos())}}
}

// ValueOf is the expression of Go data, by JSON's rules (see JSON): a Go
// string is a literal string, a struct an object of its exported fields in
// their declaration order, a map an object with its keys sorted, a slice a
// tuple, nil null; an Expr (or a typed value) stays itself, and a value
// with a TFExpr method is that expression. A typed value that is not set,
// a nil pointer, slice or map, and a field tagged omitempty with its zero
// value are left out of the object that holds them.
func ValueOf(v any) Expr { return valueOf(v, callerPos()) }

func valueOf(v any, pos Pos) Expr {
	e, ok := goValue(reflect.ValueOf(v), pos)
	if !ok {
		return Null()
	}
	return e
}

var (
	exprType   = reflect.TypeFor[Expr]()
	exprerType = reflect.TypeFor[Exprer]()
	ctyType    = reflect.TypeFor[cty.Value]()
)

// goValue is the expression of v; ok is false for "not set" (an unset typed
// value, nil), which an object leaves out and a tuple writes as null.
func goValue(v reflect.Value, pos Pos) (Expr, bool) {
	if !v.IsValid() {
		return nil, false
	}
	t := v.Type()
	if t.Implements(exprType) || t.Implements(exprerType) {
		if (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && v.IsNil() {
			return nil, false
		}
		var e Expr
		if t.Implements(exprType) {
			e = Unwrap(v.Interface().(Expr))
		} else {
			e = Unwrap(v.Interface().(Exprer).TFExpr())
		}
		return e, e != nil
	}
	if t == ctyType {
		return Literal{Value: v.Interface().(cty.Value)}, true
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return nil, false
		}
		return goValue(v.Elem(), pos)
	case reflect.String:
		return String(v.String()), true
	case reflect.Bool:
		return Bool(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return Number(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return Number(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return Number(v.Float()), true
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, false
		}
		tu := Tuple{Elems: make([]Expr, v.Len())}
		for i := range v.Len() {
			e, ok := goValue(v.Index(i), pos)
			if !ok {
				e = Null()
			}
			tu.Elems[i] = e
		}
		return tu, true
	case reflect.Map:
		if v.IsNil() {
			return nil, false
		}
		if t.Key().Kind() != reflect.String {
			return badValue(t, pos, "a map key must be a string"), true
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		o := Object{Items: make([]Item, 0, len(keys))}
		for _, k := range keys {
			if e, ok := goValue(v.MapIndex(k), pos); ok {
				o.Items = append(o.Items, Item{Name: k.String(), val: e})
			}
		}
		return o, true
	case reflect.Struct:
		var o Object
		structItems(v, pos, &o)
		return o, true
	}
	return badValue(t, pos, "it has no JSON form"), true
}

// structItems appends the fields of struct v, as encoding/json names and
// omits them; an embedded struct without a tag contributes its fields.
func structItems(v reflect.Value, pos Pos, o *Object) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		if f.Anonymous && !hasTag && f.Type.Kind() == reflect.Struct {
			structItems(v.Field(i), pos, o)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fv := v.Field(i)
		if strings.Contains(","+opts+",", ",omitempty,") && fv.IsZero() {
			continue
		}
		if e, ok := goValue(fv, pos); ok {
			o.Items = append(o.Items, Item{Name: name, val: e})
		}
	}
}

// badValue stands for a Go value without a Terraform form: a raw
// expression that carries the error, which Validate reports at pos.
func badValue(t reflect.Type, pos Pos, why string) Expr {
	return &Raw{Src: "<" + t.String() + ">", Pos: pos, Diags: hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("tf.JSON: a %s is not a document value: %s", t, why),
	}}}
}
