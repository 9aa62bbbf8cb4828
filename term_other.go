//go:build !linux

package main

import "os"

// isTerminal falls back to a character-device check here.
func isTerminal(fd uintptr) bool {
	st, err := os.NewFile(fd, "").Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
