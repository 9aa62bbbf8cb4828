package write_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

func gen(path, body string) write.File {
	return write.File{Path: path, Data: []byte("# " + write.Marker + "test; DO NOT EDIT.\n" + body)}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTreeReplacesRemovesAndKeeps(t *testing.T) {
	root := t.TempDir()
	if _, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a1"), gen("modules/b/main.tf", "b1"), gen("envs/dev/main.tf", "d1")}); err != nil {
		t.Fatal(err)
	}
	// Files the generator did not write: a lock file, state, a note.
	for _, p := range []string{"envs/dev/.terraform.lock.hcl", "envs/dev/terraform.tfstate", "modules/b/NOTES.md"} {
		os.WriteFile(filepath.Join(root, p), []byte("hand-written"), 0o644)
	}
	os.MkdirAll(filepath.Join(root, "envs/dev/.terraform"), 0o755)
	os.WriteFile(filepath.Join(root, "envs/dev/.terraform/x.tf"), []byte("# "+write.Marker+"x"), 0o644)

	res, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a2"), gen("envs/dev/main.tf", "d1")})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(root, "modules/a/main.tf")); !strings.HasSuffix(got, "a2") {
		t.Errorf("modules/a/main.tf not replaced: %q", got)
	}
	if len(res.Written) != 1 || res.Unchanged != 1 {
		t.Errorf("written %v unchanged %d, want 1 and 1", res.Written, res.Unchanged)
	}
	if _, err := os.Stat(filepath.Join(root, "modules/b/main.tf")); !os.IsNotExist(err) {
		t.Errorf("stale generated file modules/b/main.tf was kept")
	}
	if len(res.Removed) != 1 || res.Removed[0] != "modules/b/main.tf" {
		t.Errorf("removed %v", res.Removed)
	}
	for _, p := range []string{"envs/dev/.terraform.lock.hcl", "envs/dev/terraform.tfstate", "modules/b/NOTES.md", "envs/dev/.terraform/x.tf"} {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			t.Errorf("%s was touched: %v", p, err)
		}
	}
}

func TestTreeRemovesEmptiedDirectories(t *testing.T) {
	root := t.TempDir()
	write.Tree(root, []write.File{gen("modules/gone/main.tf", "x"), gen("modules/kept/main.tf", "y")})
	if _, err := write.Tree(root, []write.File{gen("modules/kept/main.tf", "y")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "modules/gone")); !os.IsNotExist(err) {
		t.Errorf("emptied directory modules/gone is still there")
	}
}

func TestTreeRefusesToOverwriteHandWrittenFiles(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "m"), 0o755)
	os.WriteFile(filepath.Join(root, "m/main.tf"), []byte("# mine\n"), 0o644)
	_, err := write.Tree(root, []write.File{gen("m/other.tf", "x"), gen("m/main.tf", "y")})
	if err == nil || !strings.Contains(err.Error(), "was not generated") {
		t.Fatalf("want a refusal, got %v", err)
	}
	if got := read(t, filepath.Join(root, "m/main.tf")); got != "# mine\n" {
		t.Errorf("hand-written file changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(root, "m/other.tf")); !os.IsNotExist(err) {
		t.Errorf("a file was written although the run failed")
	}
}

func TestTreeRejectsBadInputBeforeWriting(t *testing.T) {
	root := t.TempDir()
	cases := map[string][]write.File{
		"no marker":      {gen("a/ok.tf", "x"), {Path: "a/plain.tf", Data: []byte("x")}},
		"outside root":   {gen("a/ok.tf", "x"), gen("../escape.tf", "x")},
		"produced twice": {gen("a/ok.tf", "x"), gen("a/ok.tf", "y")},
	}
	for name, files := range cases {
		if _, err := write.Tree(root, files); err == nil {
			t.Errorf("%s: no error", name)
		}
		if entries, _ := os.ReadDir(root); len(entries) != 0 {
			t.Errorf("%s: wrote %d entries", name, len(entries))
		}
	}
}

func TestTreeLeavesNoTemporaryFiles(t *testing.T) {
	root := t.TempDir()
	write.Tree(root, []write.File{gen("a/x.tf", "1"), gen("a/y.tf", "2")})
	entries, _ := os.ReadDir(filepath.Join(root, "a"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	if len(entries) != 2 {
		t.Errorf("want 2 files, got %d", len(entries))
	}
}

// TestTreeRewritesEditedFiles: a generated file edited by hand is written
// again, whether the edit kept its size or not, and an untouched one is
// counted unchanged.
func TestTreeRewritesEditedFiles(t *testing.T) {
	root := t.TempDir()
	files := []write.File{gen("m/a.tf", "aaaa"), gen("m/b.tf", "bbbb"), gen("m/c.tf", "cccc"), gen("m/empty.tf", "")}
	if _, err := write.Tree(root, files); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(root, "m/a.tf"), filepath.Join(root, "m/b.tf")
	os.WriteFile(a, []byte(strings.Replace(read(t, a), "aaaa", "AAAA", 1)), 0o644)
	os.WriteFile(b, []byte(read(t, b)+"more"), 0o644)
	res, err := write.Tree(root, files)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Written, " ") != "m/a.tf m/b.tf" || res.Unchanged != 2 {
		t.Errorf("written %v, unchanged %d; want m/a.tf m/b.tf and 2", res.Written, res.Unchanged)
	}
	for _, f := range files {
		if got := read(t, filepath.Join(root, f.Path)); got != string(f.Data) {
			t.Errorf("%s holds %q, want %q", f.Path, got, f.Data)
		}
	}
}
