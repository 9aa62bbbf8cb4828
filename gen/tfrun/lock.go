package tfrun

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// BusyError is a verb that did not start because another run (another
// moochat, or another Runner in this process) holds the environment.
type BusyError struct {
	Dir    string
	Holder string // what the lock file says about the run holding it
}

func (e *BusyError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "another moochat run"
	}
	return fmt.Sprintf("environment %s is busy: %s is running on it; wait for it to finish and try again",
		filepath.Base(e.Dir), holder)
}

// lockFile is where the runner's per-environment lock lives.
func (r *Runner) lockFile() string { return filepath.Join(r.work, "lock") }

// exclusive runs fn holding the environment's lock, so that two runs on
// one environment never interleave: a plan and a destroy at the same time
// would otherwise leave one's stamp beside the other's plan file. A
// second run does not wait: it fails at once with a *BusyError. Calls
// nest (Destroy plans and applies under one lock).
func (r *Runner) exclusive(verb string, fn func() error) error {
	if r.locked > 0 {
		r.locked++
		defer func() { r.locked-- }()
		return fn()
	}
	if err := os.MkdirAll(r.work, 0o755); err != nil {
		return r.stepError(verb, err)
	}
	f, err := os.OpenFile(r.lockFile(), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return r.stepError(verb, fmt.Errorf("environment lock: %w", err))
	}
	defer f.Close()
	held, err := tryLock(f)
	if err != nil {
		return r.stepError(verb, fmt.Errorf("environment lock %s: %w", r.lockFile(), err))
	}
	if !held {
		b, _ := os.ReadFile(r.lockFile())
		return &BusyError{Dir: r.dir, Holder: strings.TrimSpace(string(b))}
	}
	defer unlock(f)
	// Who holds the lock, for the message a second run prints. The lock
	// itself is the flock, not this text.
	f.Truncate(0)
	fmt.Fprintf(f, "moochat %s (pid %d, since %s)\n", verb, os.Getpid(), time.Now().UTC().Format(time.TimeOnly+" UTC"))
	r.locked = 1
	defer func() { r.locked = 0 }()
	r.removeStaleVarFiles()
	if err := r.checkInterruptedApply(); err != nil {
		return err
	}
	return fn()
}
