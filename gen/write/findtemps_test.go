package write

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFindTempsIsWalkDir checks that findTemps lists the staging files
// below a root as the filepath.WalkDir walk it replaced does: in the
// same order, below the root only, skipping hidden directories and not
// following links.
func TestFindTempsIsWalkDir(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "out")
	for _, f := range []string{
		".main.tf.1.tmp", "main.tf", "b/.x.tf.22.tmp", "b/c/.y.md.3.tmp", "b/c/.y.md.3.tmpx",
		"a/.z.tf.4.tmp", "a/.z.tf.tmp", ".hidden/.w.tf.5.tmp", "d.dir/.v.tf.6.tmp", "a/b/c/d/.u.tf.7.tmp",
	} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "e"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "b", ".q.1.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Links are not followed, nor taken for staging files.
	if err := os.Symlink(filepath.Join(root, "b"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, ".main.tf.1.tmp"), filepath.Join(root, "a", ".l.tf.8.tmp")); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{root, root + "/", filepath.Join(root, "b"), filepath.Join(root, ".main.tf.1.tmp"), filepath.Join(root, "main.tf"), filepath.Join(base, "none"), "."} {
		got, err := findTemps(r)
		want, werr := walkDirTemps(r)
		if (err == nil) != (werr == nil) || !slices.Equal(got, want) {
			t.Errorf("findTemps(%q) = %q, %v; WalkDir finds %q, %v", r, got, err, want, werr)
		}
	}
	if got, _ := findTemps(root); len(got) != 6 {
		t.Errorf("findTemps found %q, want 6 files", got)
	}
}

// walkDirTemps is findTemps as it was, over filepath.WalkDir.
func walkDirTemps(root string) ([]string, error) {
	var temps []string
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() {
			if p != root && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if e.Type().IsRegular() && isTempName(e.Name()) {
			temps = append(temps, p)
		}
		return nil
	})
	return temps, err
}
