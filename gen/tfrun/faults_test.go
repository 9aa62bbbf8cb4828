package tfrun

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInterruptedApplyRecovery: an apply that died mid-write (moochat
// killed, state left at 0 bytes as the issue saw it) stops the next run
// with what happened and how to recover from the state backed up before
// the apply; once restored as told, the environment plans again and the
// run hears that the last apply was interrupted (issue 11, item 5).
func TestInterruptedApplyRecovery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	cfg := testConfig(t, &out)
	r := open(t, f.root, cfg)
	if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Apply(ctx, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	// What a killed apply leaves: the record and backup apply made before
	// starting terraform, and a state truncated mid-write.
	if err := r.beginApply(false); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(f.root, "terraform.tfstate")
	if err := os.WriteFile(state, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	next := open(t, f.root, cfg)
	_, err := next.Plan(ctx, PlanOptions{Check: passCheck})
	var ia *InterruptedApplyError
	if !errors.As(err, &ia) {
		t.Fatalf("plan after an interrupted apply left an empty state: %v; want an InterruptedApplyError", err)
	}
	want := fmt.Sprintf("cp %s %s", next.StateBackupFile(), state)
	if msg := err.Error(); !strings.Contains(msg, "was interrupted") || !strings.Contains(msg, "is empty (0 bytes)") || !strings.Contains(msg, want) {
		t.Fatalf("message does not say what happened and how to recover (%q):\n%s", want, msg)
	}
	if err := exec.Command("cp", next.StateBackupFile(), state).Run(); err != nil {
		t.Fatal(err)
	}
	var notices []string
	cfg.OnStep = func(ev StepEvent) {
		if ev.Kind == StepNotice {
			notices = append(notices, ev.Reason)
		}
	}
	again := open(t, f.root, cfg)
	p, err := again.Plan(ctx, PlanOptions{Check: passCheck})
	if err != nil {
		t.Fatalf("plan after restoring the backup: %v", err)
	}
	if p.HasChanges {
		t.Errorf("the restored state differs from the configuration:\n%s", out.String())
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "was interrupted") {
		t.Errorf("notices %q: want one saying the last apply was interrupted", notices)
	}
	if _, err := os.Stat(again.applyRecordFile()); !os.IsNotExist(err) {
		t.Errorf("the apply record is still there after recovery (%v)", err)
	}
}

// TestNoSecretFileDuringPlan: while a plan runs (here: while the gate
// reads it), no file under the root module other than the plan file,
// which terraform itself fills, holds the secret; and a var file left by
// a killed run of an older moochat is removed by the next run (issue 11,
// item 9).
func TestNoSecretFileDuringPlan(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-item9-token"
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	r := open(t, f.root, testConfig(t, &out, "TF_VAR_token="+secret))
	stale := filepath.Join(r.WorkDir(), "vars-123.tfvars")
	if err := os.WriteFile(stale, []byte(`token = "`+secret+`"`), 0o600); err != nil {
		t.Fatal(err)
	}
	var holding []string
	check := func(string) (bool, error) {
		filepath.WalkDir(f.root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".tfplan") {
				return nil
			}
			if b, _ := os.ReadFile(p); strings.Contains(string(b), secret) {
				holding = append(holding, p)
			}
			return nil
		})
		return true, nil
	}
	p, err := r.Plan(context.Background(), PlanOptions{Check: check})
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasChanges {
		t.Fatal("no changes planned")
	}
	if len(holding) > 0 {
		t.Errorf("files holding the secret while the plan ran: %v", holding)
	}
	// The value did reach terraform: the plan holds it.
	b, _ := os.ReadFile(r.PlanFile())
	if len(b) == 0 {
		t.Fatal("no plan file")
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a var file left by an earlier run survived the plan (%v)", err)
	}
}

// TestStateDumpNeverShown: terraform's emergency state dump is cut out of
// errors and streamed output, whatever surrounds it (issue 11, item 6).
func TestStateDumpNeverShown(t *testing.T) {
	dump := "{\n  \"version\": 4,\n  \"terraform_version\": \"1.11.4\",\n  \"serial\": 3,\n  \"lineage\": \"x\",\n  \"resources\": [{\"token\": \"SECRET\"}]\n}\n"
	msg := "Error: Failed to save state\n\nError saving state: write terraform.tfstate: no space left on device\n\n" + dump + "\nError: Failed to persist state"
	clean, cut := withoutStateDumps(msg)
	if !cut || strings.Contains(clean, "SECRET") || !strings.Contains(clean, "no space left") || !strings.Contains(clean, "Failed to persist") {
		t.Errorf("cleaned error (cut %v):\n%s", cut, clean)
	}
	var out strings.Builder
	w := &dumpFilter{w: &out}
	for _, line := range strings.SplitAfter("before\n"+dump+"{\n  \"other\": 1\n}\nafter\n", "\n") {
		if line != "" {
			w.Write([]byte(line))
		}
	}
	if got := out.String(); strings.Contains(got, "SECRET") || !strings.Contains(got, "before\n") ||
		!strings.Contains(got, "\"other\": 1") || !strings.Contains(got, "after\n") || !strings.Contains(got, "left out") {
		t.Errorf("filtered output:\n%s", got)
	}
}

// TestDiskFull runs an apply that fills its disk (a 2 MiB tmpfs; the test
// needs root to mount it and is skipped otherwise) before terraform writes
// the state: the error names the full disk, neither it nor terraform's
// output holds the state (or the secret in it), the state from before the
// apply is kept, and a plan on the full disk says so too (issue 11,
// item 6 and the disk-full error).
func TestDiskFull(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	cfg := testConfig(t, &out)
	disk := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk).Run(); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v", err)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", disk).Run() })
	const secret = "s3cr3t-item6-token"
	root := filepath.Join(disk, "envs", "dev")
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(root, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("terraform.tf", "terraform {\n  backend \"local\" {}\n}\n")
	write("main.tf", `variable "token" {
  type      = string
  sensitive = true
  default   = "`+secret+`"
}

resource "terraform_data" "a" {
  input = { token = var.token }
}
`)
	ctx := context.Background()
	r := open(t, root, cfg)
	if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Apply(ctx, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(root, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	// A large value makes the new state too big for what the filler
	// leaves; the filler runs while terraform applies.
	write("fill.tf", `resource "terraform_data" "b" {
  input = format("%0300000d", 0)

  provisioner "local-exec" {
    command = "head -c 4M /dev/zero > ${path.module}/filler 2>/dev/null; true"
  }
}
`)
	r = open(t, root, cfg)
	if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
		t.Fatal(err)
	}
	_, err = r.Apply(ctx, ApplyOptions{})
	var full *DiskFullError
	if !errors.As(err, &full) || !strings.Contains(err.Error(), "is full") {
		t.Fatalf("apply on a full disk: %v; want a DiskFullError", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(out.String(), secret) {
		t.Fatalf("the secret (from terraform's state dump) was shown:\nerror: %v\noutput:\n%s", err, out.String())
	}
	if strings.Contains(err.Error(), `"lineage"`) || strings.Contains(out.String(), `"lineage"`) {
		t.Fatalf("terraform's state dump was shown:\nerror: %v\noutput:\n%s", err, out.String())
	}
	if b, err := os.ReadFile(r.StateBackupFile()); err != nil || string(b) != string(before) {
		t.Errorf("the state from before the apply was not kept in %s (%v)", r.StateBackupFile(), err)
	}

	// Planning on the full disk: the disk is named, not "Failed to read
	// the given file".
	write("more.tf", "locals {\n  x = 1\n}\n")
	os.Remove(filepath.Join(root, "filler"))
	planner := open(t, root, cfg)
	exec.Command("sh", "-c", "head -c 4M /dev/zero > "+filepath.Join(root, "filler2")).Run()
	_, err = planner.Plan(ctx, PlanOptions{Check: passCheck})
	if !errors.As(err, &full) {
		t.Fatalf("plan on a full disk: %v; want a DiskFullError", err)
	}
}

// TestStaleCheckFollowsSymlinks: a root main.tf that is a symbolic link,
// or a symlinked module folder, edited after the plan makes the plan
// stale (issue 11, item 12).
func TestStaleCheckFollowsSymlinks(t *testing.T) {
	t.Parallel()
	cases := map[string]func(t *testing.T, f fixture, elsewhere string) string{
		"root file": func(t *testing.T, f fixture, elsewhere string) string {
			main := filepath.Join(f.root, "main.tf")
			target := filepath.Join(elsewhere, "main.tf")
			if err := os.Rename(main, target); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, main); err != nil {
				t.Fatal(err)
			}
			return target
		},
		"module folder": func(t *testing.T, f fixture, elsewhere string) string {
			mod := filepath.Join(f.out, "modules", "app")
			target := filepath.Join(elsewhere, "app")
			if err := os.Rename(mod, target); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, mod); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(target, "main.tf")
		},
	}
	for name, link := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, fixtureOpts{resources: 1})
			edit := link(t, f, t.TempDir())
			var out syncBuffer
			r := open(t, f.root, testConfig(t, &out))
			if _, err := r.Plan(context.Background(), PlanOptions{Check: passCheck}); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(edit)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(edit, append(b, []byte("\nlocals {\n  edited = true\n}\n")...), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = r.Apply(context.Background(), ApplyOptions{})
			var refused *RefusedError
			if !errors.As(err, &refused) || !strings.Contains(err.Error(), "stale") {
				t.Fatalf("apply after editing the link's target: %v; want a stale-plan refusal", err)
			}
		})
	}
}

// TestCLIConfigCredentialsNeverCopied: the user's CLI configuration is
// kept without its credentials blocks, in a copy only its owner can read;
// the token reaches terraform as TF_TOKEN_<host>; terraform accepts the
// result (issue 11, item 10). A configuration that is not one is an error
// naming the user's file, even when init is skipped (clear errors).
func TestCLIConfigCredentialsNeverCopied(t *testing.T) {
	t.Parallel()
	const token = "Xy7Qm2Lp9Vt4Rk.atlasv1.8f3a1c9e27b64d05a9e1f7c3b2d8e6a4c1f9b7d3e5a2c8f6b4d1e9a7c3f5b2d8e6a4"
	dir := t.TempDir()
	user := filepath.Join(dir, "terraformrc")
	os.WriteFile(user, []byte("credentials \"app.terraform.io\" {\n  token = \""+token+"\"\n}\n\ndisable_checkpoint = true\n"), 0o644)
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	cfg := testConfig(t, &out)
	cfg.Environ = append(cfg.Environ, "TF_CLI_CONFIG_FILE="+user)
	r := open(t, f.root, cfg)
	b, err := os.ReadFile(r.cliConfigFile())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), token) || strings.Contains(string(b), "credentials") {
		t.Errorf("the generated CLI configuration holds the credentials:\n%s", b)
	}
	if !strings.Contains(string(b), "disable_checkpoint") {
		t.Errorf("the rest of the user's configuration was not kept:\n%s", b)
	}
	if st, _ := os.Stat(r.cliConfigFile()); st.Mode().Perm() != 0o600 {
		t.Errorf("cli.tfrc mode %v, want 0600", st.Mode().Perm())
	}
	if got := r.environ()["TF_TOKEN_app_terraform_io"]; got != token {
		t.Errorf("TF_TOKEN_app_terraform_io = %q, want the token", got)
	}
	if _, err := r.Validate(context.Background()); err != nil {
		t.Fatalf("terraform with the generated configuration: %v", err)
	}

	garbage := filepath.Join(dir, "garbage.tfrc")
	os.WriteFile(garbage, []byte("this is { not HCL"), 0o644)
	cfg.Environ = append(cfg.Environ, "TF_CLI_CONFIG_FILE="+garbage)
	_, err = Open(context.Background(), f.root, cfg)
	if err == nil || !strings.Contains(err.Error(), "TF_CLI_CONFIG_FILE="+garbage) || strings.Contains(err.Error(), "cli.tfrc") {
		t.Fatalf("a garbage CLI configuration: %v; want an error naming %s", err, garbage)
	}
}

// TestReadOnlyHome: with HOME on a read-only file system (a read-only
// tmpfs; needs root, skipped otherwise) the runner plans without a plugin
// cache, saying how to get one, and the stamp key's error names the
// variable to set (clear errors).
func TestReadOnlyHome(t *testing.T) {
	home := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", home).Run(); err != nil {
		t.Skipf("cannot mount a read-only tmpfs (needs root): %v", err)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", home).Run() })
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	cfg := testConfig(t, &out, "HOME="+home)
	cfg.PluginCacheDir = ""
	var notices []string
	cfg.OnStep = func(ev StepEvent) {
		if ev.Kind == StepNotice {
			notices = append(notices, ev.Reason)
		}
	}
	r, err := Open(context.Background(), f.root, cfg)
	if err != nil {
		t.Fatalf("open with a read-only HOME: %v", err)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "XDG_CACHE_HOME") {
		t.Errorf("notices %q: want one naming XDG_CACHE_HOME", notices)
	}
	_, err = r.Plan(context.Background(), PlanOptions{Check: passCheck})
	if err == nil || !strings.Contains(err.Error(), StampKeyEnv) {
		t.Fatalf("plan with a read-only HOME and no stamp key: %v; want an error naming %s", err, StampKeyEnv)
	}
	cfg.Environ = append(cfg.Environ, StampKeyEnv+"="+filepath.Join(t.TempDir(), "key"))
	if _, err := open(t, f.root, cfg).Plan(context.Background(), PlanOptions{Check: passCheck}); err != nil {
		t.Fatalf("plan with %s set: %v", StampKeyEnv, err)
	}
}
