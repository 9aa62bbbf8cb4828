package render

import (
	"strconv"
	"testing"
)

// TestKeyCacheIsNamedKey: the key cache gives what namedKey gives, for
// bare and quoted names, keywords and the empty name, met in turn and
// again, more of them than it has slots (so that they share slots), and
// for equal names whose bytes sit in different places.
func TestKeyCacheIsNamedKey(t *testing.T) {
	names := []string{"", "Name", "true", "for", "a b", "9x", "é", `q"`, "tags", "Environment"}
	for i := range 300 {
		names = append(names, "k"+strconv.Itoa(i), strconv.Itoa(i)+" key")
	}
	var c keyCache
	for round := range 3 {
		for _, name := range names {
			if round == 2 {
				name = string([]byte(name)) // the same text elsewhere
			}
			key, cols := c.named(name)
			wantKey, wantCols := namedKey(name)
			if key != wantKey || cols != wantCols {
				t.Fatalf("round %d: named(%q) = %q, %d; want %q, %d", round, name, key, cols, wantKey, wantCols)
			}
		}
	}
}
