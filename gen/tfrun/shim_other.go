//go:build !linux

package tfrun

const (
	shimExecEnv   = "MOOCHAT_TFRUN_EXEC"
	shimParentEnv = "MOOCHAT_TFRUN_PARENT"
	shimVarsEnv   = "MOOCHAT_TFRUN_VARS"
	shimPIDEnv    = "MOOCHAT_TFRUN_PIDFILE"
	shimVarFD     = 3
)

// shimAvailable is false here: terraform runs directly, variable values go
// through a var file that every run removes, and terraform-exec's own
// handling of a dying parent applies.
func shimAvailable() (string, bool) { return "", false }
