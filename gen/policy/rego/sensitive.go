//go:build rego

package rego

import (
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Keys the sensitive strings are found under.
var (
	keyChange          = ast.StringTerm("change")
	keyBefore          = ast.StringTerm("before")
	keyBeforeSensitive = ast.StringTerm("before_sensitive")
	keyAfter           = ast.StringTerm("after")
	keyAfterSensitive  = ast.StringTerm("after_sensitive")
	keyRootModule      = ast.StringTerm("root_module")
	keyVariables       = ast.StringTerm("variables")
	keySensitive       = ast.StringTerm("sensitive")
	keyValue           = ast.StringTerm("value")
)

// collectChange adds the values one resource change marks sensitive,
// before and after.
func (d *decoder) collectChange(rc *ast.Term) {
	c := get(get(rc, keyChange), nil)
	if c == nil {
		return
	}
	collect(get(c, keyBefore), get(c, keyBeforeSensitive), d.sens)
	collect(get(c, keyAfter), get(c, keyAfterSensitive), d.sens)
}

// secrets adds the values of the root variables the configuration
// declares sensitive, and returns every sensitive string, longest first
// (so that one that holds another is blanked out whole).
func (d *decoder) secrets() []string {
	if vars, ok := valueOf(get(get(d.configuration, keyRootModule), keyVariables)).(ast.Object); ok {
		vars.Foreach(func(name, v *ast.Term) {
			if valueOf(get(v, keySensitive)) == ast.Boolean(true) {
				if val := get(get(d.variables, name), keyValue); val != nil {
					collect(val, ast.InternedBooleanTrue, d.sens)
				}
			}
		})
	}
	out := make([]string, 0, len(d.sens))
	for s := range d.sens {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// get returns member k of the object t, or t itself when k is nil; nil
// when t is not an object or has no such member.
func get(t, k *ast.Term) *ast.Term {
	if t == nil || k == nil {
		return t
	}
	if o, ok := t.Value.(ast.Object); ok {
		return o.Get(k)
	}
	return nil
}

func valueOf(t *ast.Term) ast.Value {
	if t == nil {
		return nil
	}
	return t.Value
}

// collect adds to out the strings of v that the sensitivity mark sens
// covers: all of v when sens is true, else the elements or members it
// marks.
func collect(v, sens *ast.Term, out map[string]bool) {
	if v == nil || sens == nil {
		return
	}
	if sens.Value == ast.Boolean(true) {
		switch t := v.Value.(type) {
		case ast.String:
			if t != "" {
				out[string(t)] = true
			}
		case ast.Number:
			out[string(t)] = true
		case *ast.Array:
			for i := range t.Len() {
				collect(t.Elem(i), sens, out)
			}
		case ast.Object:
			t.Foreach(func(_, e *ast.Term) { collect(e, sens, out) })
		}
		return
	}
	switch s := sens.Value.(type) {
	case *ast.Array:
		if l, ok := v.Value.(*ast.Array); ok {
			for i := range min(s.Len(), l.Len()) {
				collect(l.Elem(i), s.Elem(i), out)
			}
		}
	case ast.Object:
		s.Foreach(func(k, e *ast.Term) { collect(get(v, k), e, out) })
	}
}

func scrub(msg string, secrets []string) string {
	for _, s := range secrets {
		if strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, "(sensitive)")
		}
	}
	return msg
}
