package policy

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// resolvedPlan decodes the plan at path, resolves it against the
// configuration in dir with DefaultRules, sharing evaluations among
// instances or not, and returns the plan and its JSON report.
func resolvedPlan(t *testing.T, path, dir string, share bool) (*Plan, []byte) {
	t.Helper()
	rules := DefaultRules()
	p, cfg := planAt(t, path, dir, rules)
	p.index()
	rv := newResolver(p, cfg, cfg.reads)
	rv.noShare = !share
	p.res = rv.res
	var buf bytes.Buffer
	if err := Evaluate(p, rules, Options{Now: testNow}).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return p, buf.Bytes()
}

// resolvedValues gives every resource's planned values as resolution
// left them, placeholders written as what they stand for, and why each
// open attribute stays open.
func resolvedValues(t *testing.T, p *Plan) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range p.Resources {
		tr := p.t
		b, err := json.Marshal([]any{tr.raw(r.after), tr.raw(r.unknown), tr.raw(r.sen)})
		if err != nil {
			t.Fatal(err)
		}
		s := p.res.ph.humanize(string(b))
		if lr := r.lazy; lr != nil && lr != noLazy {
			for _, n := range lr.notes {
				s += "\n" + n.attr + ": " + n.why.String()
			}
		}
		out[r.Address] = s
	}
	return out
}

// TestSharedInstancesResolveAsEachAlone: an instance that takes its
// value from another instance's evaluation (see shared) gets what its own
// evaluation gives, placeholders and reasons included, and so does the
// report, on every fixture and on the replicated plan of the benchmarks.
// The shared fixture holds copies that must not share: one reads its
// own known name, one its index, one the text of a placeholder.
func TestSharedInstancesResolveAsEachAlone(t *testing.T) {
	type plan struct{ name, path, dir string }
	var plans []plan
	for _, name := range fixtures {
		plans = append(plans, plan{name, planPath(name), filepath.Join("testdata", "plans", name)})
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.json")
	_, changes := writeBigPlan(t, path, 1000)
	plans = append(plans, plan{"replicated", path, benchConfig(t, dir, changes)})
	for _, c := range plans {
		t.Run(c.name, func(t *testing.T) {
			alone, aloneRep := resolvedPlan(t, c.path, c.dir, false)
			shared, sharedRep := resolvedPlan(t, c.path, c.dir, true)
			if !bytes.Equal(aloneRep, sharedRep) {
				t.Errorf("reports differ:\n%s", firstDiff(string(aloneRep), string(sharedRep)))
			}
			want, got := resolvedValues(t, alone), resolvedValues(t, shared)
			for addr, w := range want {
				if got[addr] != w {
					t.Errorf("%s resolves to\n%s\nshared, but alone to\n%s", addr, got[addr], w)
				}
			}
			if shared.res.rv.evals > alone.res.rv.evals {
				t.Errorf("%d expressions evaluated sharing, %d alone", shared.res.rv.evals, alone.res.rv.evals)
			}
		})
	}
}

// firstDiff shows where a and b part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return "alone:  ..." + a[lo:min(len(a), i+200)] + "\nshared: ..." + b[lo:min(len(b), i+200)]
}

// TestSharingEvaluatesOncePerResource: copies of a module resolve with
// the evaluations of one copy. A further copy of the storage fixture
// evaluates only what its resources read through module calls: the
// guard's bucket variable, the site's name variable and its bucket_id
// output, three expressions (the service fixture's copies read none),
// where alone it evaluates every argument it resolves.
func TestSharingEvaluatesOncePerResource(t *testing.T) {
	perCopy := func(share bool) float64 {
		evals, copies := map[int]int{}, map[int]int{}
		for _, n := range []int{500, 1500} {
			dir := t.TempDir()
			path := filepath.Join(dir, "plan.json")
			_, changes := writeBigPlan(t, path, n)
			p, _ := resolvedPlan(t, path, benchConfig(t, dir, changes), share)
			evals[n] = p.res.rv.evals
			copies[n] = len(p.res.rv.moduleKeys("", "storage"))
		}
		return float64(evals[1500]-evals[500]) / float64(copies[1500]-copies[500])
	}
	shared, alone := perCopy(true), perCopy(false)
	if shared > 3 || alone < 10*shared {
		t.Errorf("expressions evaluated per further copy: %.1f sharing, %.1f alone", shared, alone)
	}
}

// TestSwapTakesOneInstanceToTheOther: a swap exchanges the two instance
// paths in an address, and leaves every other address, a longer key
// that starts alike included, as it is.
func TestSwapTakesOneInstanceToTheOther(t *testing.T) {
	sw := &swap{x: `module.a[1]`, y: `module.a["b"]`}
	for in, want := range map[string]string{
		`module.a[1].aws_s3_bucket.x`:            `module.a["b"].aws_s3_bucket.x`,
		`module.a["b"].module.c.aws_s3_bucket.x`: `module.a[1].module.c.aws_s3_bucket.x`,
		`module.a[10].aws_s3_bucket.x`:           `module.a[10].aws_s3_bucket.x`,
		`module.a[1]`:                            `module.a[1]`,
		`aws_s3_bucket.x`:                        `aws_s3_bucket.x`,
		``:                                       ``,
	} {
		if got := sw.origin(in); got != want {
			t.Errorf("swap of %q = %q, want %q", in, got, want)
		}
		if !sw.maps(in, want) || in != want && sw.maps(in, in) {
			t.Errorf("maps(%q, %q) disagrees with origin", in, want)
		}
	}
	if got := (*swap)(nil).origin("module.a[1].x"); got != "module.a[1].x" {
		t.Errorf("nil swap changed %q", got)
	}
}

// TestSameSwappedSeesRefinements: two unknown strings whose known
// prefixes differ are not the same read: a prefix may hold an instance's
// own name.
func TestSameSwappedSeesRefinements(t *testing.T) {
	rv := &resolver{ph: &placeholders{}}
	prefixed := func(p string) cty.Value {
		return cty.UnknownVal(cty.String).Refine().StringPrefix(p).NewValue()
	}
	if rv.sameSwapped(prefixed("copy-0-"), prefixed("copy-1-"), nil) {
		t.Error("unknowns with prefixes copy-0- and copy-1- read as the same")
	}
	if !rv.sameSwapped(prefixed("copy-"), prefixed("copy-"), nil) {
		t.Error("unknowns with one prefix read as different")
	}
}

// TestCountIndexDecidesEachInstance: instances of a resource with count
// read their own count.index, shared or alone: in the shared fixture the
// policy of aws_iam_role_policy.indexed[1] is the planted "*", and [0]'s
// is not.
func TestCountIndexDecidesEachInstance(t *testing.T) {
	for _, share := range []bool{true, false} {
		_, b := resolvedPlan(t, planPath("shared"), filepath.Join("testdata", "plans", "shared"), share)
		var rep struct {
			Findings []struct {
				Rule    string `json:"rule_id"`
				Address string
				Result  string
			}
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, f := range rep.Findings {
			if f.Rule == "aws-iam-no-star-action" {
				got[f.Address] = f.Result
			}
		}
		for addr, want := range map[string]string{"aws_iam_role_policy.indexed[0]": "pass", "aws_iam_role_policy.indexed[1]": "fail"} {
			if got[addr] != want {
				t.Errorf("share %v: %s: %q, want %s", share, addr, got[addr], want)
			}
		}
	}
}

// TestPhIDSwapsEveryPlaceholder: a swap takes each placeholder to the
// one with its origin swapped, asked once or again, however many it
// has swapped.
func TestPhIDSwapsEveryPlaceholder(t *testing.T) {
	rv := &resolver{ph: &placeholders{}}
	var ids []int
	for i := 0; i < 96; i++ {
		origin := "module.a[0].aws_s3_bucket.b" + strconv.Itoa(i)
		if i%3 == 2 {
			origin = "aws_s3_bucket.root" + strconv.Itoa(i) // outside both: not swapped
		}
		ids = append(ids, rv.ph.id(placeholder{origin: origin, attr: "id"}))
	}
	sw := &swap{x: "module.a[0]", y: "module.a[1]"}
	for round := 0; round < 2; round++ {
		for _, n := range ids {
			ph := rv.ph.list[n]
			want := placeholder{origin: sw.origin(ph.origin), attr: ph.attr}
			// Asked twice: the second answer is the one kept.
			for range 2 {
				if got := rv.ph.list[rv.phID(n, sw)]; got != want {
					t.Fatalf("round %d: placeholder %d (%s) swaps to %s, want %s", round, n, ph, got, want)
				}
			}
		}
	}
}

// TestSoleInstancesLeaveNoTemplate: in a plan where no resource or
// module instance has a key, no instance could take another's
// evaluation, and resolving it leaves no template (see alone); the
// replicated plan's copies of modules still do.
func TestSoleInstancesLeaveNoTemplate(t *testing.T) {
	sole := 0
	for _, name := range fixtures {
		p, _ := resolvedPlan(t, planPath(name), filepath.Join("testdata", "plans", name), true)
		keyed := false
		for _, r := range p.Resources {
			keyed = keyed || strings.Contains(r.Address, "[")
		}
		if keyed || p.res.rv.evals == 0 {
			continue
		}
		sole++
		if n := len(p.res.rv.templates); n != 0 {
			t.Errorf("%s: %d templates left by %d evaluations, where no instance has a key", name, n, p.res.rv.evals)
		}
	}
	if sole == 0 {
		t.Fatal("no fixture resolves anything without keys")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.json")
	_, changes := writeBigPlan(t, path, 100)
	p, _ := resolvedPlan(t, path, benchConfig(t, dir, changes), true)
	if len(p.res.rv.templates) == 0 {
		t.Error("the replicated plan left no template")
	}
}
