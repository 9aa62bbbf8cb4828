package schema

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/zclconf/go-cty/cty"
)

// approx returns what is statically known of e's value: the literal itself,
// an unknown value of the type a schema or variable declaration gives a
// reference, or cty.DynamicVal when nothing is known. from is the
// reference that gave the type (a variable, local or Ref), whose text
// (fromText) a message names: it is made only then.
func (v *validator) approx(e tf.Expr, depth int) (val cty.Value, from tf.Expr) {
	if depth > 8 {
		return cty.DynamicVal, nil
	}
	switch x := e.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType), nil
	case tf.Literal:
		if x.Value == cty.NilVal {
			return cty.DynamicVal, nil
		}
		return x.Value, nil
	case tf.Str:
		return x.Value(), nil
	case *tf.Variable:
		return cty.UnknownVal(varType(x)), x
	case *tf.Local:
		val, _ := v.approx(x.Value, depth+1)
		return val, x
	case tf.Ref:
		t, _ := v.refType(x)
		if t == cty.NilType {
			t = cty.DynamicPseudoType
		}
		return cty.UnknownVal(t), x
	case tf.Paren:
		return v.approx(x.X, depth+1)
	case tf.Tuple:
		if len(x.Elems) == 0 {
			return cty.EmptyTupleVal, nil
		}
		elems := make([]cty.Value, len(x.Elems))
		for i, el := range x.Elems {
			elems[i], _ = v.approx(el, depth+1)
		}
		return cty.TupleVal(elems), nil
	case tf.Object:
		if len(x.Items) == 0 {
			return cty.EmptyObjectVal, nil
		}
		attrs := make(map[string]cty.Value, len(x.Items))
		for _, it := range x.Items {
			if it.Name == "" {
				return cty.DynamicVal, nil
			}
			attrs[it.Name], _ = v.approx(it.Val(), depth+1)
		}
		return cty.ObjectVal(attrs), nil
	case tf.Template:
		return cty.UnknownVal(cty.String), nil
	case tf.Call:
		if t, ok := funcResults[x.Name]; ok {
			return cty.UnknownVal(t), nil
		}
	case tf.Binary:
		switch x.Op {
		case "+", "-", "*", "/", "%":
			return cty.UnknownVal(cty.Number), nil
		default:
			return cty.UnknownVal(cty.Bool), nil
		}
	case tf.Unary:
		if x.Op == "!" {
			return cty.UnknownVal(cty.Bool), nil
		}
		return cty.UnknownVal(cty.Number), nil
	case tf.Conditional:
		t, _ := v.approx(x.True, depth+1)
		f, _ := v.approx(x.False, depth+1)
		if t.Type().Equals(f.Type()) {
			return cty.UnknownVal(t.Type()), nil
		}
	}
	return cty.DynamicVal, nil
}

// fits reports, for the commonest shapes of attribute values, that e
// converts to want without building the value approx would: a primitive
// literal, a template or a call whose result converts to a primitive, and
// an object of such values for a map of a primitive. false means "not
// known here" (checkType then judges e through approx), never "does not
// fit".
func fits(e tf.Expr, want cty.Type) bool {
	switch {
	case want == cty.DynamicPseudoType:
		return true
	case want.IsPrimitiveType():
		switch x := e.(type) {
		case tf.Str:
			return convertsTo(cty.String, want)
		case tf.Literal:
			return convertsTo(x.Value.Type(), want)
		case tf.Template:
			return want == cty.String
		case tf.Call:
			t, ok := funcResults[x.Name]
			return !ok || t == cty.DynamicPseudoType || convertsTo(t, want)
		}
	case want.IsMapType() && want.ElementType().IsPrimitiveType():
		o, ok := e.(tf.Object)
		if !ok {
			return false
		}
		for _, it := range o.Items {
			if it.Name == "" || !fits(it.Val(), want.ElementType()) {
				return false
			}
		}
		return true
	}
	return false
}

// convertsTo says that every value of primitive type t converts to the
// primitive type want: the same type, or a number or bool to a string.
func convertsTo(t, want cty.Type) bool {
	return t == want || (want == cty.String && (t == cty.Number || t == cty.Bool))
}

func varType(x *tf.Variable) cty.Type {
	if x.Type == cty.NilType {
		return cty.DynamicPseudoType
	}
	return x.Type.WithoutOptionalAttributesDeep()
}

// funcResults are the result types of Terraform functions that do not
// depend on their arguments.
var funcResults = map[string]cty.Type{
	"jsonencode": cty.String, "yamlencode": cty.String, "format": cty.String, "join": cty.String,
	"lower": cty.String, "upper": cty.String, "replace": cty.String, "trimspace": cty.String,
	"trimprefix": cty.String, "trimsuffix": cty.String, "substr": cty.String, "title": cty.String,
	"base64encode": cty.String, "base64decode": cty.String, "base64sha256": cty.String, "md5": cty.String,
	"sha1": cty.String, "sha256": cty.String, "uuid": cty.String, "tostring": cty.String,
	"file": cty.String, "templatefile": cty.String, "filebase64": cty.String, "filebase64sha256": cty.String,
	"filemd5": cty.String, "filesha256": cty.String, "cidrsubnet": cty.String, "cidrhost": cty.String,
	"cidrnetmask": cty.String, "timestamp": cty.String, "formatdate": cty.String, "abspath": cty.String,
	"basename": cty.String, "dirname": cty.String, "trim": cty.String, "indent": cty.String,
	"length": cty.Number, "tonumber": cty.Number, "parseint": cty.Number, "ceil": cty.Number,
	"floor": cty.Number, "max": cty.Number, "min": cty.Number, "abs": cty.Number, "pow": cty.Number,
	"tobool": cty.Bool, "can": cty.Bool, "contains": cty.Bool, "startswith": cty.Bool, "endswith": cty.Bool,
	"alltrue": cty.Bool, "anytrue": cty.Bool, "fileexists": cty.Bool,
	"split": cty.List(cty.String), "formatlist": cty.List(cty.String), "cidrsubnets": cty.List(cty.String),
	"keys": cty.DynamicPseudoType,
}

// fromText names what approx's from stands for.
func fromText(from tf.Expr) string {
	switch x := from.(type) {
	case *tf.Variable:
		return x.RefAddr()
	case *tf.Local:
		return x.RefAddr()
	case tf.Ref:
		return refText(x)
	}
	return ""
}

func refText(r tf.Ref) string {
	s := r.RootText()
	for _, st := range r.Steps {
		switch {
		case st.Attr != "":
			s += "." + st.Attr
		case st.Splat:
			s += "[*]"
		default:
			s += "[...]"
		}
	}
	return s
}

// refType is the type of a reference whose root the schema or a variable
// declaration describes, or cty.NilType when it is not known. problem
// describes a traversal Terraform would reject.
func (v *validator) refType(r tf.Ref) (t cty.Type, problem string) {
	if r.Kind != tf.RefObject {
		return cty.NilType, ""
	}
	steps := r.Steps
	switch x := r.Target.(type) {
	case *tf.Variable:
		return traverse(varType(x), steps, func() string { return x.RefAddr() })
	case *tf.Resource:
		if x.Module() != nil && x.Module() != v.m {
			return cty.NilType, ""
		}
		sch := v.schemaOf(x)
		if sch == nil {
			return cty.NilType, ""
		}
		splat := false
		if (x.Count != nil || x.ForEach != nil) && len(steps) > 0 {
			if steps[0].Splat {
				splat = true
			} else if steps[0].Index == nil {
				return cty.NilType, "" // tf.Validate's concern
			}
			steps = steps[1:]
		}
		if len(steps) == 0 || steps[0].Attr == "" {
			return cty.NilType, ""
		}
		name := steps[0].Attr
		var at cty.Type
		if a := sch.Attribute(name); a != nil {
			at = a.Type
		} else if bt := sch.BlockType(name); bt != nil {
			at = bt.ImpliedType()
		} else {
			return cty.NilType, "unsupported attribute \"" + name + "\" of " + x.Type + tf.DidYouMean(name, sch.Names())
		}
		t, problem := traverse(at, steps[1:], func() string { return x.RefAddr() + "." + name })
		if splat && t != cty.NilType {
			t = cty.List(t)
		}
		return t, problem
	}
	return cty.NilType, ""
}

// traverse applies steps to a value of type t; root names the value, for
// a problem's message, and is called only for one.
func traverse(t cty.Type, steps []tf.Step, root func() string) (cty.Type, string) {
	// at names the value the i-th step applies to.
	at := func(i int) string {
		s := root()
		for _, st := range steps[:i] {
			if st.Attr != "" {
				s += "." + st.Attr
			} else {
				s += "[...]"
			}
		}
		return s
	}
	for i, s := range steps {
		switch {
		case t == cty.DynamicPseudoType:
			return t, ""
		case s.Splat:
			return cty.NilType, ""
		case s.Attr != "":
			switch {
			case t.IsObjectType():
				if !t.HasAttribute(s.Attr) {
					return cty.NilType, "unsupported attribute \"" + s.Attr + "\" of " + at(i) + tf.DidYouMean(s.Attr, sortedKeys(t.AttributeTypes()))
				}
				t = t.AttributeType(s.Attr)
			case t.IsMapType():
				t = t.ElementType()
			default:
				return cty.NilType, ""
			}
		default:
			switch {
			case t.IsSetType():
				return cty.NilType, at(i) + " is a set, which cannot be indexed; convert it with tolist() or use for_each"
			case t.IsListType() || t.IsMapType():
				t = t.ElementType()
			default:
				return cty.NilType, ""
			}
		}
	}
	return t, ""
}

// references reports references to attributes the schema does not have,
// and set indexing, wherever expressions appear in the module.
func (v *validator) references() {
	m := v.m
	check := func(e tf.Expr, pos tf.Pos, addr string) {
		tf.WalkExpr(e, func(x tf.Expr) bool {
			switch r := x.(type) {
			case tf.Ref:
				if _, problem := v.refType(r); problem != "" {
					v.errorf(pos, addr, "reference %s: %s", refText(r), problem)
				}
			case tf.Call:
				v.providerFunction(r, pos, addr)
			}
			return true
		})
	}
	var body func(b *tf.Body, pos tf.Pos, addr string)
	body = func(b *tf.Body, pos tf.Pos, addr string) {
		for _, it := range b.Items {
			if it.Attr != nil {
				check(it.Attr.Value, posOr(it.Attr.Pos, pos), addr)
			} else {
				body(&it.Block.Body, posOr(it.Block.Pos, pos), addr)
			}
		}
	}
	for i, r := range m.Resources {
		check(r.Count, r.Pos(), v.addrs[i])
		check(r.ForEach, r.Pos(), v.addrs[i])
		body(&r.Body, r.Pos(), v.addrs[i])
	}
	for _, l := range m.Locals {
		check(l.Value, l.Pos(), l.RefAddr())
	}
	for _, o := range m.Outputs {
		check(o.Value, o.Pos(), "output."+o.Name)
	}
	for _, c := range m.Calls {
		body(&c.Body, c.Pos(), c.RefAddr())
	}
	for _, p := range m.Providers {
		body(&p.Body, p.Pos(), "provider."+p.Ref())
	}
}
