package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints/examples"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
)

// TestBlueprintLifecycle drives the CLI the way a platform engineer does,
// on the terraform_data example blueprint: gen -> plan -> apply -> output
// -> plan again (no changes) -> destroy, with the real terraform and the
// local backend, and a secret that must never be printed or saved.
func TestBlueprintLifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, err := generate.Run(generate.Options{Out: out, Modules: examples.Hello("dev")}); err != nil {
		t.Fatal(generate.Describe(err))
	}
	const secret = "s3cr3t-e2e-token-value"
	t.Setenv("TF_VAR_token", secret)
	t.Setenv("TF_CLI_CONFIG_FILE", "")

	var transcript bytes.Buffer
	run := func(wantCode int, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := dispatch(append(args, "-env", "dev", "-out", out), &stdout, &stderr)
		transcript.WriteString(stdout.String() + stderr.String())
		if code != wantCode {
			t.Fatalf("moochat %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, wantCode, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	run(2, "plan", "-no-render", "-offline", "false")
	run(0, "apply")
	if got := run(0, "output", "-json"); !strings.Contains(got, "hello, dev") {
		t.Errorf("output lacks the greeting:\n%s", got)
	}
	run(0, "plan", "-no-render", "-offline", "false")
	run(0, "destroy", "-auto-approve", "-offline", "false")

	state, err := os.ReadFile(filepath.Join(out, "envs", "dev", "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(state), `"type": "terraform_data"`) {
		t.Errorf("state still holds resources after destroy")
	}
	if strings.Contains(transcript.String(), secret) {
		t.Errorf("the secret was printed")
	}
	// Nothing the runner saved beside the plan holds the secret.
	filepath.WalkDir(filepath.Join(out, "envs", "dev", ".moochat"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".tfplan") {
			return nil
		}
		// The state backup apply keeps holds what the state holds, as
		// terraform's own terraform.tfstate.backup does: its owner only.
		if strings.HasSuffix(p, ".tfstate") {
			if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v (%v), want 0600", p, st.Mode().Perm(), err)
			}
			return nil
		}
		if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the secret", p)
		}
		return nil
	})
}
