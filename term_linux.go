package main

import "golang.org/x/sys/unix"

// isTerminal reports whether fd is a terminal: /dev/null is a character
// device too, and must not get a prompt.
func isTerminal(fd uintptr) bool {
	_, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
	return err == nil
}
