//go:build unix

package tfrun

import "golang.org/x/sys/unix"

// freeBytes is the space left to an unprivileged writer on dir's disk.
func freeBytes(dir string) (uint64, bool) {
	var st unix.Statfs_t
	if unix.Statfs(dir, &st) != nil {
		return 0, false
	}
	return st.Bavail * uint64(st.Bsize), true
}
