package tf

// WalkExpr calls fn for e and every expression inside it, depth first. It
// stops descending below an expression for which fn returns false.
func WalkExpr(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch x := e.(type) {
	case Str, Literal, *Variable, *Local, *Raw:
		// Leaves, and the commonest nodes: answered before the interface
		// check of the last case.
	case Tuple:
		for _, el := range x.Elems {
			WalkExpr(el, fn)
		}
	case Object:
		for _, it := range x.Items {
			WalkExpr(it.Key(), fn)
			WalkExpr(it.Val(), fn)
		}
	case Call:
		for _, a := range x.Args {
			WalkExpr(a, fn)
		}
	case Template:
		for _, p := range x.Parts {
			WalkExpr(p, fn)
		}
	case Conditional:
		WalkExpr(x.Cond, fn)
		WalkExpr(x.True, fn)
		WalkExpr(x.False, fn)
	case Binary:
		WalkExpr(x.L, fn)
		WalkExpr(x.R, fn)
	case Unary:
		WalkExpr(x.X, fn)
	case Paren:
		WalkExpr(x.X, fn)
	case For:
		WalkExpr(x.Coll, fn)
		WalkExpr(x.Key, fn)
		WalkExpr(x.Val, fn)
		WalkExpr(x.Cond, fn)
	case Traverse:
		WalkExpr(x.X, fn)
		walkSteps(x.Steps, fn)
	case Ref:
		walkSteps(x.Steps, fn)
	case Exprer:
		WalkExpr(x.TFExpr(), fn)
	}
}

func walkSteps(steps []Step, fn func(Expr) bool) {
	for _, s := range steps {
		if s.Index != nil {
			WalkExpr(s.Index, fn)
		}
	}
}

// WalkBody calls fn for every attribute value in b and its nested blocks.
func WalkBody(b *Body, fn func(Expr) bool) {
	for _, it := range b.Items {
		if it.Attr != nil {
			WalkExpr(it.Attr.Value, fn)
		} else {
			WalkBody(&it.Block.Body, fn)
		}
	}
}

// Exprs calls fn for every top-level expression of a resource: meta
// arguments, body, provisioners and lifecycle.
func (r *Resource) Exprs(fn func(Expr) bool) {
	WalkExpr(r.Count, fn)
	WalkExpr(r.ForEach, fn)
	WalkBody(&r.Body, fn)
	for _, p := range r.Provisioners {
		WalkBody(&p.Body, fn)
	}
	for _, e := range r.lifecycle().ReplaceTriggeredBy {
		WalkExpr(e, fn)
	}
	for _, c := range r.lifecycle().Preconditions {
		WalkExpr(c.Cond, fn)
		WalkExpr(c.Message, fn)
	}
	for _, c := range r.lifecycle().Postconditions {
		WalkExpr(c.Cond, fn)
		WalkExpr(c.Message, fn)
	}
}
