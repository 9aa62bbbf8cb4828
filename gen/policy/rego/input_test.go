//go:build rego

package rego

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/open-policy-agent/opa/v1/ast"
)

// opaValue is what OPA makes of a JSON document without readInput:
// ast.InterfaceToValue of encoding/json's decode, as rego.Input does.
func opaValue(t *testing.T, b []byte) ast.Value {
	t.Helper()
	var x any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		t.Fatal(err)
	}
	v, err := ast.InterfaceToValue(x)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// committedPlans are every plan JSON under gen/policy/testdata.
func committedPlans(t *testing.T) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir("../testdata", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			b, err := os.ReadFile(path)
			if err == nil && bytes.Contains(b, []byte(`"resource_changes"`)) {
				paths = append(paths, path)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 5 {
		t.Fatalf("only %d plans under ../testdata", len(paths))
	}
	return paths
}

// TestReadInputIsInterfaceToValue: the direct decoder gives the value
// OPA's own conversion gives, on every committed plan (read whole and one
// byte at a time, which puts every token across a buffer boundary) and
// on JSON that exercises the corners: escapes, surrogates, bytes that are
// not UTF-8, numbers, keys given twice or out of order, shared subtrees.
func TestReadInputIsInterfaceToValue(t *testing.T) {
	docs := map[string][]byte{}
	for _, p := range committedPlans(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs[p] = b
	}
	for name, s := range map[string]string{
		"escapes":        `{"a":"q\"b\\s\/n\nt\tr\rb\bf\fu\u00e9\u20ac","b":["\ud83d\ude00","\ud800","\ud800\u0041","\udc00x","\ud83dx"]}`,
		"not utf-8":      "{\"a\":\"x\xffy\xc3\",\"b\":\"\xe2\x82\",\"ok\":\"\xc3\xa9\"}",
		"numbers":        `[0,-0,1,-1,512,513,1.5,-2.25e3,1E+2,1e-7,12345678901234567890123,0.000001]`,
		"duplicate keys": `{"b":1,"a":2,"b":3,"c":{"x":1,"x":[1,2]},"a":4}`,
		"unsorted keys":  `{"z":1,"a":{"y":[],"b":{}},"m":null}`,
		"shared":         `{"a":{"k":[1,{"x":"y"}]},"b":{"k":[1,{"x":"y"}]},"c":[{"k":[1,{"x":"y"}]},{"k":[1,{"x":"z"}]}],"d":[[],{},[[]],[{}]]}`,
		"literals":       " \t\r\n[true,false,null,\"\",{\"\":\"\"}] \n",
		"string":         `"just a string"`,
		"number":         `42`,
		"deep":           strings.Repeat("[", 500) + strings.Repeat("]", 500),
	} {
		docs[name] = []byte(s)
	}
	for name, b := range docs {
		t.Run(name, func(t *testing.T) {
			want := opaValue(t, b)
			for _, r := range []io.Reader{bytes.NewReader(b), iotest.OneByteReader(bytes.NewReader(b))} {
				got, _, err := readInput(r, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got.Compare(want) != 0 {
					t.Fatalf("readInput differs from InterfaceToValue:\n got %.600s\nwant %.600s", got, want)
				}
			}
		})
	}
}

// TestReadInputKeepsOnlyTheMembersAsked: with keep, the input holds
// exactly the members it accepts, each as a full decode has it.
func TestReadInputKeepsOnlyTheMembersAsked(t *testing.T) {
	b, err := os.ReadFile("../testdata/plans/service.json")
	if err != nil {
		t.Fatal(err)
	}
	full := opaValue(t, b).(ast.Object)
	for _, keep := range [][]string{{"resource_changes"}, {"configuration", "variables"}, {"planned_values", "format_version"}, {"nothing"}} {
		got, _, err := readInput(bytes.NewReader(b), func(k string) bool { return slices.Contains(keep, k) })
		if err != nil {
			t.Fatal(err)
		}
		want := ast.NewObject()
		for _, k := range keep {
			if v := full.Get(ast.StringTerm(k)); v != nil {
				want.Insert(ast.StringTerm(k), v)
			}
		}
		if got.Compare(want) != 0 {
			t.Errorf("keep %v: got members %v, want %v", keep, got.(ast.Object).Keys(), want.Keys())
		}
	}
}

// TestReadInputFindsSensitiveValuesWhateverItKeeps: the sensitive values
// (a resource's marked attributes, before and after, and a sensitive root
// variable) are found also when resource_changes, configuration and
// variables are not kept.
func TestReadInputFindsSensitiveValuesWhateverItKeeps(t *testing.T) {
	b, err := os.ReadFile("../testdata/plans/service.json")
	if err != nil {
		t.Fatal(err)
	}
	small := `{"variables":{"token":{"value":"var-secret"},"open":{"value":"var-plain"}},
"configuration":{"root_module":{"variables":{"token":{"sensitive":true},"open":{}}}},
"resource_changes":[{"change":{"before":{"a":["old-secret",7]},"before_sensitive":{"a":true},
"after":{"a":"rc-secret","b":"plain","c":[{"d":"deep-secret","e":"x"}]},"after_sensitive":{"a":true,"c":[{"d":true}]}}}]}`
	for _, keep := range []func(string) bool{nil, func(string) bool { return false }} {
		_, secrets, err := readInput(bytes.NewReader(b), keep)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(secrets, "s3cr3t-do-not-print") {
			t.Errorf("service.json: secrets %q lack the auth token", secrets)
		}
		_, secrets, err = readInput(strings.NewReader(small), keep)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(secrets)
		if want := []string{"7", "deep-secret", "old-secret", "rc-secret", "var-secret"}; !slices.Equal(secrets, want) {
			t.Errorf("secrets %q, want %q", secrets, want)
		}
	}
}

// TestReadInputRefusesInvalidJSON: damaged and cut-off plans are refused
// exactly when encoding/json refuses them.
func TestReadInputRefusesInvalidJSON(t *testing.T) {
	b, err := os.ReadFile("../testdata/plans/storage.json")
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewSource(9))
	junk := []byte(`{}[]",:\ 0-+.eEtfnu"x` + "\x00\x1f\xff")
	for i := range 2000 {
		d := slices.Clone(b)
		switch i % 4 {
		case 0:
			d[rnd.Intn(len(d))] = junk[rnd.Intn(len(junk))]
		case 1:
			j := rnd.Intn(len(d))
			d = append(d[:j], d[j+1:]...)
		case 2:
			j := rnd.Intn(len(d))
			d = slices.Insert(d, j, junk[rnd.Intn(len(junk))])
		case 3:
			d = d[:rnd.Intn(len(d))]
		}
		_, _, err := readInput(bytes.NewReader(d), nil)
		if valid := json.Valid(d); valid != (err == nil) {
			t.Fatalf("damage %d: json.Valid %v, readInput error %v", i, valid, err)
		}
	}
	for _, s := range []string{"", "{", `{"a"}`, `{"a":1,}`, `[1,]`, `01`, `1.`, `-`, `"\x"`, `"\u12"`, "\"a\nb\"", `tru`, `nul`, `{"a":1}x`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001)} {
		if _, _, err := readInput(strings.NewReader(s), nil); err == nil {
			t.Errorf("%.40q: no error", s)
		}
	}
}

// TestSharingNeedsEveryChild: a container is shared only with one of the
// same kind whose children are the same terms, in order, also among
// containers whose children hash alike.
func TestSharingNeedsEveryChild(t *testing.T) {
	a, b, one, two := ast.StringTerm("a"), ast.StringTerm("b"), ast.IntNumberTerm(1), ast.IntNumberTerm(2)
	obj := ast.NewTerm(ast.NewObject([2]*ast.Term{a, one}, [2]*ast.Term{b, two}))
	arr := ast.ArrayTerm(a, one, b, two)
	tests := []struct {
		kind byte
		kids []*ast.Term
		want *ast.Term
	}{
		{'o', []*ast.Term{a, one, b, two}, obj},
		{'a', []*ast.Term{a, one, b, two}, arr},
		{'o', []*ast.Term{a, one, b, ast.NumberTerm("2")}, nil}, // equal, but another term
		{'o', []*ast.Term{a, two, b, one}, nil},
		{'o', []*ast.Term{b, one, a, two}, nil},
		{'o', []*ast.Term{a, one}, nil},
		{'a', []*ast.Term{a, one, b}, nil},
		{'a', []*ast.Term{a, one, two, b}, nil},
	}
	// Both orders: each is once the head of the chain.
	for _, order := range [][]*ast.Term{{obj, arr}, {arr, obj}} {
		d := &decoder{index: map[uint64]int32{}}
		for _, c := range order {
			d.remember(7, c)
		}
		for i, tt := range tests {
			if got := d.find(7, tt.kind, tt.kids); got != tt.want {
				t.Errorf("%d: %c %v: got %v, want %v", i, tt.kind, tt.kids, got, tt.want)
			}
		}
		if d.find(8, 'o', []*ast.Term{a, one, b, two}) != nil {
			t.Error("found under another hash")
		}
	}
}

// TestSharedArraysHaveNoSpareRoom: OPA's Array.Append appends to the
// array's own slice, so an array of the input that is shared must be
// full, or two appends to it would write the same slot.
func TestSharedArraysHaveNoSpareRoom(t *testing.T) {
	v, _, err := readInput(strings.NewReader(`{"a":[1,2,3],"b":[1,2,3]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	arr := v.(ast.Object).Get(ast.StringTerm("a")).Value.(*ast.Array)
	x, y := arr.Append(ast.StringTerm("x")), arr.Append(ast.StringTerm("y"))
	if got := x.Elem(3).Value; got != ast.String("x") {
		t.Errorf("one append's element is %v after another's", got)
	}
	if y.Elem(3).Value != ast.String("y") || arr.Len() != 3 {
		t.Errorf("appends changed the shared array: %v, %v", arr, y)
	}
}
