package typed

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sync"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/lockedmap"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/rawfile"
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
	// lits are the composite literals passed directly to the file's
	// calls, by the line the call starts on, in the order ast.Inspect
	// meets the calls and then their arguments; nil when the file cannot
	// be read or parsed. One walk of the file at its first use, instead
	// of one per declaration, keeps a lookup as cheap as a map read.
	lits map[int][]litArg
}

// A litArg is a composite literal passed to a call: its type's name
// ("" for an array, slice or map type) and its keys (nil when it is not
// keyed).
type litArg struct {
	typeName string
	lit      *keyed
}

// sources holds every file looked at, each read once, also when
// modules declared in it are built on several goroutines at once.
var sources lockedmap.Map[string, *sourceFile]

func parsed(path string) *sourceFile {
	src, ok := sources.Load(path)
	if !ok {
		src = sources.LoadOrStore(path, &sourceFile{})
	}
	src.once.Do(func() { src.lits = literalsOf(path) })
	return src
}

// literalsOf reads the literals of the file at path: from an index (see
// UseIndex) that holds the file as it is, else by parsing it.
func literalsOf(path string) map[int][]litArg {
	buf, _ := readBufs.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	defer readBufs.Put(buf)
	data, err := rawfile.ReadFileInto(path, buf)
	if err != nil {
		return nil
	}
	if lits, ok := indexed(path, data); ok {
		return lits
	}
	return parseLiterals(path, data)
}

// readBufs are buffers that literalsOf reads files into. What it keeps
// of a file is its literals' keys (the index's strings, or strings the
// parser made), never the bytes read: one buffer serves file after file,
// where each file read was fresh memory.
var readBufs sync.Pool // *[]byte

// parseLiterals parses the Go source data of the file at path for its
// literals.
func parseLiterals(path string, data []byte) map[int][]litArg {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, data, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	tok := fset.File(f.Pos())
	lits := map[int][]litArg{}
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			line := tok.Line(call.Pos())
			for _, arg := range call.Args {
				if lit := compositeLit(arg); lit != nil {
					lits[line] = append(lits[line], litArg{litTypeName(lit), readKeys(lit)})
				}
			}
		}
		return true
	})
	return lits
}

// literalAt finds the keys of the composite literal of a struct type
// named typeName passed directly to a call that starts on line of file;
// nil when there is none or it is not keyed.
func literalAt(file string, line int, typeName string) *keyed {
	for _, a := range parsed(file).lits[line] {
		if a.typeName == typeName {
			return a.lit
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

// keyed is a literal's keys in order, and the literals its values hold;
// nil for a literal that is not keyed (or not known).
type keyed struct {
	keys []string
	// elems holds, by key, the literals of the elements of a slice
	// literal value (by index), or the struct literal value itself
	// (at index 0); nil where an element is not a keyed literal.
	elems map[string][]*keyed
}

// elem is the literal of element i of the value of key name (see
// elems); nil when there is none.
func (k *keyed) elem(name string, i int) *keyed {
	if k == nil {
		return nil
	}
	if es := k.elems[name]; i < len(es) {
		return es[i]
	}
	return nil
}

// orders holds what ordered makes of a literal, for a declaration made
// again (another environment, another run): the source does not change
// while the process runs.
var orders lockedmap.Map[orderKey, []field]

type orderKey struct {
	t   reflect.Type
	lit *keyed
}

func readKeys(lit *ast.CompositeLit) *keyed {
	k := &keyed{}
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
		if es := elemLits(kv.Value); es != nil {
			if k.elems == nil {
				k.elems = map[string][]*keyed{}
			}
			k.elems[id.Name] = es
		}
	}
	return k
}

// elemLits are the keys of the literals of the elements of a slice
// literal (type elided or not), or of the value itself for a pointer
// field; nil when e is no composite literal.
func elemLits(e ast.Expr) []*keyed {
	lit := compositeLit(e)
	if lit == nil {
		return nil
	}
	if _, isSlice := lit.Type.(*ast.ArrayType); !isSlice && lit.Type != nil {
		return []*keyed{readKeys(lit)}
	}
	es := make([]*keyed, len(lit.Elts))
	for i, el := range lit.Elts {
		if l := compositeLit(el); l != nil {
			es[i] = readKeys(l)
		}
	}
	return es
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
		return o
	}
	o := inLiteralOrder(fs, lit)
	orders.Store(key, o)
	return o
}

// inLiteralOrder is fs in the order lit names them, then the rest in
// field order. A literal names a few of a type's many fields: each is
// looked up among fs by its Go name.
func inLiteralOrder(fs []field, lit *keyed) []field {
	out := make([]field, 0, len(fs))
	seen := make([]bool, len(fs))
	for _, k := range lit.keys {
		for i := range fs { // a struct's Go names are unique
			if fs[i].goName == k {
				out = append(out, fs[i])
				seen[i] = true
				break
			}
		}
	}
	for i, f := range fs {
		if !seen[i] {
			out = append(out, f)
		}
	}
	return out
}
