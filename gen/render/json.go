package render

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// jsonWriter appends indented JSON in the order it is told, which is what
// makes the output deterministic: no map is ever marshalled.
type jsonWriter struct {
	buf   []byte
	level int
	// need records, per open container, whether a comma is due before the
	// next member.
	need []bool
	hcl  *hclWriter
}

func (j *jsonWriter) newline() {
	j.buf = append(j.buf, '\n')
	for i := 0; i < j.level; i++ {
		j.buf = append(j.buf, ' ', ' ')
	}
}

// member starts a member of the open container: a comma if needed, a
// newline and indentation, and the key when inside an object.
func (j *jsonWriter) member(key string, inObject bool) {
	if n := len(j.need); n > 0 {
		if j.need[n-1] {
			j.buf = append(j.buf, ',')
		}
		j.need[n-1] = true
		j.newline()
	}
	if inObject {
		j.buf = appendJSONString(j.buf, key)
		j.buf = append(j.buf, ": "...)
	}
}

func (j *jsonWriter) open(c byte) {
	j.buf = append(j.buf, c)
	j.level++
	j.need = append(j.need, false)
}

func (j *jsonWriter) close(c byte) {
	had := j.need[len(j.need)-1]
	j.need = j.need[:len(j.need)-1]
	j.level--
	if had {
		j.newline()
	}
	j.buf = append(j.buf, c)
}

// field writes "key": and then calls value to write the value.
func (j *jsonWriter) field(key string, value func()) {
	j.member(key, true)
	value()
}

func (j *jsonWriter) elem(value func()) {
	j.member("", false)
	value()
}

func (j *jsonWriter) str(s string) { j.buf = appendJSONString(j.buf, s) }

// strs writes a list of plain strings.
func (j *jsonWriter) strs(ss []string) {
	j.open('[')
	for _, s := range ss {
		j.elem(func() { j.str(s) })
	}
	j.close(']')
}

// tmplStr writes a literal string that Terraform reads as a template:
// ${ and %{ are escaped. HCL's template scanner does not honour those
// escapes after a raw carriage return, so such a string is written as an
// interpolated native string literal instead, where \r is an escape.
func (j *jsonWriter) tmplStr(s string) {
	h := j.hcl
	mark := len(h.buf)
	h.buf = appendTemplateLiteral(h.buf, s)
	j.buf = appendJSONString(j.buf, h.buf[mark:])
	h.buf = h.buf[:mark]
}

// appendTemplateLiteral appends template source whose value is exactly s.
func appendTemplateLiteral(b []byte, s string) []byte {
	if strings.IndexByte(s, '\r') >= 0 && (strings.Contains(s, "${") || strings.Contains(s, "%{")) {
		b = append(b, "${"...)
		b = appendQuoted(b, s)
		return append(b, '}')
	}
	return appendTemplateEscaped(b, s)
}

func appendTemplateEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{' {
			b = append(b, c)
		}
		b = append(b, c)
	}
	return b
}

// interp writes e as "${...}" with e in single-line HCL.
func (j *jsonWriter) interp(e tf.Expr) {
	h := j.hcl
	mark := len(h.buf)
	h.buf = append(h.buf, "${"...)
	h.expr(e, 0, true)
	h.buf = append(h.buf, '}')
	j.buf = appendJSONString(j.buf, h.buf[mark:])
	h.buf = h.buf[:mark]
}

// expr writes an expression in an attribute-value position: literals stay
// JSON values (strings escaped as templates), constructors stay JSON
// arrays and objects, anything else becomes an interpolation.
func (j *jsonWriter) expr(e tf.Expr) {
	switch x := e.(type) {
	case tf.Str:
		j.tmplStr(x.Text())
	case tf.Literal:
		j.value(x.Value, true)
	case tf.Tuple:
		j.open('[')
		for _, el := range x.Elems {
			j.elem(func() { j.expr(el) })
		}
		j.close(']')
	case tf.Object:
		j.open('{')
		for _, it := range x.Items {
			if key := it.Key(); key != nil {
				h := j.hcl
				mark := len(h.buf)
				h.buf = append(h.buf, "${"...)
				h.expr(key, 0, true)
				h.buf = append(h.buf, '}')
				key := string(h.buf[mark:])
				h.buf = h.buf[:mark]
				j.field(key, func() { j.expr(it.Val()) })
				continue
			}
			j.field(string(appendTemplateLiteral(nil, it.Name)), func() { j.expr(it.Val()) })
		}
		j.close('}')
	case tf.Template:
		h := j.hcl
		mark := len(h.buf)
		for _, p := range x.Parts {
			if s, ok := p.(tf.Str); ok {
				h.buf = appendTemplateLiteral(h.buf, s.Text())
				continue
			}
			if lit, ok := p.(tf.Literal); ok && lit.Value.Type() == cty.String && lit.Value.IsKnown() && !lit.Value.IsNull() {
				h.buf = appendTemplateLiteral(h.buf, lit.Value.AsString())
				continue
			}
			h.buf = append(h.buf, "${"...)
			h.expr(p, 0, true)
			h.buf = append(h.buf, '}')
		}
		j.buf = appendJSONString(j.buf, h.buf[mark:])
		h.buf = h.buf[:mark]
	case tf.Exprer:
		j.expr(tf.Unwrap(e))
	default:
		j.interp(e)
	}
}

// value writes a cty value as JSON; tmpl says whether Terraform reads its
// strings as templates (attribute values) or literally (variable
// defaults, the terraform block).
func (j *jsonWriter) value(v cty.Value, tmpl bool) {
	if v.IsMarked() {
		j.hcl.fail("a marked value cannot be rendered")
		v, _ = v.Unmark()
	}
	if !v.IsKnown() {
		j.hcl.fail("an unknown value cannot be rendered as a literal")
		j.buf = append(j.buf, "null"...)
		return
	}
	if v.IsNull() {
		j.buf = append(j.buf, "null"...)
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		if tmpl {
			j.tmplStr(v.AsString())
		} else {
			j.str(v.AsString())
		}
	case ty == cty.Number:
		j.buf = appendNumber(j.buf, v.AsBigFloat())
	case ty == cty.Bool:
		j.buf = strconv.AppendBool(j.buf, v.True())
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		j.open('[')
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			j.elem(func() { j.value(ev, tmpl) })
		}
		j.close(']')
	case ty.IsMapType() || ty.IsObjectType():
		j.open('{')
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			key := k.AsString()
			if tmpl {
				key = string(appendTemplateLiteral(nil, key))
			}
			j.field(key, func() { j.value(ev, tmpl) })
		}
		j.close('}')
	default:
		j.hcl.fail("a value of type " + ty.FriendlyName() + " has no Terraform syntax")
		j.buf = append(j.buf, "null"...)
	}
}

// appendJSONString appends s as a JSON string; it takes bytes as well, so
// text rendered into a scratch buffer needs no conversion.
func appendJSONString[S string | []byte](b []byte, s S) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				b = append(b, '\\', '"')
			case c == '\\':
				b = append(b, '\\', '\\')
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f:
				b = append(b, `\u00`...)
				b = append(b, hexDigit(c>>4), hexDigit(c&0xf))
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune([]byte(s[i:min(i+utf8.UTFMax, len(s))]))
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, hexDigit(byte(r&0xf)))
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func jsonFile(blocks []any, opts Options, errs *exprErrors) []byte {
	return inScratch(func(buf []byte) []byte {
		j := &jsonWriter{hcl: &hclWriter{errs: errs}, buf: buf}
		j.open('{')
		j.field("//", func() { j.str(GeneratedMarker + opts.generator() + "; DO NOT EDIT.") })

		// Group blocks by kind (and resources by type), each kind at its first
		// appearance: a JSON object cannot repeat a key.
		type group struct {
			kind  string
			items []any
		}
		var groups []*group
		index := map[string]*group{}
		for _, b := range blocks {
			kind := blockKind(b)
			g, ok := index[kind]
			if !ok {
				g = &group{kind: kind}
				index[kind] = g
				groups = append(groups, g)
			}
			g.items = append(g.items, b)
		}
		for _, g := range groups {
			j.topGroup(g.kind, g.items)
		}
		j.close('}')
		j.buf = append(j.buf, '\n')
		return j.buf
	})
}

func blockKind(b any) string {
	switch x := b.(type) {
	case terraformBlock:
		return "terraform"
	case *tf.Provider:
		return "provider"
	case *tf.Variable:
		return "variable"
	case localsBlock:
		return "locals"
	case *tf.Resource:
		return resourceKind(x)
	case *tf.ModuleCall:
		return "module"
	case *tf.Output:
		return "output"
	case *tf.Check:
		return "check"
	case *tf.Moved:
		return "moved"
	case *tf.Import:
		return "import"
	case *tf.Removed:
		return "removed"
	}
	return "unknown"
}

func (j *jsonWriter) at(pos tf.Pos, addr string) {
	j.hcl.pos, j.hcl.addr, j.hcl.res = pos, addr, nil
}

func (j *jsonWriter) topGroup(kind string, items []any) {
	j.field(kind, func() {
		switch kind {
		case "terraform":
			j.terraform(items[0].(terraformBlock).TerraformBlock)
		case "locals":
			j.open('{')
			for _, it := range items {
				for _, l := range it.(localsBlock).locals {
					j.at(l.Pos(), l.RefAddr())
					j.field(l.Name, func() { j.expr(l.Value) })
				}
			}
			j.close('}')
		case "provider":
			j.open('{')
			var names []string
			byName := map[string][]*tf.Provider{}
			for _, it := range items {
				p := it.(*tf.Provider)
				if _, ok := byName[p.Name]; !ok {
					names = append(names, p.Name)
				}
				byName[p.Name] = append(byName[p.Name], p)
			}
			for _, n := range names {
				j.field(n, func() {
					j.open('[')
					for _, p := range byName[n] {
						j.at(p.Pos(), "provider."+p.Ref())
						j.elem(func() {
							j.open('{')
							if p.Alias != "" {
								j.field("alias", func() { j.str(p.Alias) })
							}
							j.bodyMembers(&p.Body)
							j.close('}')
						})
					}
					j.close(']')
				})
			}
			j.close('}')
		case "resource", "data", "ephemeral":
			n := 0
			j.open('{')
			var types []string
			byType := map[string][]*tf.Resource{}
			for _, it := range items {
				r := it.(*tf.Resource)
				if _, ok := byType[r.Type]; !ok {
					types = append(types, r.Type)
				}
				byType[r.Type] = append(byType[r.Type], r)
			}
			for _, t := range types {
				j.field(t, func() {
					j.open('{')
					for _, r := range byType[t] {
						if n++; n == 64 {
							j.buf = reserve(j.buf, n, len(items))
						}
						j.hcl.pos, j.hcl.res = r.Pos(), r
						j.field(r.Name, func() { j.resource(r) })
					}
					j.hcl.res = nil
					j.close('}')
				})
			}
			j.close('}')
		case "variable", "module", "output", "check":
			j.open('{')
			for _, it := range items {
				name, write := j.named(it)
				j.field(name, write)
			}
			j.close('}')
		case "moved":
			j.open('[')
			for _, it := range items {
				m := it.(*tf.Moved)
				j.elem(func() {
					j.open('{')
					j.field("from", func() { j.str(m.From) })
					j.field("to", func() { j.str(m.To) })
					j.close('}')
				})
			}
			j.close(']')
		case "import":
			j.open('[')
			for _, it := range items {
				im := it.(*tf.Import)
				j.at(im.Pos(), "import")
				j.elem(func() {
					j.open('{')
					if im.ForEach != nil {
						j.field("for_each", func() { j.expr(im.ForEach) })
					}
					j.field("to", func() { j.bareExpr(importTo(im)) })
					j.field("id", func() { j.expr(im.ID) })
					j.close('}')
				})
			}
			j.close(']')
		case "removed":
			j.open('[')
			for _, it := range items {
				j.elem(func() { j.removed(it.(*tf.Removed)) })
			}
			j.close(']')
		}
	})
}

// named locates a variable, module call, output or check for errors and
// returns its name and the function that writes its body.
func (j *jsonWriter) named(it any) (string, func()) {
	switch x := it.(type) {
	case *tf.Variable:
		j.at(x.Pos(), x.RefAddr())
		return x.Name, func() { j.variable(x) }
	case *tf.ModuleCall:
		j.at(x.Pos(), x.RefAddr())
		return x.Name, func() { j.moduleCall(x) }
	case *tf.Output:
		j.at(x.Pos(), "output."+x.Name)
		return x.Name, func() { j.output(x) }
	case *tf.Check:
		j.at(x.Pos(), "check."+x.Name)
		return x.Name, func() { j.check(x) }
	}
	panic("render: unexpected block")
}

// bareExpr writes a static reference as a plain string, as Terraform's
// JSON syntax wants for depends_on, provider, ignore_changes and import
// targets.
func (j *jsonWriter) bareExpr(e tf.Expr) {
	h := j.hcl
	mark := len(h.buf)
	h.expr(e, 0, true)
	j.str(string(h.buf[mark:]))
	h.buf = h.buf[:mark]
}

func (j *jsonWriter) terraform(t tf.TerraformBlock) {
	j.open('{')
	if t.RequiredVersion != "" {
		j.field("required_version", func() { j.str(t.RequiredVersion) })
	}
	if len(t.RequiredProviders) > 0 {
		j.field("required_providers", func() {
			j.open('{')
			for _, p := range t.RequiredProviders {
				j.field(p.Name, func() {
					j.open('{')
					j.field("source", func() { j.str(p.Source) })
					if p.Version != "" {
						j.field("version", func() { j.str(p.Version) })
					}
					if len(p.ConfigurationAliases) > 0 {
						j.field("configuration_aliases", func() { j.strs(p.ConfigurationAliases) })
					}
					j.close('}')
				})
			}
			j.close('}')
		})
	}
	if b := t.Backend; b != nil {
		j.field("backend", func() {
			j.open('{')
			j.field(b.Type, func() { j.literalBody(&b.Body) })
			j.close('}')
		})
	}
	if c := t.Cloud; c != nil {
		j.field("cloud", func() {
			j.open('{')
			if c.Hostname != "" {
				j.field("hostname", func() { j.str(c.Hostname) })
			}
			j.field("organization", func() { j.str(c.Organization) })
			j.field("workspaces", func() {
				j.open('{')
				if c.Workspace != "" {
					j.field("name", func() { j.str(c.Workspace) })
				}
				if c.Project != "" {
					j.field("project", func() { j.str(c.Project) })
				}
				if len(c.WorkspaceTags) > 0 {
					j.field("tags", func() { j.strs(c.WorkspaceTags) })
				}
				j.close('}')
			})
			j.close('}')
		})
	}
	j.close('}')
}

// literalBody writes a body whose values Terraform reads literally (a
// backend's settings).
func (j *jsonWriter) literalBody(b *tf.Body) {
	j.open('{')
	for _, it := range b.Items {
		if a := it.Attr; a != nil {
			j.field(a.Name, func() {
				if lit, ok := tf.AsLiteral(a.Value); ok {
					j.value(lit.Value, false)
				} else {
					j.hcl.fail("backend setting " + a.Name + " must be a literal")
					j.buf = append(j.buf, "null"...)
				}
			})
		}
	}
	j.close('}')
}

// bodyMembers writes the attributes of b, then its nested blocks grouped
// by type in order of first appearance.
func (j *jsonWriter) bodyMembers(b *tf.Body) {
	var types []string
	blocks := map[string][]*tf.Block{}
	for _, it := range b.Items {
		if a := it.Attr; a != nil {
			j.hcl.pos = a.Pos
			j.field(a.Name, func() { j.expr(a.Value) })
			continue
		}
		blk := it.Block
		if _, ok := blocks[blk.Type]; !ok {
			types = append(types, blk.Type)
		}
		blocks[blk.Type] = append(blocks[blk.Type], blk)
	}
	for _, t := range types {
		j.field(t, func() { j.blocksOfType(blocks[t]) })
	}
}

// blocksOfType writes nested blocks of one type: an array of bodies, or
// for labelled blocks (dynamic "x") an object keyed by label.
func (j *jsonWriter) blocksOfType(blks []*tf.Block) {
	if len(blks[0].Labels) == 0 {
		j.open('[')
		for _, blk := range blks {
			j.elem(func() { j.blockBody(blk) })
		}
		j.close(']')
		return
	}
	var labels []string
	byLabel := map[string][]*tf.Block{}
	for _, blk := range blks {
		l := blk.Labels[0]
		if _, ok := byLabel[l]; !ok {
			labels = append(labels, l)
		}
		byLabel[l] = append(byLabel[l], blk)
	}
	j.open('{')
	for _, l := range labels {
		j.field(l, func() {
			bs := byLabel[l]
			if len(bs) == 1 {
				j.blockBody(bs[0])
				return
			}
			j.open('[')
			for _, blk := range bs {
				j.elem(func() { j.blockBody(blk) })
			}
			j.close(']')
		})
	}
	j.close('}')
}

func (j *jsonWriter) blockBody(blk *tf.Block) {
	j.hcl.pos = blk.Pos
	if blk.Type == "dynamic" {
		// iterator is a bare name, not an expression.
		j.open('{')
		for _, it := range blk.Body.Items {
			if a := it.Attr; a != nil {
				if a.Name == "iterator" {
					j.field(a.Name, func() { j.bareExpr(a.Value) })
				} else {
					j.field(a.Name, func() { j.expr(a.Value) })
				}
				continue
			}
			inner := it.Block
			j.field(inner.Type, func() { j.blockBody(inner) })
		}
		j.close('}')
		return
	}
	if blk.Type == "provisioner" {
		// when = destroy is a keyword, written bare.
		if a := firstAttr(&blk.Body); a != nil && a.Name == "when" {
			rest := tf.Body{Items: blk.Body.Items[1:]}
			j.open('{')
			j.field("when", func() { j.bareExpr(a.Value) })
			j.bodyMembers(&rest)
			j.close('}')
			return
		}
	}
	j.open('{')
	j.bodyMembers(&blk.Body)
	j.close('}')
}

func (j *jsonWriter) bareList(objs []tf.Referenceable) {
	j.open('[')
	for _, o := range objs {
		j.elem(func() { j.str(o.RefAddr()) })
	}
	j.close(']')
}

func (j *jsonWriter) resource(r *tf.Resource) {
	j.open('{')
	j.resourceMembers(r)
	j.close('}')
}

func (j *jsonWriter) resourceMembers(r *tf.Resource) {
	if r.Count != nil {
		j.field("count", func() { j.expr(r.Count) })
	}
	if r.ForEach != nil {
		j.field("for_each", func() { j.expr(r.ForEach) })
	}
	if r.Provider != nil {
		j.field("provider", func() { j.str(r.Provider.Ref()) })
	}
	j.bodyMembers(&r.Body)
	j.provisioners(r.Provisioners)
	if len(r.DependsOn) > 0 {
		j.field("depends_on", func() { j.bareList(r.DependsOn) })
	}
	if l := r.Lifecycle; !l.Empty() {
		j.field("lifecycle", func() {
			j.open('{')
			if l.CreateBeforeDestroy {
				j.field("create_before_destroy", func() { j.buf = append(j.buf, "true"...) })
			}
			if l.PreventDestroy {
				j.field("prevent_destroy", func() { j.buf = append(j.buf, "true"...) })
			}
			if l.IgnoreAllChanges {
				j.field("ignore_changes", func() { j.str("all") })
			} else if len(l.IgnoreChanges) > 0 {
				j.field("ignore_changes", func() { j.strs(l.IgnoreChanges) })
			}
			if len(l.ReplaceTriggeredBy) > 0 {
				j.field("replace_triggered_by", func() {
					j.open('[')
					for _, e := range l.ReplaceTriggeredBy {
						j.elem(func() { j.bareExpr(e) })
					}
					j.close(']')
				})
			}
			j.conditions("precondition", l.Preconditions)
			j.conditions("postcondition", l.Postconditions)
			j.close('}')
		})
	}
}

func (j *jsonWriter) conditions(name string, cs []tf.Condition) {
	if len(cs) == 0 {
		return
	}
	j.field(name, func() {
		j.open('[')
		for _, c := range cs {
			j.elem(func() {
				j.open('{')
				j.field("condition", func() { j.expr(c.Cond) })
				j.field("error_message", func() { j.expr(c.Message) })
				j.close('}')
			})
		}
		j.close(']')
	})
}

func (j *jsonWriter) variable(v *tf.Variable) {
	j.open('{')
	if v.Description != "" {
		j.field("description", func() { j.str(v.Description) })
	}
	j.field("type", func() { j.str(variableType(v)) })
	if v.Default != cty.NilVal {
		j.field("default", func() { j.value(v.Default, false) })
	}
	if v.Sensitive {
		j.field("sensitive", func() { j.buf = append(j.buf, "true"...) })
	}
	if v.Ephemeral {
		j.field("ephemeral", func() { j.buf = append(j.buf, "true"...) })
	}
	if v.Nullable != nil {
		j.field("nullable", func() { j.buf = strconv.AppendBool(j.buf, *v.Nullable) })
	}
	j.conditions("validation", v.Validations)
	j.close('}')
}

func (j *jsonWriter) moduleCall(c *tf.ModuleCall) {
	j.open('{')
	j.field("source", func() { j.str(c.Source) })
	if c.Version != "" {
		j.field("version", func() { j.str(c.Version) })
	}
	if c.Count != nil {
		j.field("count", func() { j.expr(c.Count) })
	}
	if c.ForEach != nil {
		j.field("for_each", func() { j.expr(c.ForEach) })
	}
	if len(c.Providers) > 0 {
		j.field("providers", func() {
			j.open('{')
			for _, k := range sortedNames(c.Providers) {
				j.field(k, func() { j.str(c.Providers[k].Ref()) })
			}
			j.close('}')
		})
	}
	j.bodyMembers(&c.Body)
	if len(c.DependsOn) > 0 {
		j.field("depends_on", func() { j.bareList(c.DependsOn) })
	}
	j.close('}')
}

func (j *jsonWriter) output(o *tf.Output) {
	j.open('{')
	if o.Description != "" {
		j.field("description", func() { j.str(o.Description) })
	}
	j.field("value", func() { j.expr(o.Value) })
	if o.Sensitive {
		j.field("sensitive", func() { j.buf = append(j.buf, "true"...) })
	}
	if o.Ephemeral {
		j.field("ephemeral", func() { j.buf = append(j.buf, "true"...) })
	}
	if len(o.DependsOn) > 0 {
		j.field("depends_on", func() { j.bareList(o.DependsOn) })
	}
	j.conditions("precondition", o.Preconditions)
	j.close('}')
}

func (j *jsonWriter) check(c *tf.Check) {
	j.open('{')
	if d := c.Data; d != nil {
		j.field("data", func() {
			j.open('{')
			j.field(d.Type, func() {
				j.open('{')
				j.field(d.Name, func() { j.resource(d) })
				j.close('}')
			})
			j.close('}')
		})
	}
	j.conditions("assert", c.Asserts)
	j.close('}')
}
