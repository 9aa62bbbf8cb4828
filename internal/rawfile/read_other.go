//go:build !unix

package rawfile

import (
	"io"
	"os"
)

// ReadInto reads the file at path into buf until buf is full or the file
// ends, and returns how much it read; ok is false when the file cannot be
// opened or read.
func ReadInto(path string, buf []byte) (n int, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	n, err = io.ReadFull(f, buf)
	return n, err == nil || err == io.EOF || err == io.ErrUnexpectedEOF
}
