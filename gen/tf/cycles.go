package tf

import (
	"strings"

	"github.com/agext/levenshtein"
)

// deps appends the declared objects an object's expressions refer to to
// v.depBuf, for an object whose dependencies the resource walk did not
// record (cycles reads those of declared resources from resDeps).
func (v *validator) deps(obj Referenceable) {
	out := v.depBuf
	add := func(e Expr) bool { out = v.depNode(e, out); return true }
	switch o := obj.(type) {
	case *Local:
		WalkExpr(o.Value, add)
	case *Resource:
		// Provisioners may refer to self; references there are not
		// dependencies.
		WalkExpr(o.Count, add)
		WalkExpr(o.ForEach, add)
		WalkBody(&o.Body, add)
		for _, e := range o.lifecycle().ReplaceTriggeredBy {
			WalkExpr(e, add)
		}
		out = append(out, o.DependsOn...)
	case *ModuleCall:
		WalkExpr(o.Count, add)
		WalkExpr(o.ForEach, add)
		WalkBody(&o.Body, add)
		out = append(out, o.DependsOn...)
	}
	v.depBuf = out
}

func (v *validator) depSpan(obj Referenceable, i int32) depSpan {
	if _, ok := obj.(*Resource); ok && i >= 0 && int(i) < len(v.depSpans) {
		return v.depSpans[i]
	}
	return depSpan{}
}

// depNode appends the declared object that one expression node refers
// to, if any, to out.
func (v *validator) depNode(e Expr, out []Referenceable) []Referenceable {
	switch x := e.(type) {
	case Ref:
		switch x.Kind {
		case RefObject:
			if x.Target != nil && x.Target.Module() == v.m {
				out = append(out, x.Target)
			}
		case RefByName:
			if t, ok := v.lookup(x.Root); ok {
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
				if d, ok := v.lookup(traversalRoot(t)); ok {
					out = append(out, d)
				}
			}
		}
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
	// Declared objects are colored by index; others (a check's scoped data
	// source, an object of this module that was never declared) in a map.
	colors := make([]uint8, len(v.order))
	var others map[Referenceable]uint8
	var stack []Referenceable
	var visit func(n Referenceable, i int32)
	// setColor colors n, whose index is i, or -1 when it has none.
	setColor := func(n Referenceable, i int32, c uint8) {
		if i >= 0 {
			colors[i] = c
			return
		}
		if others == nil {
			others = map[Referenceable]uint8{}
		}
		others[n] = c
	}
	// follow takes the edge from the object on top of the stack to d,
	// whose index is di (-1 when it has none).
	follow := func(d Referenceable, di int32) {
		var c uint8
		if di >= 0 {
			c = colors[di]
		} else {
			c = others[d]
		}
		switch c {
		case white:
			visit(d, di)
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
	visit = func(n Referenceable, ni int32) {
		setColor(n, ni, grey)
		stack = append(stack, n)
		if sp := v.depSpan(n, ni); sp.ok {
			// A declared resource's dependencies, as the resource walk
			// recorded them: by their index in order, found then, or in
			// depOthers when they have none. The list is not changed
			// while visits below read their own.
			for _, d := range v.resDeps[sp.lo:sp.hi] {
				if d >= 0 {
					follow(v.order[d], d)
				} else {
					follow(v.depOthers[-1-d], -1)
				}
			}
		} else {
			start := len(v.depBuf)
			v.deps(n)
			end := len(v.depBuf)
			// Visits below append their own lists after this one and
			// cut them off again, so v.depBuf[start:end] stays this
			// object's.
			for k := start; k < end; k++ {
				d := v.depBuf[k]
				di, ok := v.index(d)
				if !ok {
					di = -1
				}
				follow(d, di)
			}
			clear(v.depBuf[start:end])
			v.depBuf = v.depBuf[:start]
		}
		stack = stack[:len(stack)-1]
		setColor(n, ni, black)
	}
	// Roots in declaration order (locals, resources, module calls; the
	// variables have no dependencies), then the duplicates declare left
	// out of the index.
	for i, n := range v.order {
		if _, isVar := n.(*Variable); !isVar && colors[i] == white {
			visit(n, int32(i))
		}
	}
	for _, n := range v.dups {
		if others[n] == white {
			visit(n, -1)
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
