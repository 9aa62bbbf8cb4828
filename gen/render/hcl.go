package render

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// bare is an expression written verbatim: type constraints, provider
// references and ignore_changes paths, which are keywords or static
// traversals rather than values.
func bare(text string) tf.Ref { return tf.Ref{Kind: tf.RefBuiltin, Root: text} }

// kv is one attribute line of a top-level block.
type kv struct {
	key   string
	value tf.Expr
}

func hclFile(blocks []any, opts Options, errs *exprErrors) []byte {
	return inScratch(func(buf []byte) []byte {
		w := &hclWriter{errs: errs, buf: buf, scanners: opts.ScannerIDs, keys: new(keyCache)}
		w.buf = append(w.buf, "# "+GeneratedMarker+opts.generator()+"; DO NOT EDIT.\n"...)
		for i, b := range blocks {
			if i == 64 {
				w.buf = reserve(w.buf, i, len(blocks))
			}
			w.buf = append(w.buf, '\n')
			w.res, w.addr = nil, ""
			w.topBlock(b)
		}
		return w.buf
	})
}

// fileScratch holds the buffers files are written into. Most files of a
// module are a few KiB: each is copied out at its own size, instead of
// keeping a 16 KiB buffer per file (1.2 MB of a platform run's 9 MB,
// each fresh page a fault).
var fileScratch = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// inScratch is the file write appends to an empty pooled buffer: copied
// out at its size, or, when it outgrew the buffer, the larger one it grew
// into (then the file's own).
func inScratch(write func(buf []byte) []byte) []byte {
	sp := fileScratch.Get().(*[]byte)
	defer fileScratch.Put(sp)
	buf := write((*sp)[:0])
	if cap(buf) > cap(*sp) {
		return buf
	}
	return bytes.Clone(buf)
}

func (w *hclWriter) header(words ...string) {
	for i, s := range words {
		if i > 0 {
			w.buf = appendLabel(append(w.buf, ' '), s)
		} else {
			w.buf = append(w.buf, s...)
		}
	}
	w.buf = append(w.buf, " {\n"...)
}

// appendLabel appends s quoted as strconv.Quote would, without its
// escaping work for the usual label: printable ASCII with no quote or
// backslash, which quotes as itself.
func appendLabel(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func (w *hclWriter) kvs(pairs []kv, level int) {
	w.alignedLines(len(pairs), func(i int) (string, int, tf.Expr) { return pairs[i].key, -1, pairs[i].value }, level)
}

// sections writes groups of lines separated by blank lines; empty groups
// are skipped.
func (w *hclWriter) sections(level int, parts ...func(level int) bool) {
	first := true
	for _, p := range parts {
		mark := len(w.buf)
		if !first {
			w.buf = append(w.buf, '\n')
		}
		if p(level) {
			first = false
		} else {
			w.buf = w.buf[:mark]
		}
	}
}

func (w *hclWriter) pairsPart(pairs []kv) func(int) bool {
	return func(level int) bool {
		if len(pairs) == 0 {
			return false
		}
		w.kvs(pairs, level)
		return true
	}
}

func (w *hclWriter) bodyPart(b *tf.Body) func(int) bool {
	return func(level int) bool {
		if len(b.Items) == 0 {
			return false
		}
		w.body(b, level)
		return true
	}
}

// body writes attributes and nested blocks in order: consecutive
// attributes aligned, a blank line around each nested block.
func (w *hclWriter) body(b *tf.Body, level int) {
	items := b.Items
	for i := 0; i < len(items); {
		if i > 0 {
			w.buf = append(w.buf, '\n')
		}
		if blk := items[i].Block; blk != nil {
			w.nestedBlock(blk, level)
			i++
			continue
		}
		j := i
		for j < len(items) && items[j].Attr != nil {
			j++
		}
		run := items[i:j]
		w.alignedLines(len(run), func(k int) (string, int, tf.Expr) {
			w.pos = run[k].Attr.Pos
			return run[k].Attr.Name, -1, run[k].Attr.Value
		}, level)
		i = j
	}
}

func (w *hclWriter) nestedBlock(blk *tf.Block, level int) {
	w.indent(level)
	w.header(append([]string{blk.Type}, blk.Labels...)...)
	w.body(&blk.Body, level+1)
	w.indent(level)
	w.buf = append(w.buf, "}\n"...)
}

func (w *hclWriter) closeBlock(level int) {
	w.indent(level)
	w.buf = append(w.buf, "}\n"...)
}

func (w *hclWriter) topBlock(b any) {
	switch x := b.(type) {
	case terraformBlock:
		w.terraform(x.TerraformBlock)
	case *tf.Provider:
		w.pos, w.addr = x.Pos(), "provider."+x.Ref()
		w.header("provider", x.Name)
		var meta []kv
		if x.Alias != "" {
			meta = append(meta, kv{"alias", tf.String(x.Alias)})
		}
		w.sections(1, w.pairsPart(meta), w.bodyPart(&x.Body))
		w.closeBlock(0)
	case *tf.Variable:
		w.variable(x)
	case localsBlock:
		w.header("locals")
		w.alignedLines(len(x.locals), func(i int) (string, int, tf.Expr) {
			l := x.locals[i]
			w.pos, w.addr = l.Pos(), l.RefAddr()
			return l.Name, -1, l.Value
		}, 1)
		w.closeBlock(0)
	case *tf.Resource:
		w.resource(x)
	case *tf.ModuleCall:
		w.moduleCall(x)
	case *tf.Output:
		w.output(x)
	case *tf.Check:
		w.check(x)
	case *tf.Moved:
		w.pos, w.addr = x.Pos(), "moved"
		w.header("moved")
		w.kvs([]kv{{"from", bare(x.From)}, {"to", bare(x.To)}}, 1)
		w.closeBlock(0)
	case *tf.Import:
		w.pos, w.addr = x.Pos(), "import"
		w.header("import")
		var pairs []kv
		if x.ForEach != nil {
			pairs = append(pairs, kv{"for_each", x.ForEach})
		}
		w.kvs(append(pairs, kv{"to", importTo(x)}, kv{"id", x.ID}), 1)
		w.closeBlock(0)
	case *tf.Removed:
		w.removed(x)
	}
}

func importTo(im *tf.Import) tf.Expr {
	r := im.To.Ref()
	if im.Key != nil {
		r = r.Index(im.Key)
	}
	return r
}

func (w *hclWriter) terraform(t tf.TerraformBlock) {
	w.header("terraform")
	var top []kv
	if t.RequiredVersion != "" {
		top = append(top, kv{"required_version", tf.String(t.RequiredVersion)})
	}
	parts := []func(int) bool{w.pairsPart(top)}
	if len(t.RequiredProviders) > 0 {
		parts = append(parts, func(level int) bool {
			w.indent(level)
			w.header("required_providers")
			reqs := make([]kv, len(t.RequiredProviders))
			for i, p := range t.RequiredProviders {
				reqs[i] = kv{p.Name, providerRequirement(p)}
			}
			w.kvs(reqs, level+1)
			w.closeBlock(level)
			return true
		})
	}
	if t.Backend != nil {
		parts = append(parts, func(level int) bool {
			w.indent(level)
			w.header("backend", t.Backend.Type)
			w.body(&t.Backend.Body, level+1)
			w.closeBlock(level)
			return true
		})
	}
	if t.Cloud != nil {
		parts = append(parts, func(level int) bool {
			w.indent(level)
			w.header("cloud")
			c := t.Cloud
			var attrs []kv
			if c.Hostname != "" {
				attrs = append(attrs, kv{"hostname", tf.String(c.Hostname)})
			}
			attrs = append(attrs, kv{"organization", tf.String(c.Organization)})
			w.kvs(attrs, level+1)
			w.buf = append(w.buf, '\n')
			w.indent(level + 1)
			w.header("workspaces")
			var ws []kv
			if c.Workspace != "" {
				ws = append(ws, kv{"name", tf.String(c.Workspace)})
			}
			if c.Project != "" {
				ws = append(ws, kv{"project", tf.String(c.Project)})
			}
			if len(c.WorkspaceTags) > 0 {
				ws = append(ws, kv{"tags", tf.Strings(c.WorkspaceTags...)})
			}
			w.kvs(ws, level+2)
			w.closeBlock(level + 1)
			w.closeBlock(level)
			return true
		})
	}
	w.sections(1, parts...)
	w.closeBlock(0)
}

func providerRequirement(p tf.ProviderRequirement) tf.Expr {
	o := tf.Obj(tf.KV("source", tf.String(p.Source)))
	if p.Version != "" {
		o.Items = append(o.Items, tf.KV("version", tf.String(p.Version)))
	}
	if len(p.ConfigurationAliases) > 0 {
		refs := make([]tf.Expr, len(p.ConfigurationAliases))
		for i, a := range p.ConfigurationAliases {
			refs[i] = bare(a)
		}
		o.Items = append(o.Items, tf.KV("configuration_aliases", tf.List(refs...)))
	}
	return o
}

func (w *hclWriter) variable(v *tf.Variable) {
	w.pos, w.addr = v.Pos(), v.RefAddr()
	w.header("variable", v.Name)
	attrs := []kv{}
	if v.Description != "" {
		attrs = append(attrs, kv{"description", tf.String(v.Description)})
	}
	attrs = append(attrs, kv{"type", bare(variableType(v))})
	if v.Default != cty.NilVal {
		attrs = append(attrs, kv{"default", tf.Literal{Value: v.Default}})
	}
	if v.Sensitive {
		attrs = append(attrs, kv{"sensitive", tf.Bool(true)})
	}
	if v.Ephemeral {
		attrs = append(attrs, kv{"ephemeral", tf.Bool(true)})
	}
	if v.Nullable != nil {
		attrs = append(attrs, kv{"nullable", tf.Bool(*v.Nullable)})
	}
	parts := []func(int) bool{w.pairsPart(attrs)}
	for _, c := range v.Validations {
		parts = append(parts, w.conditionPart("validation", "error_message", c))
	}
	w.sections(1, parts...)
	w.closeBlock(0)
}

func (w *hclWriter) conditionPart(block, msgKey string, c tf.Condition) func(int) bool {
	return func(level int) bool {
		w.indent(level)
		w.header(block)
		w.kvs([]kv{{"condition", c.Cond}, {msgKey, c.Message}}, level+1)
		w.closeBlock(level)
		return true
	}
}

func refList(objs []tf.Referenceable) tf.Expr {
	elems := make([]tf.Expr, len(objs))
	for i, o := range objs {
		elems[i] = bare(o.RefAddr())
	}
	return tf.List(elems...)
}

func (w *hclWriter) resource(r *tf.Resource) {
	w.pos, w.res = r.Pos(), r
	above, inside := scannerIgnores(r, w.scanners)
	for _, c := range above {
		w.buf = append(append(w.buf, c...), '\n')
	}
	w.header(resourceKind(r), r.Type, r.Name)
	for _, c := range inside {
		w.indent(1)
		w.buf = append(append(w.buf, c...), '\n')
	}
	if len(inside) > 0 {
		w.buf = append(w.buf, '\n')
	}
	w.resourceBody(r, 1)
	w.closeBlock(0)
}

// resourceBody writes meta-arguments, arguments and blocks, provisioners,
// depends_on and lifecycle, a blank line between groups. It is the hot
// path of large modules, so it writes directly rather than through
// sections.
func (w *hclWriter) resourceBody(r *tf.Resource, level int) {
	first := true
	gap := func() {
		if !first {
			w.buf = append(w.buf, '\n')
		}
		first = false
	}
	if r.Count != nil || r.ForEach != nil || r.Provider != nil {
		var meta []kv
		if r.Count != nil {
			meta = append(meta, kv{"count", r.Count})
		}
		if r.ForEach != nil {
			meta = append(meta, kv{"for_each", r.ForEach})
		}
		if r.Provider != nil {
			meta = append(meta, kv{"provider", bare(r.Provider.Ref())})
		}
		gap()
		w.kvs(meta, level)
	}
	if len(r.Items) > 0 {
		gap()
		w.body(&r.Body, level)
	}
	for _, p := range r.Provisioners {
		gap()
		w.nestedBlock(p, level)
	}
	if len(r.DependsOn) > 0 {
		gap()
		w.kvs([]kv{{"depends_on", refList(r.DependsOn)}}, level)
	}
	if !r.Lifecycle.Empty() {
		gap()
		w.lifecycle(*r.Lifecycle, level)
	}
}

func (w *hclWriter) lifecycle(l tf.Lifecycle, level int) {
	w.indent(level)
	w.header("lifecycle")
	var attrs []kv
	if l.CreateBeforeDestroy {
		attrs = append(attrs, kv{"create_before_destroy", tf.Bool(true)})
	}
	if l.PreventDestroy {
		attrs = append(attrs, kv{"prevent_destroy", tf.Bool(true)})
	}
	if l.IgnoreAllChanges {
		attrs = append(attrs, kv{"ignore_changes", bare("all")})
	} else if len(l.IgnoreChanges) > 0 {
		paths := make([]tf.Expr, len(l.IgnoreChanges))
		for i, p := range l.IgnoreChanges {
			paths[i] = bare(p)
		}
		attrs = append(attrs, kv{"ignore_changes", tf.List(paths...)})
	}
	if len(l.ReplaceTriggeredBy) > 0 {
		attrs = append(attrs, kv{"replace_triggered_by", tf.List(l.ReplaceTriggeredBy...)})
	}
	parts := []func(int) bool{w.pairsPart(attrs)}
	for _, c := range l.Preconditions {
		parts = append(parts, w.conditionPart("precondition", "error_message", c))
	}
	for _, c := range l.Postconditions {
		parts = append(parts, w.conditionPart("postcondition", "error_message", c))
	}
	w.sections(level+1, parts...)
	w.closeBlock(level)
}

func (w *hclWriter) moduleCall(c *tf.ModuleCall) {
	w.pos, w.addr = c.Pos(), c.RefAddr()
	w.header("module", c.Name)
	meta := []kv{{"source", tf.String(c.Source)}}
	if c.Version != "" {
		meta = append(meta, kv{"version", tf.String(c.Version)})
	}
	if c.Count != nil {
		meta = append(meta, kv{"count", c.Count})
	}
	if c.ForEach != nil {
		meta = append(meta, kv{"for_each", c.ForEach})
	}
	parts := []func(int) bool{w.pairsPart(meta)}
	if len(c.Providers) > 0 {
		// Keys are provider references (aws.west), written bare: an object
		// constructor would quote them.
		parts = append(parts, func(level int) bool {
			w.indent(level)
			w.buf = append(w.buf, "providers = {\n"...)
			var pairs []kv
			for _, k := range sortedNames(c.Providers) {
				pairs = append(pairs, kv{k, bare(c.Providers[k].Ref())})
			}
			w.kvs(pairs, level+1)
			w.closeBlock(level)
			return true
		})
	}
	parts = append(parts, w.bodyPart(&c.Body))
	if len(c.DependsOn) > 0 {
		parts = append(parts, w.pairsPart([]kv{{"depends_on", refList(c.DependsOn)}}))
	}
	w.sections(1, parts...)
	w.closeBlock(0)
}

func (w *hclWriter) output(o *tf.Output) {
	w.pos, w.addr = o.Pos(), "output."+o.Name
	w.header("output", o.Name)
	var attrs []kv
	if o.Description != "" {
		attrs = append(attrs, kv{"description", tf.String(o.Description)})
	}
	attrs = append(attrs, kv{"value", o.Value})
	if o.Sensitive {
		attrs = append(attrs, kv{"sensitive", tf.Bool(true)})
	}
	if o.Ephemeral {
		attrs = append(attrs, kv{"ephemeral", tf.Bool(true)})
	}
	parts := []func(int) bool{w.pairsPart(attrs)}
	if len(o.DependsOn) > 0 {
		parts = append(parts, w.pairsPart([]kv{{"depends_on", refList(o.DependsOn)}}))
	}
	for _, c := range o.Preconditions {
		parts = append(parts, w.conditionPart("precondition", "error_message", c))
	}
	w.sections(1, parts...)
	w.closeBlock(0)
}

func (w *hclWriter) check(c *tf.Check) {
	w.pos, w.addr = c.Pos(), "check."+c.Name
	w.header("check", c.Name)
	var parts []func(int) bool
	if d := c.Data; d != nil {
		parts = append(parts, func(level int) bool {
			w.indent(level)
			w.header("data", d.Type, d.Name)
			w.resourceBody(d, level+1)
			w.closeBlock(level)
			return true
		})
	}
	for _, a := range c.Asserts {
		parts = append(parts, w.conditionPart("assert", "error_message", a))
	}
	w.sections(1, parts...)
	w.closeBlock(0)
}

// TypeString writes a type constraint as Terraform spells it.
func TypeString(ty cty.Type) string { return TypeStringWithDefaults(ty, nil) }

// TypeStringWithDefaults writes a type constraint with the defaults of its
// optional() attributes, as in optional(number, 7).
func TypeStringWithDefaults(ty cty.Type, d *typeexpr.Defaults) string {
	var b strings.Builder
	writeType(&b, ty, d)
	return b.String()
}

// variableType is the type constraint of v as it is written.
func variableType(v *tf.Variable) string { return TypeStringWithDefaults(v.Type, v.TypeDefaults) }

func childDefaults(d *typeexpr.Defaults, key string) *typeexpr.Defaults {
	if d == nil {
		return nil
	}
	return d.Children[key]
}

func writeType(b *strings.Builder, ty cty.Type, d *typeexpr.Defaults) {
	switch {
	case ty == cty.DynamicPseudoType:
		b.WriteString("any")
	case ty == cty.String:
		b.WriteString("string")
	case ty == cty.Number:
		b.WriteString("number")
	case ty == cty.Bool:
		b.WriteString("bool")
	case ty.IsListType():
		b.WriteString("list(")
		writeType(b, ty.ElementType(), childDefaults(d, ""))
		b.WriteString(")")
	case ty.IsSetType():
		b.WriteString("set(")
		writeType(b, ty.ElementType(), childDefaults(d, ""))
		b.WriteString(")")
	case ty.IsMapType():
		b.WriteString("map(")
		writeType(b, ty.ElementType(), childDefaults(d, ""))
		b.WriteString(")")
	case ty.IsTupleType():
		b.WriteString("tuple([")
		for i, et := range ty.TupleElementTypes() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeType(b, et, childDefaults(d, strconv.Itoa(i)))
		}
		b.WriteString("])")
	case ty.IsObjectType():
		atys := ty.AttributeTypes()
		if len(atys) == 0 {
			b.WriteString("object({})")
			return
		}
		b.WriteString("object({ ")
		i := 0
		for _, name := range sortedNames(atys) {
			if i > 0 {
				b.WriteString(", ")
			}
			i++
			if isBareKey(name) {
				b.WriteString(name)
			} else {
				b.WriteString(strconv.Quote(name))
			}
			b.WriteString(" = ")
			if ty.AttributeOptional(name) {
				b.WriteString("optional(")
				writeType(b, atys[name], childDefaults(d, name))
				if d != nil {
					if v, ok := d.DefaultValues[name]; ok {
						b.WriteString(", ")
						b.WriteString(inlineValue(v))
					}
				}
				b.WriteString(")")
			} else {
				writeType(b, atys[name], childDefaults(d, name))
			}
		}
		b.WriteString(" })")
	default:
		b.WriteString("any")
	}
}

// inlineValue writes a constant on one line, for a type constraint.
func inlineValue(v cty.Value) string {
	t := v.Type()
	switch {
	case v.IsNull():
		return "null"
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		var els []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			els = append(els, inlineValue(e))
		}
		return "[" + strings.Join(els, ", ") + "]"
	case t.IsMapType() || t.IsObjectType():
		if v.LengthInt() == 0 {
			return "{}"
		}
		var items []string
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			key := k.AsString()
			if !isBareKey(key) {
				key = strconv.Quote(key)
			}
			items = append(items, key+" = "+inlineValue(e))
		}
		return "{ " + strings.Join(items, ", ") + " }"
	}
	return primitiveText(v)
}
