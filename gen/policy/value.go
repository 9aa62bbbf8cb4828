package policy

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// A Value is part of a planned resource: the value from change.after with
// the matching parts of after_unknown and after_sensitive, so that a rule
// can tell a missing value from one known only after apply, and never
// quotes a sensitive one.
type Value struct {
	v, unknown, sensitive any
}

// Get walks path: string keys into objects, int indexes into lists and
// blocks. A path through an unknown value stays unknown; a missing step
// gives a null value.
func (v Value) Get(path ...any) Value {
	for _, step := range path {
		if v.unknown == true {
			return v
		}
		switch s := step.(type) {
		case string:
			m, _ := v.v.(map[string]any)
			um, _ := v.unknown.(map[string]any)
			sm, _ := v.sensitive.(map[string]any)
			v = Value{m[s], um[s], sensitiveStep(v.sensitive, sm[s])}
		case int:
			l, _ := v.v.([]any)
			ul, _ := v.unknown.([]any)
			sl, _ := v.sensitive.([]any)
			v = Value{at(l, s), at(ul, s), sensitiveStep(v.sensitive, at(sl, s))}
		default:
			panic(fmt.Sprintf("policy: bad path step %T", step))
		}
	}
	return v
}

// sensitiveStep keeps a wholly sensitive parent's mark on its children.
func sensitiveStep(parent, child any) any {
	if parent == true {
		return true
	}
	return child
}

func at(l []any, i int) any {
	if i < 0 || i >= len(l) {
		return nil
	}
	return l[i]
}

// Unknown reports whether the value is known only after apply.
func (v Value) Unknown() bool { return v.unknown == true }

// HasUnknown reports whether the value or any part of it is unknown.
func (v Value) HasUnknown() bool { return anyTrue(v.unknown) }

// Sensitive reports whether the value or any part of it is sensitive.
func (v Value) Sensitive() bool { return anyTrue(v.sensitive) }

func anyTrue(x any) bool {
	switch t := x.(type) {
	case bool:
		return t
	case []any:
		for _, e := range t {
			if anyTrue(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range t {
			if anyTrue(e) {
				return true
			}
		}
	}
	return false
}

// Null reports whether the value is known to be null (or absent).
func (v Value) Null() bool { return v.v == nil && !v.Unknown() }

// Raw returns the decoded JSON value (nil when null or unknown).
func (v Value) Raw() any { return v.v }

// String returns a known string value.
func (v Value) String() (string, bool) {
	s, ok := v.v.(string)
	return s, ok && !v.Unknown()
}

// Str is String without the ok.
func (v Value) Str() string { s, _ := v.String(); return s }

// Bool returns a known bool value.
func (v Value) Bool() (b, ok bool) {
	b, ok = v.v.(bool)
	return b, ok && !v.Unknown()
}

// True reports whether the value is known to be true. Some provider
// attributes are strings holding a bool ("true"), and count too.
func (v Value) True() bool {
	if s, ok := v.String(); ok {
		return s == "true"
	}
	b, ok := v.Bool()
	return b && ok
}

// Number returns a known number (plan numbers decode as float64).
func (v Value) Number() (float64, bool) {
	switch n := v.v.(type) {
	case float64:
		return n, !v.Unknown()
	case json.Number:
		f, err := n.Float64()
		return f, err == nil && !v.Unknown()
	case string: // some attributes (cpu, ports in redirects) are strings
		f, err := strconv.ParseFloat(n, 64)
		return f, err == nil && !v.Unknown()
	}
	return 0, false
}

// Len is the length of a list, set or block value (0 for others).
func (v Value) Len() int {
	l, _ := v.v.([]any)
	return len(l)
}

// Elems returns the elements of a list, set or block value.
func (v Value) Elems() []Value {
	out := make([]Value, v.Len())
	for i := range out {
		out[i] = v.Get(i)
	}
	return out
}

// Strings returns the known string elements of a list and whether every
// element was known.
func (v Value) Strings() ([]string, bool) {
	if v.Unknown() {
		return nil, false
	}
	all := true
	var out []string
	for _, e := range v.Elems() {
		if s, ok := e.String(); ok {
			out = append(out, s)
		} else if !e.Null() {
			all = false
		}
	}
	return out, all
}

// Show renders the value for a message: "(sensitive)" or "(known after
// apply)" instead of such values, quoted strings otherwise.
func (v Value) Show() string {
	switch {
	case v.Sensitive():
		return "(sensitive)"
	case v.Unknown():
		return "(known after apply)"
	case v.v == nil:
		return "null"
	}
	if s, ok := v.v.(string); ok {
		return strconv.Quote(s)
	}
	b, err := json.Marshal(v.v)
	if err != nil {
		return fmt.Sprint(v.v)
	}
	return string(b)
}
