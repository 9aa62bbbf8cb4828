//go:build linux

package tfrun

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// The shim sits between terraform-exec and terraform. terraform-exec
// starts its command with a parent-death signal of SIGKILL, so a moochat
// killed during an apply took terraform with it, mid-write: a 0-byte
// state, a lock left behind, provisioners orphaned. And a terraform whose
// output pipe leads to a dead moochat dies of SIGPIPE at its next line.
// The runner therefore has terraform-exec start this very binary with
// shimExecEnv set. The shim, before anything else in the process runs,
// turns its own parent-death signal into SIGINT, starts terraform as its
// child and stays with it: it passes terraform's output on (and drops it
// once nobody reads it any more), passes an interrupt on as SIGINT, and
// exits with terraform's exit code. When moochat dies, terraform hears
// one SIGINT and stops cleanly on its own: it finishes what is in flight,
// writes state and releases its lock. The shim also hands terraform the
// runner's variable values in an anonymous memory file instead of a file
// on disk, so no secret is left behind by a kill.
const (
	shimExecEnv   = "MOOCHAT_TFRUN_EXEC"   // the real terraform binary
	shimParentEnv = "MOOCHAT_TFRUN_PARENT" // pid of the moochat that started the shim
	shimVarsEnv   = "MOOCHAT_TFRUN_VARS"   // -var-file content, handed over in memory
	shimPIDEnv    = "MOOCHAT_TFRUN_PIDFILE"
)

// shimVarFD is the descriptor terraform finds the variable values at (the
// first of exec.Cmd's ExtraFiles); the runner passes
// -var-file=/dev/fd/<shimVarFD>.
const shimVarFD = 3

func init() {
	if real := os.Getenv(shimExecEnv); real != "" {
		os.Exit(runShim(real))
	}
}

// shimAvailable reports whether the runner can start terraform through
// the shim: it needs this binary's own path.
func shimAvailable() (string, bool) {
	self, err := os.Executable()
	return self, err == nil
}

func runShim(real string) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, "moochat: terraform shim: "+format+"\n", a...)
		return 1
	}
	// A parent-death signal belongs to the thread that forked: keep
	// terraform's forking thread alive for as long as the shim.
	runtime.LockOSThread()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, unix.SIGINT, unix.SIGTERM, unix.SIGHUP)
	signal.Ignore(unix.SIGPIPE)
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGINT), 0, 0, 0); err != nil {
		return fail("prctl: %v", err)
	}
	// moochat may have died before the signal was set: then nobody waits
	// for terraform and it must not start.
	if want, err := strconv.Atoi(os.Getenv(shimParentEnv)); err == nil && os.Getppid() != want {
		return fail("moochat exited before terraform started")
	}
	cmd := exec.Command(real, os.Args[1:]...)
	cmd.Stdin = os.Stdin
	cmd.Stdout = &lenientWriter{f: os.Stdout}
	cmd.Stderr = &lenientWriter{f: os.Stderr}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT}
	if vars, ok := os.LookupEnv(shimVarsEnv); ok {
		f, err := memFile(vars)
		if err != nil {
			return fail("passing variables: %v", err)
		}
		defer f.Close()
		cmd.ExtraFiles = []*os.File{f}
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MOOCHAT_TFRUN_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if err := cmd.Start(); err != nil {
		return fail("%v", err)
	}
	if p := os.Getenv(shimPIDEnv); p != "" {
		// The next run reads it to tell whether terraform still runs.
		os.WriteFile(p, []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644)
	}
	// One interrupt only: a second SIGINT makes terraform exit at once,
	// "data loss may have occurred", and one death of moochat can deliver
	// several. Killing terraform outright is KillRunning's job (SIGKILL to
	// the process group).
	go func() {
		<-sigs
		cmd.Process.Signal(unix.SIGINT)
	}()
	err := cmd.Wait()
	killOrphans()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return fail("%v", err)
}

// killOrphans kills what terraform left running in the shim's process
// group: an interrupted terraform gives up on a local-exec provisioner's
// children without ending them, and nobody else would.
func killOrphans() {
	self := os.Getpid()
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		pid, err := strconv.Atoi(filepath.Base(p))
		if err != nil || pid == self {
			continue
		}
		if statField(p, 2) == self {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// lenientWriter passes output on until its reader is gone (moochat died),
// then drops it: terraform must not stop because nobody listens.
type lenientWriter struct {
	f      *os.File
	broken bool
}

func (w *lenientWriter) Write(p []byte) (int, error) {
	if !w.broken {
		if _, err := w.f.Write(p); err != nil {
			w.broken = true
		}
	}
	return len(p), nil
}

// memFile puts content in an anonymous memory file (memfd_create: never
// on a disk, gone with the last process holding it).
func memFile(content string) (*os.File, error) {
	fd, err := unix.MemfdCreate("moochat-vars", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "moochat-vars")
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
