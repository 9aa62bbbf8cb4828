package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
)

// A .tf.json file is read by translating it into the native syntax it
// stands for and parsing that, so both syntaxes meet in one converter.
// Which keys of a body are nested blocks is known only from the provider
// schema (and Terraform's own block types), as Terraform itself does it.

// jv is a JSON value that keeps the order of object keys.
type jv struct {
	obj  []jkv
	arr  []jv
	lit  json.RawMessage
	kind byte // 'o', 'a', 'l'
}

type jkv struct {
	key string
	val jv
}

func decodeJSON(dec *json.Decoder) (jv, error) {
	tok, err := dec.Token()
	if err != nil {
		return jv{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v := jv{kind: 'o'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return v, err
				}
				k, _ := kt.(string)
				val, err := decodeJSON(dec)
				if err != nil {
					return v, err
				}
				v.obj = append(v.obj, jkv{k, val})
			}
			_, err := dec.Token()
			return v, err
		case '[':
			v := jv{kind: 'a'}
			for dec.More() {
				val, err := decodeJSON(dec)
				if err != nil {
					return v, err
				}
				v.arr = append(v.arr, val)
			}
			_, err := dec.Token()
			return v, err
		}
	case string:
		b, _ := json.Marshal(t)
		return jv{kind: 'l', lit: b}, nil
	case json.Number:
		return jv{kind: 'l', lit: json.RawMessage(t.String())}, nil
	case bool:
		return jv{kind: 'l', lit: json.RawMessage(fmt.Sprint(t))}, nil
	case nil:
		return jv{kind: 'l', lit: json.RawMessage("null")}, nil
	}
	return jv{}, fmt.Errorf("unexpected JSON token %v", tok)
}

func (v jv) str() (string, bool) {
	if v.kind != 'l' || len(v.lit) == 0 || v.lit[0] != '"' {
		return "", false
	}
	var s string
	_ = json.Unmarshal(v.lit, &s)
	return s, true
}

// items is an object's entries, or the entries of every object of an
// array of objects (Terraform JSON's way of repeating a block).
func (v jv) items() []jkv {
	if v.kind == 'a' {
		var out []jkv
		for _, el := range v.arr {
			out = append(out, el.obj...)
		}
		return out
	}
	return v.obj
}

// bodies is one object or each object of an array.
func (v jv) bodies() []jv {
	if v.kind == 'a' {
		return v.arr
	}
	return []jv{v}
}

var jsonSchemas *schema.Schemas

func (l *loader) readJSON(m *Module, name, p string) {
	data, err := os.ReadFile(p)
	if err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "cannot read file", Detail: err.Error()})
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := decodeJSON(dec)
	if err != nil || root.kind != 'o' {
		l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "invalid Terraform JSON", Detail: fmt.Sprintf("%s: %v", p, err)})
		return
	}
	if jsonSchemas == nil {
		jsonSchemas, _ = schema.Default()
	}
	t := &jsonToHCL{}
	t.file(root)
	src := t.b.Bytes()
	// The translation stands in for the file: positions point into it.
	l.readHCLSource(m, name, p+" (as HCL)", src)
}

type jsonToHCL struct {
	b bytes.Buffer
}

func (t *jsonToHCL) file(root jv) {
	for _, kv := range root.obj {
		switch kv.key {
		case "//":
			t.comment(kv.val, 0)
		case "resource", "data", "ephemeral":
			for _, typ := range kv.val.items() {
				for _, nm := range typ.val.items() {
					for _, body := range nm.val.bodies() {
						t.open(0, kv.key, typ.key, nm.key)
						t.body(body, 1, resourceSchema(kv.key, typ.key), kv.key)
						t.close(0)
					}
				}
			}
		case "provider":
			for _, p := range kv.val.items() {
				for _, body := range p.val.bodies() {
					t.open(0, "provider", p.key)
					t.body(body, 1, providerSchema(p.key), "provider")
					t.close(0)
				}
			}
		case "variable", "output", "module", "check":
			for _, nm := range kv.val.items() {
				for _, body := range nm.val.bodies() {
					t.open(0, kv.key, nm.key)
					t.body(body, 1, nil, kv.key)
					t.close(0)
				}
			}
		case "locals":
			for _, body := range kv.val.bodies() {
				t.open(0, "locals")
				t.body(body, 1, nil, "locals")
				t.close(0)
			}
		default:
			for _, body := range kv.val.bodies() {
				t.open(0, kv.key)
				t.body(body, 1, nil, kv.key)
				t.close(0)
			}
		}
	}
}

func resourceSchema(mode, typ string) *schema.Block {
	if jsonSchemas == nil {
		return nil
	}
	for _, p := range jsonSchemas.Providers {
		if mode == "data" {
			if b := p.DataSource(typ); b != nil {
				return b
			}
		} else if b := p.Resource(typ); b != nil {
			return b
		}
	}
	return nil
}

func providerSchema(name string) *schema.Block {
	if jsonSchemas == nil {
		return nil
	}
	if p := jsonSchemas.Provider(name); p != nil {
		return p.Config()
	}
	return nil
}

// nestedBlocks are Terraform's own block types within each kind of body,
// with their label counts.
var nestedBlocks = map[string]map[string]int{
	"resource":           {"lifecycle": 0, "provisioner": 1, "connection": 0, "dynamic": 1},
	"data":               {"lifecycle": 0, "dynamic": 1},
	"ephemeral":          {"lifecycle": 0, "dynamic": 1},
	"provider":           {"dynamic": 1},
	"lifecycle":          {"precondition": 0, "postcondition": 0},
	"variable":           {"validation": 0},
	"output":             {"precondition": 0},
	"terraform":          {"required_providers": 0, "backend": 1, "cloud": 0},
	"cloud":              {"workspaces": 0},
	"check":              {"assert": 0, "data": 2},
	"provisioner":        {"connection": 0},
	"dynamic":            {"content": 0},
	"import":             {},
	"removed":            {"lifecycle": 0, "provisioner": 1, "connection": 0},
	"module":             {},
	"locals":             {},
	"moved":              {},
	"required_providers": {},
}

// bareKeys are, per kind of body, the arguments whose JSON strings are
// expressions rather than templates.
var bareKeys = map[string]map[string]bool{
	"resource":    {"depends_on": true, "provider": true},
	"data":        {"depends_on": true, "provider": true},
	"ephemeral":   {"depends_on": true, "provider": true},
	"module":      {"depends_on": true, "providers": true},
	"output":      {"depends_on": true},
	"variable":    {"type": true},
	"lifecycle":   {"ignore_changes": true, "replace_triggered_by": true},
	"moved":       {"from": true, "to": true},
	"removed":     {"from": true},
	"import":      {"to": true, "provider": true},
	"dynamic":     {"iterator": true},
	"provisioner": {"when": true, "on_failure": true},
}

func (t *jsonToHCL) body(v jv, level int, sch *schema.Block, kind string) {
	for _, kv := range v.items() {
		if kv.key == "//" {
			t.comment(kv.val, level)
			continue
		}
		if n, ok := nestedBlocks[kind][kv.key]; ok {
			t.nested(kv, n, level, kv.key)
			continue
		}
		if sch != nil {
			if bt := sch.BlockType(kv.key); bt != nil {
				for _, body := range kv.val.bodies() {
					t.open(level, kv.key)
					t.body(body, level+1, bt.Block, "schema")
					t.close(level)
				}
				continue
			}
		}
		t.indent(level)
		t.b.WriteString(kv.key)
		t.b.WriteString(" = ")
		if bareKeys[kind][kv.key] {
			t.bare(kv.val, level)
		} else {
			t.expr(kv.val, level)
		}
		t.b.WriteByte('\n')
	}
}

func (t *jsonToHCL) nested(kv jkv, labels, level int, kind string) {
	var walk func(v jv, ls []string)
	walk = func(v jv, ls []string) {
		if len(ls) == labels {
			for _, body := range v.bodies() {
				t.open(level, kv.key, ls...)
				t.body(body, level+1, nil, kind)
				t.close(level)
			}
			return
		}
		for _, l := range v.items() {
			walk(l.val, append(ls, l.key))
		}
	}
	walk(kv.val, nil)
}

func (t *jsonToHCL) open(level int, typ string, labels ...string) {
	t.indent(level)
	t.b.WriteString(typ)
	for _, l := range labels {
		t.b.WriteString(" ")
		t.b.WriteString(quoteHCL(l))
	}
	t.b.WriteString(" {\n")
}

func (t *jsonToHCL) close(level int) {
	t.indent(level)
	t.b.WriteString("}\n")
}

func (t *jsonToHCL) indent(level int) {
	t.b.WriteString(strings.Repeat("  ", level))
}

func (t *jsonToHCL) comment(v jv, level int) {
	s, ok := v.str()
	if !ok {
		return
	}
	for _, l := range strings.Split(s, "\n") {
		t.indent(level)
		t.b.WriteString("# " + l + "\n")
	}
}

// expr writes a JSON value as the HCL expression Terraform reads it as:
// strings are templates.
func (t *jsonToHCL) expr(v jv, level int) {
	switch v.kind {
	case 'o':
		t.b.WriteString("{\n")
		for _, kv := range v.obj {
			t.indent(level + 1)
			t.b.WriteString(quoteHCL(kv.key))
			t.b.WriteString(" = ")
			t.expr(kv.val, level+1)
			t.b.WriteByte('\n')
		}
		t.indent(level)
		t.b.WriteString("}")
	case 'a':
		t.b.WriteString("[")
		for i, el := range v.arr {
			if i > 0 {
				t.b.WriteString(", ")
			}
			t.expr(el, level)
		}
		t.b.WriteString("]")
	default:
		if s, ok := v.str(); ok {
			t.b.WriteString(quoteHCL(s))
			return
		}
		t.b.Write(v.lit)
	}
}

// bare writes strings as the expressions they hold (depends_on entries,
// provider references, type constraints).
func (t *jsonToHCL) bare(v jv, level int) {
	switch v.kind {
	case 'a':
		t.b.WriteString("[")
		for i, el := range v.arr {
			if i > 0 {
				t.b.WriteString(", ")
			}
			t.bare(el, level)
		}
		t.b.WriteString("]")
	case 'o':
		t.b.WriteString("{\n")
		for _, kv := range v.obj {
			t.indent(level + 1)
			t.b.WriteString(kv.key + " = ")
			t.bare(kv.val, level+1)
			t.b.WriteByte('\n')
		}
		t.indent(level)
		t.b.WriteString("}")
	default:
		if s, ok := v.str(); ok {
			s = strings.TrimSuffix(strings.TrimPrefix(s, "${"), "}")
			t.b.WriteString(s)
			return
		}
		t.b.Write(v.lit)
	}
}

// quoteHCL writes s as an HCL quoted template with the same meaning it
// has as a JSON string: ${ and %{ stay templates, and what is inside
// them is expression syntax, copied as it is.
func quoteHCL(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case (c == '$' || c == '%') && strings.HasPrefix(s[i+1:], string(c)+"{"):
			// $${ and %%{ are escapes of the same spelling in both.
			b.WriteString(s[i : i+3])
			i += 2
		case (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{':
			end := interpolationEnd(s, i+2)
			b.WriteString(s[i:end])
			i = end - 1
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// interpolationEnd is the index just past the } that closes the
// interpolation whose body starts at i, skipping braces inside quoted
// strings.
func interpolationEnd(s string, i int) int {
	depth := 1
	for ; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		}
	}
	return len(s)
}

func (l *loader) readHCLSource(m *Module, name, display string, src []byte) {
	m.Files[name] = src
	f, ds := hclsyntax.ParseConfig(src, display, hcl.InitialPos)
	l.diags = append(l.diags, ds...)
	if ds.HasErrors() {
		return
	}
	l.addBlocks(m, f.Body.(*hclsyntax.Body), name, src, newComments(src, display))
}
