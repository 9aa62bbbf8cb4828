package render

import (
	"bytes"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Docs renders the module's README.md: a title and description, then
// between terraform-docs' BEGIN_TF_DOCS / END_TF_DOCS markers the
// requirements, providers, modules, resources, inputs and outputs tables
// in terraform-docs' markdown table format, so a team running
// terraform-docs in pre-commit sees no diff.
func Docs(m *tf.Module, opts Options) []byte {
	var b bytes.Buffer
	b.Grow(4096 + 160*len(m.Resources))
	b.WriteString("<!-- " + GeneratedMarker + opts.generator() + "; DO NOT EDIT. -->\n")
	b.WriteString("# " + m.Name + "\n\n")
	if m.Description != "" {
		b.WriteString(strings.TrimSpace(m.Description) + "\n\n")
	}
	writeTables(&b, m)
	return b.Bytes()
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "_", "\\_")
	return s
}

func anchor(kind, name string) string {
	return "<a name=\"" + kind + "_" + name + "\"></a> [" + mdEscape(name) + "](#" + kind + "\\_" + mdEscape(name) + ")"
}

func cell(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\n", "<br/>")
	return s
}

// DocsTables is the terraform-docs section alone, markers included.
func DocsTables(m *tf.Module) string {
	var b bytes.Buffer
	writeTables(&b, m)
	return b.String()
}

func writeTables(b *bytes.Buffer, m *tf.Module) {
	b.WriteString("<!-- BEGIN_TF_DOCS -->\n")

	b.WriteString("## Requirements\n\n")
	t := m.Terraform
	if t.RequiredVersion == "" && len(t.RequiredProviders) == 0 {
		b.WriteString("No requirements.\n")
	} else {
		b.WriteString("| Name | Version |\n|------|---------|\n")
		if t.RequiredVersion != "" {
			b.WriteString("| " + anchor("requirement", "terraform") + " | " + cell(t.RequiredVersion) + " |\n")
		}
		reqs := append([]tf.ProviderRequirement(nil), t.RequiredProviders...)
		sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].Name < reqs[j].Name })
		for _, p := range reqs {
			b.WriteString("| " + anchor("requirement", p.Name) + " | " + orNA(p.Version) + " |\n")
		}
	}

	b.WriteString("\n## Providers\n\n")
	used := map[string]bool{}
	for _, r := range m.Resources {
		used[providerOf(r)] = true
	}
	for _, p := range m.Providers {
		used[p.Name] = true
	}
	if len(used) == 0 {
		b.WriteString("No providers.\n")
	} else {
		b.WriteString("| Name | Version |\n|------|---------|\n")
		versions := map[string]string{}
		for _, p := range t.RequiredProviders {
			versions[p.Name] = p.Version
		}
		for _, name := range sortedNames(used) {
			b.WriteString("| " + anchor("provider", name) + " | " + orNA(versions[name]) + " |\n")
		}
	}

	b.WriteString("\n## Modules\n\n")
	if len(m.Calls) == 0 {
		b.WriteString("No modules.\n")
	} else {
		b.WriteString("| Name | Source | Version |\n|------|--------|---------|\n")
		calls := append([]*tf.ModuleCall(nil), m.Calls...)
		sort.SliceStable(calls, func(i, j int) bool { return calls[i].Name < calls[j].Name })
		for _, c := range calls {
			b.WriteString("| " + anchor("module", c.Name) + " | " + c.Source + " | " + orNA(c.Version) + " |\n")
		}
	}

	b.WriteString("\n## Resources\n\n")
	if len(m.Resources) == 0 {
		b.WriteString("No resources.\n")
	} else {
		b.WriteString("| Name | Type |\n|------|------|\n")
		type keyed struct {
			key string
			r   *tf.Resource
		}
		rs := make([]keyed, len(m.Resources))
		for i, r := range m.Resources {
			rs[i] = keyed{r.Type + "." + r.Name, r}
		}
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].key < rs[j].key })
		b.Grow(len(rs) * 128)
		for _, k := range rs {
			r := k.r
			kind, dir := "resource", "resources"
			if r.Mode == tf.Data {
				kind, dir = "data source", "data-sources"
			}
			prov := providerOf(r)
			short := strings.TrimPrefix(r.Type, prov+"_")
			for _, part := range [...]string{"| [", k.key, "](https://registry.terraform.io/providers/hashicorp/", prov, "/latest/docs/", dir, "/", short, ") | ", kind, " |\n"} {
				b.WriteString(part)
			}
		}
	}

	b.WriteString("\n## Inputs\n\n")
	if len(m.Variables) == 0 {
		b.WriteString("No inputs.\n")
	} else {
		b.WriteString("| Name | Description | Type | Default | Required |\n|------|-------------|------|---------|:--------:|\n")
		vars := append([]*tf.Variable(nil), m.Variables...)
		sort.SliceStable(vars, func(i, j int) bool { return vars[i].Name < vars[j].Name })
		for _, v := range vars {
			def, req := "n/a", "yes"
			if v.Default != cty.NilVal {
				def, req = docValue(v.Default), "no"
			}
			b.WriteString("| " + anchor("input", v.Name) + " | " + orNA(cell(v.Description)) + " | `" + TypeString(v.Type) + "` | " + def + " | " + req + " |\n")
		}
	}

	b.WriteString("\n## Outputs\n\n")
	if len(m.Outputs) == 0 {
		b.WriteString("No outputs.\n")
	} else {
		b.WriteString("| Name | Description |\n|------|-------------|\n")
		outs := append([]*tf.Output(nil), m.Outputs...)
		sort.SliceStable(outs, func(i, j int) bool { return outs[i].Name < outs[j].Name })
		for _, o := range outs {
			b.WriteString("| " + anchor("output", o.Name) + " | " + orNA(cell(o.Description)) + " |\n")
		}
	}
	b.WriteString("<!-- END_TF_DOCS -->\n")
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

// providerOf is the provider a resource type belongs to by Terraform's
// naming rule: the type's prefix before the first underscore.
func providerOf(r *tf.Resource) string {
	if r.Provider != nil {
		return r.Provider.Name
	}
	if i := strings.IndexByte(r.Type, '_'); i > 0 {
		return r.Type[:i]
	}
	return r.Type
}

// docValue renders a default value as terraform-docs does: JSON in
// backticks, multi-line values in a <pre> block.
func docValue(v cty.Value) string {
	if v.IsNull() {
		return "`null`"
	}
	raw, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return "n/a"
	}
	s := string(raw)
	return "`" + strings.ReplaceAll(s, "|", "\\|") + "`"
}
