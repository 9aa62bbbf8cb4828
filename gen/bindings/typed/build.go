package typed

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/lockedmap"
)

// The argument and object structs of generated bindings tag each field
// with its Terraform name:
//
//	`tf:"bucket"`                 an attribute (a Value)
//	`tf:"status,optional"`        an object attribute that may be left out
//	`tf:"rule,block"`             a nested block: *T, []T or map[string]T
//
// Build reads those tags once per struct type.

type fieldKind uint8

const (
	attrField fieldKind = iota
	optionalField
	blockField
)

type field struct {
	index  int
	name   string // Terraform's
	goName string // the struct field's, as an author's literal names it
	kind   fieldKind
}

var fieldCache lockedmap.Map[reflect.Type, []field]

func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs
	}
	fs := make([]field, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := tfTag(sf.Tag)
		if !ok {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		f := field{index: i, name: name, goName: sf.Name}
		switch opt {
		case "block":
			f.kind = blockField
		case "optional":
			f.kind = optionalField
		}
		fs = append(fs, f)
	}
	fieldCache.Store(t, fs)
	return fs
}

// tfTag is tag.Lookup("tf"). The generated bindings' tags start with the
// tf key and a value without escapes, which is read without Lookup's
// parse of every key.
func tfTag(tag reflect.StructTag) (string, bool) {
	s := string(tag)
	if rest, ok := strings.CutPrefix(s, `tf:"`); ok {
		if i := strings.IndexAny(rest, `"\`); i >= 0 && rest[i] == '"' {
			return rest[:i], true
		}
	}
	return tag.Lookup("tf")
}

// Build appends the attributes and blocks that args (a pointer to a
// bindings' argument or block struct) sets to b, recording pos as their
// position: attributes, then blocks, each in the order the author's
// literal at pos names them (see order.go), else in field order.
func Build(b *tf.Body, pos tf.Pos, args any) {
	v := reflect.ValueOf(args)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	var lit *keyed
	if at := pos.Resolve(); at.File() != "" {
		lit = literalAt(at.File(), at.Line(), v.Type().Name())
	}
	build(b, pos, v, lit)
}

func build(b *tf.Body, pos tf.Pos, v reflect.Value, lit *keyed) {
	fs := ordered(v.Type(), lit)
	// The attributes set, and the number of blocks, first: the body's
	// items then grow once, and its attributes are one allocation, where
	// a declaration's dozen attributes were a dozen and the items grew
	// by doubling.
	var buf [16]tf.Attribute
	set := buf[:0]
	blocks := 0
	for _, f := range fs {
		if f.kind == blockField {
			switch fv := v.Field(f.index); fv.Kind() {
			case reflect.Pointer:
				if !fv.IsNil() {
					blocks++
				}
			case reflect.Slice, reflect.Map:
				blocks += fv.Len()
			}
			continue
		}
		if e := valueAt(v.Field(f.index)).TFExpr(); e != nil {
			set = append(set, tf.Attribute{Name: f.name, Value: e, Pos: pos})
		}
	}
	b.Items = slices.Grow(b.Items, len(set)+blocks)
	attrs := slices.Clone(set)
	for i := range attrs {
		b.Items = append(b.Items, tf.BodyItem{Attr: &attrs[i]})
	}
	for _, f := range fs {
		if f.kind != blockField {
			continue
		}
		fv := v.Field(f.index)
		goName := f.goName
		switch fv.Kind() {
		case reflect.Pointer:
			if !fv.IsNil() {
				block(b, pos, f.name, nil, fv.Elem(), lit.elem(goName, 0))
			}
		case reflect.Slice:
			for i := 0; i < fv.Len(); i++ {
				block(b, pos, f.name, nil, fv.Index(i), lit.elem(goName, i))
			}
		case reflect.Map:
			keys := fv.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			for _, k := range keys {
				block(b, pos, f.name, []string{k.String()}, fv.MapIndex(k), nil)
			}
		default:
			panic(fmt.Sprintf("typed.Build: block field %s is a %s", f.name, fv.Type()))
		}
	}
}

// valueAt is the typed value held by fv. An addressable field of a
// concrete type is taken by its address, which an interface holds
// without copying the value out (Interface of the field itself allocates
// a copy for every field of every declaration); the value's methods are
// the pointer's too.
func valueAt(fv reflect.Value) Value {
	if fv.CanAddr() && fv.Kind() != reflect.Interface {
		return fv.Addr().Interface().(Value)
	}
	return fv.Interface().(Value)
}

func block(b *tf.Body, pos tf.Pos, name string, labels []string, v reflect.Value, lit *keyed) {
	blk := &tf.Block{Type: name, Labels: labels, Pos: pos}
	build(&blk.Body, pos, v, lit)
	b.Items = append(b.Items, tf.BodyItem{Block: blk})
}

// ExprOf is the model expression of a typed value, or of a bindings'
// object struct: an object constructor holding every field, with null for
// the unset ones that the object type requires (Terraform wants them all)
// and without the unset optional ones.
func ExprOf(x any) tf.Expr {
	if val, ok := x.(Value); ok {
		if e := val.TFExpr(); e != nil {
			return e
		}
		return null
	}
	v := reflect.ValueOf(x)
	if v.Kind() != reflect.Struct {
		panic(fmt.Sprintf("typed.ExprOf: %T is neither a typed value nor an object struct", x))
	}
	var o tf.Object
	for _, f := range fieldsOf(v.Type()) {
		e := v.Field(f.index).Interface().(Value).TFExpr()
		if e == nil {
			if f.kind == optionalField {
				continue
			}
			e = null
		}
		o.Items = append(o.Items, tf.KV(f.name, e))
	}
	return o
}
