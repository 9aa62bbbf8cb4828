//go:build rego

package rego

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// inputKeys returns the top-level members of input that the modules can
// read, or all=true when that cannot be known from their text: a policy
// reads input only through references rooted at input, so when each of
// them names its first member with a constant, the plan's other members
// (prior_state, planned_values, ...) cannot change any result and OPA
// need not hold them. A reference whose first member is a variable or
// computed (input[k], some k, v in input), or input itself as a value (x
// := input, walk(input, ...), with input as ...), makes every member
// reachable. The modules are compiled, so imports and rule bodies are
// already written as full references.
func inputKeys(mods map[string]*ast.Module) (keys map[string]bool, all bool) {
	keys = map[string]bool{}
	var vis *ast.GenericVisitor
	vis = ast.NewGenericVisitor(func(x any) bool {
		if all {
			return true
		}
		switch x := x.(type) {
		case ast.Ref:
			if !x.HasPrefix(ast.InputRootRef) {
				return false
			}
			if len(x) < 2 {
				all = true
				return true
			}
			s, ok := x[1].Value.(ast.String)
			if !ok {
				all = true
				return true
			}
			keys[string(s)] = true
			// The rest of the reference may index with other
			// references to input (input.a[input.b]).
			for _, t := range x[2:] {
				vis.Walk(t)
			}
			return true
		case ast.Var:
			if x == ast.InputRootDocument.Value {
				all = true
			}
		}
		return false
	})
	for _, m := range mods {
		vis.Walk(m)
		if all {
			return nil, true
		}
	}
	return keys, false
}
