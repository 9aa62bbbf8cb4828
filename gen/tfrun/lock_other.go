//go:build !unix

package tfrun

import (
	"errors"
	"os"
)

// tryLock has no flock to use here: the runner's lock is unsupported and
// every verb says so rather than running unlocked.
func tryLock(f *os.File) (bool, error) {
	return false, errors.New("per-environment locking needs a unix system")
}

func unlock(f *os.File) {}
