// Package tftest runs the real terraform binary in tests, with providers
// from this machine's filesystem mirror and one CLI configuration shared by
// every test process.
package tftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfcli"
)

// AWSProvider is a provider block that lets `terraform plan` run offline:
// dummy keys and every check that would call AWS turned off.
const AWSProvider = `provider "aws" {
  region                      = "us-east-1"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
`

// Env returns the process environment for terraform: TF_CLI_CONFIG_FILE
// points at a configuration that installs from the local mirror. It skips
// the test when terraform is not on PATH.
func Env(tb testing.TB) []string {
	tb.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		tb.Skip("terraform not on PATH")
	}
	mirror, err := tfcli.FindMirror()
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(os.TempDir(), "moochat-tftest")
	cfg := tfcli.Config{Mirror: mirror}
	if mirror == "" {
		// Providers come from the registry: fetch them once for every test.
		// (With an unpacked mirror init only links to it, and a shared cache
		// would just be rewritten by parallel inits.)
		cfg.PluginCacheDir = filepath.Join(dir, "plugin-cache")
	}
	path, err := cfg.Write(filepath.Join(dir, "cli-"+strings.ReplaceAll(tb.Name(), "/", "_")+".tfrc"))
	if err != nil {
		tb.Fatal(err)
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + path, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	return env
}

// Run runs terraform with args in dir and returns its stdout; it fails the
// test with terraform's own output when terraform fails.
func Run(tb testing.TB, dir string, args ...string) string {
	tb.Helper()
	out, err := TryRun(tb, dir, args...)
	if err != nil {
		tb.Fatalf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return out
}

// TryRun is Run that returns terraform's error instead of failing the test;
// on error the returned text holds stdout and stderr.
func TryRun(tb testing.TB, dir string, args ...string) (string, error) {
	tb.Helper()
	cmd := exec.Command("terraform", args...)
	cmd.Dir = dir
	cmd.Env = Env(tb)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String() + stderr.String(), err
	}
	return stdout.String(), nil
}

// OfflineEnv is Env without the caller's AWS settings and with dummy
// credentials, for plans whose provider blocks skip every AWS check.
func OfflineEnv(tb testing.TB) []string {
	tb.Helper()
	var env []string
	for _, kv := range Env(tb) {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env, "AWS_ACCESS_KEY_ID=offline-test", "AWS_SECRET_ACCESS_KEY=offline-test", "AWS_EC2_METADATA_DISABLED=true")
}
