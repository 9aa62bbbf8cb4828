package convert

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// A converted module that another converted module calls gets a typed
// interface, as the platform's component modules have: an Inputs struct
// of its variables, an Outputs struct of its outputs, and a typed Caller,
//
//	type networkInputs struct {
//		VPCCIDR typed.String `tf:"vpc_cidr"`
//	}
//	var callNetwork = typed.ModuleCaller[networkInputs, networkOutputs]()
//
// so that a call with an input of the wrong type does not compile and its
// outputs are typed values. A call that the Caller cannot make (count or
// for_each, a version, a reference to the whole call) stays untyped.

// moduleIface is the typed interface of one converted module.
type moduleIface struct {
	inputs, outputs   string // struct type names
	caller            string // the Caller variable
	in, out           []ifaceField
	inByName, outByTF map[string]ifaceField
}

type ifaceField struct{ tfName, goName, goType string }

// newIface names the interface of a module whose function is fn and
// types its inputs from the module's variable blocks.
func newIface(m *Module, fn string) *moduleIface {
	base := strings.TrimSuffix(fn, "Module")
	x := &moduleIface{inputs: base + "Inputs", outputs: base + "Outputs", caller: "call" + strings.ToUpper(base[:1]) + base[1:], inByName: map[string]ifaceField{}, outByTF: map[string]ifaceField{}}
	used := map[string]bool{}
	for _, b := range m.Blocks {
		if b.Type != "variable" || len(b.Labels) != 1 {
			continue
		}
		t := cty.DynamicPseudoType
		if a := b.Body.Attr("type"); a != nil {
			if ty, _, ds := typeexpr.TypeConstraintWithDefaults(a.Expr); !ds.HasErrors() {
				t = ty
			}
		}
		f := ifaceField{tfName: b.Labels[0], goName: uniqueName(goName(b.Labels[0], true), used), goType: goTypeOf(t)}
		x.in = append(x.in, f)
		x.inByName[f.tfName] = f
	}
	return x
}

// addOutput records an output of the module with the Go type of its value
// (typed.Any when the value is not a typed one).
func (x *moduleIface) addOutput(name, goType string, used map[string]bool) {
	if goType == "" {
		goType = "typed.Any"
	}
	f := ifaceField{tfName: name, goName: uniqueName(goName(name, true), used), goType: goType}
	x.out = append(x.out, f)
	x.outByTF[name] = f
}

func uniqueName(n string, used map[string]bool) string {
	for used[n] {
		n += "_"
	}
	used[n] = true
	return n
}

// goTypeOf is the typed package's type for values of t.
func goTypeOf(t cty.Type) string {
	switch {
	case t == cty.String:
		return "typed.String"
	case t == cty.Number:
		return "typed.Number"
	case t == cty.Bool:
		return "typed.Bool"
	case t.IsListType():
		return "typed.List[" + goTypeOf(t.ElementType()) + "]"
	case t.IsSetType():
		return "typed.Set[" + goTypeOf(t.ElementType()) + "]"
	case t.IsMapType():
		return "typed.Map[" + goTypeOf(t.ElementType()) + "]"
	}
	return "typed.Any"
}

// decls is the Go of the interface's types and Caller.
func (x *moduleIface) decls(dir string) string {
	var b strings.Builder
	field := func(f ifaceField) {
		b.WriteString("\t" + f.goName + " " + f.goType + " `tf:" + strconv.Quote(f.tfName) + "`\n")
	}
	b.WriteString("\n// " + x.inputs + " are the variables of " + dir + ", for " + x.caller + ".\ntype " + x.inputs + " struct {\n")
	for _, f := range x.in {
		field(f)
	}
	b.WriteString("}\n\n// " + x.outputs + " are the outputs of " + dir + ".\ntype " + x.outputs + " struct {\n")
	for _, f := range x.out {
		field(f)
	}
	b.WriteString("}\n\n// " + x.caller + " calls " + dir + "; its inputs must have the right types.\n")
	b.WriteString("var " + x.caller + " = typed.ModuleCaller[" + x.inputs + ", " + x.outputs + "]()\n")
	return b.String()
}

// typedCallable reports whether the call named name of module m can be
// made through the Caller of x: no count, for_each, version or depends_on,
// every argument a variable of the module, and every reference to it in m
// one of its outputs (module.name.output, perhaps with further steps).
func typedCallable(m *Module, call *Block, x *moduleIface) bool {
	for _, it := range call.Body.Items {
		if it.Block != nil {
			return false
		}
		switch n := it.Attr.Name; n {
		case "source", "providers":
		case "count", "for_each", "version", "depends_on":
			return false
		default:
			if _, ok := x.inByName[n]; !ok {
				return false
			}
		}
	}
	name := call.Labels[0]
	ok := true
	var walk func(b *Body)
	walk = func(b *Body) {
		for _, it := range b.Items {
			if it.Block != nil {
				walk(it.Block.Body)
				continue
			}
			hclsyntax.VisitAll(it.Attr.Expr, func(n hclsyntax.Node) hcl.Diagnostics {
				st, isTrav := n.(*hclsyntax.ScopeTraversalExpr)
				if !isTrav || st.Traversal.RootName() != "module" || len(st.Traversal) < 2 {
					return nil
				}
				if a, isAttr := st.Traversal[1].(hcl.TraverseAttr); !isAttr || a.Name != name {
					return nil
				}
				if len(st.Traversal) < 3 {
					ok = false
					return nil
				}
				out, isAttr := st.Traversal[2].(hcl.TraverseAttr)
				if _, known := x.outByTF[out.Name]; !isAttr || !known {
					ok = false
				}
				return nil
			})
		}
	}
	for _, b := range m.Blocks {
		walk(b.Body)
	}
	return ok
}
