package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanThePlatformOffline is `make plan` on the committed dev and prod
// platform, in a copy of out/: moochat plans it offline through the runner
// (no AWS credentials), the policy gate passes, and exit code 2 says
// changes were planned. Then `moochat check -config` on the saved plan
// JSON, as the proof runs it, leaves no mandatory rule unknown:
// the configuration decides every value the plan leaves to apply.
func TestPlanThePlatformOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	t.Setenv("TF_CLI_CONFIG_FILE", "")
	for _, env := range []string{"dev", "prod"} {
		t.Run(env, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for _, dir := range []string{"modules", filepath.Join("envs", env)} {
				copyDir(t, filepath.Join("out", dir), filepath.Join(out, dir))
			}
			var stdout, stderr bytes.Buffer
			code := dispatch([]string{"plan", "-no-render", "-offline", "true", "-env", env, "-out", out}, &stdout, &stderr)
			if code != 2 {
				t.Fatalf("moochat plan: exit %d, want 2\n%s%s", code, stdout.String(), stderr.String())
			}
			for _, want := range []string{"policy check: passed", "to add", " 0 unknown"} {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("plan output lacks %q:\n%s", want, stdout.String())
				}
			}
			envDir := filepath.Join(out, "envs", env)
			stdout.Reset()
			code = dispatch([]string{"check", "-plan", filepath.Join(envDir, ".moochat", "plan.json"), "-config", envDir,
				"-waivers", filepath.Join(envDir, "policy-waivers.json"), "-format", "json"}, &stdout, &stderr)
			if code != 0 {
				t.Fatalf("moochat check: exit %d, want 0\n%s%s", code, stdout.String(), stderr.String())
			}
			var rep struct {
				Findings []struct {
					Rule        string `json:"rule_id"`
					Address     string `json:"address"`
					Result      string `json:"result"`
					Enforcement string `json:"enforcement_level"`
					Message     string `json:"message"`
				} `json:"findings"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) < 100 {
				t.Fatalf("only %d findings", len(rep.Findings))
			}
			for _, f := range rep.Findings {
				if f.Result == "unknown" && f.Enforcement != "advisory" {
					t.Errorf("%s %s: unknown: %s", f.Rule, f.Address, f.Message)
				}
			}
		})
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
