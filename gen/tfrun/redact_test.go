package tfrun

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestSecretNeverShown feeds a sensitive variable through TF_VAR_ and
// looks for it in everything the runner prints, returns and writes.
func TestSecretNeverShown(t *testing.T) {
	t.Parallel()
	const secret = "S3CRET-moochat-7431"
	f := newFixture(t, fixtureOpts{})
	var out syncBuffer
	var events []string
	var mu sync.Mutex
	cfg := testConfig(t, &out, "TF_VAR_token="+secret)
	cfg.OnStep = func(ev StepEvent) {
		mu.Lock()
		events = append(events, fmt.Sprintf("%+v", ev))
		mu.Unlock()
	}
	r := open(t, f.root, cfg)
	ctx := context.Background()
	p, err := r.Plan(ctx, PlanOptions{Check: passCheck})
	if err != nil {
		t.Fatal(err)
	}
	var seen strings.Builder
	p.Summary.WriteText(&seen)
	fmt.Fprintf(&seen, "%+v", p.Plan.Variables)
	if st, err := os.Stat(r.PlanFile()); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("plan file mode %v (%v), want 0600", st.Mode(), err)
	}
	// The gate sees the redacted JSON only.
	assertNoSecret(t, r.WorkDir(), secret)
	if _, err := r.Apply(ctx, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	outs, err := r.Output(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&seen, "%+v", outs)
	// A failing step's error must not carry it either.
	f.write(t, "envs/dev/broken.tf", "output \"bad\" {\n  value = var.token\n}\n")
	r2 := open(t, f.root, cfg)
	if _, err := r2.Plan(ctx, PlanOptions{Check: passCheck}); err == nil {
		t.Error("plan of a sensitive value in a plain output succeeded")
	} else {
		seen.WriteString(err.Error())
	}
	seen.WriteString(out.String())
	seen.WriteString(strings.Join(events, "\n"))
	if strings.Contains(seen.String(), secret) {
		t.Errorf("secret printed or returned:\n%s", seen.String())
	}
	assertNoSecret(t, r.WorkDir(), secret)
	// The value did reach terraform: the state (terraform's own file)
	// holds it.
	if b, _ := os.ReadFile(filepath.Join(f.root, "terraform.tfstate")); !strings.Contains(string(b), secret) {
		t.Error("the secret never reached terraform; this test proves nothing")
	}
}

// assertNoSecret fails when any file under dir, except terraform's own
// binary plan file, holds secret.
func assertNoSecret(t *testing.T, dir, secret string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".tfplan") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), secret) {
			t.Errorf("%s holds the secret", path)
		}
		if strings.HasPrefix(d.Name(), "vars-") {
			t.Errorf("var file %s left behind", path)
		}
		return nil
	})
}

func TestRedactPlanJSON(t *testing.T) {
	raw := `{"format_version":"1.2",
"variables":{"pw":{"value":"hunter2-long"},"plain":{"value":"ok"}},
"configuration":{"root_module":{"variables":{"pw":{"sensitive":true,"default":"dflt-secret"}},
  "module_calls":{"m":{"module":{"variables":{"inner":{"sensitive":true,"default":"inner-secret"}}}}}}},
"resource_changes":[{"address":"a.b","change":{"actions":["update"],
  "before":{"k":"old-secret","list":["x","y-secret"],"n":1},
  "after":{"k":"new-secret","list":["x","y2-secret"],"n":2,"copy":"hunter2-long"},
  "before_sensitive":{"k":true,"list":[false,true]},"after_sensitive":{"k":true,"list":[false,true]}}}],
"output_changes":{"o":{"actions":["create"],"before":null,"after":"out-secret","before_sensitive":false,"after_sensitive":true}},
"planned_values":{"outputs":{"o":{"sensitive":true,"value":"out-secret"}},
  "root_module":{"resources":[{"address":"a.b","values":{"k":"new-secret","n":2},"sensitive_values":{"k":true}}],
    "child_modules":[{"resources":[{"values":{"deep":"deep-secret"},"sensitive_values":{"deep":true}}]}]}},
"prior_state":{"values":{"outputs":{"o":{"sensitive":true,"value":"prior-secret"}},
  "root_module":{"resources":[{"values":{"k":"old-secret"},"sensitive_values":{"k":true}}]}}}}`
	red, err := redactPlanJSON([]byte(raw), map[string]bool{"pw": true}, []string{"extra-secret"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(red)
	for _, secret := range []string{"hunter2-long", "dflt-secret", "inner-secret", "old-secret", "new-secret", "y-secret", "y2-secret", "out-secret", "deep-secret", "prior-secret"} {
		if strings.Contains(s, secret) {
			t.Errorf("redacted JSON still holds %q:\n%s", secret, s)
		}
	}
	for _, kept := range []string{`"ok"`, `"x"`, `"n": 2`, `"format_version": "1.2"`} {
		if !strings.Contains(s, kept) {
			t.Errorf("redacted JSON lost %s:\n%s", kept, s)
		}
	}
}

// TestRedactByProvenance plans real configurations with the gaps the
// issue found (issue 11, item 11): the old value of a changed secret in
// before and prior_state (terraform_data.output is not marked
// sensitive); a value passed through nonsensitive() as a number, a map
// key and inside a longer string; and a literal passed to a sensitive
// module variable, kept as constant_value in configuration. None may be
// left in the saved plan JSON.
func TestRedactByProvenance(t *testing.T) {
	t.Parallel()
	const (
		oldToken = "old-token-A-5150"
		newToken = "new-token-B-6262"
		number   = "987654321"
		literal  = "literal-secret-4242"
	)
	dir := filepath.Join(t.TempDir(), "envs", "dev")
	os.MkdirAll(filepath.Join(dir, "mod"), 0o755)
	files := map[string]string{
		"main.tf": `terraform {
  backend "local" {}
}

variable "token" {
  type      = string
  sensitive = true
}

variable "num" {
  type      = string
  sensitive = true
  default   = "` + number + `"
}

resource "terraform_data" "secret" {
  input = { token = var.token }
}

resource "terraform_data" "leaky" {
  input = {
    n    = tonumber(nonsensitive(var.num))
    keys = { (nonsensitive(var.token)) = 1 }
    s    = "prefix-${nonsensitive(var.token)}-suffix"
  }
}

module "m" {
  source = "./mod"
  secret = "` + literal + `"
}
`,
		"mod/main.tf": `variable "secret" {
  type      = string
  sensitive = true
}

resource "terraform_data" "inner" {
  input = length(var.secret)
}
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	var out syncBuffer
	r := open(t, dir, testConfig(t, &out, "TF_VAR_token="+oldToken))
	if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	assertNoSecret(t, r.WorkDir(), oldToken)
	assertNoSecret(t, r.WorkDir(), number)
	assertNoSecret(t, r.WorkDir(), literal)
	if _, err := r.Apply(ctx, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	r = open(t, dir, testConfig(t, &out, "TF_VAR_token="+newToken))
	if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{oldToken, newToken, number, literal} {
		assertNoSecret(t, r.WorkDir(), s)
	}
	// terraform's own streamed plan output shows what nonsensitive()
	// unmarked, as the configuration asks; the saved JSON is the promise.
}
