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
func ReadFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return os.ReadFile(path)
	}
	// One byte more than the size: a file that grew fills it.
	buf := make([]byte, fi.Size()+1)
	n, ok := ReadInto(path, buf)
	if !ok || n == len(buf) {
		return os.ReadFile(path)
	}
	return buf[:n], nil
}
