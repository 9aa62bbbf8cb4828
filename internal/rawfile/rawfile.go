// Package rawfile reads small files with as few system calls as the
// platform allows. On unix, os.Open also tries to register every file
// with the network poller (four fcntl calls and an epoll_ctl that fails):
// for the dozens of small files a gen run reads, most of their cost.
package rawfile

import "os"

// ReadFile is os.ReadFile through ReadInto: a stat for the size, then one
// open and its reads. A file that is not regular, cannot be read this
// way or grew since the stat is read by os.ReadFile, which also gives
// the error.
func ReadFile(path string) ([]byte, error) { return ReadFileInto(path, nil) }

// ReadFileInto is ReadFile reading into *buf, grown when the file does
// not fit, for a caller that keeps nothing of the bytes and reads file
// after file: one buffer serves them all, where each read was fresh
// memory. The bytes returned are *buf's until the next call, or fresh
// when os.ReadFile reads the file. A nil buf is ReadFile's, a buffer of
// the file's size.
func ReadFileInto(path string, buf *[]byte) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return os.ReadFile(path)
	}
	// One byte more than the size: a file that grew fills it.
	n := int(fi.Size()) + 1
	var b []byte
	switch {
	case buf == nil:
		b = make([]byte, n)
	case cap(*buf) < n:
		*buf = make([]byte, max(n, 2*cap(*buf)))
		fallthrough
	default:
		b = (*buf)[:n]
	}
	got, ok := ReadInto(path, b)
	if !ok || got == n {
		return os.ReadFile(path)
	}
	return b[:got], nil
}
