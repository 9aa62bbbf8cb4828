package rawfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFileIsOsReadFile: ReadFile gives what os.ReadFile gives for a
// file, an empty file, a file whose stat size is not its length (as in
// /proc), and the same kind of error for a missing file and a directory.
func TestReadFileIsOsReadFile(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for name, data := range map[string][]byte{"full": bytes.Repeat([]byte("moo\n"), 5000), "empty": nil} {
		paths = append(paths, filepath.Join(dir, name))
		if err := os.WriteFile(paths[len(paths)-1], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths = append(paths, filepath.Join(dir, "missing"), dir)
	if _, err := os.Stat("/proc/self/cmdline"); err == nil {
		paths = append(paths, "/proc/self/cmdline") // stat size 0
	}
	for _, p := range paths {
		got, gotErr := ReadFile(p)
		want, wantErr := os.ReadFile(p)
		if !bytes.Equal(got, want) || (gotErr == nil) != (wantErr == nil) || errors.Is(gotErr, fs.ErrNotExist) != errors.Is(wantErr, fs.ErrNotExist) {
			t.Errorf("ReadFile(%s) = %d bytes, %v; os.ReadFile: %d bytes, %v", p, len(got), gotErr, len(want), wantErr)
		}
	}
}

// TestReadFileIntoReusesItsBuffer: ReadFileInto gives what os.ReadFile
// gives, in the caller's buffer, which grows for a larger file and is
// read into again for a smaller one.
func TestReadFileIntoReusesItsBuffer(t *testing.T) {
	dir := t.TempDir()
	small, large := filepath.Join(dir, "small"), filepath.Join(dir, "large")
	if err := os.WriteFile(small, []byte("moo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, bytes.Repeat([]byte("moo\n"), 5000), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf []byte
	for i, p := range []string{small, large, small} {
		got, err := ReadFileInto(p, &buf)
		want, _ := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("read %d: ReadFileInto(%s) = %d bytes, %v; want %d bytes", i, p, len(got), err, len(want))
		}
		if &got[:1][0] != &buf[:1][0] {
			t.Errorf("read %d: ReadFileInto(%s) did not read into the buffer", i, p)
		}
	}
	if cap(buf) < 20000 {
		t.Errorf("buffer of %d bytes after reading a 20000-byte file", cap(buf))
	}
	if _, err := ReadFileInto(filepath.Join(dir, "missing"), &buf); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFileInto of a missing file: %v, want fs.ErrNotExist", err)
	}
}
