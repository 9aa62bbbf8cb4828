package convert

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
)

// The typed bindings a converted resource uses are read from their Go
// source (gen/bindings/aws), not linked into the converter: so the Go it
// writes names exactly what compiles, and bindings that -bindings has just
// generated are used in the same run.

// Bindings is a typed bindings package: its source directory and import
// path. One file per type, named as bindgen names it.
type Bindings struct {
	// Dir holds the package's Go files; Import is its import path and
	// Name its package name (aws).
	Dir, Import, Name string
	// Provider is the local name its types start with ("aws").
	Provider string
	// Root is the Go module's directory, where bindgen runs.
	Root string

	mu    sync.Mutex
	types map[string]*bindType // by "aws_vpc" or "data.aws_vpc"; nil: none
}

// DefaultBindings are this repository's AWS bindings, found from dir (a
// directory inside this Go module, such as the package being written):
// nil when the module root or the bindings are not there.
func DefaultBindings(dir string) *Bindings {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	for d := abs; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			if !strings.Contains(string(data), "module "+modulePath+"\n") {
				return nil
			}
			b := &Bindings{Root: d, Dir: filepath.Join(d, "gen", "bindings", "aws"), Import: modulePath + "/gen/bindings/aws", Name: "aws", Provider: "aws"}
			if _, err := os.Stat(filepath.Join(b.Dir, "types.txt")); err != nil {
				return nil
			}
			return b
		}
		if filepath.Dir(d) == d {
			return nil
		}
	}
}

const modulePath = "github.com/runntimeterror/moo-chat-infrastructure"

// bindType is what the converter needs of one type's bindings.
type bindType struct {
	handle, args, ctor string
	// qualifiedHandle is handle as the converted package spells it
	// (aws.Vpc).
	qualifiedHandle string
	// fields of the arguments struct and of every nested block struct,
	// by struct name (aliases resolved).
	structs map[string]*bindStruct
	// getters by attribute or block name: method and Go type.
	getters map[string]getter
}

type getter struct{ method, goType string }

type bindStruct struct {
	// fields by Terraform name.
	fields map[string]bindField
}

type bindField struct {
	goName string
	// goType is the field's type as the converted package writes it
	// (bindings' own names qualified).
	goType string
	block  bool
	// For blocks: the element struct and how many: "*", "[]" or "map".
	elem, shape string
}

// typeOf returns the bindings of a resource type (data: a data source),
// or nil when the package has none.
func (b *Bindings) typeOf(typ string, data bool) *bindType {
	if b == nil || !strings.HasPrefix(typ, b.Provider+"_") {
		return nil
	}
	key := typ
	if data {
		key = "data." + typ
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if t, ok := b.types[key]; ok {
		return t
	}
	if b.types == nil {
		b.types = map[string]*bindType{}
	}
	name := strings.TrimPrefix(typ, b.Provider+"_")
	if data {
		name = "data_" + name
	}
	t := b.parse(filepath.Join(b.Dir, name+".go"), typ)
	b.types[key] = t
	return t
}

// parse reads one bindings file; nil when it is missing or is not the
// bindings of typ.
func (b *Bindings) parse(path, typ string) *bindType {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	t := &bindType{structs: map[string]*bindStruct{}, getters: map[string]getter{}}
	aliases := map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				if ts.Assign.IsValid() {
					if id, ok := ts.Type.(*ast.Ident); ok {
						aliases[ts.Name.Name] = id.Name
					}
					continue
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				t.structs[ts.Name.Name] = b.structOf(st)
			}
		case *ast.FuncDecl:
			switch {
			case d.Recv == nil && strings.HasPrefix(d.Name.Name, "New") && d.Type.Results != nil:
				if n := len(d.Type.Params.List); n >= 3 {
					t.ctor = d.Name.Name
					t.handle = types(d.Type.Results.List[0].Type)
					t.args = types(d.Type.Params.List[2].Type)
				}
			case d.Recv != nil && d.Type.Results != nil && len(d.Type.Params.List) == 0 && d.Body != nil && len(d.Body.List) == 1:
				// func (r X) Getter() T { return typed.TAttr(r.Resource, r.Instance, "name") }
				ret, ok := d.Body.List[0].(*ast.ReturnStmt)
				if !ok || len(ret.Results) != 1 {
					continue
				}
				call, ok := ret.Results[0].(*ast.CallExpr)
				if !ok || len(call.Args) != 3 {
					continue
				}
				lit, ok := call.Args[2].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				name, err := strconv.Unquote(lit.Value)
				if err != nil {
					continue
				}
				t.getters[name] = getter{method: d.Name.Name, goType: b.qualify(d.Type.Results.List[0].Type)}
			}
		}
	}
	if t.ctor == "" || t.structs[t.args] == nil {
		return nil
	}
	t.qualifiedHandle = b.Name + "." + t.handle
	for alias, canon := range aliases {
		for _, ok := aliases[canon]; ok; _, ok = aliases[canon] {
			canon = aliases[canon]
		}
		if s := t.structs[canon]; s != nil {
			t.structs[alias] = s
		}
	}
	return t
}

func (b *Bindings) structOf(st *ast.StructType) *bindStruct {
	s := &bindStruct{fields: map[string]bindField{}}
	for _, fl := range st.Fields.List {
		if fl.Tag == nil || len(fl.Names) != 1 {
			continue
		}
		tag, err := strconv.Unquote(fl.Tag.Value)
		if err != nil {
			continue
		}
		tfTag, ok := reflect.StructTag(tag).Lookup("tf")
		if !ok {
			continue
		}
		name, opt, _ := strings.Cut(tfTag, ",")
		f := bindField{goName: fl.Names[0].Name, goType: b.qualify(fl.Type), block: opt == "block"}
		if f.block {
			switch x := fl.Type.(type) {
			case *ast.StarExpr:
				f.shape, f.elem = "*", types(x.X)
			case *ast.ArrayType:
				f.shape, f.elem = "[]", types(x.Elt)
			case *ast.MapType:
				f.shape, f.elem = "map", types(x.Value)
			default:
				continue
			}
		}
		s.fields[name] = f
	}
	return s
}

// types is the name of a type that is a plain identifier.
func types(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// qualify writes a type expression of the bindings package as the
// converted package spells it.
func (b *Bindings) qualify(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		if token.IsExported(x.Name) {
			return b.Name + "." + x.Name
		}
		return x.Name
	case *ast.SelectorExpr:
		return types(x.X) + "." + x.Sel.Name
	case *ast.StarExpr:
		return "*" + b.qualify(x.X)
	case *ast.ArrayType:
		return "[]" + b.qualify(x.Elt)
	case *ast.MapType:
		return "map[" + b.qualify(x.Key) + "]" + b.qualify(x.Value)
	case *ast.IndexExpr:
		return b.qualify(x.X) + "[" + b.qualify(x.Index) + "]"
	}
	return "any"
}

// typedSym is a declared resource or data source written with its
// bindings: handle is its Go variable.
type typedSym struct {
	handle string
	bt     *bindType
	// usesTyped is set when the module's Go needs the typed package.
	usesTyped *bool
}

// Missing lists the resource and data source types (data sources as
// "data.aws_x", the form of types.txt) that cfg uses, that the provider p
// has, and that b has no bindings for, sorted.
func (b *Bindings) Missing(cfg *Config, p *schema.Provider) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range cfg.Modules {
		for _, blk := range m.Blocks {
			if (blk.Type != "resource" && blk.Type != "data") || len(blk.Labels) != 2 {
				continue
			}
			typ, data := blk.Labels[0], blk.Type == "data"
			key := typ
			if data {
				key = "data." + typ
			}
			if seen[key] || !strings.HasPrefix(typ, b.Provider+"_") || b.typeOf(typ, data) != nil {
				continue
			}
			seen[key] = true
			if (data && p.DataSource(typ) == nil) || (!data && p.Resource(typ) == nil) {
				continue
			}
			out = append(out, key)
		}
	}
	sort.Strings(out)
	return out
}

// AddTypes appends types to the bindings' types.txt, under a comment
// naming why; regenerate the bindings (bindgen) after it. A type already
// listed is not added again.
func (b *Bindings) AddTypes(types []string, why string) error {
	path := filepath.Join(b.Dir, "types.txt")
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		l, _, _ = strings.Cut(l, "#")
		listed[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, t := range types {
		if !listed[t] {
			add = append(add, t)
		}
	}
	if len(add) == 0 {
		return nil
	}
	text := string(old)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text += "# " + why + "\n" + strings.Join(add, "\n") + "\n"
	// Written beside and renamed, so a failed write leaves the old list.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return err
	}
	b.mu.Lock()
	b.types = nil
	b.mu.Unlock()
	return os.Rename(tmp, path)
}

// Regenerate runs bindgen (go run ./gen/bindgen) in the Go module that
// holds the bindings, for the types in their types.txt, and forgets what
// it had read of the old files.
func (b *Bindings) Regenerate() error {
	cmd := exec.Command("go", "run", "./gen/bindgen", "-out", b.Dir, "-import", b.Import)
	cmd.Dir = b.Root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("regenerating the bindings in %s: %v\n%s", b.Dir, err, out)
	}
	b.mu.Lock()
	b.types = nil
	b.mu.Unlock()
	return nil
}
