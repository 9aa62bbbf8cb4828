package tf

import (
	"fmt"
	"sort"
	"strings"
)

// tests checks the module's test files: they belong to a root module, and
// every name they use (variables, override targets, expect_failures,
// references in assertions, earlier runs) exists where the run looks for
// it.
func (v *validator) tests() {
	m := v.m
	names := map[string]*TestFile{}
	for _, t := range m.Tests {
		addr := "test " + t.Path(".tftest.hcl")
		if !IsName(t.Name) {
			v.errorf(t.pos, addr, "invalid test file name %q", t.Name)
		}
		if prev, ok := names[t.Name]; ok {
			v.errorf(t.pos, addr, "duplicate test file %q (first declared at %s)", t.Name, prev.pos.Resolve())
		}
		names[t.Name] = t
		if !m.IsRoot() {
			v.errorf(t.pos, addr, "module %s is not a root module: terraform test runs in a root module's directory", m.Name)
		}
		v.testVars(&t.Variables, m, t.pos, addr)
		mocks := map[string]bool{}
		for _, p := range t.Providers {
			paddr := addr + ": mock_provider." + p.Ref()
			if mocks[p.Ref()] {
				v.errorf(p.pos, paddr, "duplicate mock_provider %s", p.Ref())
			}
			mocks[p.Ref()] = true
			if !v.providerUsed(p) {
				v.errorf(p.pos, paddr, "module %s has no provider configuration %s to mock", m.Name, p.Ref())
			}
			types := map[string]bool{}
			for _, mk := range p.Mocks {
				key := mk.Type
				if mk.Mode == Data {
					key = "data." + key
				}
				if types[key] {
					v.errorf(mk.pos, paddr, "duplicate mock for %s", key)
				}
				types[key] = true
				v.mockDefaults(mk.Defaults, mk.pos, paddr)
			}
			for _, o := range p.Overrides {
				v.override(o, m, paddr)
			}
		}
		for _, o := range t.Overrides {
			v.override(o, m, addr)
		}
		runs := map[string]*Run{}
		for _, r := range t.Runs {
			v.run1(r, runs, addr)
			runs[r.Name] = r
		}
	}
}

// providerUsed reports whether the root configures the provider p mocks.
func (v *validator) providerUsed(p *MockProvider) bool {
	for _, c := range v.m.Providers {
		if !c.Passed && c.Ref() == p.Ref() {
			return true
		}
	}
	return false
}

// mockDefaults checks that mock defaults are plain values: Terraform
// evaluates them without any scope.
func (v *validator) mockDefaults(o Object, pos Pos, addr string) {
	WalkExpr(o, func(e Expr) bool {
		switch e.(type) {
		case Ref, *Variable, *Local, *Raw, Call, For:
			v.errorf(pos, addr, "mock and override values must be literals (Terraform evaluates them without references or functions)")
			return false
		}
		return true
	})
}

func (v *validator) override(o *Override, root *Module, addr string) {
	at := addr + ": " + o.Kind.Block()
	if s := o.Target.String(); s != "" {
		at += " " + s
	}
	v.mockDefaults(o.Values, o.pos, at)
	if len(o.Target.Calls) == 0 && o.Target.Resource == nil {
		v.errorf(o.pos, at, "override has no target")
		return
	}
	in := root
	for _, c := range o.Target.Calls {
		if c == nil || c.module != in {
			name := "<nil>"
			if c != nil {
				name = c.RefAddr() + " of module " + c.module.Name
			}
			v.errorf(o.pos, at, "target path: %s is not a module call of %s", name, in.Name)
			return
		}
		if c.Child == nil {
			v.errorf(o.pos, at, "target path: %s calls %s, whose model is not known (use CallModule)", c.RefAddr(), c.Source)
			return
		}
		in = c.Child
	}
	if r := o.Target.Resource; r != nil && r.module != in {
		v.errorf(o.pos, at, "target %s is declared in module %s, not in %s", r.Address(), r.module.Name, in.Name)
	}
}

// testVars checks that every variable a test sets is declared by the
// module under test.
func (v *validator) testVars(b *Body, subject *Module, pos Pos, addr string) {
	declared := make(map[string]bool, len(subject.Variables))
	names := make([]string, 0, len(subject.Variables))
	for _, x := range subject.Variables {
		declared[x.Name] = true
		names = append(names, x.Name)
	}
	sort.Strings(names)
	for _, it := range b.Items {
		a := it.Attr
		if a == nil {
			v.errorf(it.Block.Pos, addr, "variables take attributes, not blocks (%s { ... })", it.Block.Type)
			continue
		}
		at := a.Pos
		if !at.Known() {
			at = pos
		}
		if !declared[a.Name] {
			v.errorf(at, addr, "module %s has no variable %q%s", subject.Name, a.Name, didYouMean(a.Name, names))
		}
		if a.Value == nil {
			v.errorf(at, addr, "variable %q has no value (nil expression)", a.Name)
		}
	}
}

func (v *validator) run1(r *Run, earlier map[string]*Run, fileAddr string) {
	addr := fileAddr + ": run." + r.Name
	if !IsName(r.Name) {
		v.errorf(r.pos, addr, "invalid run name %q", r.Name)
	}
	if _, ok := earlier[r.Name]; ok {
		v.errorf(r.pos, addr, "duplicate run %q", r.Name)
	}
	if r.Command != Apply && r.Command != Plan {
		v.errorf(r.pos, addr, "unknown command %q: use apply or plan", r.Command)
	}
	subject := r.Subject()
	if r.Module != nil && r.Module.IsRoot() && r.Module != v.m {
		v.errorf(r.pos, addr, "module %s configures providers or a backend; a run's module is a shared module", r.Module.Name)
	}
	v.testVars(&r.Variables, subject, r.pos, addr)
	for _, o := range r.Overrides {
		v.override(o, subject, addr)
	}
	scope := testScope(subject)
	WalkBody(&r.Variables, func(e Expr) bool { v.testRef(e, scope, earlier, r.pos, addr); return true })
	for i, c := range r.Asserts {
		pos := r.AssertPos(i)
		for _, e := range []Expr{c.Cond, c.Message} {
			WalkExpr(e, func(x Expr) bool { v.testRef(x, scope, earlier, pos, addr); return true })
		}
		if c.Cond == nil {
			v.errorf(pos, addr, "assert has no condition")
		}
	}
	for i, obj := range r.ExpectFailures {
		v.expectFailure(obj, subject, r.ExpectPos(i), addr)
	}
}

// testScope maps the reference roots a run's assertions may use to the
// objects of the module under test.
func testScope(m *Module) map[Referenceable]bool {
	s := map[Referenceable]bool{}
	for _, x := range m.Variables {
		s[x] = true
	}
	for _, x := range m.Locals {
		s[x] = true
	}
	for _, x := range m.Resources {
		s[x] = true
	}
	for _, x := range m.Calls {
		s[x] = true
	}
	for _, x := range m.Outputs {
		s[x] = true
	}
	for _, x := range m.Checks {
		s[x] = true
	}
	return s
}

func (v *validator) testRef(e Expr, scope map[Referenceable]bool, earlier map[string]*Run, pos Pos, addr string) {
	var r Ref
	switch x := e.(type) {
	case Ref:
		r = x
	case *Variable:
		r = x.Ref()
	case *Local:
		r = x.Ref()
	case *Raw:
		if x.Diags.HasErrors() {
			v.errorf(pos, addr, "invalid raw HCL expression %q: %s", x.Src, x.Diags.Error())
		}
		return
	default:
		return
	}
	switch r.Kind {
	case RefObject:
		if rt, ok := r.Target.(runTarget); ok {
			prev, ok := earlier[rt.r.Name]
			if !ok || prev != rt.r {
				v.errorf(pos, addr, "refers to %s, which is not an earlier run of this file", rt.RefAddr())
				return
			}
			name := r.Steps[0].Attr
			for _, o := range prev.Subject().Outputs {
				if o.Name == name {
					return
				}
			}
			v.errorf(pos, addr, "%s tests module %s, which has no output %q", rt.RefAddr(), prev.Subject().Name, name)
			return
		}
		if r.Target == nil || !scope[r.Target] {
			where := "nothing"
			if r.Target != nil {
				where = fmt.Sprintf("module %s", r.Target.Module().Name)
			}
			v.errorf(pos, addr, "refers to %s of %s, which is not the module this run tests", refName(r), where)
			return
		}
		if c, ok := r.Target.(*ModuleCall); ok && c.Child != nil {
			v.moduleOutputRef(c, r, pos, addr)
		}
	case RefByName:
		for obj := range scope {
			if obj.RefAddr() == r.Root {
				return
			}
		}
		v.errorf(pos, addr, "refers to %s, which the module under test does not declare", r.Root)
	case RefBuiltin:
		if strings.HasPrefix(r.Root, "each.") || r.Root == "count.index" || r.Root == "self" {
			v.errorf(pos, addr, "%s means nothing in a test assertion", r.Root)
		}
	}
}

func refName(r Ref) string {
	if r.Target == nil {
		return "<nil>"
	}
	return r.Target.RefAddr()
}

// expectFailure checks one expect_failures entry: an object of the module
// under test that has a condition which can fail.
func (v *validator) expectFailure(obj Referenceable, subject *Module, pos Pos, addr string) {
	if obj == nil {
		v.errorf(pos, addr, "expect_failures holds a nil object")
		return
	}
	if obj.Module() != subject {
		v.errorf(pos, addr, "expect_failures names %s of module %s, but the run tests %s: a run with UseModule tests a child module's own validations", obj.RefAddr(), obj.Module().Name, subject.Name)
		return
	}
	has := false
	switch x := obj.(type) {
	case *Variable:
		has = len(x.Validations) > 0
	case *Output:
		has = len(x.Preconditions) > 0
	case *Resource:
		has = len(x.lifecycle().Preconditions)+len(x.lifecycle().Postconditions) > 0
	case *Check:
		has = len(x.Asserts) > 0
	default:
		v.errorf(pos, addr, "expect_failures takes variables, outputs, resources and checks, not %s", obj.RefAddr())
		return
	}
	if !has {
		v.errorf(pos, addr, "expect_failures names %s, which has no condition that could fail", obj.RefAddr())
	}
}
