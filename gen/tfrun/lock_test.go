package tfrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestSecondRunIsBusy: while one run holds an environment, every verb of a
// second run fails at once with a *BusyError naming the holder (issue 11,
// item 1).
func TestSecondRunIsBusy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	holder := open(t, f.root, testConfig(t, &out))
	other := open(t, f.root, testConfig(t, &out))
	verbs := map[string]func() error{
		"plan":     func() error { _, err := other.Plan(ctx, PlanOptions{Check: passCheck}); return err },
		"apply":    func() error { _, err := other.Apply(ctx, ApplyOptions{}); return err },
		"destroy":  func() error { _, err := other.Destroy(ctx, DestroyOptions{}); return err },
		"init":     func() error { _, err := other.Init(ctx, InitOptions{}); return err },
		"output":   func() error { _, err := other.Output(ctx); return err },
		"validate": func() error { _, err := other.Validate(ctx); return err },
	}
	err := holder.exclusive("plan", func() error {
		for verb, run := range verbs {
			err := run()
			var busy *BusyError
			if !errors.As(err, &busy) {
				t.Errorf("%s while another run holds the environment: %v; want a BusyError", verb, err)
				continue
			}
			if msg := err.Error(); !strings.Contains(msg, "environment dev is busy") ||
				!strings.Contains(msg, fmt.Sprintf("moochat plan (pid %d", os.Getpid())) {
				t.Errorf("%s: busy message %q does not name the environment and the run holding it", verb, msg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Terraform") {
		t.Errorf("terraform ran while the environment was busy:\n%s", out.String())
	}
	// Released: the next run goes ahead.
	if _, err := other.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatalf("plan after the lock was released: %v", err)
	}
}

// TestPlanRacesDestroy runs a plan (an update, checked and passed) and a
// destroy that is declined at its prompt on one environment at the same
// time, 50 times, then applies: apply must apply the checked update or
// refuse, and never anything else (issue 11, item 1 and the race proof).
func TestPlanRacesDestroy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fixtureOpts{resources: 2})
	var out syncBuffer
	cfg := testConfig(t, &out)
	first := open(t, f.root, cfg)
	if _, err := first.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Apply(ctx, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	applied, refused := 0, 0
	for i := range 50 {
		token := fmt.Sprintf("token-%d", i)
		pcfg := cfg
		pcfg.Vars = map[string]string{"token": token}
		planner, destroyer, applier := open(t, f.root, pcfg), open(t, f.root, cfg), open(t, f.root, cfg)
		var checked string // the plan JSON the gate passed
		var wg sync.WaitGroup
		var perr, derr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, perr = planner.Plan(ctx, PlanOptions{Check: func(p string) (bool, error) {
				b, err := os.ReadFile(p)
				checked = string(b)
				return true, err
			}})
		}()
		go func() {
			defer wg.Done()
			_, derr = destroyer.Destroy(ctx, DestroyOptions{Confirm: func(*PlanResult) bool { return false }})
		}()
		wg.Wait()
		for _, err := range []error{perr, derr} {
			var busy *BusyError
			if err != nil && !errors.As(err, &busy) {
				t.Fatalf("round %d: a run failed other than by finding the environment busy: %v", i, err)
			}
		}
		_, err := applier.Apply(ctx, ApplyOptions{})
		var ref *RefusedError
		switch {
		case errors.As(err, &ref):
			refused++
			continue
		case err != nil:
			t.Fatalf("round %d: apply: %v", i, err)
		}
		applied++
		if perr != nil || strings.Contains(checked, `"delete"`) {
			t.Fatalf("round %d: apply applied, but the checked plan was not the update (plan err %v)", i, perr)
		}
		if n := stateResources(t, filepath.Join(f.root, "terraform.tfstate")); n != 2 {
			t.Fatalf("round %d: %d resources in state after apply; the checked plan was an update of 2", i, n)
		}
		if got := stateToken(t, f.root); got != token {
			t.Fatalf("round %d: state holds token %q after apply; the checked plan set %q", i, got, token)
		}
	}
	t.Logf("applied %d, refused %d", applied, refused)
}

// stateToken reads module.app's r0 input token from the local state.
func stateToken(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Name      string `json:"name"`
			Instances []struct {
				Attributes struct {
					Input struct {
						Value struct {
							Token string `json:"token"`
						} `json:"value"`
					} `json:"input"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Name == "r0" && len(r.Instances) == 1 {
			return r.Instances[0].Attributes.Input.Value.Token
		}
	}
	t.Fatal("no r0 in state")
	return ""
}
