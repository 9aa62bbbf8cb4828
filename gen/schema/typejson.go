package schema

import (
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
)

// parseTypeJSON parses a type as ctyjson.UnmarshalType does, for JSON
// as ctyjson.MarshalType writes it (no white space, names without
// escapes); false for anything else, which is left to ctyjson. The
// encoding/json decoder that ctyjson drives was most of the cost of
// loading an attribute's type.
func parseTypeJSON(js string) (cty.Type, bool) {
	p := typeParser{s: js}
	t, ok := p.typ()
	return t, ok && p.i == len(p.s)
}

type typeParser struct {
	s string
	i int
}

func (p *typeParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string without escapes. One with a control character
// (which JSON does not allow) or invalid UTF-8 (which encoding/json
// reads as U+FFFD) is left to ctyjson too.
func (p *typeParser) str() (string, bool) {
	if !p.eat('"') {
		return "", false
	}
	j := strings.IndexByte(p.s[p.i:], '"')
	if j < 0 {
		return "", false
	}
	v := p.s[p.i : p.i+j]
	ascii := true
	for k := 0; k < len(v); k++ {
		switch c := v[k]; {
		case c == '\\' || c < ' ':
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if !ascii && !utf8.ValidString(v) {
		return "", false
	}
	p.i += j + 1
	return v, true
}

// list reads the items of a JSON array, each with item, after its '['.
func (p *typeParser) list(item func() bool) bool {
	if p.eat(']') {
		return true
	}
	for {
		if !item() {
			return false
		}
		if p.eat(']') {
			return true
		}
		if !p.eat(',') {
			return false
		}
	}
}

func (p *typeParser) typ() (cty.Type, bool) {
	if name, ok := p.str(); ok {
		switch name {
		case "string":
			return cty.String, true
		case "number":
			return cty.Number, true
		case "bool":
			return cty.Bool, true
		case "dynamic":
			return cty.DynamicPseudoType, true
		}
		return cty.NilType, false
	}
	if !p.eat('[') {
		return cty.NilType, false
	}
	kind, ok := p.str()
	if !ok || !p.eat(',') {
		return cty.NilType, false
	}
	switch kind {
	case "list", "set", "map":
		et, ok := p.typ()
		if !ok || !p.eat(']') {
			return cty.NilType, false
		}
		switch kind {
		case "list":
			return cty.List(et), true
		case "set":
			return cty.Set(et), true
		}
		return cty.Map(et), true
	case "tuple":
		var ets []cty.Type
		if !p.eat('[') || !p.list(func() bool {
			et, ok := p.typ()
			ets = append(ets, et)
			return ok
		}) || !p.eat(']') {
			return cty.NilType, false
		}
		return cty.Tuple(ets), true
	case "object":
		atys := map[string]cty.Type{}
		if !p.eat('{') {
			return cty.NilType, false
		}
		if !p.eat('}') {
			for {
				name, ok := p.str()
				if !ok || !p.eat(':') {
					return cty.NilType, false
				}
				if atys[name], ok = p.typ(); !ok {
					return cty.NilType, false
				}
				if p.eat('}') {
					break
				}
				if !p.eat(',') {
					return cty.NilType, false
				}
			}
		}
		if p.eat(']') {
			return cty.Object(atys), true
		}
		var optional []string
		if !p.eat(',') || !p.eat('[') || !p.list(func() bool {
			name, ok := p.str()
			optional = append(optional, name)
			return ok
		}) || !p.eat(']') {
			return cty.NilType, false
		}
		return cty.ObjectWithOptionalAttrs(atys, optional), true
	}
	return cty.NilType, false
}
