package tfrun

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestLifecycle goes plan -> apply -> output -> plan (no changes) ->
// destroy with the real terraform and the local backend.
func TestLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fixtureOpts{})
	var out syncBuffer
	r := open(t, f.root, testConfig(t, &out))

	p, err := r.Plan(ctx, PlanOptions{Check: passCheck})
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasChanges || !p.Init.Ran {
		t.Fatalf("first plan: changes %v, init ran %v; want both", p.HasChanges, p.Init.Ran)
	}
	if got := p.Summary.Total().Add; got != 2 {
		t.Errorf("summary: %d to add, want 2", got)
	}
	if len(p.Summary.Modules) != 1 || p.Summary.Modules[0].Module != "module.app" {
		t.Errorf("summary modules = %+v, want module.app only", p.Summary.Modules)
	}
	if !p.Check.Run || !p.Check.Passed {
		t.Errorf("check = %+v, want run and passed", p.Check)
	}

	a, err := r.Apply(ctx, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Applied {
		t.Fatal("apply did not apply")
	}
	if _, err := os.Stat(r.StampFile()); !os.IsNotExist(err) {
		t.Errorf("stamp still there after apply (err %v): a plan must be used once", err)
	}

	outs, err := r.Output(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	if err := json.Unmarshal(outs["name"].Value, &name); err != nil || name != "dev-moochat-app" {
		t.Errorf("output name = %q (%v), want dev-moochat-app", name, err)
	}
	if tok := outs["token"]; !tok.Sensitive || tok.Value != nil {
		t.Errorf("sensitive output read into the result: %+v", tok)
	}

	// A new runner, as a second `moochat plan` would make.
	r2 := open(t, f.root, testConfig(t, &out))
	p2, err := r2.Plan(ctx, PlanOptions{Check: passCheck})
	if err != nil {
		t.Fatal(err)
	}
	if p2.HasChanges {
		t.Errorf("second plan has changes: %+v", p2.Summary)
	}
	if p2.Init.Ran {
		t.Errorf("second plan ran init (%s); nothing init depends on changed", p2.Init.Reason)
	}

	d, err := r2.Destroy(ctx, DestroyOptions{Confirm: func(p *PlanResult) bool {
		if got := len(p.Summary.Destroys); got != 2 {
			t.Errorf("destroy plan lists %d destroys, want 2", got)
		}
		return true
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Applied {
		t.Error("destroy did not apply")
	}
	p3, err := r2.Plan(ctx, PlanOptions{Check: passCheck})
	if err != nil {
		t.Fatal(err)
	}
	if p3.Summary.Total().Add != 2 {
		t.Errorf("after destroy, plan adds %d, want 2", p3.Summary.Total().Add)
	}
	if !strings.Contains(out.String(), "Apply complete!") {
		t.Errorf("terraform's output was not streamed:\n%s", out.String())
	}
}
