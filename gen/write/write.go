// Package write puts rendered module directories on disk under an output
// root, all or nothing: every new file is staged first and only then
// renamed into place; generated files that are no longer produced are
// removed; files the generator did not write (lock files, state, anything
// hand-written) are never touched.
package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
)

// Marker is the text every generated file carries near its start; only
// files holding it are ever replaced or removed.
const Marker = render.GeneratedMarker

// File is one file to write, at a slash-separated path below the root.
type File struct {
	Path string
	Data []byte
}

// Result says what changed.
type Result struct {
	Written   []string
	Unchanged int
	Removed   []string
}

// skipDirs are never walked: terraform's working data and the runner's.
var skipDirs = map[string]bool{".terraform": true, ".moochat": true}

// IsGenerated reports whether the file at path carries the marker in its
// first 512 bytes.
func IsGenerated(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := f.Read(buf)
	return bytes.Contains(buf[:n], []byte(Marker))
}

// Tree writes files below root. Every file's data must carry Marker.
// When scope is non-empty, stale generated files are looked for only in
// those subdirectories of root (for example "modules" and "envs");
// otherwise in all of root.
func Tree(root string, files []File, scope ...string) (Result, error) {
	var res Result
	want := map[string]bool{}
	for _, f := range files {
		clean := filepath.ToSlash(filepath.Clean(f.Path))
		if strings.HasPrefix(clean, "../") || filepath.IsAbs(f.Path) {
			return res, fmt.Errorf("write: %s is outside the output root", f.Path)
		}
		if !bytes.Contains(f.Data[:min(len(f.Data), 512)], []byte(Marker)) {
			return res, fmt.Errorf("write: %s does not carry the generated-file marker", f.Path)
		}
		if want[clean] {
			return res, fmt.Errorf("write: %s is produced twice", f.Path)
		}
		want[clean] = true
	}

	// A file in the way that the generator did not write is an error, not
	// something to overwrite.
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if st, err := os.Stat(p); err == nil {
			if st.IsDir() {
				return res, fmt.Errorf("write: %s is a directory", p)
			}
			if !IsGenerated(p) {
				return res, fmt.Errorf("write: %s exists and was not generated; move it away or delete it", p)
			}
		}
	}

	// Stage every changed file next to its destination.
	type staged struct{ tmp, dst string }
	var stage []staged
	cleanup := func() {
		for _, s := range stage {
			os.Remove(s.tmp)
		}
	}
	for _, f := range files {
		dst := filepath.Join(root, filepath.FromSlash(f.Path))
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, f.Data) {
			res.Unchanged++
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			cleanup()
			return Result{}, fmt.Errorf("write: %w", err)
		}
		tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
		if err != nil {
			cleanup()
			return Result{}, fmt.Errorf("write: %w", err)
		}
		stage = append(stage, staged{tmp: tmp.Name(), dst: dst})
		_, werr := tmp.Write(f.Data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
			cleanup()
			return Result{}, fmt.Errorf("write: %s: %w", dst, err)
		}
	}

	// Find stale generated files before anything moves.
	var stale []string
	dirs := []string{root}
	if len(scope) > 0 {
		dirs = dirs[:0]
		for _, s := range scope {
			dirs = append(dirs, filepath.Join(root, s))
		}
	}
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if e.IsDir() {
				if skipDirs[e.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if want[rel] || strings.HasSuffix(rel, ".tmp") {
				return nil
			}
			if IsGenerated(p) {
				stale = append(stale, p)
			}
			return nil
		})
		if err != nil {
			cleanup()
			return Result{}, fmt.Errorf("write: %w", err)
		}
	}

	for _, s := range stage {
		if err := os.Rename(s.tmp, s.dst); err != nil {
			cleanup()
			return res, fmt.Errorf("write: %w", err)
		}
		rel, _ := filepath.Rel(root, s.dst)
		res.Written = append(res.Written, filepath.ToSlash(rel))
	}
	sort.Strings(stale)
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return res, fmt.Errorf("write: %w", err)
		}
		rel, _ := filepath.Rel(root, p)
		res.Removed = append(res.Removed, filepath.ToSlash(rel))
		removeEmptyDirs(filepath.Dir(p), root)
	}
	return res, nil
}

// removeEmptyDirs removes dir and its parents up to (not including) root
// while they are empty.
func removeEmptyDirs(dir, root string) {
	root = filepath.Clean(root)
	for dir = filepath.Clean(dir); dir != root && strings.HasPrefix(dir, root); dir = filepath.Dir(dir) {
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) > 0 {
			return
		}
		if os.Remove(dir) != nil {
			return
		}
	}
}
