package blueprints

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestPlatformTerraformTest runs `terraform test` on each environment's
// committed out/envs/<env>/tests/platform.tftest.hcl, in a copy of out/:
// the apply run applies the whole root against the mock providers, and
// every run the blueprint declares must pass.
func TestPlatformTerraformTest(t *testing.T) {
	t.Parallel() // beside TestPlatformPlansOffline
	if testing.Short() {
		t.Skip("runs terraform test; skipped with -short")
	}
	roots := map[string]*tf.Module{}
	for _, m := range PlatformFor(Backend{}) {
		roots[m.Name] = m
	}
	for _, e := range Environments {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			root := roots["envs/"+e.Name]
			if len(root.Tests) != 1 {
				t.Fatalf("%s declares %d test files, want 1", root.Name, len(root.Tests))
			}
			runs := root.Tests[0].Runs
			applies := 0
			for _, r := range runs {
				if r.Command == tf.Apply && r.Module == nil {
					applies++
				}
			}
			if applies == 0 {
				t.Fatalf("%s: no apply run of the root", root.Name)
			}

			dir := t.TempDir()
			for _, sub := range []string{"modules", filepath.Join("envs", e.Name)} {
				copyTree(t, filepath.Join("..", "out", sub), filepath.Join(dir, sub))
			}
			env := filepath.Join(dir, "envs", e.Name)
			terraform(t, env, "init", "-backend=false", "-input=false", "-no-color")
			out := terraform(t, env, "test", "-no-color")
			passed := regexp.MustCompile(`(?m)^  run "([a-z0-9_]+)"\.\.\. pass$`).FindAllStringSubmatch(out, -1)
			got := map[string]bool{}
			for _, m := range passed {
				got[m[1]] = true
			}
			for _, r := range runs {
				if !got[r.Name] {
					t.Errorf("run %q did not pass", r.Name)
				}
			}
			if !strings.Contains(out, "Success! ") {
				t.Errorf("terraform test did not succeed:\n%s", out)
			}
			t.Logf("%s: %d runs passed (%d apply of the whole root)", e.Name, len(passed), applies)
		})
	}
}
