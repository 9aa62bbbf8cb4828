//go:build !linux

package tfrun

import "os/exec"

func setProcessGroup(cmd *exec.Cmd) {}
