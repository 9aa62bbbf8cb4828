package write_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

type manifestFile struct {
	Comment string            `json:"comment"`
	Files   map[string]string `json:"files"`
}

func readManifest(t *testing.T, root string) manifestFile {
	t.Helper()
	var m manifestFile
	if err := json.Unmarshal([]byte(read(t, filepath.Join(root, write.ManifestName))), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestManifestRecordsXXH64: each file's sum is "xxh64:" and 16 hex digits
// of XXH64 (of the empty file, the reference value ef46db3751d8e999), and
// equal contents have equal sums.
func TestManifestRecordsXXH64(t *testing.T) {
	root := t.TempDir()
	empty := write.File{Path: "m/empty.tf", Data: nil}
	files := []write.File{gen("m/a.tf", "a"), gen("m/b.tf", "a"), gen("m/c.tf", "c")}
	if _, err := write.Tree(root, files); err != nil {
		t.Fatal(err)
	}
	m := readManifest(t, root)
	form := regexp.MustCompile(`^xxh64:[0-9a-f]{16}$`)
	for _, f := range files {
		if !form.MatchString(m.Files[f.Path]) {
			t.Errorf("%s recorded as %q", f.Path, m.Files[f.Path])
		}
	}
	if m.Files["m/a.tf"] != m.Files["m/b.tf"] || m.Files["m/a.tf"] == m.Files["m/c.tf"] {
		t.Errorf("sums %v: a and b hold the same bytes, c others", m.Files)
	}
	// The marker check refuses an empty file, so the reference value is
	// read through a manifest written by hand: an owned empty file that
	// is no longer made and matches is removed.
	os.WriteFile(filepath.Join(root, empty.Path), nil, 0o644)
	m.Files[empty.Path] = "xxh64:ef46db3751d8e999"
	writeManifest(t, root, m)
	res, err := write.Tree(root, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Removed) != 1 || res.Removed[0] != empty.Path {
		t.Errorf("removed %v, want the empty file recorded by its XXH64", res.Removed)
	}
}

func writeManifest(t *testing.T, root string, m manifestFile) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, write.ManifestName), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestManifestOfSHA256StillTellsEditedFiles: a manifest written by an
// earlier version records SHA-256. Its files are still told apart: an
// untouched file no longer made is removed, an edited one kept; files
// still made and unchanged are not rewritten, and the manifest takes the
// new form.
func TestManifestOfSHA256StillTellsEditedFiles(t *testing.T) {
	root := t.TempDir()
	old := []write.File{gen("m/keep.tf", "k"), gen("m/gone.tf", "g"), gen("m/edited.tf", "e")}
	for _, f := range old {
		os.MkdirAll(filepath.Join(root, "m"), 0o755)
		if err := os.WriteFile(filepath.Join(root, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := manifestFile{Comment: "earlier version", Files: map[string]string{}}
	for _, f := range old {
		s := sha256.Sum256(f.Data)
		m.Files[f.Path] = hex.EncodeToString(s[:])
	}
	writeManifest(t, root, m)
	os.WriteFile(filepath.Join(root, "m/edited.tf"), []byte("# "+write.Marker+"test; DO NOT EDIT.\nchanged by hand"), 0o644)

	res, err := write.Tree(root, old[:1])
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 1 || len(res.Written) != 0 {
		t.Errorf("written %v, unchanged %d; want none and 1", res.Written, res.Unchanged)
	}
	if len(res.Removed) != 1 || res.Removed[0] != "m/gone.tf" {
		t.Errorf("removed %v, want m/gone.tf", res.Removed)
	}
	if len(res.Kept) != 1 || res.Kept[0] != "m/edited.tf" {
		t.Errorf("kept %v, want m/edited.tf", res.Kept)
	}
	got := readManifest(t, root)
	if !regexp.MustCompile(`^xxh64:`).MatchString(got.Files["m/keep.tf"]) {
		t.Errorf("m/keep.tf recorded as %q after the write, want the xxh64 form", got.Files["m/keep.tf"])
	}
	if got.Files["m/edited.tf"] != m.Files["m/edited.tf"] {
		t.Errorf("the kept file's record changed: %q", got.Files["m/edited.tf"])
	}
}
