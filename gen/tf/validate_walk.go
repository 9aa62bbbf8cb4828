package tf

import "slices"

// resourceWalk is the state of the one walk over the expressions of a
// resource of m.Resources (walkResource).
type resourceWalk struct {
	v    *validator
	r    *Resource
	addr string
	// For the expression being walked: where count/each and provider
	// function problems are reported (the positions their own passes
	// used), the count/each scope, whether provider functions are checked
	// and dependencies recorded, and whether a count/each problem was
	// reported already (one per expression).
	repPos, fnPos Pos
	scope         repetitionScope
	fns, deps     bool
	declared      bool
	reported      bool
}

// walkResource walks r's expressions in the order of Resource.Exprs,
// checking each node once for references, count/each scope and provider
// functions, and records r's dependencies (count, for_each, body,
// replace_triggered_by and depends_on, as Validate's cycle search takes
// them) when r is declared (its index in order, oi, is not -1).
func (v *validator) walkResource(r *Resource, addr string, oi int32) {
	w := &v.rw
	declared := oi >= 0
	w.r, w.addr, w.declared = r, addr, declared
	lo := len(v.resDeps)
	none := repetitionScope{}
	scope := repetitionScope{count: r.Count != nil, each: r.ForEach != nil}
	w.expr(r.Count, r.pos, r.pos, none, true, true)
	w.expr(r.ForEach, r.pos, r.pos, none, true, true)
	w.body(&r.Body, r.pos, r.pos, scope, true)
	for _, p := range r.Provisioners {
		w.body(&p.Body, p.Pos, r.pos, scope, false)
	}
	for _, e := range r.lifecycle().ReplaceTriggeredBy {
		w.expr(e, r.pos, r.pos, scope, false, true)
	}
	for _, cs := range [2][]Condition{r.lifecycle().Preconditions, r.lifecycle().Postconditions} {
		for _, c := range cs {
			w.expr(c.Cond, r.pos, r.pos, scope, true, false)
			w.expr(c.Message, r.pos, r.pos, scope, true, false)
		}
	}
	if declared {
		for _, d := range r.DependsOn {
			v.addDep(d)
		}
		v.depSpans[oi] = depSpan{lo: int32(lo), hi: int32(len(v.resDeps)), ok: true}
	}
}

// body walks the attributes of b and its nested blocks; repPos and fnPos
// are the positions of the block, for attributes set without one.
func (w *resourceWalk) body(b *Body, repPos, fnPos Pos, scope repetitionScope, deps bool) {
	for _, it := range b.Items {
		if a := it.Attr; a != nil {
			if a.Pos.Known() {
				w.expr(a.Value, a.Pos, a.Pos, scope, true, deps)
			} else {
				w.expr(a.Value, repPos, fnPos, scope, true, deps)
			}
			continue
		}
		at := repPos
		if it.Block.Pos.Known() {
			at = it.Block.Pos
		}
		w.body(&it.Block.Body, at, fnPos, scope, deps)
	}
}

func (w *resourceWalk) expr(e Expr, repPos, fnPos Pos, scope repetitionScope, fns, deps bool) {
	if e == nil {
		return
	}
	w.repPos, w.fnPos, w.scope = repPos, fnPos, scope
	w.fns, w.deps, w.reported = fns, deps && w.declared, false
	w.walk(e)
}

// walk is WalkExpr(e, visit) (visit descends everywhere), with the nodes
// visit has nothing to check in, literals and constructors, most of a
// large model's, passed by here instead of through a call of visit each.
// It meets the nodes in WalkExpr's order.
func (w *resourceWalk) walk(e Expr) {
	switch x := e.(type) {
	case nil, Str, Literal:
	case *Variable, *Local, *Raw:
		w.visit(e)
	case Ref:
		w.visit(e)
		w.steps(x.Steps)
	case Call:
		w.visit(e)
		for _, a := range x.Args {
			w.walk(a)
		}
	case Tuple:
		for _, el := range x.Elems {
			w.walk(el)
		}
	case Object:
		for _, it := range x.Items {
			w.walk(it.Key())
			w.walk(it.Val())
		}
	case Template:
		for _, p := range x.Parts {
			w.walk(p)
		}
	case Conditional:
		w.walk(x.Cond)
		w.walk(x.True)
		w.walk(x.False)
	case Binary:
		w.walk(x.L)
		w.walk(x.R)
	case Unary:
		w.walk(x.X)
	case Paren:
		w.walk(x.X)
	case For:
		w.walk(x.Coll)
		w.walk(x.Key)
		w.walk(x.Val)
		w.walk(x.Cond)
	case Traverse:
		w.walk(x.X)
		w.steps(x.Steps)
	case Exprer:
		w.walk(x.TFExpr())
	}
}

func (w *resourceWalk) steps(steps []Step) {
	for _, s := range steps {
		if s.Index != nil {
			w.walk(s.Index)
		}
	}
}

// visit checks x, a node walk passes on: a reference, variable, local,
// raw expression or call.
func (w *resourceWalk) visit(x Expr) {
	v := w.v
	v.ref(x, w.r.pos, w.addr, w.r)
	if !w.reported {
		w.reported = v.repetitionNode(x, w.repPos, w.addr, w.scope, &v.repDs)
	}
	if w.fns {
		if c, ok := x.(Call); ok {
			v.providerFn(c, w.fnPos, w.addr, &v.fnDs)
		}
	}
	if w.deps {
		v.depTmp = v.depNode(x, v.depTmp[:0])
		for _, d := range v.depTmp {
			v.addDep(d)
		}
	}
}

// addDep appends d to resDeps, as its index in order when it has one.
func (v *validator) addDep(d Referenceable) {
	if len(v.resDeps) == cap(v.resDeps) {
		// Doubling, as addResource does for the same reason: append
		// would grow a long list by a quarter, leaving about four times
		// its size behind it.
		v.resDeps = slices.Grow(v.resDeps, max(len(v.resDeps), 64))
	}
	if d != nil {
		if i, ok := v.index(d); ok {
			v.resDeps = append(v.resDeps, i)
			return
		}
	}
	v.depOthers = append(v.depOthers, d)
	v.resDeps = append(v.resDeps, int32(-len(v.depOthers)))
}
