package tf

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// badFile is an InFile call the layout cannot honour.
type badFile struct {
	name, problem string
	pos           Pos
}

// ReservedFiles are the files of the standard module structure that the
// renderer fills itself; InFile may not name them.
var ReservedFiles = []string{"terraform.tf", "providers.tf", "variables.tf", "locals.tf", "outputs.tf", "checks.tf", "moved.tf", "imports.tf", "removed.tf"}

// fileProblem says what is wrong with an InFile name, or "" when it can
// be used. main.tf and "" both mean the default file.
func fileProblem(name string) string {
	if name == "" || name == "main.tf" {
		return ""
	}
	for _, r := range ReservedFiles {
		if name == r {
			return "the standard module structure reserves " + r + " for what the renderer puts there; choose another name, such as alb.tf"
		}
	}
	base := strings.TrimSuffix(name, ".tf")
	if !strings.HasSuffix(name, ".tf") || strings.HasSuffix(base, ".tf") || !IsName(base) {
		return "a file name is a name (letters, digits, _ or -) ending in .tf, such as alb.tf, with no directory"
	}
	return ""
}

// variableDefault checks that a variable's default converts to its type,
// as Terraform does when it loads the module.
func (v *validator) variableDefault(x *Variable) {
	if x.Default == cty.NilVal || x.Default.IsNull() || x.Type == cty.NilType {
		return
	}
	if _, err := convert.Convert(x.Default, x.Type); err != nil {
		v.errorf(x.pos, x.RefAddr(), "default value does not fit type %s: %s", x.Type.FriendlyNameForConstraint(), err)
	}
}

// repetition checks that count.index and each.key / each.value appear
// only where Terraform defines them: in a resource, data source or module
// call that has count, respectively for_each (import blocks with for_each
// may use each too).
func (v *validator) repetition() {
	m := v.m
	none := repetitionScope{}
	for _, x := range m.Variables {
		for _, c := range x.Validations {
			v.repetitionRefs(c.Cond, x.pos, x.RefAddr(), none)
			v.repetitionRefs(c.Message, x.pos, x.RefAddr(), none)
		}
	}
	for _, x := range m.Locals {
		v.repetitionRefs(x.Value, x.pos, x.RefAddr(), none)
	}
	// The resource walk has checked m.Resources.
	v.ds = append(v.ds, v.repDs...)
	for _, c := range m.Calls {
		scope := repetitionScope{count: c.Count != nil, each: c.ForEach != nil}
		v.repetitionBody(&c.Body, c.pos, c.RefAddr(), scope)
		v.repetitionRefs(c.Count, c.pos, c.RefAddr(), none)
		v.repetitionRefs(c.ForEach, c.pos, c.RefAddr(), none)
	}
	for _, o := range m.Outputs {
		v.repetitionRefs(o.Value, o.pos, "output."+o.Name, none)
		for _, c := range o.Preconditions {
			v.repetitionRefs(c.Cond, o.pos, "output."+o.Name, none)
			v.repetitionRefs(c.Message, o.pos, "output."+o.Name, none)
		}
	}
	for _, c := range m.Checks {
		if c.Data != nil {
			v.repetitionResource(c.Data, "check."+c.Name+"."+c.Data.Address())
		}
		for _, a := range c.Asserts {
			v.repetitionRefs(a.Cond, c.pos, "check."+c.Name, none)
			v.repetitionRefs(a.Message, c.pos, "check."+c.Name, none)
		}
	}
	for _, im := range m.Imports {
		scope := repetitionScope{each: im.ForEach != nil}
		v.repetitionRefs(im.ID, im.pos, "import", scope)
		v.repetitionRefs(im.Key, im.pos, "import", scope)
		v.repetitionRefs(im.ForEach, im.pos, "import", none)
	}
}

// repetitionScope says which repetition objects an expression may use.
type repetitionScope struct{ count, each bool }

func (v *validator) repetitionResource(r *Resource, addr string) {
	scope := repetitionScope{count: r.Count != nil, each: r.ForEach != nil}
	v.repetitionRefs(r.Count, r.pos, addr, repetitionScope{})
	v.repetitionRefs(r.ForEach, r.pos, addr, repetitionScope{})
	v.repetitionBody(&r.Body, r.pos, addr, scope)
	for _, p := range r.Provisioners {
		v.repetitionBody(&p.Body, p.Pos, addr, scope)
	}
	for _, e := range r.lifecycle().ReplaceTriggeredBy {
		v.repetitionRefs(e, r.pos, addr, scope)
	}
	for _, c := range append(append([]Condition(nil), r.lifecycle().Preconditions...), r.lifecycle().Postconditions...) {
		v.repetitionRefs(c.Cond, r.pos, addr, scope)
		v.repetitionRefs(c.Message, r.pos, addr, scope)
	}
}

func (v *validator) repetitionBody(b *Body, pos Pos, addr string, scope repetitionScope) {
	for _, it := range b.Items {
		if a := it.Attr; a != nil {
			at := pos
			if a.Pos.Known() {
				at = a.Pos
			}
			v.repetitionRefs(a.Value, at, addr, scope)
			continue
		}
		at := pos
		if it.Block.Pos.Known() {
			at = it.Block.Pos
		}
		v.repetitionBody(&it.Block.Body, at, addr, scope)
	}
}

func (v *validator) repetitionRefs(e Expr, pos Pos, addr string, scope repetitionScope) {
	reported := false
	WalkExpr(e, func(x Expr) bool {
		if reported {
			return false
		}
		reported = v.repetitionNode(x, pos, addr, scope, &v.ds)
		return !reported
	})
}

// repetitionNode reports to ds a count or each that one expression node
// uses outside its scope, and says whether it did.
func (v *validator) repetitionNode(x Expr, pos Pos, addr string, scope repetitionScope, ds *Diagnostics) bool {
	switch r := x.(type) {
	case Ref:
		if r.Kind == RefBuiltin {
			return v.repetitionRoot(r.Root, pos, addr, scope, ds)
		}
	case *Raw:
		if r.Pos.Known() {
			pos = r.Pos
		}
		if r.Parsed != nil && !r.Diags.HasErrors() {
			for _, t := range r.Parsed.Variables() {
				if v.repetitionRoot(t.RootName(), pos, addr, scope, ds) {
					return true
				}
			}
		}
	}
	return false
}

func (v *validator) repetitionRoot(root string, pos Pos, addr string, scope repetitionScope, ds *Diagnostics) bool {
	switch {
	case (root == "count" || strings.HasPrefix(root, "count.")) && !scope.count:
		ds.Errorf(pos, v.qualify(addr), "count.index is used, but %s has no count (it is defined only in a resource, data source or module call with count)", where(addr))
		return true
	case (root == "each" || strings.HasPrefix(root, "each.")) && !scope.each:
		ds.Errorf(pos, v.qualify(addr), "each.key / each.value is used, but %s has no for_each (they are defined only in a resource, data source, module call or import with for_each)", where(addr))
		return true
	}
	return false
}

// where names the kind of object at addr for a message.
func where(addr string) string {
	switch {
	case strings.HasPrefix(addr, "var."):
		return "a variable validation"
	case strings.HasPrefix(addr, "local."):
		return "a local value"
	case strings.HasPrefix(addr, "output."):
		return "an output"
	case strings.HasPrefix(addr, "check."):
		return "a check block"
	case addr == "import":
		return "the import block"
	}
	return addr
}

// newer checks removed blocks, import for_each, provider-defined
// functions and where ephemeral values go.
func (v *validator) newer() {
	m := v.m
	for _, r := range m.Removed {
		t, d := hclsyntax.ParseTraversalAbs([]byte(r.From), "removed", hcl.InitialPos)
		if d.HasErrors() {
			v.errorf(r.pos, "removed", "invalid address %q in removed block", r.From)
			continue
		}
		for _, step := range t {
			if _, ok := step.(hcl.TraverseIndex); ok {
				v.errorf(r.pos, "removed", "removed block address %q has an instance key; a removed block names a whole resource or module", r.From)
			}
		}
		if obj, ok := v.lookup(r.From); ok {
			v.errorf(r.pos, "removed", "removed block names %s, which is still declared (at %s); remove the declaration or the removed block", r.From, obj.Pos().Resolve())
		}
		if strings.HasPrefix(r.From, "data.") || strings.HasPrefix(r.From, "ephemeral.") {
			v.errorf(r.pos, "removed", "removed block address %q is not a managed resource or module", r.From)
		}
	}
	for _, im := range m.Imports {
		if im.ForEach != nil && im.Key == nil {
			v.errorf(im.pos, "import", "import with for_each needs a key for each instance of %s (usually each.key)", im.To.Address())
		}
		v.refs(im.ForEach, im.pos, "import")
		v.refs(im.Key, im.pos, "import")
	}

	fns := func(e Expr, pos Pos, addr string) {
		WalkExpr(e, func(x Expr) bool {
			if c, ok := x.(Call); ok {
				v.providerFn(c, pos, addr, &v.ds)
			}
			return true
		})
	}
	v.everyExpr(fns)

	ephemeral := EphemeralSources(m)
	for _, o := range m.Outputs {
		src := ephemeral(o.Value)
		switch {
		case o.Ephemeral && m.IsRoot():
			v.errorf(o.pos, "output."+o.Name, "a root module cannot have ephemeral outputs (Terraform would have to store them)")
		case src != "" && !o.Ephemeral:
			v.errorf(o.pos, "output."+o.Name, "output uses the ephemeral value %s; mark the output ephemeral (in a shared module) or pass the value only to write-only arguments", src)
		}
	}
	for _, r := range v.counted {
		if r.Mode == Ephemeral {
			continue
		}
		for _, e := range []Expr{r.Count, r.ForEach} {
			if src := ephemeral(e); src != "" {
				v.errorf(r.pos, r.Address(), "count and for_each cannot use the ephemeral value %s", src)
			}
		}
	}
}

// providerFn reports to ds a call of a provider function that is
// misspelt or whose provider the module does not require.
func (v *validator) providerFn(c Call, pos Pos, addr string, ds *Diagnostics) {
	p, name, isProvider := ProviderFunction(c.Name)
	if !isProvider {
		if strings.Contains(c.Name, "::") {
			ds.Errorf(pos, v.qualify(addr), "function name %q: a provider function is written provider::<provider>::<function>", c.Name)
		}
		return
	}
	if !IsName(p) || !IsName(name) {
		ds.Errorf(pos, v.qualify(addr), "invalid provider function name %q", c.Name)
	} else if !v.required[p] {
		ds.Errorf(pos, v.qualify(addr), "%s calls a function of provider %q, which is not in this module's required_providers (Terraform resolves provider functions only through it)", c.Name, p)
	}
}

// everyExpr calls fn for every top-level expression of the module, with
// the best position known for it, but for those of m.Resources: the
// resource walk has checked them for provider functions, the one use of
// everyExpr, and its findings are spliced in where they belong.
func (v *validator) everyExpr(fn func(e Expr, pos Pos, addr string)) {
	m := v.m
	var body func(b *Body, pos Pos, addr string)
	body = func(b *Body, pos Pos, addr string) {
		for _, it := range b.Items {
			if a := it.Attr; a != nil {
				at := pos
				if a.Pos.Known() {
					at = a.Pos
				}
				fn(a.Value, at, addr)
			} else {
				body(&it.Block.Body, pos, addr)
			}
		}
	}
	for _, x := range m.Variables {
		for _, c := range x.Validations {
			fn(c.Cond, x.pos, x.RefAddr())
		}
	}
	for _, x := range m.Locals {
		fn(x.Value, x.pos, x.RefAddr())
	}
	for _, p := range m.Providers {
		body(&p.Body, p.pos, "provider."+p.Ref())
	}
	resource := func(r *Resource, addr string) {
		fn(r.Count, r.pos, addr)
		fn(r.ForEach, r.pos, addr)
		body(&r.Body, r.pos, addr)
		for _, p := range r.Provisioners {
			body(&p.Body, r.pos, addr)
		}
		for _, c := range append(append([]Condition(nil), r.lifecycle().Preconditions...), r.lifecycle().Postconditions...) {
			fn(c.Cond, r.pos, addr)
			fn(c.Message, r.pos, addr)
		}
	}
	v.ds = append(v.ds, v.fnDs...)
	for _, c := range m.Calls {
		body(&c.Body, c.pos, c.RefAddr())
	}
	for _, o := range m.Outputs {
		fn(o.Value, o.pos, "output."+o.Name)
	}
	for _, c := range m.Checks {
		if c.Data != nil {
			resource(c.Data, "check."+c.Name+"."+c.Data.Address())
		}
		for _, a := range c.Asserts {
			fn(a.Cond, c.pos, "check."+c.Name)
		}
	}
	for _, im := range m.Imports {
		fn(im.ID, im.pos, "import")
	}
}
