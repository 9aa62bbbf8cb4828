//go:build linux

package tfrun

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// The shim sits between terraform-exec and terraform. terraform-exec
// starts its command with a parent-death signal of SIGKILL, so a moochat
// killed during an apply took terraform with it, mid-write: a 0-byte
// state, a lock left behind, provisioners orphaned. The runner therefore
// has terraform-exec start this very binary with shimExecEnv set; the
// shim, before anything else in the process runs, changes the
// parent-death signal to SIGINT (terraform then stops cleanly on its own:
// it finishes what is in flight, writes state, releases its lock) and
// replaces itself with terraform. On the way it hands terraform the
// runner's variable values in an anonymous memory file instead of a file
// on disk, so no secret is left behind by a kill.
const (
	shimExecEnv   = "MOOCHAT_TFRUN_EXEC"   // the real terraform binary
	shimParentEnv = "MOOCHAT_TFRUN_PARENT" // pid of the moochat that started the shim
	shimVarsEnv   = "MOOCHAT_TFRUN_VARS"   // -var-file content, handed over in memory
	shimPIDEnv    = "MOOCHAT_TFRUN_PIDFILE"
)

// shimVarFD is the descriptor the shim gives the variable values; the
// runner passes -var-file=/dev/fd/<shimVarFD>.
const shimVarFD = 100

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
	// prctl and exec must happen on one OS thread: the parent-death
	// signal belongs to the thread, and exec keeps the calling one.
	runtime.LockOSThread()
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGINT), 0, 0, 0); err != nil {
		fmt.Fprintf(os.Stderr, "moochat: terraform shim: prctl: %v\n", err)
		return 1
	}
	// moochat may have died before the signal was set: then nobody waits
	// for terraform and it must not start.
	if want, err := strconv.Atoi(os.Getenv(shimParentEnv)); err == nil && os.Getppid() != want {
		fmt.Fprintln(os.Stderr, "moochat: terraform shim: moochat exited before terraform started")
		return 1
	}
	if vars, ok := os.LookupEnv(shimVarsEnv); ok {
		if err := memFile(vars, shimVarFD); err != nil {
			fmt.Fprintf(os.Stderr, "moochat: terraform shim: passing variables: %v\n", err)
			return 1
		}
	}
	if p := os.Getenv(shimPIDEnv); p != "" {
		// The next run reads it to tell whether terraform still runs.
		os.WriteFile(p, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MOOCHAT_TFRUN_") {
			env = append(env, kv)
		}
	}
	err := syscall.Exec(real, append([]string{real}, os.Args[1:]...), env)
	fmt.Fprintf(os.Stderr, "moochat: terraform shim: exec %s: %v\n", real, err)
	return 1
}

// memFile puts content in an anonymous memory file (memfd_create: never
// on a disk, gone with the last process holding it) at descriptor fd,
// which exec keeps open.
func memFile(content string, fd int) error {
	mfd, err := unix.MemfdCreate("moochat-vars", 0)
	if err != nil {
		return err
	}
	if _, err := unix.Write(mfd, []byte(content)); err != nil {
		return err
	}
	// dup2 clears close-on-exec on the new descriptor.
	if err := unix.Dup2(mfd, fd); err != nil {
		return err
	}
	return unix.Close(mfd)
}
