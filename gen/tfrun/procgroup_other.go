//go:build !unix

package tfrun

import "os/exec"

func setProcessGroup(cmd *exec.Cmd) {}
