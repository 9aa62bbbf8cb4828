package write

import (
	"path/filepath"
	"testing"
)

// TestJoinIsFilepathJoin checks that join, which skips Join's Clean for
// a clean root and path, makes exactly the path filepath.Join makes, for
// clean and unclean roots and paths alike.
func TestJoinIsFilepathJoin(t *testing.T) {
	roots := []string{"out", "/tmp/gen/out", "a/b", "/", ".", "..", "", "./out", "out/", "out//x", "/a/./b", "a/..", "../out", "//a", "a"}
	rels := []string{"main.tf", "modules/chat/main.tf", "a/b/c", ".", "..", "", "./x", "x/", "x//y", "x/./y", "x/../y", "../x", "/abs", "..x/y", "x/.y", ".manifest"}
	for _, root := range roots {
		for _, rel := range rels {
			if got, want := join(root, rel), filepath.Join(root, filepath.FromSlash(rel)); got != want {
				t.Errorf("join(%q, %q) = %q, want %q", root, rel, got, want)
			}
		}
	}
}
