package typed

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// indexSample holds every shape of literal Build reads: keyed and not,
// &T{...}, a slice of literals with and without element types, a pointer
// field's literal, an empty slice, a map, two calls on one line, and a
// call that starts on one line with its literal on the next.
const indexSample = `package sample

func f(args ...any) any { return nil }

type Args struct{ A, B int; Rule []Rule; Cfg *Cfg; M map[string]int }
type Rule struct{ X, Y int; Sub []Rule }
type Cfg struct{ Z int }

func build() {
	f(Args{B: 1, A: 2, Rule: []Rule{{Y: 1, X: 2, Sub: []Rule{{X: 1}}}, {X: 3}}, Cfg: &Cfg{Z: 1}, M: map[string]int{"a": 1}})
	f(&Args{Rule: []Rule{}}, 3, Rule{Y: 1})
	f(Args{1, 2, nil, nil, nil})
	f(Args{A: 1}); f(Cfg{Z: 2})
	f(
		Args{B: 2, A: 1},
	)
	f(f(Rule{Sub: []Rule{Rule{Y: 1}, {X: 2}}}), []int{1})
}
`

func writeSample(t *testing.T, dir, src string) string {
	t.Helper()
	p := filepath.Join(dir, "pkg", "sample.go")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestIndexGivesWhatTheParseGives: the index of a file, read back, holds
// the literals that parsing the file finds, for the sample and for every
// file of this repository's modules and blueprints.
func TestIndexGivesWhatTheParseGives(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, indexSample)
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		root string
		dirs []string
	}{{dir, []string{"pkg"}}, {root, []string{"modules", "blueprints"}}} {
		index, err := MakeIndex(c.root, c.dirs...)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, part := range strings.SplitAfter(index, "\nfile ")[0:] {
			part = strings.TrimPrefix(strings.TrimSuffix(part, "file "), "file ")
			header, body, _ := strings.Cut(part, "\n")
			rel, _, _ := strings.Cut(header, " ")
			data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(rel)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeLines(body)
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			if want := parseLiterals(rel, data); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the index gives\n%#v\nthe parse\n%#v", rel, got, want)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: nothing indexed", c.root)
		}
	}
	// The sample's first literal, key by key.
	lits := parseLiterals("sample.go", []byte(indexSample))
	first := lits[10][0].lit
	if first == nil || strings.Join(first.keys, ",") != "B,A,Rule,Cfg,M" ||
		strings.Join(first.elem("Rule", 0).keys, ",") != "Y,X,Sub" || strings.Join(first.elem("Rule", 0).elem("Sub", 0).keys, ",") != "X" ||
		strings.Join(first.elem("Cfg", 0).keys, ",") != "Z" || first.elem("M", 0) != nil {
		t.Errorf("the sample's first literal reads as %#v", first)
	}
}

// TestIndexIsUsedOnlyForTheFileIndexed: a file whose content is the one
// indexed takes its literals from the index (here an index written with
// the keys reversed, to tell the two apart); once the file changes, it
// is parsed again.
func TestIndexIsUsedOnlyForTheFileIndexed(t *testing.T) {
	dir := t.TempDir()
	p := writeSample(t, dir, indexSample)
	index, err := MakeIndex(dir, "pkg")
	if err != nil {
		t.Fatal(err)
	}
	reversed := strings.Replace(index, "\n13 Args {A}\n", "\n13 Args {Z,Y}\n", 1)
	if reversed == index {
		t.Fatalf("the sample's index has no row 13 Args {A}:\n%s", index)
	}
	UseIndex(dir, reversed)
	defer indexes.Delete(filepath.ToSlash(p))
	keysAt := func(line int) string {
		for _, a := range literalsOf(p)[line] {
			if a.typeName == "Args" && a.lit != nil {
				return strings.Join(a.lit.keys, ",")
			}
		}
		return ""
	}
	if got := keysAt(13); got != "Z,Y" {
		t.Errorf("the file as indexed gives keys %q at line 13, want the index's Z,Y", got)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(indexSample, "f(Args{A: 1}); ", "f(Args{B: 1, A: 1}); ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := keysAt(13); got != "B,A" {
		t.Errorf("the edited file gives keys %q at line 13, want the parse's B,A", got)
	}
}
