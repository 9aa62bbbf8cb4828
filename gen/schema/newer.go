package schema

import (
	"fmt"
	"slices"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Function is the signature of a provider-defined function (Terraform
// 1.8), called as provider::<provider>::<name>(...).
type Function struct {
	Name string
	// Params is the number of fixed parameters; Variadic says whether more
	// may follow.
	Params   int
	Variadic bool
	Return   cty.Type
}

// EphemeralResource is the schema of an ephemeral resource type, or nil.
func (p *Provider) EphemeralResource(typ string) *Block {
	if l := p.ephemeral.get(typ); l != nil {
		return l.get(p.src)
	}
	return nil
}

// EphemeralResourceTypes lists the ephemeral resource types, sorted.
func (p *Provider) EphemeralResourceTypes() []string { return slices.Clone(p.ephemeral.names) }

// Function returns the signature of a provider-defined function, or nil.
func (p *Provider) Function(name string) *Function { return p.fns()[name] }

// FunctionNames lists the provider-defined functions, sorted.
func (p *Provider) FunctionNames() []string { return sortedKeys(p.fns()) }

// fns decodes the functions of a compact form on first use.
func (p *Provider) fns() map[string]*Function {
	p.functionsOnce.Do(func() {
		if p.functionsSrc == "" {
			return
		}
		defer func() {
			if recover() != nil {
				p.functions = nil
			}
		}()
		d := &decoder{buf: p.functionsSrc, src: p.src}
		p.functions = d.functions()
	})
	return p.functions
}

func functionFromJSON(name string, f *tfjson.FunctionSignature) *Function {
	ret := f.ReturnType
	if ret == cty.NilType {
		ret = cty.DynamicPseudoType
	}
	return &Function{Name: name, Params: len(f.Parameters), Variadic: f.VariadicParameter != nil, Return: ret}
}

func (e *encoder) functions(p *Provider) {
	names := p.FunctionNames()
	e.uvarint(uint64(len(names)))
	for _, n := range names {
		f := p.Function(n)
		e.str(n)
		e.uvarint(uint64(f.Params))
		variadic := uint64(0)
		if f.Variadic {
			variadic = 1
		}
		e.uvarint(variadic)
		e.uvarint(uint64(e.typeIndex(f.Return, "function "+n)))
	}
}

// typeIndex returns the index of t in the type table, adding it.
func (e *encoder) typeIndex(t cty.Type, what string) int {
	js, err := ctyjson.MarshalType(t)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s: %w", what, err)
	}
	i, ok := e.typeIdx[string(js)]
	if !ok {
		i = len(e.types)
		e.types = append(e.types, string(js))
		e.typeIdx[string(js)] = i
	}
	return i
}

func (d *decoder) functions() map[string]*Function {
	n := int(d.uvarint())
	fs := make(map[string]*Function, n)
	for range n {
		f := &Function{Name: d.str()}
		f.Params = int(d.uvarint())
		f.Variadic = d.uvarint() == 1
		f.Return = d.src.typ(d.uvarint())
		fs[f.Name] = f
	}
	return fs
}

// writeOnlyHint points at the write-only twin of an attribute, as
// password_wo is of password, when the schema has one.
func writeOnlyHint(name string, sch *Block) string {
	if a := sch.Attribute(name + "_wo"); a != nil && a.WriteOnly {
		return fmt.Sprintf("; set the write-only %q instead", name+"_wo")
	}
	return "; pass it to a write-only argument (one whose name ends in _wo)"
}

// providerFunction checks a call of provider::<p>::<f> against the
// provider's functions: the name and the number of arguments.
func (v *validator) providerFunction(c tf.Call, pos tf.Pos, addr string) {
	local, name, ok := tf.ProviderFunction(c.Name)
	if !ok {
		return
	}
	p := v.provider(local)
	if p == nil {
		return
	}
	f := p.Function(name)
	if f == nil {
		v.errorf(pos, addr, "%s: provider %s %s has no function %q%s", c.Name, p.Source, p.Version, name, tf.DidYouMean(name, p.FunctionNames()))
		return
	}
	if c.Expand {
		return // the count is known only when the list is
	}
	switch n := len(c.Args); {
	case n < f.Params || (n > f.Params && !f.Variadic):
		want := fmt.Sprintf("%d", f.Params)
		if f.Variadic {
			want = "at least " + want
		}
		v.errorf(pos, addr, "%s takes %s argument(s), got %d", c.Name, want, n)
	}
}
