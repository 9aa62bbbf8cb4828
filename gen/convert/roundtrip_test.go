package convert_test

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// A round trip converts a root (and every module it calls), builds and
// runs the Go, and plans the original and the rendered configuration
// offline: the two must plan the same.
type roundTripCase struct {
	// name is the subtest's name and the wrapper's module call prefix.
	name string
	// from is the root module converted.
	from string
	// vars are the root's input values beyond its tfvars files, as HCL.
	vars map[string]string
	// noPlan: converted, built and rendered, but not planned (the root
	// needs AWS).
	noPlan bool
	// alone: planned as a root of its own rather than inside the batch
	// wrapper (Terraform allows import blocks only in the root module).
	alone bool
	// minChanges is the fewest resource changes its plan must have.
	minChanges int
	// state, when set, is the state both sides are planned from (alone
	// only), so that removed blocks have objects to forget and destroy.
	state string
	// wantActions are actions the plan must have, by address.
	wantActions map[string]string
}

var only = flag.String("trip", "", "round-trip only the roots whose name holds this text")

// corpus lists the public configurations under testdata/corpus (origin
// and edits in each repository's ORIGIN.md), each a root module that calls
// its repository's module by relative path.
var corpus = []string{
	"terraform-aws-vpc/examples/network-acls",
	"terraform-aws-vpc/examples/separate-route-tables",
	"terraform-aws-vpc/examples/ipv6-dualstack",
	"terraform-aws-vpc/examples/ipv6-only",
	"terraform-aws-vpc/examples/secondary-cidr-blocks",
	"terraform-aws-security-group/examples/complete",
	"terraform-aws-security-group/examples/http",
}

func roundTripCases() []roundTripCase {
	out := filepath.Join("..", "..", "out")
	// A fixed, made-up token: the plans of the original and the converted
	// platform must see the same one.
	token := sha256.Sum256([]byte("moochat convert round trip"))
	platformVars := map[string]string{"aws_skip_checks": "true", "redis_auth_token": fmt.Sprintf("%q", hex.EncodeToString(token[:16]))}
	cases := []roundTripCase{
		{name: "platform/envs/dev", from: filepath.Join(out, "envs", "dev"), vars: platformVars, minChanges: 100},
		{name: "platform/envs/prod", from: filepath.Join(out, "envs", "prod"), vars: platformVars, minChanges: 100},
		{name: "platform/examples/static-site", from: filepath.Join(out, "examples", "static-site"), noPlan: true},
	}
	for _, c := range corpus {
		cases = append(cases, roundTripCase{name: "corpus/" + c, from: filepath.Join("testdata", "corpus", filepath.FromSlash(c)), minChanges: 20})
	}
	// Not public: the construct sampler, planned the same way.
	return append(cases, roundTripCase{
		name: "constructs/root", from: filepath.Join("testdata", "constructs", "root"), alone: true,
		state:       filepath.Join("testdata", "constructs", "removed-state.json"),
		wantActions: map[string]string{"terraform_data.forgotten": "forget", "terraform_data.retired": "delete", `terraform_data.adopted["a"]`: "update"},
	})
}

// TestRoundTrip converts every root under out/ (both environments with
// every module they call, and the example) and the corpus of public
// Terraform nobody here wrote, renders the Go back and plans both sides
// offline: the same resource changes (addresses, actions, planned values,
// what is unknown or sensitive, imports) and output changes.
//
// To keep it cheap it converts each root once, builds every converted
// package with one go build (and vets them with one go vet), and plans
// every original and converted root that may be a module in one wrapper
// configuration: one init, plan and show for all of them instead of two
// per root.
func TestRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("plans with terraform; skipped with -short")
	}
	env := tftest.OfflineEnv(t)
	var cases []roundTripCase
	for _, c := range roundTripCases() {
		if strings.Contains(c.name, *only) {
			cases = append(cases, c)
		}
	}
	trips := convertAll(t, cases)

	w := newWrapper(t, env)
	var alone []*trip
	for _, tr := range trips {
		if tr.c.noPlan {
			continue
		}
		if tr.c.alone {
			alone = append(alone, tr)
			continue
		}
		w.add(tr)
	}
	var wg sync.WaitGroup
	var wrapped *tfjson.Plan
	wg.Add(1)
	go func() {
		defer wg.Done()
		wrapped = w.plan()
	}()
	for _, tr := range alone {
		wg.Add(2)
		if tr.c.state != "" {
			state, err := os.ReadFile(tr.c.state)
			if err != nil {
				t.Fatal(err)
			}
			for _, dir := range []string{tr.origRoot, tr.rendRoot} {
				if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), state, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		go func() {
			defer wg.Done()
			tr.wantPlan = planAlone(t, env, tr.origRoot, tr.c.vars)
		}()
		go func() {
			defer wg.Done()
			tr.gotPlan = planAlone(t, env, tr.rendRoot, tr.c.vars)
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, tr := range trips {
		t.Run(tr.c.name, func(t *testing.T) {
			for _, w := range tr.res.Warnings {
				if strings.HasPrefix(tr.c.name, "platform/") && w.Range.Start.Line > 0 {
					t.Errorf("unexpected warning: %s", w)
				} else {
					t.Logf("warning: %s", w)
				}
			}
			t.Logf("%s", measureCloseness(t, tr.cfg, tr.rendered))
			if tr.c.noPlan {
				return
			}
			var want, got planView
			if tr.c.alone {
				want, got = viewOf(tr.wantPlan, ""), viewOf(tr.gotPlan, "")
			} else {
				want, got = viewOf(wrapped, w.call(tr, "o")), viewOf(wrapped, w.call(tr, "c"))
			}
			n := samePlan(t, want, got)
			for addr, action := range tr.c.wantActions {
				if rc := want.resources[addr]; rc == nil || len(rc.Change.Actions) != 1 || string(rc.Change.Actions[0]) != action {
					t.Errorf("%s: the plan does not %s it", addr, action)
				}
			}
			if n < tr.c.minChanges {
				t.Errorf("only %d resource changes; want %d or more", n, tr.c.minChanges)
			}
			t.Logf("%d resource changes and %d output changes identical", n, len(want.outputs))
		})
	}
}

// wrapper is one root configuration that calls every original and
// converted root as a module, with their inputs, and outputs each of
// their outputs, so that one plan holds them all.
type wrapper struct {
	t     *testing.T
	env   []string
	dir   string
	main  strings.Builder
	calls map[*trip]int
}

func newWrapper(t *testing.T, env []string) *wrapper {
	return &wrapper{t: t, env: env, dir: t.TempDir(), calls: map[*trip]int{}}
}

// call is the module call of a trip's original (side "o") or converted
// ("c") root.
func (w *wrapper) call(tr *trip, side string) string {
	return fmt.Sprintf("%s%d", side, w.calls[tr])
}

func (w *wrapper) add(tr *trip) {
	t := w.t
	w.calls[tr] = len(w.calls)
	for _, side := range []struct {
		name, base, root string
	}{{"o", tr.cfg.Base, tr.origRoot}, {"c", tr.rendered, tr.rendRoot}} {
		call := w.call(tr, side.name)
		dst := filepath.Join(w.dir, call)
		copyTree(t, side.base, dst)
		rel, err := filepath.Rel(side.base, side.root)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&w.main, "module %q {\n  source = %q\n", call, "./"+filepath.ToSlash(filepath.Join(call, rel)))
		inputs := rootInputs(t, side.root)
		for k, v := range tr.c.vars {
			inputs[k] = v
		}
		for _, k := range sortedKeys(inputs) {
			fmt.Fprintf(&w.main, "  %s = %s\n", k, inputs[k])
		}
		w.main.WriteString("}\n\n")
		for _, o := range rootOutputs(t, side.root) {
			fmt.Fprintf(&w.main, "output %q {\n  value     = module.%s.%s\n  sensitive = %v\n}\n\n", call+"__"+o.name, call, o.name, o.sensitive)
		}
	}
}

func (w *wrapper) plan() *tfjson.Plan {
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(w.main.String()), 0o644); err != nil {
		w.t.Error(err)
		return nil
	}
	return plan(w.t, w.env, w.dir)
}

// planAlone plans a root on its own.
func planAlone(t *testing.T, env []string, root string, vars map[string]string) *tfjson.Plan {
	var args []string
	for _, k := range sortedKeys(vars) {
		args = append(args, "-var", k+"="+strings.Trim(vars[k], `"`))
	}
	return plan(t, env, root, args...)
}
