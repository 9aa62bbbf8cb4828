package policy

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// update regenerates testdata/plans/*.json from the committed
// configurations: go test ./gen/policy -run TestPlanTestdata -update
var update = flag.Bool("update", false, "regenerate testdata/plans/*.json with terraform")

// fixtures are the configurations under testdata/plans, each planned once.
var fixtures = []string{"storage", "service", "destroy", "resolve", "corpus", "shared"}

// planFixture copies testdata/plans/<name> to a temporary directory, plans
// it offline with the local provider mirror and returns `terraform show
// -json` of the plan, indented.
func planFixture(t *testing.T, name string) []byte {
	t.Helper()
	src := filepath.Join("testdata", "plans", name)
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	tftest.Run(t, dir, "init", "-input=false", "-backend=false")
	// -refresh=false: the destroy fixture's state is hand-written and
	// refreshing would call AWS.
	if out, err := tftest.TryRun(t, dir, "plan", "-input=false", "-refresh=false", "-lock=false", "-out=tfplan"); err != nil {
		t.Fatalf("plan %s: %v\n%s", name, err, out)
	}
	js := tftest.Run(t, dir, "show", "-json", "tfplan")
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(js), "", " "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// TestPlanTestdata regenerates the smallest fixture's plan (all of them
// with -update) and compares it with the committed JSON, ignoring fields
// that change between runs.
func TestPlanTestdata(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	names := []string{"destroy"}
	if *update {
		names = fixtures
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got := planFixture(t, name)
			path := filepath.Join("testdata", "plans", name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			g, w := stable(t, got), stable(t, want)
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s is stale: run `make policy-testdata` and commit the result", path)
			}
		})
	}
}

// stable decodes plan JSON without the fields that differ between runs.
func stable(t *testing.T, b []byte) any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	delete(v, "timestamp")
	delete(v, "terraform_version")
	if ps, ok := v["prior_state"].(map[string]any); ok {
		delete(ps, "terraform_version")
	}
	return v
}

// TestInputTestdata regenerates, with -update, the real documents that are
// not judgeable plans: testdata/inputs/errored.json (`terraform show -json`
// of a plan whose precondition failed) and testdata/inputs/state.json (of
// a state, after applying a terraform_data).
func TestInputTestdata(t *testing.T) {
	if !*update {
		t.Skip("only with -update (make policy-testdata)")
	}
	for _, name := range []string{"errored", "state"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join("testdata", "inputs", name, "main.tf")
			b, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), b, 0o644); err != nil {
				t.Fatal(err)
			}
			tftest.Run(t, dir, "init", "-input=false", "-backend=false")
			var js string
			if name == "errored" {
				if out, err := tftest.TryRun(t, dir, "plan", "-input=false", "-lock=false", "-out=tfplan"); err == nil {
					t.Fatalf("want the plan to fail:\n%s", out)
				}
				js = tftest.Run(t, dir, "show", "-json", "tfplan")
			} else {
				tftest.Run(t, dir, "apply", "-input=false", "-auto-approve", "-lock=false")
				js = tftest.Run(t, dir, "show", "-json")
			}
			var buf bytes.Buffer
			if err := json.Indent(&buf, []byte(js), "", " "); err != nil {
				t.Fatal(err)
			}
			buf.WriteByte('\n')
			if err := os.WriteFile(filepath.Join("testdata", "inputs", name+".json"), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
