package tf

import "strings"

// The Terraform of 1.7 to 1.11 that CDKTF never modelled: ephemeral
// resources, removed blocks, import with for_each (Import.ForEach) and
// provider-defined functions. Write-only arguments (1.11) need no type of
// their own: they are attributes such as password_wo that the provider
// schema marks write-only, and the schema validator lets only them (and
// other ephemeral contexts) take an ephemeral value.

// Ephemeral declares an ephemeral resource (Terraform 1.10): opened
// during each plan and apply, never stored in the plan or state. Its
// values may flow only into write-only arguments, provider blocks, other
// ephemeral resources, locals, and ephemeral variables and outputs.
//
// It takes the options a resource takes, such as Count, ForEach,
// WithProvider and DependsOn.
func (m *Module) Ephemeral(typ, name string, opts ...Option) *Resource {
	r := &Resource{Mode: Ephemeral, Type: typ, Name: name, pos: callerPos(), module: m, File: m.file}
	m.addResource(r)
	r.apply(opts)
	return r
}

// Removed is a removed block (Terraform 1.7): From leaves the
// configuration, and Destroy says whether Terraform destroys the real
// object (true) or only forgets it (false, lifecycle { destroy = false }).
type Removed struct {
	// From is a resource or module address without instance keys, such as
	// aws_s3_bucket.old or module.legacy.
	From    string
	Destroy bool
	// Provisioners run when the object is destroyed (when = destroy,
	// Terraform 1.9).
	Provisioners []*Block
	pos          Pos
}

// Remove records that from has left the configuration; destroy says
// whether the object itself is destroyed.
func (m *Module) Remove(from string, destroy bool) *Removed {
	r := &Removed{From: from, Destroy: destroy, pos: callerPos()}
	m.Removed = append(m.Removed, r)
	return r
}

// Provisioner adds a destroy-time provisioner block and returns its body.
func (r *Removed) Provisioner(typ string) *Body {
	b := &Block{Type: "provisioner", Labels: []string{typ}, Pos: callerPos()}
	b.Body.Items = append(b.Body.Items, BodyItem{Attr: &Attribute{Name: "when", Value: builtin("destroy"), Pos: b.Pos}})
	r.Provisioners = append(r.Provisioners, b)
	return &b.Body
}

func (r *Removed) Pos() Pos { return r.pos }

// ImportEach adopts one existing object per element of forEach (Terraform
// 1.7): key picks the instance of to (usually EachKey) and id is the
// object's id (usually EachValue).
func (m *Module) ImportEach(to *Resource, forEach, key, id Expr) *Import {
	im := &Import{To: to, ForEach: Unwrap(forEach), Key: Unwrap(key), ID: Unwrap(id), pos: callerPos()}
	m.Imports = append(m.Imports, im)
	return im
}

// ProviderFn calls a function that a provider defines (Terraform 1.8), as
// provider::aws::arn_parse(arn). The provider must be in the module's
// required_providers under that local name.
func ProviderFn(provider, name string, args ...Expr) Call {
	return Fn("provider::"+provider+"::"+name, args...)
}

// ProviderFunction splits a call name such as provider::aws::arn_parse
// into its provider and function; ok is false for a built-in function.
func ProviderFunction(call string) (provider, name string, ok bool) {
	rest, found := strings.CutPrefix(call, "provider::")
	if !found {
		return "", "", false
	}
	provider, name, ok = strings.Cut(rest, "::")
	return provider, name, ok
}

// EphemeralSources returns a function that names the first ephemeral
// object an expression of m draws on ("" when none): an ephemeral
// resource, an ephemeral variable, an ephemeral output of a called module,
// or a local computed from any of these (ephemeral in turn). Terraform
// allows such values only in write-only arguments, provider blocks,
// ephemeral resources, locals and ephemeral outputs.
func EphemeralSources(m *Module) func(Expr) string {
	locals := map[string]string{}
	byName := map[string]*Local{}
	for _, l := range m.Locals {
		byName[l.Name] = l
	}
	vars := map[string]*Variable{}
	for _, v := range m.Variables {
		vars[v.Name] = v
	}
	var source func(Expr) string
	rootSource := func(root string) string {
		switch {
		case strings.HasPrefix(root, "ephemeral."):
			return root
		case strings.HasPrefix(root, "var."):
			if v := vars[root[4:]]; v != nil && v.Ephemeral {
				return root
			}
		case strings.HasPrefix(root, "local."):
			return locals[root[6:]]
		}
		return ""
	}
	// objectSource is rootSource(t.RefAddr()), without making the
	// address of a variable or a local, as each reference to one did.
	objectSource := func(t Referenceable) string {
		switch t := t.(type) {
		case *Variable:
			if v := vars[t.Name]; v != nil && v.Ephemeral {
				return t.RefAddr()
			}
			return ""
		case *Local:
			return locals[t.Name]
		}
		return rootSource(t.RefAddr())
	}
	source = func(e Expr) string {
		found := ""
		WalkExpr(e, func(x Expr) bool {
			if found != "" {
				return false
			}
			switch r := x.(type) {
			case *Variable:
				if r.Ephemeral {
					found = r.RefAddr()
				}
			case *Local:
				found = locals[r.Name]
			case Ref:
				switch t := r.Target.(type) {
				case *Resource:
					if t.Mode == Ephemeral {
						found = t.Address()
					}
				case *ModuleCall:
					found = callOutputSource(t, r)
				default:
					if r.Kind == RefObject && t != nil {
						found = objectSource(t)
					} else if r.Kind == RefByName {
						found = rootSource(r.Root)
					}
				}
			case *Raw:
				if r.Parsed != nil && !r.Diags.HasErrors() {
					for _, t := range r.Parsed.Variables() {
						if found = rootSource(traversalRoot(t)); found != "" {
							break
						}
					}
				}
			}
			return found == ""
		})
		return found
	}
	// Locals may build on each other: repeat until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, l := range m.Locals {
			if _, done := locals[l.Name]; done {
				continue
			}
			if s := source(l.Value); s != "" {
				locals[l.Name] = s
				changed = true
			}
		}
	}
	return source
}

// callOutputSource names an ephemeral output of a called module that r
// refers to, or "".
func callOutputSource(c *ModuleCall, r Ref) string {
	if c.Child == nil {
		return ""
	}
	steps := r.Steps
	if len(steps) > 0 && (steps[0].Index != nil || steps[0].Splat) {
		steps = steps[1:]
	}
	if len(steps) == 0 || steps[0].Attr == "" {
		return ""
	}
	for _, o := range c.Child.Outputs {
		if o.Name == steps[0].Attr && o.Ephemeral {
			return c.RefAddr() + "." + o.Name
		}
	}
	return ""
}
