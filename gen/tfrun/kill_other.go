//go:build !linux

package tfrun

// KillRunning is not available on this system: terraform is ended by
// terraform-exec after Config.WaitDelay. It returns 0.
func KillRunning() int { return 0 }

// terraformAlive cannot tell here; the terraform state lock still guards.
func terraformAlive(pid int, path string) bool { return false }
