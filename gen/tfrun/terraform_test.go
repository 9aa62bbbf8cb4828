package tfrun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
)

// fakeTerraform writes a script that answers like terraform: `version
// -json` with the given version, `plan` with exit 2 (changes), validate
// with a valid verdict, anything else with success. Every call's
// arguments and a few environment variables are logged, one call a line.
func fakeTerraform(t *testing.T, ver string) (bin, log string) {
	t.Helper()
	dir := t.TempDir()
	bin = filepath.Join(dir, "terraform")
	log = filepath.Join(dir, "calls.log")
	script := `#!/bin/sh
echo "$* | cli=$TF_CLI_CONFIG_FILE token=${TF_TOKEN_app_terraform_io:+set} automation=$TF_IN_AUTOMATION" >> "` + log + `"
case "$1" in
version) echo '{"terraform_version":"` + ver + `","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}' ;;
plan) [ -n "$FAKE_TF_PLAN_SLEEP" ] && sleep "$FAKE_TF_PLAN_SLEEP"; exit 2 ;;
validate) echo '{"format_version":"1.0","valid":true,"error_count":0,"warning_count":0,"diagnostics":[]}' ;;
esac
exit 0
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, log
}

func TestTerraformMissing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{})
	empty := t.TempDir()
	offline := errors.New("dial tcp: lookup releases.hashicorp.com: no such host")
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"offline install fails", Config{
			Environ:    []string{"PATH=" + empty},
			InstallDir: filepath.Join(empty, "install"),
			Install: func(context.Context, *version.Version, string) (string, error) {
				return "", offline
			},
		}, []string{"terraform not found", "no such host", "Install terraform " + DefaultTerraformVersion, "TF_BIN"}},
		{"install off", Config{Environ: []string{"PATH=" + empty}, NoInstall: true, InstallDir: empty},
			[]string{"terraform not found", "TF_BIN is not set", "Install terraform"}},
		{"TF_BIN names nothing", Config{Environ: []string{"PATH=" + empty, "TF_BIN=" + filepath.Join(empty, "nope")}},
			[]string{"terraform from TF_BIN", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(context.Background(), f.root, tt.cfg)
			if err == nil {
				t.Fatal("Open found a terraform")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			var se *StepError
			if !errors.As(err, &se) || se.Step != "open" {
				t.Errorf("error %v does not name the step", err)
			}
		})
	}
}

func TestTerraformTooOld(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{})
	bin, _ := fakeTerraform(t, "1.2.0")
	_, err := Open(context.Background(), f.root, Config{
		Environ: append(testEnviron(), "TF_BIN="+bin), PluginMirror: "-", PluginCacheDir: "-",
	})
	var ve *VersionError
	if !errors.As(err, &ve) {
		t.Fatalf("Open: %v; want a VersionError", err)
	}
	for _, w := range []string{"terraform 1.2.0", bin, `required_version ">= 1.6.0"`, "terraform.tf", "TF_BIN"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

// TestCloudCalls checks the terraform calls the runner builds for a
// configuration with a cloud block: remote runs, no local plan file, the
// token from the environment and never from a file.
func TestCloudCalls(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{cloud: true})
	bin, log := fakeTerraform(t, DefaultTerraformVersion)
	cfg := Config{
		Environ:      append(testEnviron(), "TF_BIN="+bin, "TF_TOKEN_app_terraform_io=tok-123", "TF_VAR_token=v"),
		PluginMirror: "-", PluginCacheDir: "-",
	}
	ctx := context.Background()
	r := open(t, f.root, cfg)
	if !r.Cloud() {
		t.Fatal("runner does not see the cloud block")
	}
	p, err := r.Plan(ctx, PlanOptions{Check: func(string) (bool, error) {
		t.Error("local gate called for a remote plan")
		return false, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasChanges || !p.Cloud || p.PlanFile != "" {
		t.Errorf("plan result %+v; want remote changes and no plan file", p)
	}
	if _, err := r.Apply(ctx, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Validate(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		verb, _, _ := strings.Cut(line, " ")
		calls[verb] += line + "\n"
	}
	must := func(verb string, want, not []string) {
		t.Helper()
		c := calls[verb]
		if c == "" {
			t.Errorf("terraform %s was not called", verb)
		}
		for _, w := range want {
			if !strings.Contains(c, w) {
				t.Errorf("terraform %s call lacks %q:\n%s", verb, w, c)
			}
		}
		for _, n := range not {
			if strings.Contains(c, n) {
				t.Errorf("terraform %s call has %q:\n%s", verb, n, c)
			}
		}
	}
	cli := "cli=" + filepath.Join(f.root, WorkDirName, "cli.tfrc")
	must("init", []string{"-backend=true", "-backend=false", cli, "token=set"}, nil)
	must("plan", []string{"-input=false", "-lock-timeout=0s", "-var-file=", "token=set", "automation=1", cli}, []string{"-out"})
	must("apply", []string{"-auto-approve", "-input=false", "-var-file=", "token=set"}, []string{"plan.tfplan", "-destroy=true"})
	must("validate", []string{"-json"}, nil)
	if calls["show"] != "" {
		t.Errorf("show called on a remote plan:\n%s", calls["show"])
	}
	// The token is never written by the runner.
	assertNoSecret(t, filepath.Join(f.root, WorkDirName), "tok-123")
}

// TestCloudConfigValidates: a root module with a cloud block passes the
// real terraform validate, offline.
func TestCloudConfigValidates(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{cloud: true})
	var out syncBuffer
	r := open(t, f.root, testConfig(t, &out))
	res, err := r.Validate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Valid {
		t.Errorf("cloud configuration invalid: %+v", res.Diagnostics)
	}
}

// TestKillRunning: the second Ctrl-C kills a terraform that has not ended
// on the interrupt. KillRunning kills every terraform this process runs,
// so this test must not run beside the parallel ones: it is not parallel,
// and Go runs it before any parallel test resumes.
func TestKillRunning(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	bin, log := fakeTerraform(t, DefaultTerraformVersion)
	r := open(t, f.root, Config{
		Environ:      append(testEnviron(), "TF_BIN="+bin, "FAKE_TF_PLAN_SLEEP=120"),
		PluginMirror: "-", PluginCacheDir: "-",
	})
	done := make(chan error, 1)
	go func() {
		_, err := r.Plan(context.Background(), PlanOptions{})
		done <- err
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := os.ReadFile(log)
		if strings.Contains(string(b), "plan ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("terraform plan never started")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := KillRunning(); n != 1 {
		t.Errorf("KillRunning killed %d processes, want 1", n)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("a killed plan succeeded")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("plan still running 20s after the kill")
	}
}
