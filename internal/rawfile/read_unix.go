//go:build unix

package rawfile

import "syscall"

// ReadInto reads the file at path into buf until buf is full or the file
// ends, and returns how much it read; ok is false when the file cannot be
// opened or read. It uses the system calls directly: os.Open would also
// try to register the file with the network poller, five more system
// calls for every file, which is most of the cost of comparing a tree
// that has not changed.
func ReadInto(path string, buf []byte) (n int, ok bool) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return 0, false
	}
	defer syscall.Close(fd)
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return n, false
		case m == 0:
			return n, true
		}
		n += m
	}
	return n, true
}
