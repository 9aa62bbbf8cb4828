package policy

import (
	"hash/maphash"
	"math/big"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// A placeholder stands for a value only apply can know: an attribute of a
// resource being created, or a value the configuration leaves open. It
// keeps its origin, so that a rule can decide what it means (an ARN of a
// named resource is a scoped resource, never "*") and a report can say
// where it comes from.
type placeholder struct {
	// origin is the resource address whose attribute this is; "" for a
	// value left open by an expression.
	origin string
	attr   string
	// why says, for an open value, what left it open.
	why string
}

func (ph placeholder) String() string {
	if ph.origin == "" {
		return ph.why
	}
	switch ph.attr {
	case "arn":
		return "ARN of " + ph.origin
	case "id":
		return "id of " + ph.origin
	}
	return ph.attr + " of " + ph.origin
}

// Placeholders travel through strings as sentinels from Unicode's private
// use area, which no configuration here writes: templates, format, join
// and jsonencode keep them where they belong, so a policy document that
// names a new resource's ARN is still a document. They are strings (their
// UTF-8 bytes), searched for with strings.Index:
// strings.IndexRune converts a rune outside ASCII to its bytes on every
// call, and a check searches most strings it resolves.
const (
	phOpen  = "\uE000"
	phClose = "\uE001"
)

// phMark marks a cty value that is unknown because of placeholder n; cty
// carries marks through operators and functions.
type phMark int

// sensMark marks a value the plan or the configuration calls sensitive.
type sensMark struct{}

type placeholders struct {
	list []placeholder
	// byHash holds, by hash, the last id made with that hash; next
	// chains each id to the one before it with the same hash (-1:
	// none). A map keyed by the placeholders themselves held three
	// strings a slot, and a plan makes thousands.
	byHash map[uint64]int32
	next   []int32
	seed   maphash.Seed
	narrow uint // for tests: drops that many bits of the hash
}

func (t *placeholders) id(ph placeholder) int {
	if t.byHash == nil {
		t.byHash = map[uint64]int32{}
		t.seed = maphash.MakeSeed()
	}
	h := maphash.String(t.seed, ph.origin) ^ maphash.String(t.seed, ph.attr)*31 ^ maphash.String(t.seed, ph.why)*961
	h >>= t.narrow
	head, ok := t.byHash[h]
	if !ok {
		head = -1
	}
	for i := head; i >= 0; i = t.next[i] {
		if t.list[i] == ph {
			return int(i)
		}
	}
	n := len(t.list)
	t.list = append(t.list, ph)
	t.next = append(t.next, head)
	t.byHash[h] = int32(n)
	return n
}

func (t *placeholders) sentinel(ph placeholder) string {
	return phOpen + strconv.Itoa(t.id(ph)) + phClose
}

// each calls fn for every placeholder in s.
func (t *placeholders) each(s string, fn func(placeholder)) {
	for {
		i := strings.Index(s, phOpen)
		if i < 0 {
			return
		}
		s = s[i+len(phOpen):]
		j := strings.Index(s, phClose)
		if j < 0 {
			return
		}
		if n, err := strconv.Atoi(s[:j]); err == nil && t != nil && n < len(t.list) {
			fn(t.list[n])
		}
		s = s[j+len(phClose):]
	}
}

// whole returns the placeholder s consists of, when it is exactly one.
func (t *placeholders) whole(s string) (placeholder, bool) {
	if t == nil || len(s) < 2 || !strings.HasPrefix(s, phOpen) || !strings.HasSuffix(s, phClose) {
		return placeholder{}, false
	}
	inner := s[len(phOpen) : len(s)-len(phClose)]
	n, err := strconv.Atoi(inner)
	if err != nil || n < 0 || n >= len(t.list) {
		return placeholder{}, false
	}
	return t.list[n], true
}

// humanize writes every placeholder in s as ⟨its description⟩.
func (t *placeholders) humanize(s string) string {
	if t == nil || !strings.Contains(s, phOpen) {
		return s
	}
	return string(appendEachSentinel(make([]byte, 0, len(s)+64), s, func(b []byte, n int) ([]byte, bool) {
		if n >= len(t.list) {
			return b, false
		}
		return append(append(append(b, "⟨"...), t.list[n].String()...), "⟩"...), true
	}))
}

// appendEachSentinel appends s to b with each placeholder's sentinel
// (its number between phOpen and phClose) as put appends it for the
// number; from a sentinel that is not well formed, or whose number put
// refuses, s is copied as it is.
func appendEachSentinel(b []byte, s string, put func(b []byte, n int) ([]byte, bool)) []byte {
	for {
		i := strings.Index(s, phOpen)
		if i < 0 {
			return append(b, s...)
		}
		rest := s[i+len(phOpen):]
		j := strings.Index(rest, phClose)
		n, err := strconv.Atoi(rest[:max(j, 0)])
		if j < 0 || err != nil {
			return append(b, s...)
		}
		out, ok := put(append(b, s[:i]...), n)
		if !ok {
			return append(b, s...)
		}
		b, s = out, rest[j+len(phClose):]
	}
}

// hasSentinel reports whether any string in v holds a placeholder.
func hasSentinel(v cty.Value) bool {
	found := false
	cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		if found {
			return false, nil
		}
		x, _ = x.Unmark()
		if x.IsKnown() && !x.IsNull() && x.Type() == cty.String && strings.Contains(x.AsString(), phOpen) {
			found = true
		}
		return true, nil
	})
	return found
}

// strict replaces every string that holds a placeholder by an unknown
// string marked with its placeholders: the form in which an operator or a
// function that would read the text gives an honest unknown.
func (t *placeholders) strict(v cty.Value) cty.Value {
	out, _ := cty.Transform(v, func(_ cty.Path, x cty.Value) (cty.Value, error) {
		u, marks := x.Unmark()
		if !u.IsKnown() || u.IsNull() || u.Type() != cty.String || !strings.Contains(u.AsString(), phOpen) {
			return x, nil
		}
		r := cty.UnknownVal(cty.String).WithMarks(marks)
		t.each(u.AsString(), func(ph placeholder) { r = r.Mark(phMark(t.id(ph))) })
		return r, nil
	})
	return out
}

// fromJSON turns a planned value (after with its after_unknown and
// after_sensitive) into cty: unknown leaves become placeholders of the
// resource's attribute, as strings (an id, an ARN, a name, a URL: what
// one resource reads from another).
func (t *placeholders) fromJSON(v, unk, sens any, origin, path string) cty.Value {
	if unk == true {
		return t.mark(cty.StringVal(t.sentinel(placeholder{origin: origin, attr: path})), sens)
	}
	switch x := v.(type) {
	case nil:
		return t.mark(cty.NullVal(cty.DynamicPseudoType), sens)
	case string:
		return t.mark(cty.StringVal(x), sens)
	case bool:
		return t.mark(cty.BoolVal(x), sens)
	case float64:
		return t.mark(cty.NumberFloatVal(x), sens)
	case []any:
		ul, _ := unk.([]any)
		sl, _ := sens.([]any)
		if len(x) == 0 {
			return t.mark(cty.EmptyTupleVal, sens)
		}
		elems := make([]cty.Value, len(x))
		for i, e := range x {
			elems[i] = t.fromJSON(e, at(ul, i), sensitiveStep(sens, at(sl, i)), origin, path)
		}
		return cty.TupleVal(elems)
	case map[string]any:
		um, _ := unk.(map[string]any)
		sm, _ := sens.(map[string]any)
		attrs := make(map[string]cty.Value, len(x)+len(um))
		for k, e := range x {
			attrs[k] = t.fromJSON(e, um[k], sensitiveStep(sens, sm[k]), origin, joinPath(path, k))
		}
		for k, u := range um {
			if _, ok := x[k]; !ok && u == true {
				attrs[k] = t.fromJSON(nil, true, sensitiveStep(sens, sm[k]), origin, joinPath(path, k))
			}
		}
		return cty.ObjectVal(attrs)
	}
	return cty.DynamicVal
}

func joinPath(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func (t *placeholders) mark(v cty.Value, sens any) cty.Value {
	if sens == true {
		return v.Mark(sensMark{})
	}
	return v
}

// toJSON turns an evaluated value back into the plan's form: the value,
// its after_unknown part, and whether any of it is sensitive. A string
// that is exactly one placeholder stays unknown (it satisfies no rule
// that needs a literal) but keeps its sentinel, so links can follow it;
// an unknown with placeholder marks becomes such a string too.
func (t *placeholders) toJSON(v cty.Value) (val, unk any, sensitive bool) {
	v, marks := v.Unmark()
	for m := range marks {
		if _, ok := m.(sensMark); ok {
			sensitive = true
		}
	}
	if !v.IsKnown() {
		var phs []string
		for m := range marks {
			if n, ok := m.(phMark); ok && int(n) < len(t.list) {
				phs = append(phs, phOpen+strconv.Itoa(int(n))+phClose)
			}
		}
		if len(phs) == 1 {
			return phs[0], true, sensitive
		}
		return nil, true, sensitive
	}
	if v.IsNull() {
		return nil, false, sensitive
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		s := v.AsString()
		if _, ok := t.whole(s); ok {
			return s, true, sensitive
		}
		return s, false, sensitive
	case ty == cty.Bool:
		return v.True(), false, sensitive
	case ty == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		if v.AsBigFloat().IsInt() {
			if i, acc := v.AsBigFloat().Int64(); acc == big.Exact {
				f = float64(i)
			}
		}
		return f, false, sensitive
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		out := make([]any, 0, v.LengthInt())
		var unks []any
		anyUnk := false
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			ev, eu, es := t.toJSON(e)
			out = append(out, ev)
			unks = append(unks, orFalse(eu))
			anyUnk = anyUnk || anyTrue(eu)
			sensitive = sensitive || es
		}
		if anyUnk {
			return out, unks, sensitive
		}
		return out, false, sensitive
	case ty.IsMapType() || ty.IsObjectType():
		out := map[string]any{}
		unks := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			ev, eu, es := t.toJSON(e)
			out[k.AsString()] = ev
			if anyTrue(eu) {
				unks[k.AsString()] = eu
			}
			sensitive = sensitive || es
		}
		if len(unks) > 0 {
			return out, unks, sensitive
		}
		return out, false, sensitive
	}
	return nil, true, sensitive
}

func orFalse(u any) any {
	if u == nil {
		return false
	}
	return u
}
