package render

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// testFiles renders a root module's terraform test files into its tests/
// directory, where `terraform test` looks by default: .tftest.hcl, or
// .tftest.json with Format JSON.
func testFiles(m *tf.Module, opts Options, errs *exprErrors) []File {
	var files []File
	for _, t := range m.Tests {
		if opts.Format == JSON {
			files = append(files, File{Name: t.Path(".tftest.json"), Data: jsonTestFile(t, opts, errs)})
		} else {
			files = append(files, File{Name: t.Path(".tftest.hcl"), Data: hclTestFile(t, opts, errs)})
		}
	}
	return files
}

func testAddr(t *tf.TestFile) string { return "test " + t.Path(".tftest.hcl") }

func hclTestFile(t *tf.TestFile, opts Options, errs *exprErrors) []byte {
	w := &hclWriter{errs: errs}
	w.buf = append(w.buf, "# "+GeneratedMarker+opts.generator()+"; DO NOT EDIT.\n"...)
	addr := testAddr(t)
	block := func() { w.buf = append(w.buf, '\n') }
	if len(t.Variables.Items) > 0 {
		block()
		w.pos, w.addr = t.Pos(), addr+": variables"
		w.header("variables")
		w.body(&t.Variables, 1)
		w.closeBlock(0)
	}
	for _, p := range t.Providers {
		block()
		w.mockProvider(p, addr)
	}
	for _, o := range t.Overrides {
		block()
		w.override(o, 0, addr)
	}
	for _, r := range t.Runs {
		block()
		w.run(r, addr)
	}
	return w.buf
}

func during(d tf.OverrideDuring) []kv {
	if d == tf.DuringDefault {
		return nil
	}
	return []kv{{"override_during", bare(string(d))}}
}

func (w *hclWriter) mockProvider(p *tf.MockProvider, addr string) {
	w.pos, w.addr = p.Pos(), addr+": mock_provider."+p.Ref()
	w.header("mock_provider", p.Name)
	var meta []kv
	if p.Alias != "" {
		meta = append(meta, kv{"alias", tf.String(p.Alias)})
	}
	meta = append(meta, during(p.During)...)
	parts := []func(int) bool{w.pairsPart(meta)}
	for _, mk := range p.Mocks {
		parts = append(parts, func(level int) bool {
			w.pos = mk.Pos()
			kind := "mock_resource"
			if mk.Mode == tf.Data {
				kind = "mock_data"
			}
			w.indent(level)
			w.header(kind, mk.Type)
			w.kvs(append(during(mk.During), kv{"defaults", mk.Defaults}), level+1)
			w.closeBlock(level)
			return true
		})
	}
	for _, o := range p.Overrides {
		parts = append(parts, func(level int) bool { w.override(o, level, w.addr); return true })
	}
	w.sections(1, parts...)
	w.closeBlock(0)
}

func (w *hclWriter) override(o *tf.Override, level int, addr string) {
	w.pos = o.Pos()
	w.indent(level)
	w.header(o.Kind.Block())
	pairs := []kv{{"target", bare(o.Target.String())}}
	pairs = append(pairs, during(o.During)...)
	key := "values"
	if o.Kind == tf.OverrideModule {
		key = "outputs"
	}
	pairs = append(pairs, kv{key, o.Values})
	w.kvs(pairs, level+1)
	w.closeBlock(level)
}

func expectList(objs []tf.Referenceable) tf.Expr {
	elems := make([]tf.Expr, len(objs))
	for i, o := range objs {
		elems[i] = bare(o.RefAddr())
	}
	return tf.List(elems...)
}

func (w *hclWriter) run(r *tf.Run, addr string) {
	addr += ": run." + r.Name
	w.pos, w.addr = r.Pos(), addr
	w.header("run", r.Name)
	parts := []func(int) bool{w.pairsPart([]kv{{"command", bare(string(r.Command))}})}
	if src := r.Source(); src != "" {
		parts = append(parts, func(level int) bool {
			w.indent(level)
			w.header("module")
			w.kvs([]kv{{"source", tf.String(src)}}, level+1)
			w.closeBlock(level)
			return true
		})
	}
	if len(r.Variables.Items) > 0 {
		parts = append(parts, func(level int) bool {
			w.indent(level)
			w.header("variables")
			w.body(&r.Variables, level+1)
			w.closeBlock(level)
			return true
		})
	}
	for _, o := range r.Overrides {
		parts = append(parts, func(level int) bool { w.override(o, level, addr); return true })
	}
	for i, c := range r.Asserts {
		parts = append(parts, func(level int) bool {
			w.pos = r.AssertPos(i)
			return w.conditionPart("assert", "error_message", c)(level)
		})
	}
	if len(r.ExpectFailures) > 0 {
		parts = append(parts, w.pairsPart([]kv{{"expect_failures", expectList(r.ExpectFailures)}}))
	}
	w.sections(1, parts...)
	w.closeBlock(0)
}

// jsonTestFile writes the test file in Terraform's JSON syntax: blocks
// as objects, repeated unlabelled blocks as arrays, keywords (command,
// override_during), targets and expect_failures as plain strings.
func jsonTestFile(t *tf.TestFile, opts Options, errs *exprErrors) []byte {
	j := &jsonWriter{hcl: &hclWriter{errs: errs}}
	addr := testAddr(t)
	j.open('{')
	j.field("//", func() { j.str(GeneratedMarker + opts.generator() + "; DO NOT EDIT.") })
	if len(t.Variables.Items) > 0 {
		j.at(t.Pos(), addr+": variables")
		j.field("variables", func() { j.object(&t.Variables) })
	}
	if len(t.Providers) > 0 {
		j.field("mock_provider", func() {
			j.open('{')
			var names []string
			byName := map[string][]*tf.MockProvider{}
			for _, p := range t.Providers {
				if _, ok := byName[p.Name]; !ok {
					names = append(names, p.Name)
				}
				byName[p.Name] = append(byName[p.Name], p)
			}
			for _, n := range names {
				j.field(n, func() {
					j.open('[')
					for _, p := range byName[n] {
						j.elem(func() { j.mockProvider(p, addr) })
					}
					j.close(']')
				})
			}
			j.close('}')
		})
	}
	j.overrides(t.Overrides, addr)
	if len(t.Runs) > 0 {
		j.field("run", func() {
			j.open('{')
			for _, r := range t.Runs {
				j.field(r.Name, func() { j.run(r, addr) })
			}
			j.close('}')
		})
	}
	j.close('}')
	j.buf = append(j.buf, '\n')
	return j.buf
}

// object writes a body of attributes as a JSON object of expressions.
func (j *jsonWriter) object(b *tf.Body) {
	j.open('{')
	j.bodyMembers(b)
	j.close('}')
}

func (j *jsonWriter) during(d tf.OverrideDuring) {
	if d != tf.DuringDefault {
		j.field("override_during", func() { j.str(string(d)) })
	}
}

func (j *jsonWriter) mockProvider(p *tf.MockProvider, addr string) {
	j.at(p.Pos(), addr+": mock_provider."+p.Ref())
	j.open('{')
	if p.Alias != "" {
		j.field("alias", func() { j.str(p.Alias) })
	}
	j.during(p.During)
	for _, kind := range []tf.Mode{tf.Managed, tf.Data} {
		var mocks []*tf.Mock
		for _, mk := range p.Mocks {
			if mk.Mode == kind {
				mocks = append(mocks, mk)
			}
		}
		if len(mocks) == 0 {
			continue
		}
		name := "mock_resource"
		if kind == tf.Data {
			name = "mock_data"
		}
		j.field(name, func() {
			j.open('{')
			for _, mk := range mocks {
				j.hcl.pos = mk.Pos()
				j.field(mk.Type, func() {
					j.open('{')
					j.during(mk.During)
					j.field("defaults", func() { j.expr(mk.Defaults) })
					j.close('}')
				})
			}
			j.close('}')
		})
	}
	j.overrides(p.Overrides, addr)
	j.close('}')
}

// overrides writes override blocks grouped by kind, each kind an array.
func (j *jsonWriter) overrides(os []*tf.Override, addr string) {
	for _, kind := range []tf.OverrideKind{tf.OverrideResource, tf.OverrideData, tf.OverrideModule} {
		var of []*tf.Override
		for _, o := range os {
			if o.Kind == kind {
				of = append(of, o)
			}
		}
		if len(of) == 0 {
			continue
		}
		j.field(kind.Block(), func() {
			j.open('[')
			for _, o := range of {
				j.hcl.pos = o.Pos()
				j.elem(func() {
					j.open('{')
					j.field("target", func() { j.str(o.Target.String()) })
					j.during(o.During)
					key := "values"
					if o.Kind == tf.OverrideModule {
						key = "outputs"
					}
					j.field(key, func() { j.expr(o.Values) })
					j.close('}')
				})
			}
			j.close(']')
		})
	}
}

func (j *jsonWriter) run(r *tf.Run, addr string) {
	addr += ": run." + r.Name
	j.at(r.Pos(), addr)
	j.open('{')
	j.field("command", func() { j.str(string(r.Command)) })
	if src := r.Source(); src != "" {
		j.field("module", func() {
			j.open('{')
			j.field("source", func() { j.str(src) })
			j.close('}')
		})
	}
	if len(r.Variables.Items) > 0 {
		j.field("variables", func() { j.object(&r.Variables) })
	}
	j.overrides(r.Overrides, addr)
	if len(r.Asserts) > 0 {
		j.field("assert", func() {
			j.open('[')
			for i, c := range r.Asserts {
				j.hcl.pos = r.AssertPos(i)
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
	if len(r.ExpectFailures) > 0 {
		j.field("expect_failures", func() { j.bareList(r.ExpectFailures) })
	}
	j.close('}')
}
