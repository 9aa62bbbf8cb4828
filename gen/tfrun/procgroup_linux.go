package tfrun

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts a shared provider in its own process group (the
// terminal's Ctrl-C must not reach it under a terraform that is stopping
// gracefully) and has the kernel kill it if moochat itself dies.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
