package write

import (
	"regexp"
	"testing"
)

// TestIsTempName checks isTempName against the pattern it stands for.
func TestIsTempName(t *testing.T) {
	pattern := regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)
	names := []string{
		".main.tf.123.tmp", ".main.tf.1.tmp", ".a.1.tmp", ".a.1.2.tmp", ".a.b.12x.tmp",
		"..1.tmp", "...1.tmp", ".x..1.tmp", ".1.2.tmp", "..tmp", ".a.tmp", ".a..tmp", ".a.1tmp",
		"main.tf.1.tmp", ".main.tf.1.tmp.x", ".main.tf.1.TMP", ".ma\nin.1.tmp", "\n.a.1.tmp",
		".a.1.tmp\n", ".é.1.tmp", ".\xff.1.tmp", "", ".", ".tmp", "a.tmp", ".a.\u0661.tmp",
	}
	for _, name := range names {
		if got, want := isTempName(name), pattern.MatchString(name); got != want {
			t.Errorf("isTempName(%q) = %v, want %v", name, got, want)
		}
	}
}
