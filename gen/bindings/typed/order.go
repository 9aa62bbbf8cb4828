package typed

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sync"
)

// Go forgets the order of a struct literal's keys, but readers of the
// rendered Terraform want the attributes in the order the author wrote
// them, as they would in hand-written HCL. So Build looks the literal up in
// the blueprint's own source, at the file:line the declaration was made
// (which diagnostics already record), and follows its keys: attributes
// first, in the literal's order, then nested blocks in the literal's order
// (the Terraform style guide's arguments-then-blocks). Where the literal
// cannot be found (the arguments were built elsewhere and passed as a
// variable, or the source is not on this machine, as in a -trimpath
// binary), it falls back to the struct's field order.

type sourceFile struct {
	once sync.Once
	// calls are the file's call expressions by the line each starts on,
	// in the order ast.Inspect meets them; nil when the file cannot be
	// read or parsed. One walk of the file at its first use, instead of
	// one per declaration, keeps a lookup as cheap as a map read.
	calls map[int][]*ast.CallExpr
}

// sources holds every file looked at, each parsed once, also when
// modules declared in it are built on several goroutines at once.
var sources sync.Map // path -> *sourceFile

func parsed(path string) *sourceFile {
	s, ok := sources.Load(path)
	if !ok {
		s, _ = sources.LoadOrStore(path, &sourceFile{})
	}
	src := s.(*sourceFile)
	src.once.Do(func() { src.calls = callsByLine(path) })
	return src
}

func callsByLine(path string) map[int][]*ast.CallExpr {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	tok := fset.File(f.Pos())
	calls := map[int][]*ast.CallExpr{}
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			line := tok.Line(call.Pos())
			calls[line] = append(calls[line], call)
		}
		return true
	})
	return calls
}

// literalAt finds the composite literal of a struct type named typeName
// passed directly to a call that starts on line of file.
func literalAt(file string, line int, typeName string) *ast.CompositeLit {
	for _, call := range parsed(file).calls[line] {
		for _, arg := range call.Args {
			if lit := compositeLit(arg); lit != nil && litTypeName(lit) == typeName {
				return lit
			}
		}
	}
	return nil
}

// compositeLit is e as a composite literal, looking through &T{...}.
func compositeLit(e ast.Expr) *ast.CompositeLit {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

func litTypeName(lit *ast.CompositeLit) string {
	switch t := lit.Type.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

// keyed is a literal's keys in order with their values; nil for a literal
// that is not keyed (or not known).
type keyed struct {
	keys   []string
	values map[string]ast.Expr
}

// keyedOf and orders hold what keysOf and ordered make of a literal, for
// a declaration made again (another environment, another run): the
// source does not change while the process runs.
var (
	keyedOf sync.Map // *ast.CompositeLit -> *keyed
	orders  sync.Map // orderKey -> []field
)

type orderKey struct {
	t   reflect.Type
	lit *keyed
}

func keysOf(lit *ast.CompositeLit) *keyed {
	if lit == nil {
		return nil
	}
	if k, ok := keyedOf.Load(lit); ok {
		return k.(*keyed)
	}
	k := readKeys(lit)
	keyedOf.Store(lit, k)
	return k
}

func readKeys(lit *ast.CompositeLit) *keyed {
	k := &keyed{values: map[string]ast.Expr{}}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			return nil
		}
		k.keys = append(k.keys, id.Name)
		k.values[id.Name] = kv.Value
	}
	return k
}

// ordered is the fields of struct type t in the order lit names them,
// then the rest in field order.
func ordered(t reflect.Type, lit *keyed) []field {
	fs := fieldsOf(t)
	if lit == nil {
		return fs
	}
	key := orderKey{t, lit}
	if o, ok := orders.Load(key); ok {
		return o.([]field)
	}
	o := inLiteralOrder(t, fs, lit)
	orders.Store(key, o)
	return o
}

func inLiteralOrder(t reflect.Type, fs []field, lit *keyed) []field {
	byGoName := make(map[string]field, len(fs))
	for _, f := range fs {
		byGoName[t.Field(f.index).Name] = f
	}
	out := make([]field, 0, len(fs))
	seen := map[int]bool{}
	for _, k := range lit.keys {
		if f, ok := byGoName[k]; ok {
			out = append(out, f)
			seen[f.index] = true
		}
	}
	for _, f := range fs {
		if !seen[f.index] {
			out = append(out, f)
		}
	}
	return out
}

// elemLit is the literal of element i of a slice literal (type elided or
// not), or of the value itself for a pointer field.
func elemLit(e ast.Expr, i int) *ast.CompositeLit {
	lit := compositeLit(e)
	if lit == nil {
		return nil
	}
	if _, isSlice := lit.Type.(*ast.ArrayType); !isSlice && lit.Type != nil {
		if i == 0 {
			return lit
		}
		return nil
	}
	if i < len(lit.Elts) {
		return compositeLit(lit.Elts[i])
	}
	return nil
}
