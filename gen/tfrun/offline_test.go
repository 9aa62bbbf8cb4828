package tfrun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOfflinePlanFeedsOfflineValuesAndThrowawaySecrets plans a root whose
// precondition holds only with offline.tfvars applied and which has a
// sensitive variable without a default: offline mode must supply both, and
// the throwaway secret must not be printed.
func TestOfflinePlanFeedsOfflineValuesAndThrowawaySecrets(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "envs", "dev")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"main.tf": `terraform {
  backend "local" {}
}

variable "skip_checks" {
  type    = bool
  default = false
}

variable "secret" {
  type      = string
  sensitive = true
}

resource "terraform_data" "x" {
  input = length(var.secret)

  lifecycle {
    precondition {
      condition     = var.skip_checks
      error_message = "offline.tfvars was not applied."
    }
  }
}
`,
		OfflineVarsFile: "# offline values\nskip_checks = true\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out syncBuffer
	cfg := testConfig(t, &out)
	cfg.Offline = true
	r := open(t, dir, cfg)
	res, err := r.Plan(context.Background(), PlanOptions{Check: passCheck})
	if err != nil {
		t.Fatalf("offline plan: %v\n%s", err, out.String())
	}
	if !res.HasChanges {
		t.Fatal("the offline plan has no changes")
	}
	vals, err := r.offlineVars(nil)
	if err != nil || vals["skip_checks"] != "true" || len(vals["secret"]) != 48 {
		t.Fatalf("offline values %v, %v", vals, err)
	}
	if strings.Contains(out.String(), vals["secret"]) {
		t.Error("a throwaway secret was printed")
	}

	// Without offline mode the same root cannot be planned.
	cfg = testConfig(t, &out)
	if _, err := open(t, dir, cfg).Plan(context.Background(), PlanOptions{Check: passCheck}); err == nil {
		t.Fatal("the plan succeeded without offline values")
	}
}

func TestParseTfvarsKeepsStringsRawAndOtherValuesAsHCL(t *testing.T) {
	got, err := parseTfvars([]byte("a = \"x y\"\nb = true\nc = [1, 2]\n"), "t.tfvars")
	if err != nil {
		t.Fatal(err)
	}
	if got["a"] != "x y" || got["b"] != "true" || got["c"] != "[1, 2]" {
		t.Fatalf("got %q", got)
	}
	if _, err := parseTfvars([]byte("a = var.x\n"), "t.tfvars"); err == nil {
		t.Fatal("a non-literal value was accepted")
	}
}

// TestOfflinePlanNeverApplied: a plan made offline (dummy keys, throwaway
// secrets) is recorded as such, and apply refuses it, even when real
// credentials are set by then (issue 11, item 2).
func TestOfflinePlanNeverApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	cfg := testConfig(t, &out)
	cfg.Offline = true
	r := open(t, f.root, cfg)
	if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	st, err := r.ReadStamp()
	if err != nil || !st.Offline {
		t.Fatalf("stamp %+v (%v): want Offline recorded", st, err)
	}
	online := testConfig(t, &out, "AWS_ACCESS_KEY_ID=AKIAREALLOOKING", "AWS_SECRET_ACCESS_KEY=real")
	for _, a := range []*Runner{r, open(t, f.root, online)} {
		_, err := a.Apply(ctx, ApplyOptions{})
		var refused *RefusedError
		if !errors.As(err, &refused) || !strings.Contains(err.Error(), "made offline") {
			t.Fatalf("apply of an offline plan: %v; want a refusal", err)
		}
	}
	if strings.Contains(out.String(), "Apply complete") {
		t.Fatal("terraform applied an offline plan")
	}
}
