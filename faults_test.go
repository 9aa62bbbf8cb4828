package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints/examples"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// sleepyEnv is an environment whose only resource's provisioner sleeps for
// secs seconds: a number no other test uses, so that an orphaned sleep can
// be told apart.
func sleepyEnv(secs int) []*tf.Module {
	root := tf.NewModule("envs/dev")
	root.SetBackend("local").Set("path", tf.String("terraform.tfstate"))
	r := root.Resource("terraform_data", "slow").Set("input", tf.String("slow"))
	r.Provisioner("local-exec").Set("command", tf.String(fmt.Sprintf("sleep %d", secs)))
	return []*tf.Module{root}
}

// startApply plans the environment in out, then starts `moochat apply` as
// its own process and waits until terraform runs the provisioner.
func startApply(t *testing.T, out string) (*exec.Cmd, *syncTranscript, chan error) {
	t.Helper()
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
	tr := &syncTranscript{}
	provisioning := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		seen := false
		for sc.Scan() {
			tr.add(sc.Text())
			if !seen && strings.Contains(sc.Text(), "Provisioning with 'local-exec'") {
				seen = true
				close(provisioning)
			}
		}
	}()
	done := make(chan error, 1)
	go func() { err := cmd.Wait(); pw.Close(); done <- err }()
	select {
	case <-provisioning:
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("apply never reached the provisioner:\n%s", tr)
	}
	return cmd, tr, done
}

// syncTranscript collects a process's output lines as they come.
type syncTranscript struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncTranscript) add(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(line + "\n")
}

func (s *syncTranscript) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestKill9DuringApply kills moochat with SIGKILL while terraform applies
// (issue 11, item 5): terraform must stop cleanly on its own (it hears
// SIGINT, not SIGKILL), leaving a readable state, no state lock and no
// orphaned provisioner; the plan is used up, so the next apply does not
// run it again; and the next run says what happened.
func TestKill9DuringApply(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	const secs = 73
	out := filepath.Join(t.TempDir(), "out")
	if _, err := generate.Run(generate.Options{Out: out, Modules: sleepyEnv(secs)}); err != nil {
		t.Fatal(generate.Describe(err))
	}
	t.Setenv("TF_CLI_CONFIG_FILE", "")
	root := filepath.Join(out, "envs", "dev")
	cmd, tr, done := startApply(t, out)
	pidFile := filepath.Join(root, ".moochat", "terraform.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("no terraform pid recorded: %v", err)
	}
	tfPID, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done
	// terraform goes on alone: it must stop by itself, well before the
	// provisioner's sleep would end.
	deadline := time.Now().Add(45 * time.Second)
	for syscall.Kill(tfPID, 0) == nil {
		if time.Now().After(deadline) {
			syscall.Kill(-tfPID, syscall.SIGKILL)
			t.Fatalf("terraform (pid %d) still running 45 s after moochat was killed:\n%s", tfPID, tr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if orphans := processesRunning(fmt.Sprintf("sleep %d", secs)); len(orphans) > 0 {
		for _, p := range orphans {
			syscall.Kill(p, syscall.SIGKILL)
		}
		t.Errorf("provisioner processes left running: %v", orphans)
	}
	if _, err := os.Stat(filepath.Join(root, ".terraform.tfstate.lock.info")); err == nil {
		t.Error("terraform's state lock was left behind")
	}
	state, err := os.ReadFile(filepath.Join(root, "terraform.tfstate"))
	if err != nil || !bytes.Contains(state, []byte(`"lineage"`)) {
		t.Fatalf("state after the kill is not a readable state (%v): %q", err, state)
	}

	var stdout, stderr bytes.Buffer
	code := dispatch([]string{"apply", "-env", "dev", "-out", out}, &stdout, &stderr)
	text := stdout.String() + stderr.String()
	if code != 3 || !strings.Contains(text, "no saved plan") {
		t.Fatalf("apply after the kill: exit %d, want 3 (the killed apply's plan is used up):\n%s", code, text)
	}
	if !strings.Contains(text, "was interrupted before it finished") || !strings.Contains(text, "terraform stopped on its own") {
		t.Errorf("the next run did not say that the last apply was interrupted:\n%s", text)
	}
}

// TestSIGHUPDuringApply: a closed terminal (SIGHUP) is handled like
// Ctrl-C: terraform is interrupted, writes state, releases the lock, and
// moochat exits 130 (issue 11, item 5).
func TestSIGHUPDuringApply(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, err := generate.Run(generate.Options{Out: out, Modules: sleepyEnv(71)}); err != nil {
		t.Fatal(generate.Describe(err))
	}
	t.Setenv("TF_CLI_CONFIG_FILE", "")
	cmd, tr, done := startApply(t, out)
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(45 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("apply still running 45 s after SIGHUP:\n%s", tr)
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("apply exited %d after SIGHUP, want 130:\n%s", code, tr)
	}
	if !strings.Contains(tr.String(), "Interrupt received") {
		t.Errorf("terraform was not interrupted:\n%s", tr)
	}
	if _, err := os.Stat(filepath.Join(out, "envs", "dev", ".terraform.tfstate.lock.info")); err == nil {
		t.Error("the state lock was left behind")
	}
}

// processesRunning lists the pids whose command line is exactly cmdline
// (arguments joined by spaces).
func processesRunning(cmdline string) []int {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var pids []int
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if strings.TrimRight(strings.ReplaceAll(string(b), "\x00", " "), " ") == cmdline {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// TestClearCLIErrors: an -env with a trailing space is quoted in the
// error, and destroy with no terminal on stdin (here /dev/null, which is a
// character device) shows no prompt and declines (issue 11, clear errors).
func TestClearCLIErrors(t *testing.T) {
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
	t.Setenv("TF_CLI_CONFIG_FILE", "")
	t.Setenv("TF_VAR_token", "s3cr3t-clear-errors")
	var stdout, stderr bytes.Buffer
	if code := dispatch([]string{"plan", "-no-render", "-env", "dev ", "-out", out}, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), `-env "dev "`) || !strings.Contains(stderr.String(), "no slashes or spaces") {
		t.Errorf("-env 'dev ': exit %d, stderr %q; want 1 and the name quoted", code, stderr.String())
	}
	for _, args := range [][]string{{"plan", "-no-render", "-offline", "false"}, {"apply", "-offline", "false"}} {
		stdout.Reset()
		stderr.Reset()
		if code := dispatch(append(args, "-env", "dev", "-out", out), &stdout, &stderr); code != 2 && code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout.String(), stderr.String())
		}
	}
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	cmd := exec.Command(os.Args[0], "destroy", "-offline", "false", "-env", "dev", "-out", out)
	cmd.Env = append(os.Environ(), "MOOCHAT_RUN_MAIN=1")
	cmd.Stdin = devNull
	b, _ := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Fatalf("destroy </dev/null: exit %d, want 3 (not confirmed):\n%s", code, b)
	}
	if strings.Contains(string(b), "Type the environment's name") || !strings.Contains(string(b), "stdin is not a terminal") {
		t.Errorf("destroy </dev/null showed a prompt, or did not say why it declined:\n%s", b)
	}
}
