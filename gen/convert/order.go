package convert

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// decl is one declaration of a module on its way to Go: a top-level block,
// or one entry of a locals block.
type decl struct {
	kind  string // block type: variable, locals, resource, ...
	block *Block
	// attr is the local's attribute for kind "locals".
	attr *Attr
	// key is the symbol the declaration defines (var.x, aws_s3_bucket.ui,
	// data.t.n, module.m, local.y, provider:aws.west), or "".
	key  string
	deps map[string]bool
	rank int
}

// kindRank orders declarations when references do not: settings and
// inputs first, outputs and refactoring blocks last.
var kindRank = map[string]int{
	"terraform": 0, "variable": 1, "provider": 2, "locals": 3, "data": 4, "resource": 4, "module": 4,
	"ephemeral": 4, "check": 5, "output": 6, "moved": 7, "import": 7, "removed": 7,
}

// declKey is the symbol a top-level block defines.
func declKey(b *Block) string {
	switch b.Type {
	case "variable":
		if len(b.Labels) == 1 {
			return "var." + b.Labels[0]
		}
	case "resource":
		if len(b.Labels) == 2 {
			return b.Labels[0] + "." + b.Labels[1]
		}
	case "data":
		if len(b.Labels) == 2 {
			return "data." + b.Labels[0] + "." + b.Labels[1]
		}
	case "module":
		if len(b.Labels) == 1 {
			return "module." + b.Labels[0]
		}
	case "provider":
		if len(b.Labels) == 1 {
			return providerKey(b.Labels[0], aliasOf(b))
		}
	}
	return ""
}

func providerKey(name, alias string) string {
	if alias == "" {
		return "provider:" + name
	}
	return "provider:" + name + "." + alias
}

func aliasOf(b *Block) string {
	if a := b.Body.Attr("alias"); a != nil {
		if s, ok := literalString(a.Expr); ok {
			return s
		}
		if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.Type() == ctyString {
			return v.AsString()
		}
	}
	return ""
}

// traversalKey is the symbol a reference's traversal starts with.
func traversalKey(t hcl.Traversal) string {
	if len(t) == 0 {
		return ""
	}
	root := t.RootName()
	name := func(i int) string {
		if i < len(t) {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch root {
	case "var", "local", "module":
		if n := name(1); n != "" {
			return root + "." + n
		}
	case "data":
		if a, b := name(1), name(2); a != "" && b != "" {
			return "data." + a + "." + b
		}
	case "each", "count", "self", "path", "terraform":
		return ""
	default:
		if n := name(1); n != "" {
			return root + "." + n
		}
	}
	return ""
}

// bodyDeps adds every symbol the body's expressions refer to.
func bodyDeps(b *Body, deps map[string]bool) {
	for _, it := range b.Items {
		if it.Attr != nil {
			exprDeps(it.Attr.Expr, deps)
			if it.Attr.Name == "provider" || it.Attr.Name == "providers" {
				providerDeps(it.Attr.Expr, deps)
			}
		} else {
			bodyDeps(it.Block.Body, deps)
		}
	}
}

func exprDeps(e hclsyntax.Expression, deps map[string]bool) {
	for _, t := range e.Variables() {
		if k := traversalKey(t); k != "" {
			deps[k] = true
		}
	}
}

// providerDeps adds the provider configurations a provider or providers
// meta-argument names.
func providerDeps(e hclsyntax.Expression, deps map[string]bool) {
	add := func(x hclsyntax.Expression) {
		if t, ok := x.(*hclsyntax.ScopeTraversalExpr); ok {
			deps[providerKey(providerRefParts(t.Traversal))] = true
		}
	}
	if o, ok := e.(*hclsyntax.ObjectConsExpr); ok {
		for _, it := range o.Items {
			add(it.ValueExpr)
		}
		return
	}
	add(e)
}

func providerRefParts(t hcl.Traversal) (string, string) {
	name := t.RootName()
	if len(t) > 1 {
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			return name, a.Name
		}
	}
	return name, ""
}

// orderDecls sorts declarations so that each comes after everything it
// refers to (Go needs a handle declared before its use, HCL does not),
// keeping the source order otherwise: each declaration pulls what it
// needs in front of itself, so within a file the order changes only where
// a block refers to one written after it. The second result lists the
// declarations caught in a reference cycle.
func orderDecls(ds []*decl) ([]*decl, []*decl) {
	byKey := map[string]*decl{}
	for _, d := range ds {
		if d.key != "" {
			byKey[d.key] = d
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].rank < ds[j].rank })
	const (
		visiting = 1
		done     = 2
	)
	state := map[*decl]int{}
	var out, cycle []*decl
	var visit func(d *decl)
	visit = func(d *decl) {
		switch state[d] {
		case done:
			return
		case visiting:
			cycle = append(cycle, d)
			return
		}
		state[d] = visiting
		keys := make([]string, 0, len(d.deps))
		for k := range d.deps {
			keys = append(keys, k)
		}
		// Dependencies in source order, so that what they pull forward
		// keeps its order too.
		sort.Slice(keys, func(i, j int) bool {
			a, b := byKey[keys[i]], byKey[keys[j]]
			if a == nil || b == nil {
				return a != nil
			}
			return a.rank < b.rank
		})
		for _, k := range keys {
			if dep := byKey[k]; dep != nil && dep != d {
				visit(dep)
			}
		}
		state[d] = done
		out = append(out, d)
	}
	for _, d := range ds {
		visit(d)
	}
	return out, cycle
}
