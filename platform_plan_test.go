package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
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
			planOut := stdout.String()
			// `moochat check` on the saved plan JSON with the environment's
			// waivers and directory is the same gate: the same report, to
			// the byte, within 120 columns.
			var report, checkErr bytes.Buffer
			if code := dispatch([]string{"check", "-plan", filepath.Join(envDir, ".moochat", "plan.json"), "-config", envDir,
				"-waivers", filepath.Join(envDir, "policy-waivers.json")}, &report, &checkErr); code != 0 {
				t.Fatalf("moochat check: exit %d\n%s%s", code, report.String(), checkErr.String())
			}
			if !strings.Contains(planOut, report.String()) {
				t.Errorf("plan's gate and moochat check disagree; check printed:\n%s", report.String())
			}
			for _, l := range strings.Split(report.String(), "\n") {
				if len(l) > 120 {
					t.Errorf("report line of %d columns: %q", len(l), l)
				}
			}
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

// TestPlantedStarActionFailsGenAndGate plants `"Action": "*"` in the
// platform's task execution policy (modules/chat), naming a new log
// group's ARN as its resource. The generator refuses it at the policy's
// Go file:line in both environments and writes nothing; rendered anyway
// (without the render-time check) and planned, the plan gate fails it.
func TestPlantedStarActionFailsGenAndGate(t *testing.T) {
	opts, err := blueprints.Options(t.TempDir(), render.HCL, "")
	if err != nil {
		t.Fatal(err)
	}
	var policy, logs *tf.Resource
	for _, m := range opts.Modules {
		if m.Name != "modules/chat" {
			continue
		}
		for _, r := range m.Resources {
			switch r.Type + "." + r.Name {
			case "aws_iam_role_policy.execution":
				policy = r
			case "aws_cloudwatch_log_group.tasks":
				logs = r
			}
		}
	}
	if policy == nil || logs == nil {
		t.Fatal("modules/chat has no aws_iam_role_policy.execution or aws_cloudwatch_log_group.tasks")
	}
	// Drop the module's own document, then plant the bad one.
	items := policy.Items[:0]
	for _, it := range policy.Items {
		if it.Attr == nil || it.Attr.Name != "policy" {
			items = append(items, it)
		}
	}
	policy.Items = items
	policy.Set("policy", tf.JSONEncode(tf.Obj(
		tf.KV("Version", tf.String("2012-10-17")),
		tf.KV("Statement", tf.List(tf.Obj(
			tf.KV("Effect", tf.String("Allow")),
			tf.KV("Action", tf.String("*")),
			tf.KV("Resource", tf.Tmpl(logs.Attr("arn"), ":*")),
		))),
	)))
	pos := policy.Pos().Resolve()
	res, err := generate.Run(opts)
	if err == nil {
		t.Fatal("generate: no error")
	}
	text := generate.Describe(err)
	for _, env := range []string{"envs/dev", "envs/prod"} {
		want := fmt.Sprintf("%s:%d: error: %s: module.chat.aws_iam_role_policy.execution: policy aws-iam-no-star-action", filepath.Base(pos.File()), pos.Line(), env)
		if !strings.Contains(text, want) {
			t.Errorf("generate error lacks %q:\n%s", want, text)
		}
	}
	if len(res.Written) > 0 {
		t.Errorf("generate wrote %d files despite the error", len(res.Written))
	}
	if ents, _ := os.ReadDir(opts.Out); len(ents) > 0 {
		t.Errorf("generate wrote into %s", opts.Out)
	}
	if testing.Short() {
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	opts.Checks = nil
	if _, err := generate.Run(opts); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_CLI_CONFIG_FILE", "")
	var stdout, stderr bytes.Buffer
	code := dispatch([]string{"plan", "-no-render", "-offline", "true", "-env", "dev", "-out", opts.Out}, &stdout, &stderr)
	if code != 3 || !strings.Contains(stdout.String(), "aws-iam-no-star-action") {
		t.Fatalf("moochat plan: exit %d, want 3 (policy check failed) naming aws-iam-no-star-action\n%s%s", code, stdout.String(), stderr.String())
	}
}
