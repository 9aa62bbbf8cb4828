package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestMain lets a test run this binary as the moochat command itself:
// with MOOCHAT_RUN_MAIN=1 it dispatches its arguments and exits.
func TestMain(m *testing.M) {
	if os.Getenv("MOOCHAT_RUN_MAIN") == "1" {
		os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// slowEnv is an environment whose only resource takes a minute to create.
func slowEnv() []*tf.Module {
	root := tf.NewModule("envs/dev")
	root.SetBackend("local").Set("path", tf.String("terraform.tfstate"))
	r := root.Resource("terraform_data", "slow").Set("input", tf.String("slow"))
	r.Provisioner("local-exec").Set("command", tf.String("sleep 60"))
	return []*tf.Module{root}
}

// TestCtrlCDuringApply sends SIGINT to a running `moochat apply`, as a
// terminal's Ctrl-C does: moochat asks terraform to stop, terraform
// releases the state lock and writes state, and moochat exits 130. The
// environment can be planned again at once.
func TestCtrlCDuringApply(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, err := generate.Run(generate.Options{Out: out, Modules: slowEnv()}); err != nil {
		t.Fatal(generate.Describe(err))
	}
	t.Setenv("TF_CLI_CONFIG_FILE", "")
	var stdout, stderr bytes.Buffer
	if code := dispatch([]string{"plan", "-no-render", "-offline", "false", "-env", "dev", "-out", out}, &stdout, &stderr); code != 2 {
		t.Fatalf("plan: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}

	cmd := exec.Command(os.Args[0], "apply", "-env", "dev", "-out", out)
	cmd.Env = append(os.Environ(), "MOOCHAT_RUN_MAIN=1")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var transcript bytes.Buffer
	provisioning := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		seen := false
		for sc.Scan() {
			transcript.WriteString(sc.Text() + "\n")
			if !seen && strings.Contains(sc.Text(), "Provisioning with 'local-exec'") {
				seen = true
				close(provisioning)
			}
		}
	}()
	select {
	case <-provisioning:
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("apply never reached the provisioner:\n%s", transcript.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(45 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("apply still running 45 s after Ctrl-C:\n%s", transcript.String())
	}
	pw.Close()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("apply exited %d (%v), want 130:\n%s", code, err, transcript.String())
	}
	if !strings.Contains(transcript.String(), "Interrupt received") {
		t.Errorf("terraform did not report the interrupt (killed instead?):\n%s", transcript.String())
	}
	root := filepath.Join(out, "envs", "dev")
	if _, err := os.Stat(filepath.Join(root, ".terraform.tfstate.lock.info")); err == nil {
		t.Error("the state lock was left behind")
	}
	// The environment is usable at once: a new plan takes the lock. (It
	// replaces the tainted resource, which the destroy-share policy rule
	// flags with exit 3; any plan result will do here.)
	stdout.Reset()
	stderr.Reset()
	if code := dispatch([]string{"plan", "-no-render", "-offline", "false", "-env", "dev", "-out", out}, &stdout, &stderr); code == 1 || code == 130 {
		t.Fatalf("plan after the interrupt: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}
