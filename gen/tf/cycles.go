package tf

import (
	"strings"

	"github.com/agext/levenshtein"
)

// deps returns the declared objects an object's expressions refer to.
func (v *validator) deps(obj Referenceable) []Referenceable {
	var out []Referenceable
	add := func(e Expr) bool {
		switch x := e.(type) {
		case Ref:
			switch x.Kind {
			case RefObject:
				if x.Target != nil && x.Target.Module() == v.m {
					out = append(out, x.Target)
				}
			case RefByName:
				if t, ok := v.declared[x.Root]; ok {
					out = append(out, t)
				}
			}
		case *Local:
			out = append(out, x)
		case *Variable:
			out = append(out, x)
		case *Raw:
			if x.Parsed != nil {
				for _, t := range x.Parsed.Variables() {
					if d, ok := v.declared[traversalRoot(t)]; ok {
						out = append(out, d)
					}
				}
			}
		}
		return true
	}
	switch o := obj.(type) {
	case *Local:
		WalkExpr(o.Value, add)
	case *Resource:
		// Provisioners may refer to self; references there are not
		// dependencies.
		WalkExpr(o.Count, add)
		WalkExpr(o.ForEach, add)
		WalkBody(&o.Body, add)
		for _, e := range o.Lifecycle.ReplaceTriggeredBy {
			WalkExpr(e, add)
		}
		out = append(out, o.DependsOn...)
	case *ModuleCall:
		WalkExpr(o.Count, add)
		WalkExpr(o.ForEach, add)
		WalkBody(&o.Body, add)
		out = append(out, o.DependsOn...)
	}
	return out
}

// cycles reports each reference cycle among locals, resources and module
// calls once, naming every object on it.
func (v *validator) cycles() {
	const (
		white = iota
		grey
		black
	)
	color := make(map[Referenceable]int, len(v.objects))
	var stack []Referenceable
	var visit func(n Referenceable)
	visit = func(n Referenceable) {
		color[n] = grey
		stack = append(stack, n)
		for _, d := range v.deps(n) {
			switch color[d] {
			case white:
				visit(d)
			case grey:
				// The cycle is the stack from d to n.
				i := len(stack) - 1
				for i >= 0 && stack[i] != d {
					i--
				}
				names := make([]string, 0, len(stack)-i+1)
				for _, s := range stack[i:] {
					names = append(names, s.RefAddr())
				}
				names = append(names, d.RefAddr())
				if len(names) == 2 {
					v.errorf(d.Pos(), d.RefAddr(), "%s refers to itself", d.RefAddr())
				} else {
					v.errorf(d.Pos(), d.RefAddr(), "reference cycle: %s", strings.Join(names, " -> "))
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[n] = black
	}
	m := v.m
	for _, l := range m.Locals {
		if color[l] == white {
			visit(l)
		}
	}
	for _, r := range m.Resources {
		if color[r] == white {
			visit(r)
		}
	}
	for _, c := range m.Calls {
		if color[c] == white {
			visit(c)
		}
	}
}

// didYouMean suggests the closest of names to got, as ", did you mean
// "x"?", or "".
func didYouMean(got string, names []string) string {
	best, bestDist := "", 1<<30
	for _, n := range names {
		d := levenshtein.Distance(got, n, nil)
		if strings.HasPrefix(n, got) || strings.HasPrefix(got, n) {
			// A truncated name is as good as a typo.
			d = min(d, 2)
		}
		if d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" || bestDist > max(2, len(got)/3) {
		return ""
	}
	return "; did you mean \"" + best + "\"?"
}

// DidYouMean is didYouMean for other packages of the library.
func DidYouMean(got string, names []string) string { return didYouMean(got, names) }
