package tfrun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixture is a rendered tree like out/: out/envs/<env> calling
// out/modules/app, made of terraform_data so that it needs no provider.
type fixture struct {
	out  string // the out/ directory
	root string // out/envs/<env>
}

type fixtureOpts struct {
	sleep     int    // seconds the resource's local-exec provisioner sleeps
	resources int    // terraform_data resources in the module (default 2)
	cloud     bool   // render a cloud block instead of the local backend
	required  string // required_version (default ">= 1.6.0")
}

func newFixture(t testing.TB, o fixtureOpts) fixture {
	t.Helper()
	if o.resources == 0 {
		o.resources = 2
	}
	if o.required == "" {
		o.required = ">= 1.6.0"
	}
	out := filepath.Join(t.TempDir(), "out")
	f := fixture{out: out, root: filepath.Join(out, "envs", "dev")}
	backend := `  backend "local" {}`
	if o.cloud {
		backend = "  cloud {\n    organization = \"moochat\"\n    workspaces {\n      name = \"moochat-dev\"\n    }\n  }"
	}
	f.write(t, "envs/dev/terraform.tf", fmt.Sprintf("terraform {\n  required_version = %q\n%s\n}\n", o.required, backend))
	f.write(t, "envs/dev/main.tf", `variable "token" {
  type      = string
  sensitive = true
  default   = "not-the-secret"
}

module "app" {
  source = "../../modules/app"
  token  = var.token
}

output "name" {
  value = module.app.name
}

output "token" {
  value     = module.app.token
  sensitive = true
}
`)
	var res strings.Builder
	for i := range o.resources {
		fmt.Fprintf(&res, "resource \"terraform_data\" \"r%d\" {\n  input = { n = %d, token = var.token }\n", i, i)
		if o.sleep > 0 && i == 0 {
			fmt.Fprintf(&res, "  provisioner \"local-exec\" {\n    command = \"sleep %d\"\n  }\n", o.sleep)
		}
		res.WriteString("}\n\n")
	}
	f.write(t, "modules/app/main.tf", `variable "token" {
  type      = string
  sensitive = true
}

`+res.String()+`output "name" {
  value = "dev-moochat-app"
}

output "token" {
  value     = var.token
  sensitive = true
}
`)
	return f
}

func (f fixture) write(t testing.TB, rel, content string) {
	t.Helper()
	p := filepath.Join(f.out, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for terraform's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until the buffer holds substr.
func (s *syncBuffer) waitFor(t testing.TB, substr string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(s.String(), substr) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in terraform's output after %s:\n%s", substr, d, s.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// testEnviron is the test process's environment without TF_ variables,
// and with a TF_CLI_CONFIG_FILE that names nothing, as on this machine.
func testEnviron(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE=/nonexistent/terraformrc")
	return append(env, extra...)
}

// testConfig is a Config for tests: no mirror, no shared cache, no
// install, output kept.
func testConfig(t testing.TB, out *syncBuffer, extra ...string) Config {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	return Config{
		PluginMirror:   "-",
		PluginCacheDir: "-",
		NoInstall:      true,
		Environ:        testEnviron(extra...),
		Output:         out,
		WaitDelay:      time.Minute,
	}
}

func open(t testing.TB, dir string, cfg Config) *Runner {
	t.Helper()
	r, err := Open(context.Background(), dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func passCheck(string) (bool, error) { return true, nil }

// stateResources counts the resources in a local state file, failing the
// test when the file is not a readable state.
func stateResources(t testing.TB, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Version   int   `json:"version"`
		Resources []any `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil || st.Version != 4 {
		t.Fatalf("state %s unreadable (version %d): %v", path, st.Version, err)
	}
	return len(st.Resources)
}
