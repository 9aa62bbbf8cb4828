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
