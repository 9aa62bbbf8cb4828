package policy

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	tfjson "github.com/hashicorp/terraform-json"
)

// TestTreeMatchesEncodingJSON reads values into a tree and back out: the
// value encoding/json gives, or an error from both; also strings longer
// than a chunk and many strings over chunk boundaries.
func TestTreeMatchesEncodingJSON(t *testing.T) {
	long := `"` + strings.Repeat("é", chunkSize) + `"`
	var many strings.Builder
	many.WriteString(`{"list":[`)
	for i := range 40_000 {
		if i > 0 {
			many.WriteByte(',')
		}
		many.WriteString(`"s` + strings.Repeat("x", i%7) + `", 1.5e2`)
	}
	many.WriteString(`], "long": ` + long + `}`)
	for _, in := range append(scannerCases, long, many.String()) {
		var want any
		wantErr := json.Unmarshal([]byte(in), &want)
		for _, oneByte := range []bool{false, true} {
			s := newScanner(bytes.NewReader([]byte(in)), 16)
			if oneByte {
				s = newScanner(iotest.OneByteReader(bytes.NewReader([]byte(in))), 1)
			}
			tr := newTree()
			n, err := s.valueNode(tr)
			if err == nil {
				err = s.end()
			}
			if (err != nil) != (wantErr != nil) {
				t.Errorf("%.40q (one byte per read %v): tree error %v, encoding/json error %v", in, oneByte, err, wantErr)
				continue
			}
			if err != nil {
				continue
			}
			if got := tr.raw(tr.add(n)); !reflect.DeepEqual(got, want) {
				t.Errorf("%.40q: tree %#.80v, encoding/json %#.80v", in, got, want)
			}
			// What comes from encoding/json's values reads back the same.
			if got := tr.raw(tr.mustAny(want)); !reflect.DeepEqual(got, want) {
				t.Errorf("%.40q: from encoding/json's value %#.80v", in, got)
			}
		}
	}
}

// treeValue reads after, after_unknown and after_sensitive into a Value.
func treeValue(t *testing.T, after, unknown, sensitive string) Value {
	t.Helper()
	tr := newTree()
	var refs [3]ref
	for i, in := range []string{after, unknown, sensitive} {
		n, err := bytesScanner([]byte(in)).valueNode(tr)
		if err != nil {
			t.Fatal(err)
		}
		refs[i] = tr.add(n)
	}
	return Value{tr, refs[0], refs[1], refs[2]}
}

// TestValueReads checks what rules read through a Value: steps into
// objects and lists, unknown and sensitive marks carried down, the last
// of repeated keys, strings read as numbers and bools, and messages.
func TestValueReads(t *testing.T) {
	v := treeValue(t,
		`{"name":"a","n":3,"port":"443","on":"true","b":false,"list":["x",null,"y"],"tags":{"k":"v","k":"w"},
		  "open":"ph","secret":{"p":"s3cret","q":[1]},"doc":{"z":1,"a":[true]}}`,
		`{"open":true,"list":[false,false,false],"part":{"x":true}}`,
		`{"secret":true}`)
	if s, ok := v.Get("name").String(); !ok || s != "a" {
		t.Errorf("name = %q, %v", s, ok)
	}
	if n, ok := v.Get("n").Number(); !ok || n != 3 {
		t.Errorf("n = %v, %v", n, ok)
	}
	if n, ok := v.Get("port").Number(); !ok || n != 443 {
		t.Errorf("port = %v, %v", n, ok)
	}
	if !v.Get("on").True() || v.Get("b").True() {
		t.Error("True misread")
	}
	if b, ok := v.Get("b").Bool(); !ok || b {
		t.Errorf("b = %v, %v", b, ok)
	}
	if ss, all := v.Get("list").Strings(); !all || !reflect.DeepEqual(ss, []string{"x", "y"}) || v.Get("list").Len() != 3 {
		t.Errorf("list = %q, %v", ss, all)
	}
	if s := v.Get("tags", "k").Str(); s != "w" {
		t.Errorf("repeated key reads %q, want the last", s)
	}
	// An unknown value keeps what resolution put there, but is not known.
	open := v.Get("open")
	if s, ok := open.String(); ok || s != "ph" || !open.Unknown() || open.Raw() != "ph" || open.Null() {
		t.Errorf("open = %q, %v", s, ok)
	}
	if !v.Get("open", "deeper", 0).Unknown() {
		t.Error("a step through an unknown value is not unknown")
	}
	if !v.Get("part").HasUnknown() || v.Get("part").Unknown() || !v.Get("missing").Null() {
		t.Error("marks misread")
	}
	if !v.Get("secret", "q", 0).Sensitive() || v.Get("name").Sensitive() || !v.Sensitive() {
		t.Error("sensitivity not carried down")
	}
	for path, want := range map[string]string{"doc": `{"a":[true],"z":1}`, "secret": "(sensitive)", "open": "(known after apply)",
		"name": `"a"`, "missing": "null", "n": "3"} {
		if got := v.Get(path).Show(); got != want {
			t.Errorf("Show(%s) = %s, want %s", path, got, want)
		}
	}
	got := map[string]bool{}
	collectSensitive(v, got)
	if !reflect.DeepEqual(got, map[string]bool{"s3cret": true, "1": true}) {
		t.Errorf("sensitive leaves %v", got)
	}
	if !(Value{}).Null() || (Value{}).Len() != 0 || (Value{}).Get("a", 1).Sensitive() {
		t.Error("the zero Value is not null")
	}
}

// TestSetAttr checks that resolved attributes land in the planned values
// as they did in encoding/json's maps: set, unknown part set or removed,
// sensitivity added, and other attributes kept.
func TestSetAttr(t *testing.T) {
	p := &Plan{}
	r := p.newResource(&tfjson.ResourceChange{Change: &tfjson.Change{
		After:        map[string]any{"a": "x", "b": 1.0},
		AfterUnknown: map[string]any{"c": true, "d": true},
	}})
	r.setAttr("c", "resolved", false, true)
	r.setAttr("d", []any{"p", nil}, []any{false, true}, false)
	after, unk, sens := r.planned()
	if want := map[string]any{"a": "x", "b": 1.0, "c": "resolved", "d": []any{"p", nil}}; !reflect.DeepEqual(after, want) {
		t.Errorf("after = %v", after)
	}
	if want := map[string]any{"d": []any{false, true}}; !reflect.DeepEqual(unk, want) {
		t.Errorf("after_unknown = %v", unk)
	}
	if want := map[string]any{"c": true}; !reflect.DeepEqual(sens, want) {
		t.Errorf("after_sensitive = %v", sens)
	}
	if !r.Get("d", 1).Unknown() || r.Get("d", 0).Str() != "p" || !r.Get("c").Sensitive() {
		t.Error("Get misreads the resolved values")
	}
}

// TestAddrPartsAsStripKeys checks the per-module cache of address parts
// against stripKeys and moduleScope on addresses of every shape.
func TestAddrPartsAsStripKeys(t *testing.T) {
	p := &Plan{}
	for _, addr := range []string{`aws_s3_bucket.b`, `aws_s3_bucket.b[0]`, `module.a.aws_s3_bucket.b`, `module.a[1].aws_s3_bucket.b["k"]`,
		`module.a["x.y"].module.b[0].aws_s3_bucket.c["k.z"]`, `module.a["x.y"].module.b[1].aws_s3_bucket.c`, `data.aws_iam_policy_document.d`,
		`module.m.data.aws_x.y[0]`, `b`, ``, `module.a.module`,
		// Prefixes seen before, after others: from the map, not the last.
		`module.a.aws_x.y`, `module.a[1].aws_s3_bucket.z`, `aws_x.y`, `module.a["x.y"].module.b[0].aws_y.z`} {
		for range 2 { // the second time from the cache
			cfg, scope := p.addrParts(addr)
			if cfg != stripKeys(addr) || !reflect.DeepEqual(scope, moduleScope(addr)) {
				t.Errorf("%s: %q %v, want %q %v", addr, cfg, scope, stripKeys(addr), moduleScope(addr))
			}
		}
	}
}

// TestKeyIDs adds keys of every length up to 40, with shared prefixes and
// suffixes and the bytes that differ in the middle, many times over: each
// distinct key gets one id, the same on every lookup and after the
// table grows, and the id names the key.
func TestKeyIDs(t *testing.T) {
	tr := newTree()
	want := map[string]uint32{}
	rng := rand.New(rand.NewSource(10))
	for round := range 3 {
		for range 20000 {
			b := make([]byte, rng.Intn(41))
			for i := range b {
				b[i] = "ab\x00\xff"[rng.Intn(4)]
			}
			id := tr.key(b)
			if w, ok := want[string(b)]; ok && w != id {
				t.Fatalf("round %d: key %q has id %d, earlier %d", round, b, id, w)
			}
			want[string(b)] = id
			if tr.keys[id] != string(b) {
				t.Fatalf("id %d names %q, not %q", id, tr.keys[id], b)
			}
		}
	}
	if len(tr.keys) != len(want) {
		t.Errorf("%d ids for %d distinct keys", len(tr.keys), len(want))
	}
}
