package write_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

// TestPrepareChangesNothingAndWriteIsTree: Prepare only reads (a file to
// replace, one to remove and a killed run's temporary file are all still
// there after it); Write then does what Tree would have done.
func TestPrepareChangesNothingAndWriteIsTree(t *testing.T) {
	root := t.TempDir()
	if _, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a1"), gen("modules/b/main.tf", "b1")}); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(root, "modules/a/.main.tf.123456.tmp")
	os.WriteFile(stray, []byte("half"), 0o644)

	p := write.Prepare(root, []write.File{gen("modules/a/main.tf", "a2"), gen("modules/c/main.tf", "c1")})
	if got := read(t, filepath.Join(root, "modules/a/main.tf")); !strings.HasSuffix(got, "a1") {
		t.Errorf("Prepare replaced modules/a/main.tf: %q", got)
	}
	for _, f := range []string{"modules/b/main.tf", stray} {
		if _, err := os.Stat(filepath.Join(root, strings.TrimPrefix(f, root))); err != nil {
			t.Errorf("Prepare removed %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "modules/c")); !os.IsNotExist(err) {
		t.Errorf("Prepare wrote modules/c")
	}

	res, err := p.Write()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Written, []string{"modules/a/main.tf", "modules/c/main.tf"}) || !slices.Equal(res.Removed, []string{"modules/b/main.tf"}) || res.TempRemoved != 1 {
		t.Errorf("wrote %v, removed %v, %d temporary files; want a and c, b, 1", res.Written, res.Removed, res.TempRemoved)
	}
	if got := read(t, filepath.Join(root, "modules/a/main.tf")); !strings.HasSuffix(got, "a2") {
		t.Errorf("modules/a/main.tf not replaced: %q", got)
	}
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Error("the stray temporary file survived")
	}
	again, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a2"), gen("modules/c/main.tf", "c1")})
	if err != nil || len(again.Written) != 0 || again.Unchanged != 2 {
		t.Errorf("a Tree after Write found %v written, %d unchanged (%v); want the tree as written", again.Written, again.Unchanged, err)
	}
}

// TestWriteMeetsAJournalThatTurnedUpAfterPrepare: an interrupted write's
// journal that appears between Prepare and Write is dealt with first, as
// Tree deals with it (here it is not one this generator wrote, which Tree
// refuses), and what Prepare read is not trusted.
func TestWriteMeetsAJournalThatTurnedUpAfterPrepare(t *testing.T) {
	root := t.TempDir()
	if _, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a1")}); err != nil {
		t.Fatal(err)
	}
	p := write.Prepare(root, []write.File{gen("modules/a/main.tf", "a2")})
	os.WriteFile(filepath.Join(root, write.JournalName), []byte("not a journal"), 0o644)
	if _, err := p.Write(); err == nil || !strings.Contains(err.Error(), "is not a journal") {
		t.Errorf("Write gave %v, want Tree's refusal of the journal", err)
	}
	if got := read(t, filepath.Join(root, "modules/a/main.tf")); !strings.HasSuffix(got, "a1") {
		t.Errorf("modules/a/main.tf was written past the journal: %q", got)
	}
}
