package render

import (
	"strconv"
	"strings"
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

// TestKeyCacheTellsPrefixesApart: names that start at the same address
// but differ in length (prefixes of one string) are different names, also
// when they fall in the same slot (lengths 64 apart), bare or quoted.
func TestKeyCacheTellsPrefixesApart(t *testing.T) {
	for _, s := range []string{strings.Repeat("a", 300), strings.Repeat("a b", 100), "9" + strings.Repeat("x", 299)} {
		var c keyCache
		for round := range 2 {
			for _, n := range []int{1, 65, 129, 193, 2, 66, 0, 64, 128} {
				name := s[:n]
				key, cols := c.named(name)
				wantKey, wantCols := namedKey(name)
				if key != wantKey || cols != wantCols {
					t.Fatalf("round %d: named(%q) = %q, %d; want %q, %d", round, name, key, cols, wantKey, wantCols)
				}
			}
		}
	}
}
