package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanThePlatformOffline is `make plan` on the committed dev platform,
// in a copy of out/: moochat plans it offline through the runner (no AWS
// credentials), the policy gate passes, and exit code 2 says changes were
// planned.
func TestPlanThePlatformOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	out := filepath.Join(t.TempDir(), "out")
	for _, dir := range []string{"modules", filepath.Join("envs", "dev")} {
		copyDir(t, filepath.Join("out", dir), filepath.Join(out, dir))
	}
	t.Setenv("TF_CLI_CONFIG_FILE", "")
	var stdout, stderr bytes.Buffer
	code := dispatch([]string{"plan", "-no-render", "-offline", "true", "-env", "dev", "-out", out}, &stdout, &stderr)
	if code != 2 {
		t.Fatalf("moochat plan: exit %d, want 2\n%s%s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{"policy check: passed", "to add"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("plan output lacks %q", want)
		}
	}
	// `moochat check` on the saved plan JSON with the environment's waivers
	// is the same gate: the same report, to the byte.
	env := filepath.Join(out, "envs", "dev")
	var report, checkErr bytes.Buffer
	if code := dispatch([]string{"check", "-plan", filepath.Join(env, ".moochat", "plan.json"),
		"-waivers", filepath.Join(env, "policy-waivers.json")}, &report, &checkErr); code != 0 {
		t.Fatalf("moochat check: exit %d\n%s%s", code, report.String(), checkErr.String())
	}
	if !strings.Contains(stdout.String(), report.String()) {
		t.Errorf("plan's gate and moochat check disagree; check printed:\n%s", report.String())
	}
	for _, l := range strings.Split(report.String(), "\n") {
		if len(l) > 120 {
			t.Errorf("report line of %d columns: %q", len(l), l)
		}
	}
}

// copyDir copies a directory tree of regular files.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			if d.Name() == ".terraform" || d.Name() == ".moochat" {
				return filepath.SkipDir
			}
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
