package tfrun

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// KillRunning kills, at once, every terraform this process started
// through a Runner, with the providers and provisioners it started (its
// process group: terraform-exec gives terraform its own). It is the
// second Ctrl-C: the first cancels the context, which interrupts
// terraform and lets it release the state lock. It returns how many
// terraform processes it killed.
func KillRunning() int {
	self := os.Getpid()
	procs, _ := filepath.Glob("/proc/[0-9]*")
	n := 0
	for _, p := range procs {
		pid, err := strconv.Atoi(filepath.Base(p))
		if err != nil || parentOf(p) != self {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join(p, "cmdline"))
		if err != nil {
			continue
		}
		// argv[0] is the binary; for a script (a stand-in terraform) the
		// kernel puts the interpreter first and the script second.
		argv := bytes.SplitN(cmdline, []byte{0}, 3)
		if !launched(string(argv[0])) && (len(argv) < 2 || !launched(string(argv[1]))) {
			continue
		}
		// terraform-exec starts terraform as a process group leader.
		if syscall.Kill(-pid, syscall.SIGKILL) != nil {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		n++
	}
	return n
}

// parentOf reads the parent pid from /proc/<pid>/stat.
func parentOf(proc string) int { return statField(proc, 1) }

// statField reads a numeric field of /proc/<pid>/stat, counting from the
// one after the command name: 1 is the parent pid, 2 the process group.
func statField(proc string, n int) int {
	b, err := os.ReadFile(filepath.Join(proc, "stat"))
	if err != nil {
		return -1
	}
	// The command name, in parentheses, may hold spaces: skip past it.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(s[i+1:])
	if len(f) <= n {
		return -1
	}
	v, err := strconv.Atoi(f[n])
	if err != nil {
		return -1
	}
	return v
}

// terraformAlive reports whether pid is a running terraform binary path
// (the shim replaced itself with it, so /proc/<pid>/exe names it).
func terraformAlive(pid int, path string) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	exe, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "exe"))
	if err != nil {
		return false
	}
	want, err := filepath.EvalSymlinks(path)
	if err != nil {
		want = path
	}
	return exe == want
}
