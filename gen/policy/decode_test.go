package policy

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"testing/iotest"

	tfjson "github.com/hashicorp/terraform-json"
)

// TestDecodeMatchesTfjson checks the streaming decoder against a full
// tfjson.Plan decode: same entries, same actions, and the same values for
// every attribute it keeps.
func TestDecodeMatchesTfjson(t *testing.T) {
	keep := attrsFor(DefaultRules())
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(planPath(name))
			if err != nil {
				t.Fatal(err)
			}
			var full tfjson.Plan
			if err := json.Unmarshal(b, &full); err != nil {
				t.Fatal(err)
			}
			for _, all := range []bool{false, true} {
				f, _ := os.Open(planPath(name))
				p, err := decodePlan(f, func(typ string) *attrSet {
					if all {
						return &attrSet{all: true}
					}
					return keep[typ]
				})
				f.Close()
				if err != nil {
					t.Fatal(err)
				}
				var managed []*tfjson.ResourceChange
				for _, rc := range full.ResourceChanges {
					if rc.Mode == tfjson.ManagedResourceMode {
						managed = append(managed, rc)
					}
				}
				if len(p.Resources) != len(managed) || !reflect.DeepEqual(p.Config, full.Config) {
					t.Fatalf("%d resources (want %d) or a different configuration", len(p.Resources), len(managed))
				}
				kept := 0
				for i, want := range managed {
					got := p.Resources[i]
					if got.Address != want.Address || got.Type != want.Type || !reflect.DeepEqual(got.Change.Actions, want.Change.Actions) ||
						!reflect.DeepEqual(got.Index, want.Index) || got.ActionReason != want.ActionReason {
						t.Errorf("%s: entry differs", want.Address)
					}
					if all {
						for _, pair := range [][2]any{{got.Change.After, want.Change.After}, {got.Change.AfterUnknown, want.Change.AfterUnknown},
							{got.Change.AfterSensitive, want.Change.AfterSensitive}} {
							if !reflect.DeepEqual(pair[0], pair[1]) {
								t.Errorf("%s: full decode differs from tfjson", want.Address)
							}
						}
						continue
					}
					m, _ := got.Change.After.(map[string]any)
					wm, _ := want.Change.After.(map[string]any)
					for k, v := range m {
						kept++
						if !reflect.DeepEqual(v, wm[k]) {
							t.Errorf("%s.%s = %v, tfjson has %v", want.Address, k, v, wm[k])
						}
					}
				}
				if !all && kept == 0 {
					t.Error("nothing kept")
				}
			}
		})
	}
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
	if !reflect.DeepEqual(got.Resources[len(got.Resources)-1].ResourceChange, want.Resources[len(want.Resources)-1].ResourceChange) ||
		len(got.Resources) != len(want.Resources) || !reflect.DeepEqual(got.Config, want.Config) {
		t.Error("byte-by-byte decode differs")
	}
}
