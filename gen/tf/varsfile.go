package tf

import (
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// VarsFile is a variable definitions file written beside a root module,
// such as the example.auto.tfvars of placeholders a newcomer plans with,
// or a file that only some runs pass with -var-file. Unlike a hand-kept
// tfvars file, it cannot drift from the module: Validate reports, at the
// Set call's file:line, a name the module does not declare (with a
// did-you-mean), a sensitive variable (the file is committed), and a
// value that is not a constant of the variable's type.
type VarsFile struct {
	// Name is the file name, ending in .tfvars.
	Name string
	// Comment lines head the file, under the generated-file header.
	Comment []string
	// Values are the variable assignments, in the order they are set.
	Values Body
	pos    Pos
}

// VarsFile declares the variable definitions file name (such as
// "example.auto.tfvars") in root module m's directory; comment lines
// head it.
func (m *Module) VarsFile(name string, comment ...string) *VarsFile {
	f := &VarsFile{Name: name, Comment: comment, pos: callerPos()}
	m.VarsFiles = append(m.VarsFiles, f)
	return f
}

func (f *VarsFile) Pos() Pos { return f.pos }

// Set assigns variable name the constant v and returns f for chaining.
//
//go:noinline
func (f *VarsFile) Set(name string, v Expr) *VarsFile {
	f.Values.Items = append(f.Values.Items, BodyItem{Attr: &Attribute{Name: name, Value: v, Pos: callerPos1()}})
	return f
}

// varsFiles checks the module's variable definitions files: beyond what
// a test file's variables need (declared names), a vars file is committed
// and read by terraform as it is, so it holds no secret and only
// constants of each variable's type.
func (v *validator) varsFiles() {
	m := v.m
	vars := map[string]*Variable{}
	for _, x := range m.Variables {
		vars[x.Name] = x
	}
	files := map[string]bool{}
	for _, f := range m.VarsFiles {
		addr := "vars file " + f.Name
		base := strings.TrimSuffix(f.Name, ".tfvars")
		if !strings.HasSuffix(f.Name, ".tfvars") || !IsName(strings.ReplaceAll(base, ".", "_")) {
			v.errorf(f.pos, addr, "a variable definitions file is a name ending in .tfvars, such as example.auto.tfvars, with no directory")
		}
		if files[f.Name] {
			v.errorf(f.pos, addr, "vars file %s is declared twice", f.Name)
		}
		files[f.Name] = true
		if !m.IsRoot() {
			v.errorf(f.pos, addr, "module %s is not a root module: terraform reads variable definitions files only in a root module's directory", m.Name)
		}
		v.testVars(&f.Values, m, f.pos, addr)
		set := map[string]bool{}
		for _, it := range f.Values.Items {
			if it.Attr == nil {
				continue // reported by testVars
			}
			a := it.Attr
			x, ok := vars[a.Name]
			if !ok {
				continue // reported by testVars
			}
			at := a.Pos
			if !at.Known() {
				at = f.pos
			}
			if set[a.Name] {
				v.errorf(at, addr, "variable %q is set twice", a.Name)
			}
			set[a.Name] = true
			if x.Sensitive {
				v.errorf(at, addr, "variable %q is sensitive: a generated vars file is committed, so pass secrets as workspace variables or -var", a.Name)
			}
			val, ok := constValue(a.Value)
			if !ok {
				v.errorf(at, addr, "variable %q: a vars file holds constants, not references or function calls", a.Name)
				continue
			}
			if x.Type != cty.NilType && x.Type != cty.DynamicPseudoType {
				if _, err := convert.Convert(val, x.Type); err != nil {
					v.errorf(at, addr, "variable %q: value does not fit type %s: %s", a.Name, x.Type.FriendlyNameForConstraint(), err)
				}
			}
		}
	}
}

// constValue is the value of e when e is a constant: a literal, or a
// tuple or object of constants.
func constValue(e Expr) (cty.Value, bool) {
	switch x := Unwrap(e).(type) {
	case Literal:
		return x.Value, x.Value != cty.NilVal
	case Str:
		return x.Value(), true
	case Paren:
		return constValue(x.X)
	case Tuple:
		if len(x.Elems) == 0 {
			return cty.EmptyTupleVal, true
		}
		elems := make([]cty.Value, len(x.Elems))
		for i, el := range x.Elems {
			var ok bool
			if elems[i], ok = constValue(el); !ok {
				return cty.NilVal, false
			}
		}
		return cty.TupleVal(elems), true
	case Object:
		attrs := map[string]cty.Value{}
		for _, it := range x.Items {
			val, ok := constValue(it.Val())
			if it.Name == "" || !ok {
				return cty.NilVal, false
			}
			attrs[it.Name] = val
		}
		return cty.ObjectVal(attrs), true
	}
	return cty.NilVal, false
}
