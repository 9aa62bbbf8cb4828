package tf

import "github.com/zclconf/go-cty/cty"

// UseCall makes r a run of c's child module (as UseModule does) with the
// inputs c passes it, in the call's order, so that a component module can
// be planned with what the root gives it: expect_failures cannot reach a
// child module's validations from the root. Each input is the call's own
// expression with the root's locals and variables replaced by their values
// (the test file's variables, else the variables' defaults), comparisons
// of literals and conditionals on literals folded. An input that only the
// root's plan knows (another module's output) gets standIn(variable), a
// value of the variable's type; schema.StandIn is one.
// c must call a module of the model (CallModule).
func (r *Run) UseCall(c *ModuleCall, standIn func(*Variable) Expr) *Run {
	r.Module = c.Child
	vars := make(map[string]*Variable, len(c.Child.Variables))
	for _, v := range c.Child.Variables {
		vars[v.Name] = v
	}
	for _, it := range c.Items {
		v := vars[nameOf(it)]
		if v == nil {
			continue // not an input (a meta-argument); validation reports unknown ones
		}
		val, ok := r.file.known(it.Attr.Value)
		if !ok {
			val = standIn(v)
		}
		r.Variables.Items = append(r.Variables.Items, BodyItem{Attr: &Attribute{Name: v.Name, Value: val, Pos: it.Attr.Pos}})
	}
	return r
}

func nameOf(it BodyItem) string {
	if it.Attr == nil {
		return ""
	}
	return it.Attr.Name
}

// Replace sets the run variable name to v in place of the value set
// before (by Set or UseCall), or adds it; a bad value for one input of a
// UseCall run is set this way.
//
//go:noinline
func (r *Run) Replace(name string, v Expr) *Run {
	for _, it := range r.Variables.Items {
		if it.Attr != nil && it.Attr.Name == name {
			it.Attr.Value, it.Attr.Pos = Unwrap(v), callerPos1()
			return r
		}
	}
	r.Variables.Items = append(r.Variables.Items, BodyItem{Attr: &Attribute{Name: name, Value: Unwrap(v), Pos: callerPos1()}})
	return r
}

// known is e with the root's locals and variables replaced by their values
// in t, and false when e needs something only a plan knows.
func (t *TestFile) known(e Expr) (Expr, bool) {
	all := func(es []Expr) ([]Expr, bool) {
		out := make([]Expr, len(es))
		for i, x := range es {
			var ok bool
			if out[i], ok = t.known(x); !ok {
				return nil, false
			}
		}
		return out, true
	}
	switch x := e.(type) {
	case Literal, Str:
		return x, true
	case *Local:
		return t.known(x.Value)
	case *Variable:
		if v := t.Variables.Get(x.Name); v != nil {
			return v, true
		}
		if x.Default != cty.NilVal {
			return Lit(x.Default), true
		}
	case Ref:
		if len(x.Steps) == 0 && x.Kind == RefObject {
			switch obj := x.Target.(type) {
			case *Local:
				return t.known(obj)
			case *Variable:
				return t.known(obj)
			}
		}
	case Tuple:
		if elems, ok := all(x.Elems); ok {
			return Tuple{Elems: elems}, true
		}
	case Template:
		if parts, ok := all(x.Parts); ok {
			return Template{Parts: parts}, true
		}
	case Binary:
		lr, ok := all([]Expr{x.L, x.R})
		if !ok {
			break
		}
		// Fold comparisons of literals, so the run reads as values.
		l, lok := AsLiteral(lr[0])
		rl, rok := AsLiteral(lr[1])
		if lok && rok && (x.Op == "==" || x.Op == "!=") && l.Value.IsKnown() && rl.Value.IsKnown() {
			return Bool(l.Value.RawEquals(rl.Value) == (x.Op == "==")), true
		}
		return Binary{Op: x.Op, L: lr[0], R: lr[1]}, true
	case Conditional:
		ctf, ok := all([]Expr{x.Cond, x.True, x.False})
		if !ok {
			break
		}
		if c, ok := ctf[0].(Literal); ok && c.Value.Type() == cty.Bool && c.Value.IsKnown() && !c.Value.IsNull() {
			if c.Value.True() {
				return ctf[1], true
			}
			return ctf[2], true
		}
		return Conditional{Cond: ctf[0], True: ctf[1], False: ctf[2]}, true
	}
	return nil, false
}

// FindCall is m's module call named name, or nil.
func (m *Module) FindCall(name string) *ModuleCall {
	return find(m.Calls, func(c *ModuleCall) bool { return c.Name == name })
}

// FindVariable is m's variable named name, or nil.
func (m *Module) FindVariable(name string) *Variable {
	return find(m.Variables, func(v *Variable) bool { return v.Name == name })
}

// FindOutput is m's output named name, or nil.
func (m *Module) FindOutput(name string) *Output {
	return find(m.Outputs, func(o *Output) bool { return o.Name == name })
}

// FindResource is m's managed resource typ.name, or nil.
func (m *Module) FindResource(typ, name string) *Resource {
	return find(m.Resources, func(r *Resource) bool { return r.Mode == Managed && r.Type == typ && r.Name == name })
}

func find[T any](list []*T, match func(*T) bool) *T {
	for _, x := range list {
		if match(x) {
			return x
		}
	}
	return nil
}
