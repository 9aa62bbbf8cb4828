package policy

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	tfjson "github.com/hashicorp/terraform-json"
)

// TestDecodeMatchesTfjson checks the streaming decoder against a plain
// tfjson.Plan decode (json.Unmarshal) of every testdata plan and of a
// generated one whose keys are sorted (change before mode and type):
// the same managed entries in the same order, every field the same, and
// of after / after_unknown / after_sensitive exactly the attributes kept
// for the type (of the marks, those that mark something), with the same
// values. Decoding every attribute gives the whole after value.
func TestDecodeMatchesTfjson(t *testing.T) {
	keep := attrsFor(DefaultRules())
	paths := map[string]string{}
	for _, name := range fixtures {
		paths[name] = planPath(name)
	}
	paths["generated"] = filepath.Join(t.TempDir(), "plan.json")
	writeBigPlan(t, paths["generated"], 300)
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var full tfjson.Plan
			if err := json.Unmarshal(b, &full); err != nil {
				t.Fatal(err)
			}
			for _, all := range []bool{false, true} {
				set := func(typ string) *attrSet {
					if all {
						return &attrSet{all: true}
					}
					return keep[typ]
				}
				p, err := decodePlan(bytes.NewReader(b), set)
				if err != nil {
					t.Fatal(err)
				}
				var managed []*tfjson.ResourceChange
				for _, rc := range full.ResourceChanges {
					if rc.Mode == tfjson.ManagedResourceMode && rc.DeposedKey == "" {
						managed = append(managed, rc)
					}
				}
				if len(p.Resources) != len(managed) || !reflect.DeepEqual(p.Config, full.Config) || p.FormatVersion != full.FormatVersion {
					t.Fatalf("%d resources (want %d), or a different configuration or format version", len(p.Resources), len(managed))
				}
				wantVars := map[string]any{}
				for n, v := range full.Variables {
					wantVars[n] = v.Value
				}
				if len(p.Variables)+len(wantVars) > 0 && !reflect.DeepEqual(p.Variables, wantVars) {
					t.Errorf("variables differ: %v, want %v", p.Variables, wantVars)
				}
				kept := 0
				for i, rc := range managed {
					want := *rc
					s := set(rc.Type)
					want.Change = &tfjson.Change{Actions: rc.Change.Actions, After: restrict(rc.Change.After, s, false),
						AfterUnknown: restrict(rc.Change.AfterUnknown, s, true), AfterSensitive: restrict(rc.Change.AfterSensitive, s, true)}
					if m, ok := want.Change.After.(map[string]any); ok {
						kept += len(m)
					}
					if got := withValues(p.Resources[i]); !reflect.DeepEqual(got, &want) {
						t.Errorf("%s: decoded %+v\nchange %+v\nwant %+v\nchange %+v", rc.Address, got, got.Change, &want, want.Change)
					}
				}
				if kept == 0 {
					t.Error("nothing kept")
				}
			}
		})
	}
}

// withValues returns r's change with its planned values as
// encoding/json decodes them, in the fields of a tfjson decode.
func withValues(r *Resource) *tfjson.ResourceChange {
	rc := *r.ResourceChange
	c := *rc.Change
	c.After, c.AfterUnknown, c.AfterSensitive = r.planned()
	rc.Change = &c
	return &rc
}

// restrict is what the decoder keeps of an after value for set: the
// attributes set names, and of marks only those that mark something.
func restrict(v any, set *attrSet, marks bool) any {
	m, ok := v.(map[string]any)
	if !ok || set != nil && set.all && !marks {
		return v
	}
	out := map[string]any{}
	for k, x := range m {
		if set != nil && (set.all || set.attrs[k]) && (!marks || anyTrue(x)) {
			out[k] = x
		}
	}
	return out
}

// TestPartialDecodeGivesSameFindings runs the rules on a plan decoded
// whole and on one decoded with only the attributes the rules declare: a
// rule that reads an attribute it does not declare shows up here.
func TestPartialDecodeGivesSameFindings(t *testing.T) {
	for _, name := range fixtures {
		f, _ := os.Open(planPath(name))
		p, err := decodePlan(f, func(string) *attrSet { return &attrSet{all: true} })
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		whole := Evaluate(p, DefaultRules(), Options{Now: testNow})
		part := fixture(t, name)
		if len(whole.Findings) != len(part.Findings) {
			t.Fatalf("%s: %d findings vs %d", name, len(whole.Findings), len(part.Findings))
		}
		for i := range whole.Findings {
			w, g := whole.Findings[i], part.Findings[i]
			if w.Rule != g.Rule || w.Address != g.Address || w.Result != g.Result || w.Message != g.Message {
				t.Errorf("%s: %s %s: whole decode %s (%s), partial %s (%s)", name, w.Rule, w.Address, w.Result, w.Message, g.Result, g.Message)
			}
		}
	}
}

func TestSplitAddr(t *testing.T) {
	got := splitAddr(`module.a["x.y"].module.b[0].aws_s3_bucket.c["k"]`)
	want := []string{"module", `a["x.y"]`, "module", "b[0]", "aws_s3_bucket", `c["k"]`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("splitAddr = %q", got)
	}
	if s := stripKeys(`module.a["x.y"].aws_s3_bucket.c[1]`); s != "module.a.aws_s3_bucket.c" {
		t.Errorf("stripKeys = %q", s)
	}
}

// TestDecodeAcrossReads feeds the decoder one byte per read, so that every
// value spans buffer refills.
func TestDecodeAcrossReads(t *testing.T) {
	keep := attrsFor(DefaultRules())
	b, err := os.ReadFile(planPath("service"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodePlan(bytes.NewReader(b), func(typ string) *attrSet { return keep[typ] })
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodePlan(iotest.OneByteReader(bytes.NewReader(b)), func(typ string) *attrSet { return keep[typ] })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(withValues(got.Resources[len(got.Resources)-1]), withValues(want.Resources[len(want.Resources)-1])) ||
		len(got.Resources) != len(want.Resources) || !reflect.DeepEqual(got.Config, want.Config) {
		t.Error("byte-by-byte decode differs")
	}
}

// TestLastSegmentFromTheEnd compares lastSegment with the forward
// reading on random addresses of dots, brackets (balanced or not),
// quotes and names.
func TestLastSegmentFromTheEnd(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	parts := []string{"a", "module", ".", ".", "[", "]", "[0]", `["k.x"]`, `"`, `\`, "bucket"}
	for range 50000 {
		var b strings.Builder
		for n := rng.Intn(10); n > 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		if got, want := lastSegment(b.String()), lastSegmentForward(b.String()); got != want {
			t.Fatalf("lastSegment(%q) = %d, reading forward gives %d", b.String(), got, want)
		}
	}
}
