package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// The README's terraform-docs section is byte for byte what
//
//	terraform-docs markdown table --output-file README.md --output-mode inject .
//
// (v0.22.0, no .terraform-docs.yml; make test runs it on out/ and fails on
// any difference) writes between its markers when it
// reads the files this package renders: default settings (anchor, escape,
// html, lockfile, read-comments, sort by name, indent 2), default sections
// (requirements, providers, modules, resources, inputs, outputs), no header
// (every generated main.tf starts with a "#" line, and terraform-docs only
// takes a /* */ block from main.tf), no footer.
//
// What terraform-docs reads, and so what each table shows:
//   - Requirements: required_version, then each required provider that has
//     a version constraint, by name; providers without one get no row.
//   - Providers: the providers of the resources and data sources (provider
//     blocks and module calls do not count), one row per name and alias, by
//     name then alias; the version is the one locked in .terraform.lock.hcl
//     when there is one (Options.LockedVersions), else the constraint.
//   - Modules: by name; a "?ref=" in a source without version is split off.
//   - Resources: managed ones first, then data sources, each by
//     provider_type.name; the link names the pinned version when the
//     constraint is one exact version, else "latest", and there is no link
//     when the provider source has a host.
//   - Inputs: by name; Type is the type expression as written, Default the
//     JSON of the default (indented, in <pre> when multi-line).
//   - Outputs: by name, name and description only.
//
// Cells go through the same escaping terraform-docs applies (underscores
// and pipes outside code spans, line breaks to <br/>, ``` blocks to <pre>).

// Docs renders the module's README.md: a title and description, then
// between terraform-docs' BEGIN_TF_DOCS / END_TF_DOCS markers the
// requirements, providers, modules, resources, inputs and outputs tables
// in terraform-docs' markdown table format, so a team running
// terraform-docs in pre-commit sees no diff.
func Docs(m *tf.Module, opts Options) []byte {
	var b docBuffer
	b.Grow(4096)
	b.WriteString("<!-- " + GeneratedMarker + opts.generator() + "; DO NOT EDIT. -->\n")
	b.WriteString("# " + m.Name + "\n\n")
	if m.Description != "" {
		b.WriteString(strings.TrimSpace(m.Description) + "\n\n")
	}
	writeTables(&b, m, opts.LockedVersions[m.Name])
	return b.Bytes()
}

// DocsTables is the terraform-docs section alone, markers included, with
// the provider versions locked for m in opts.LockedVersions.
func DocsTables(m *tf.Module, opts Options) string {
	var b docBuffer
	writeTables(&b, m, opts.LockedVersions[m.Name])
	return b.String()
}

// ParseLockFile reads a .terraform.lock.hcl and returns the locked version
// of each provider keyed as terraform-docs keys them: by the last segment
// of the provider address ("aws" for registry.terraform.io/hashicorp/aws).
func ParseLockFile(src []byte, filename string) (map[string]string, error) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("%s: not HCL native syntax", filename)
	}
	out := map[string]string{}
	for _, blk := range body.Blocks {
		if blk.Type != "provider" || len(blk.Labels) != 1 {
			continue
		}
		attr, ok := blk.Body.Attributes["version"]
		if !ok {
			continue
		}
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			return nil, diags
		}
		if v.Type() != cty.String || v.IsNull() {
			return nil, fmt.Errorf("%s: provider %q: version is not a string", filename, blk.Labels[0])
		}
		addr := blk.Labels[0]
		out[addr[strings.LastIndexByte(addr, '/')+1:]] = v.AsString()
	}
	return out, nil
}

func writeTables(b *docBuffer, m *tf.Module, locked map[string]string) {
	b.WriteString("<!-- BEGIN_TF_DOCS -->\n")
	writeRequirements(b, m)
	b.WriteString("\n\n")
	writeProviders(b, m, locked)
	b.WriteString("\n\n")
	writeModules(b, m)
	b.WriteString("\n\n")
	writeResources(b, m)
	b.WriteString("\n\n")
	writeInputs(b, m)
	b.WriteString("\n\n")
	writeOutputs(b, m)
	// terraform-docs trims the trailing blank lines of its output and the
	// inject template puts the end marker on the next line.
	b.WriteString("\n<!-- END_TF_DOCS -->\n")
}

// docBuffer is a README being written: the appending methods of a
// bytes.Buffer over a plain slice, which a writer may also append to
// directly. The resources table, most of a large module's README, is
// appended in place so: bytes.Buffer would take rows appended to its free
// room only by copying them onto themselves (26 MB at 100k resources).
type docBuffer struct{ buf []byte }

func (b *docBuffer) WriteString(s string) { b.buf = append(b.buf, s...) }

// Grow makes room for n more bytes, in a buffer made by make rather
// than grown by append: append clears the room it adds, while a large
// make takes memory fresh from the system as the zeroes it already is, so
// the README's bytes are written once, not cleared first.
func (b *docBuffer) Grow(n int) {
	if cap(b.buf)-len(b.buf) >= n {
		return
	}
	grown := make([]byte, len(b.buf), len(b.buf)+max(n, cap(b.buf)))
	copy(grown, b.buf)
	b.buf = grown
}

func (b *docBuffer) Bytes() []byte  { return b.buf }
func (b *docBuffer) String() string { return string(b.buf) }

// row writes "| a | b | ... |" on a new line.
func row(b *docBuffer, cells ...string) {
	b.WriteString("\n|")
	for _, c := range cells {
		b.WriteString(" ")
		b.WriteString(c)
		b.WriteString(" |")
	}
}

// anchor is terraform-docs' anchorNameMarkdown with anchor and escape on:
// the <a> name stays raw, the link text and target escape underscores.
func anchor(kind, name string) string {
	return "<a name=\"" + kind + "_" + name + "\"></a> [" + escapeName(name) + "](#" + escapeName(kind+"_"+name) + ")"
}

func escapeName(s string) string { return strings.ReplaceAll(s, "_", "\\_") }

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

func versionOf(t tf.TerraformBlock, name string) (tf.ProviderRequirement, bool) {
	for _, p := range t.RequiredProviders {
		if p.Name == name {
			return p, true
		}
	}
	return tf.ProviderRequirement{}, false
}

func writeRequirements(b *docBuffer, m *tf.Module) {
	b.WriteString("## Requirements\n\n")
	t := m.Terraform
	reqs := make([]tf.ProviderRequirement, 0, len(t.RequiredProviders))
	for _, p := range t.RequiredProviders {
		if p.Version != "" {
			reqs = append(reqs, p)
		}
	}
	if t.RequiredVersion == "" && len(reqs) == 0 {
		b.WriteString("No requirements.")
		return
	}
	b.WriteString("| Name | Version |\n| ---- | ------- |")
	if t.RequiredVersion != "" {
		row(b, anchor("requirement", "terraform"), t.RequiredVersion)
	}
	sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].Name < reqs[j].Name })
	for _, p := range reqs {
		row(b, anchor("requirement", p.Name), p.Version)
	}
}

// providerRef is the provider a resource uses as terraform-config-inspect
// reads it: the provider meta-argument, or the type's prefix before the
// first underscore.
func providerRef(r *tf.Resource) (name, alias string) {
	if r.Provider != nil {
		return r.Provider.Name, r.Provider.Alias
	}
	if i := strings.IndexByte(r.Type, '_'); i > 0 {
		return r.Type[:i], ""
	}
	return r.Type, ""
}

func writeProviders(b *docBuffer, m *tf.Module, locked map[string]string) {
	b.WriteString("## Providers\n\n")
	type prov struct{ name, alias string }
	seen := map[prov]bool{}
	var ps []prov
	for i, r := range m.Resources {
		n, a := providerRef(r)
		// Neighbours mostly share their provider: skip the map then.
		if i > 0 && len(ps) > 0 && ps[len(ps)-1] == (prov{n, a}) {
			continue
		}
		if p := (prov{n, a}); !seen[p] {
			seen[p] = true
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		b.WriteString("No providers.")
		return
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].name != ps[j].name {
			return ps[i].name < ps[j].name
		}
		return ps[i].alias < ps[j].alias
	})
	b.WriteString("| Name | Version |\n| ---- | ------- |")
	for _, p := range ps {
		full := p.name
		if p.alias != "" {
			full += "." + p.alias
		}
		version, ok := locked[p.name]
		if !ok {
			req, _ := versionOf(m.Terraform, p.name)
			version = req.Version
		}
		row(b, anchor("provider", full), orNA(version))
	}
}

// splitRef is terraform-docs' formatSource: without a version, a source's
// last "?ref=" suffix is shown as the version.
func splitRef(source, version string) (string, string) {
	if version != "" {
		return source, version
	}
	i := strings.LastIndex(source, "?ref=")
	if i < 0 || i+len("?ref=") >= len(source) {
		return source, ""
	}
	return source[:i], source[i+len("?ref="):]
}

func writeModules(b *docBuffer, m *tf.Module) {
	b.WriteString("## Modules\n\n")
	if len(m.Calls) == 0 {
		b.WriteString("No modules.")
		return
	}
	calls := append([]*tf.ModuleCall(nil), m.Calls...)
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].Name < calls[j].Name })
	b.WriteString("| Name | Source | Version |\n| ---- | ------ | ------- |")
	for _, c := range calls {
		source, version := splitRef(c.Source, c.Version)
		row(b, anchor("module", c.Name), source, orNA(version))
	}
}

// registryVersion is the version a resource's documentation link names:
// the version when the (last) constraint pins exactly one, else "latest".
func registryVersion(constraint string) string {
	parts := strings.Split(constraint, " ")
	switch {
	case constraint == "":
		return "latest"
	case len(parts) == 1:
		if c := parts[0][0]; c >= '0' && c <= '9' {
			return parts[0]
		} else if c == '=' {
			return parts[0][1:]
		}
	case len(parts) == 2 && parts[0] == "=":
		return parts[1]
	}
	return "latest"
}

func writeResources(b *docBuffer, m *tf.Module) {
	b.WriteString("## Resources\n\n")
	if len(m.Resources) == 0 {
		b.WriteString("No resources.")
		return
	}
	// A large module has many resources of few types: what a row needs of
	// its type and provider is worked out once per kind, and each
	// resource's entry points at it.
	type kind struct {
		typ, prov string
		// key is the row's name up to the ".": provider_type as
		// terraform-docs rebuilds it.
		key, link, short string
		rank             int32
	}
	// A row is a resource's name, mode and kind, read from the resource
	// once, in declaration order: the rows are sorted by name, and going
	// back to the resources in that order would miss the cache at every
	// row of a large module.
	type entry struct {
		name string
		kind int32
		data bool
	}
	var kinds []kind
	index := map[[2]string]int32{}
	last := int32(-1)
	kindOf := func(r *tf.Resource) int32 {
		prov, _ := providerRef(r)
		if last >= 0 && kinds[last].typ == r.Type && kinds[last].prov == prov {
			return last
		}
		// Few kinds are looked through rather than looked up: a module
		// that declares a few types in turn (a bucket and its policy,
		// over and over) changes kind at every resource, and hashing two
		// strings each time cost more than the rest of its row.
		var k int32
		var ok bool
		if len(kinds) <= fewKinds {
			for i := range kinds {
				if kinds[i].typ == r.Type && kinds[i].prov == prov {
					k, ok = int32(i), true
					break
				}
			}
		} else {
			k, ok = index[[2]string{r.Type, prov}]
		}
		if !ok {
			k = int32(len(kinds))
			index[[2]string{r.Type, prov}] = k
			short := shortType(r.Type, prov)
			key := r.Type
			if len(short) == len(r.Type) {
				key = prov + "_" + r.Type
			}
			kinds = append(kinds, kind{typ: r.Type, prov: prov, key: key, link: docsLink(m, prov), short: short})
		}
		last = k
		return k
	}
	rs := m.Resources
	es := make([]entry, 0, len(rs))
	for _, r := range rs {
		if r.Mode == tf.Ephemeral {
			// terraform-config-inspect, which terraform-docs reads
			// modules with, knows only resource and data blocks.
			continue
		}
		es = append(es, entry{name: r.Name, kind: kindOf(r), data: r.Mode == tf.Data})
	}
	// Rows are sorted by "key.name". Two keys compare as the rows do when
	// neither key holds a ".": the first difference of key+"." then
	// comes before either row's name. So kinds are ranked once, and rows
	// compare by rank, then name.
	byKey := make([]int32, len(kinds))
	ranked := len(kinds) < 1<<15
	for i := range kinds {
		byKey[i] = int32(i)
		ranked = ranked && !strings.Contains(kinds[i].key, ".")
	}
	slices.SortFunc(byKey, func(a, b int32) int { return compareRows(kinds[a].key, "", kinds[b].key, "") })
	for i, k := range byKey {
		// Kinds of one key (a type with and without its provider's
		// prefix) rank alike, so that their rows sort by name.
		kinds[k].rank = int32(i)
		if i > 0 && kinds[byKey[i-1]].key == kinds[k].key {
			kinds[k].rank = kinds[byKey[i-1]].rank
		}
	}
	// perm, when set, is the rows' order: the ith row is es[perm[i].row].
	var perm []rowKey
	if ranked {
		// Sorted as small keys: data sources last, then the kind's rank,
		// then the name's first six bytes, so that most comparisons are
		// of one number; ties are broken by name.
		keys := make([]rowKey, len(es))
		for i, e := range es {
			o := uint64(kinds[e.kind].rank) << 48
			if e.data {
				o |= 1 << 63
			}
			n := e.name
			for j := 0; j < 6 && j < len(n); j++ {
				o |= uint64(n[j]) << (40 - 8*j)
			}
			keys[i] = rowKey{o, int32(i)}
		}
		keys = sortRowKeys(keys, make([]rowKey, len(keys)))
		// Rows of one order share their name's first six bytes: the
		// rest of the name decides.
		for i := 0; i < len(keys); {
			j := i + 1
			for j < len(keys) && keys[j].order == keys[i].order {
				j++
			}
			if j-i > 1 {
				slices.SortFunc(keys[i:j], func(a, b rowKey) int { return strings.Compare(es[a.row].name, es[b.row].name) })
			}
			i = j
		}
		perm = keys
	} else {
		slices.SortFunc(es, func(a, b entry) int {
			if a.data != b.data {
				if a.data {
					return 1
				}
				return -1
			}
			return compareRows(kinds[a.kind].key, a.name, kinds[b.kind].key, b.name)
		})
	}
	// The table is most of a large module's README: its exact size, and
	// room for the tables that follow, so that the buffer never grows.
	size := 4096 + 512*(len(m.Variables)+len(m.Outputs))
	for _, e := range es {
		k := &kinds[e.kind]
		size += len("\n| ") + len(k.key) + 1 + len(e.name) + len(" | data source |")
		if k.link != "" {
			size += len("[](") + len(k.link) + len("data-sources/") + len(k.short) + len(")")
		}
	}
	b.Grow(size)
	// The rows are appended to the buffer in place, in the room Grow
	// made.
	out := append(b.buf, "| Name | Type |\n| ---- | ---- |"...)
	for i := range es {
		e := es[i]
		if perm != nil {
			e = es[perm[i].row]
		}
		k := &kinds[e.kind]
		out = append(out, "\n| "...)
		if k.link != "" {
			out = append(out, '[')
		}
		out = append(out, k.key...)
		out = append(out, '.')
		out = append(out, e.name...)
		if k.link != "" {
			out = append(out, "]("...)
			out = append(out, k.link...)
			if e.data {
				out = append(out, "data-sources/"...)
			} else {
				out = append(out, "resources/"...)
			}
			out = append(out, k.short...)
			out = append(out, ')')
		}
		if e.data {
			out = append(out, " | data source |"...)
		} else {
			out = append(out, " | resource |"...)
		}
	}
	b.buf = out
}

// fewKinds is the most resource kinds writeResources looks through one
// by one; beyond, it looks them up in a map.
const fewKinds = 8

// compareRows compares key1+"."+name1 with key2+"."+name2 without making
// either string.
func compareRows(key1, name1, key2, name2 string) int {
	at := func(key, name string, i int) (byte, bool) {
		switch {
		case i < len(key):
			return key[i], true
		case i == len(key):
			return '.', true
		case i-len(key)-1 < len(name):
			return name[i-len(key)-1], true
		}
		return 0, false
	}
	for i := 0; ; i++ {
		c1, ok1 := at(key1, name1, i)
		c2, ok2 := at(key2, name2, i)
		switch {
		case !ok1 && !ok2:
			return 0
		case !ok1:
			return -1
		case !ok2:
			return 1
		case c1 != c2:
			return int(c1) - int(c2)
		}
	}
}

// docsLink is the start of the registry documentation links of a
// provider's resources, "" when its source has a host.
func docsLink(m *tf.Module, prov string) string {
	req, _ := versionOf(m.Terraform, prov)
	source := req.Source
	if source == "" {
		source = "hashicorp/" + prov
	}
	if strings.Count(source, "/") <= 1 {
		return "https://registry.terraform.io/providers/" + source + "/" + registryVersion(req.Version) + "/docs/"
	}
	return ""
}

// shortType is the resource type without its "<provider>_" prefix, as in
// the registry's documentation URLs.
func shortType(typ, prov string) string {
	if len(typ) > len(prov) && typ[len(prov)] == '_' && strings.HasPrefix(typ, prov) {
		return typ[len(prov)+1:]
	}
	return typ
}

func writeInputs(b *docBuffer, m *tf.Module) {
	b.WriteString("## Inputs\n\n")
	if len(m.Variables) == 0 {
		b.WriteString("No inputs.")
		return
	}
	vars := append([]*tf.Variable(nil), m.Variables...)
	sort.SliceStable(vars, func(i, j int) bool { return vars[i].Name < vars[j].Name })
	b.WriteString("| Name | Description | Type | Default | Required |\n| ---- | ----------- | ---- | ------- | :------: |")
	for _, v := range vars {
		required := "no"
		if v.Default == cty.NilVal {
			required = "yes"
		}
		row(b, anchor("input", v.Name), descriptionCell(v.Description), codeCell(variableType(v)), defaultCell(v.Default), required)
	}
}

func writeOutputs(b *docBuffer, m *tf.Module) {
	b.WriteString("## Outputs\n\n")
	if len(m.Outputs) == 0 {
		b.WriteString("No outputs.")
		return
	}
	outs := append([]*tf.Output(nil), m.Outputs...)
	sort.SliceStable(outs, func(i, j int) bool { return outs[i].Name < outs[j].Name })
	b.WriteString("| Name | Description |\n| ---- | ----------- |")
	for _, o := range outs {
		row(b, anchor("output", o.Name), descriptionCell(o.Description))
	}
}

func descriptionCell(s string) string {
	return tableCell(strings.ReplaceAll(s, "\r\n", "\n"))
}

// codeCell is terraform-docs' "type"/"value" template function followed by
// its table sanitizer: a single line in backticks, several lines in a
// fenced block, which the sanitizer turns into <pre>.
func codeCell(code string) string {
	if strings.Contains(code, "\n") {
		return tableCell("\n\n```\n" + code + "\n```\n")
	}
	return tableCell("`" + code + "`")
}

// defaultCell shows a variable's default as terraform-docs does: the value
// as terraform-config-inspect decodes it (cty JSON read back into Go
// values, so numbers are float64), encoded again as indented JSON without
// HTML escaping; n/a when the variable is required.
func defaultCell(v cty.Value) string {
	if v == cty.NilVal {
		return "n/a"
	}
	return codeCell(defaultJSON(v))
}

func defaultJSON(v cty.Value) string {
	v, _ = v.UnmarkDeep()
	x, ok := decodedJSON(v)
	if !ok {
		if x, ok = ctyDecodedJSON(v); !ok {
			return "null"
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		return "null"
	}
	return strings.TrimSpace(buf.String())
}

// ctyDecodedJSON is v's cty JSON read back by json.Unmarshal.
func ctyDecodedJSON(v cty.Value) (any, bool) {
	raw, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil, false
	}
	var x any
	return x, json.Unmarshal(raw, &x) == nil
}

// decodedJSON is what json.Unmarshal makes of v's cty JSON, without the
// round trip: nil, bools, float64s, strings, []any and map[string]any.
// Writing a number as cty JSON takes the shortest decimal of a 512-bit
// float, which cost more than the rest of the README; an integer within
// int64 is converted directly. Not ok for anything else (other numbers,
// strings that are not UTF-8, unknown and capsule values): the caller
// takes the round trip (ctyDecodedJSON).
func decodedJSON(v cty.Value) (any, bool) {
	if !v.IsKnown() {
		return nil, false
	}
	if v.IsNull() {
		return nil, true
	}
	t := v.Type()
	switch {
	case t == cty.Bool:
		return v.True(), true
	case t == cty.String:
		s := v.AsString()
		return s, utf8.ValidString(s)
	case t == cty.Number:
		f := v.AsBigFloat()
		// float64(i) rounds to nearest even as ParseFloat of its digits does.
		i, acc := f.Int64()
		if acc != big.Exact || i == 0 && f.Signbit() {
			return nil, false
		}
		return float64(i), true
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		l := make([]any, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			x, ok := decodedJSON(e)
			if !ok {
				return nil, false
			}
			l = append(l, x)
		}
		return l, true
	case t.IsMapType() || t.IsObjectType():
		m := make(map[string]any, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			x, ok := decodedJSON(e)
			if !ok || !utf8.ValidString(k.AsString()) {
				return nil, false
			}
			m[k.AsString()] = x
		}
		return m, true
	}
	return nil, false
}

// tableCell is terraform-docs' SanitizeMarkdownTable with escape and html
// on: outside ``` blocks, pipes and underscores are escaped (not inside
// `code` spans), line breaks become <br/>, and URLs get their underscores
// back; a ``` block becomes <pre> with <br/> line breaks.
func tableCell(s string) string {
	if s == "" {
		return "n/a"
	}
	var b strings.Builder
	eachSegment(s, "```", func(seg string, code bool) {
		if code {
			seg = strings.TrimSpace(seg)
			seg = strings.ReplaceAll(seg, "\n", "<br/>")
			seg = strings.ReplaceAll(seg, "\r", "")
			b.WriteString("<pre>")
			b.WriteString(seg)
			b.WriteString("</pre>")
			return
		}
		seg = escapePipes(seg)
		seg = escapeUnderscores(seg)
		seg = lineBreaks(seg)
		seg = unescapeURLs(seg)
		b.WriteString(seg)
	})
	return b.String()
}

// eachSegment splits s at sep and calls fn for the non-empty pieces,
// alternating between text and code. As in terraform-docs, an empty piece
// (two separators in a row) does not flip the alternation.
func eachSegment(s, sep string, fn func(seg string, code bool)) {
	code := strings.HasPrefix(s, sep)
	for seg := range strings.SplitSeq(s, sep) {
		if seg == "" {
			continue
		}
		fn(seg, code)
		code = !code
	}
}

// mapText applies fn to the text outside `code` spans; the spans are kept
// (and an unclosed one is closed, as terraform-docs does).
func mapText(s string, fn func(string) string) string {
	if !strings.Contains(s, "`") {
		return fn(s)
	}
	var b strings.Builder
	eachSegment(s, "`", func(seg string, code bool) {
		if code {
			b.WriteByte('`')
			b.WriteString(seg)
			b.WriteByte('`')
			return
		}
		b.WriteString(fn(seg))
	})
	return b.String()
}

func escapePipes(s string) string {
	return mapText(s, func(t string) string { return strings.ReplaceAll(t, "|", "\\|") })
}

// keepMarker stands in for underscores that must not be escaped. It is the
// placeholder terraform-docs uses, so that its length (which shifts the
// positions of later matches on the same line) is the same.
const keepMarker = "‡‡‡DONTESCAPE‡‡‡"

// underscoreKeep are compiled at first use: most runs never need them
// (see mayKeepUnderscores), and every program linking render would pay
// at start.
var underscoreKeep = sync.OnceValue(func() []underscoreRule {
	return []underscoreRule{
		// A line starting with underscores then a space.
		{regexp.MustCompile(`^(\s*)(_+)(\s+)(.*)`), []int{2}},
		// _emphasis_ between spaces.
		{regexp.MustCompile(`(\s+)(_+)([^\t\n\f\r _])(.*)([^\t\n\f\r _])(_+)(\s+)`), []int{6, 2}},
	}
})

// An underscoreRule is an expression whose groups hold underscores to keep.
type underscoreRule struct {
	re     *regexp.Regexp
	groups []int
}

// mayKeepUnderscores reports whether underscoreKeep's expressions can
// match line: both need an underscore after the line's leading spaces or
// after a space (\s is ASCII in Go's regular expressions), which most
// lines with an underscore (in a name such as bucket_name) lack.
func mayKeepUnderscores(line string) bool {
	const space = "\t\n\f\r "
	if strings.HasPrefix(strings.TrimLeft(line, space), "_") {
		return true
	}
	for i := 1; i < len(line); i++ {
		if line[i] == '_' && strings.IndexByte(space, line[i-1]) >= 0 {
			return true
		}
	}
	return false
}

// keepRules is underscoreKeep when one of its expressions can match line.
func keepRules(line string) []underscoreRule {
	if !mayKeepUnderscores(line) {
		return nil
	}
	return underscoreKeep()
}

func escapeUnderscores(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	return mapText(s, func(t string) string {
		if !strings.Contains(t, "_") {
			return t
		}
		lines := strings.Split(t, "\n")
		for i, line := range lines {
			for _, k := range keepRules(line) {
				subs := k.re.FindAllStringSubmatch(line, -1)
				idx := k.re.FindAllStringSubmatchIndex(line, -1)
				for j := range subs {
					for _, g := range k.groups {
						lo, hi := idx[j][2*g], idx[j][2*g+1]
						line = line[:lo] + strings.ReplaceAll(subs[j][g], "_", keepMarker) + line[hi:]
					}
				}
			}
			line = strings.ReplaceAll(line, "_", "\\_")
			lines[i] = strings.ReplaceAll(line, keepMarker, "_")
		}
		return strings.Join(lines, "\n")
	})
}

// softBreak is compiled at first use, by a cell of several lines.
var softBreak = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\S*)(\r?\n)(\s*)(\w+)`) })

// lineBreaks is terraform-docs' ConvertMultiLineText for a table cell.
func lineBreaks(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "\n") {
		return s
	}
	s = softBreak().ReplaceAllString(s, "$1  $2$3$4")
	s = strings.ReplaceAll(s, "    \n", "  \n")
	s = strings.ReplaceAll(s, "  \n\n", "\n\n")
	s = strings.ReplaceAll(s, "\n  \n", "\n\n")
	s = strings.ReplaceAll(s, "  \n", "<br/>")
	return strings.ReplaceAll(s, "\n", "<br/>")
}

// urlRe approximates xurls.Strict, which terraform-docs uses to find URLs
// whose underscores it must unescape: a scheme, then RFC 3987 path
// characters (backslash included) not ending in punctuation, with balanced
// brackets. It is compiled at first use: few descriptions hold a URL
// and a backslash, and every program linking render would pay at start.
var urlRe = sync.OnceValue(func() *regexp.Regexp {
	const (
		mid   = `/?#\\a-zA-Z0-9\-._~%!$&'*+,;=:@\x{A0}-\x{10FFFF}`
		end   = `/#a-zA-Z0-9\-_~%$&+=\x{A0}-\x{10FFFF}`
		paren = `\((?:[` + mid + `]|\([` + mid + `]*\))*\)`
		brack = `\[(?:[` + mid + `]|\[[` + mid + `]*\])*\]`
		brace = `\{(?:[` + mid + `]|\{[` + mid + `]*\})*\}`
	)
	scheme := `(?:(?i)[a-z][a-z0-9+.\-]*://|(?:` + strings.Join(bareSchemes, "|") + `):)`
	re := regexp.MustCompile(scheme + `(?:[` + mid + `]*(?:` + paren + `|` + brack + `|` + brace + `|[` + end + `]))+`)
	re.Longest()
	return re
})

// bareSchemes are urlRe's schemes written without "//".
var bareSchemes = []string{"bitcoin", "cid", "file", "geo", "magnet", "mailto", "mid", "sms", "tel", "xmpp"}

// mayHoldURL reports whether urlRe can match in s: every match starts
// with "://" after a scheme, or with a bare scheme and ":" (in any case,
// as (?i) folds it). Most descriptions hold a colon and, once their
// underscores are escaped, a backslash, but no URL: they are spared the
// regular expression and its compilation.
func mayHoldURL(s string) bool {
	if strings.Contains(s, "://") {
		return true
	}
	for i := strings.IndexByte(s, ':'); i >= 0; i = nextByte(s, ':', i) {
		for _, scheme := range bareSchemes {
			if endsWithFold(s[:i], scheme) {
				return true
			}
		}
	}
	return false
}

// nextByte is the index of the next c in s after i, or -1.
func nextByte(s string, c byte, i int) int {
	if j := strings.IndexByte(s[i+1:], c); j >= 0 {
		return i + 1 + j
	}
	return -1
}

// endsWithFold reports whether s ends with the ASCII word w under
// Unicode case folding (so "ſ" and "K" count as s and k).
func endsWithFold(s, w string) bool {
	n := utf8.RuneCountInString(w)
	i := len(s)
	for range n {
		if i == 0 {
			return false
		}
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return strings.EqualFold(s[i:], w)
}

func unescapeURLs(s string) string {
	if !strings.Contains(s, "\\") || !mayHoldURL(s) {
		return s
	}
	for _, u := range urlRe().FindAllString(s, -1) {
		if strings.Contains(u, "\\") {
			s = strings.ReplaceAll(s, u, strings.ReplaceAll(u, "\\", ""))
		}
	}
	return s
}

// rowKey is a README resource row's sort key (see writeResources) and its
// index among the rows.
type rowKey struct {
	order uint64
	row   int32
}

// sortRowKeys sorts keys by order, keeping the rows of one order as they
// came, with tmp (as long as keys) as scratch, and returns the sorted
// slice, keys or tmp. Many keys are sorted a byte at a time, least
// significant first (a byte all keys share is skipped); a few, by
// comparison.
func sortRowKeys(keys, tmp []rowKey) []rowKey {
	if len(keys) < 1024 {
		slices.SortStableFunc(keys, func(a, b rowKey) int { return cmp.Compare(a.order, b.order) })
		return keys
	}
	var counts [8][256]int32
	for _, k := range keys {
		for d := range 8 {
			counts[d][byte(k.order>>(8*d))]++
		}
	}
	for d := range 8 {
		c := &counts[d]
		if c[byte(keys[0].order>>(8*d))] == int32(len(keys)) {
			continue
		}
		at := int32(0)
		for b := range c {
			at, c[b] = at+c[b], at
		}
		for _, k := range keys {
			b := byte(k.order >> (8 * d))
			tmp[c[b]] = k
			c[b]++
		}
		keys, tmp = tmp, keys
	}
	return keys
}
