package tfrun

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestApplyRefuses: apply applies a saved plan that passed the gate, and
// nothing else.
func TestApplyRefuses(t *testing.T) {
	t.Parallel()
	failCheck := func(string) (bool, error) { return false, nil }
	brokenCheck := func(string) (bool, error) { return false, errors.New("cannot read plan") }
	tests := []struct {
		name    string
		check   func(string) (bool, error)
		destroy bool                       // plan a destroy, apply plainly
		spoil   func(f fixture, r *Runner) // after the plan
		want    string
	}{
		{name: "no plan", spoil: func(f fixture, r *Runner) { os.Remove(r.StampFile()) }, want: "no saved plan"},
		{name: "stale: module file changed", spoil: func(f fixture, r *Runner) {
			f.write(t, "modules/app/extra.tf", "locals {\n  x = 1\n}\n")
		}, want: "stale"},
		{name: "stale: root file changed", spoil: func(f fixture, r *Runner) {
			f.write(t, "envs/dev/extra.tf", "locals {\n  y = 1\n}\n")
		}, want: "stale"},
		{name: "plan file from elsewhere", spoil: func(f fixture, r *Runner) {
			os.WriteFile(r.PlanFile(), []byte("not this plan"), 0o600)
		}, want: "hash differs"},
		{name: "plan JSON missing", spoil: func(f fixture, r *Runner) { os.Remove(r.PlanJSONFile()) }, want: "plan JSON cannot be read"},
		{name: "plan JSON edited", spoil: func(f fixture, r *Runner) {
			b, _ := os.ReadFile(r.PlanJSONFile())
			os.WriteFile(r.PlanJSONFile(), append(b, ' '), 0o600)
		}, want: "plan JSON"},
		{name: "check failed", check: failCheck, want: "failed the policy check"},
		{name: "check not run", check: nil, want: "policy check was not run"},
		{name: "check could not run", check: brokenCheck, want: "could not run"},
		{name: "destroy plan", check: passCheck, destroy: true, want: "destroy plan"},
		// Issue 11, item 3: the stamp is authenticated, not trusted.
		{name: "stamp edited to pass", check: failCheck, spoil: func(f fixture, r *Runner) {
			b, _ := os.ReadFile(r.StampFile())
			b = []byte(strings.Replace(string(b), `"passed": false`, `"passed": true`, 1))
			os.WriteFile(r.StampFile(), b, 0o644)
		}, want: "not authentic"},
		{name: "stamp copied from another environment", check: passCheck, spoil: func(f fixture, r *Runner) {
			g := newFixture(t, fixtureOpts{resources: 1})
			other := open(t, g.root, r.cfg)
			if _, err := other.Plan(context.Background(), PlanOptions{Check: passCheck}); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"plan.tfplan", "plan.json", "plan.stamp.json"} {
				b, _ := os.ReadFile(filepath.Join(other.WorkDir(), name))
				os.WriteFile(filepath.Join(r.WorkDir(), name), b, 0o600)
			}
		}, want: "not authentic"},
		{name: "stamp MAC removed", check: passCheck, spoil: func(f fixture, r *Runner) {
			var s map[string]any
			b, _ := os.ReadFile(r.StampFile())
			json.Unmarshal(b, &s)
			delete(s, "mac")
			b, _ = json.Marshal(s)
			os.WriteFile(r.StampFile(), b, 0o644)
		}, want: "not authentic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fixtureOpts{resources: 1})
			var out syncBuffer
			r := open(t, f.root, testConfig(t, &out))
			check := tt.check
			if tt.name != "check not run" && check == nil {
				check = passCheck
			}
			_, err := r.Plan(context.Background(), PlanOptions{Check: check, Destroy: tt.destroy})
			if err != nil && tt.check == nil {
				t.Fatal(err)
			}
			if tt.spoil != nil {
				tt.spoil(f, r)
			}
			_, err = r.Apply(context.Background(), ApplyOptions{})
			var refused *RefusedError
			if !errors.As(err, &refused) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("apply: %v; want a refusal saying %q", err, tt.want)
			}
			if strings.Contains(out.String(), "Apply complete") {
				t.Fatal("terraform applied")
			}
		})
	}
}

// TestSavedPlanReused: apply runs the saved plan (terraform is not asked
// to plan again) and uses it up.
func TestSavedPlanReused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	r := open(t, f.root, testConfig(t, &out))
	ctx := context.Background()
	if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	// A new runner, as a separate `moochat apply` would make.
	r2 := open(t, f.root, testConfig(t, &out))
	before := strings.Count(out.String(), "Terraform will perform the following actions")
	if _, err := r2.Apply(ctx, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if after := strings.Count(out.String(), "Terraform will perform the following actions"); after != before {
		t.Error("apply planned again instead of applying the saved plan")
	}
	_, err := r2.Apply(ctx, ApplyOptions{})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Errorf("second apply of the same plan: %v; want a refusal", err)
	}
}

// TestConcurrentApplyLocked: a second apply while one runs fails at once
// with the environment busy, and the first one finishes.
func TestConcurrentApplyLocked(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{resources: 1, sleep: 4})
	var out1, out2 syncBuffer
	ctx := context.Background()
	r1 := open(t, f.root, testConfig(t, &out1))
	if _, err := r1.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := r1.Apply(ctx, ApplyOptions{})
		done <- err
	}()
	out1.waitFor(t, "Provisioning with 'local-exec'", time.Minute)

	r2 := open(t, f.root, testConfig(t, &out2))
	_, err := r2.Apply(ctx, ApplyOptions{})
	var busy *BusyError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), "moochat apply (pid") {
		t.Fatalf("second apply: %v; want the environment busy, held by the first apply", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("first apply: %v", err)
	}
	state := filepath.Join(f.root, "terraform.tfstate")
	if st := stateResources(t, state); st != 1 {
		t.Errorf("state holds %d resources, want 1", st)
	}
}

// TestInterruptDuringApply: cancelling the context interrupts terraform,
// which stops, releases the lock and leaves a readable state.
func TestInterruptDuringApply(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{resources: 2, sleep: 60})
	var out syncBuffer
	r := open(t, f.root, testConfig(t, &out))
	if _, err := r.Plan(context.Background(), PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := r.Apply(ctx, ApplyOptions{})
		done <- err
	}()
	out.waitFor(t, "Provisioning with 'local-exec'", time.Minute)
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(50 * time.Second):
		t.Fatal("terraform did not stop within 50s of the interrupt")
	}
	if !Interrupted(err) {
		t.Fatalf("apply: %v; want an interrupted error", err)
	}
	if _, err := os.Stat(filepath.Join(f.root, ".terraform.tfstate.lock.info")); !os.IsNotExist(err) {
		t.Errorf("lock info left behind (%v)", err)
	}
	// The state is readable and unlocked: a new plan (which takes the lock
	// with no wait) succeeds and still has the interrupted work to do.
	r2 := open(t, f.root, testConfig(t, &out))
	p, err := r2.Plan(context.Background(), PlanOptions{Check: passCheck})
	if err != nil {
		t.Fatalf("plan after the interrupt: %v", err)
	}
	if !p.HasChanges {
		t.Error("plan after an interrupted apply has no changes; the slow resource never finished")
	}
}
