package policy

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// A Value is part of a planned resource: the value from change.after with
// the matching parts of after_unknown and after_sensitive, so that a rule
// can tell a missing value from one known only after apply, and never
// quotes a sensitive one. It names nodes of the plan's tree (tree.go); the
// zero Value is null.
type Value struct {
	t               *tree
	v, unknown, sen ref
}

// Get walks path: string keys into objects, int indexes into lists and
// blocks. A path through an unknown value stays unknown; a missing step
// gives a null value.
func (v Value) Get(path ...any) Value {
	for _, step := range path {
		if v.Unknown() {
			return v
		}
		switch s := step.(type) {
		case string:
			v = v.member(s)
		case int:
			v.v, v.unknown, v.sen = v.t.elem(v.v, s), v.t.elem(v.unknown, s), v.sensStep(v.t.elem(v.sen, s))
		default:
			panic(fmt.Sprintf("policy: bad path step %T", step))
		}
	}
	return v
}

// member is the step into key k of an object value (which is not
// unknown).
func (v Value) member(k string) Value {
	v.v, v.unknown, v.sen = v.t.member(v.v, k), v.t.member(v.unknown, k), v.sensStep(v.t.member(v.sen, k))
	return v
}

// sensitiveStep keeps a wholly sensitive parent's mark on its children.
func (v Value) sensStep(child ref) ref {
	if v.t.kind(v.sen) == kTrue {
		return v.sen
	}
	return child
}

// sensitiveStep and at walk decoded values (as encoding/json gives them)
// as Get walks a tree: the resolver's side of the boundary.
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
func (v Value) Unknown() bool { return v.t.kind(v.unknown) == kTrue }

// HasUnknown reports whether the value or any part of it is unknown.
func (v Value) HasUnknown() bool { return v.t.anyTrue(v.unknown) }

// Sensitive reports whether the value or any part of it is sensitive.
func (v Value) Sensitive() bool { return v.t.anyTrue(v.sen) }

// anyTrue reports whether a decoded mark (after_unknown or
// after_sensitive, as encoding/json gives it) marks anything.
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
func (v Value) Null() bool { return v.t.kind(v.v) == kNull && !v.Unknown() }

// Raw returns the decoded JSON value, as encoding/json gives it (nil when
// null). An unknown value is nil, or the placeholder resolution put there.
func (v Value) Raw() any { return v.t.raw(v.v) }

// String returns a known string value.
func (v Value) String() (string, bool) {
	n := v.t.at(v.v)
	if n.kind != kString && n.kind != kLongString {
		return "", false
	}
	return v.t.str(n), !v.Unknown()
}

// Str is String without the ok.
func (v Value) Str() string { s, _ := v.String(); return s }

// Bool returns a known bool value.
func (v Value) Bool() (b, ok bool) {
	switch v.t.kind(v.v) {
	case kTrue:
		return true, !v.Unknown()
	case kFalse:
		return false, !v.Unknown()
	}
	return false, false
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

// Number returns a known number (read as encoding/json reads a float64).
func (v Value) Number() (float64, bool) {
	n := v.t.at(v.v)
	switch n.kind {
	case kNumber:
		f, err := parseNumber([]byte(v.t.str(n)))
		if err != nil {
			return 0, false
		}
		return f.(float64), !v.Unknown()
	case kString, kLongString: // some attributes (cpu, ports in redirects) are strings
		f, err := strconv.ParseFloat(v.t.str(n), 64)
		return f, err == nil && !v.Unknown()
	}
	return 0, false
}

// Len is the length of a list, set or block value (0 for others).
func (v Value) Len() int {
	if n := v.t.at(v.v); n.kind == kArray {
		return int(n.b)
	}
	return 0
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
	for i, n := 0, v.Len(); i < n; i++ {
		e := v.Get(i)
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
	case v.t.kind(v.v) == kNull:
		return "null"
	}
	if n := v.t.at(v.v); n.kind == kString || n.kind == kLongString {
		return strconv.Quote(v.t.str(n))
	}
	raw := v.Raw()
	b, err := json.Marshal(raw)
	if err != nil {
		return fmt.Sprint(raw)
	}
	return string(b)
}
