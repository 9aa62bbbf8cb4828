package convert_test

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"testing"
)

// TestRoundTripPlatform converts every root under out/ (and so every
// module they call), renders the Go back and plans both environments
// offline: the converted configuration must plan exactly as the original.
func TestRoundTripPlatform(t *testing.T) {
	if testing.Short() {
		t.Skip("plans with terraform; skipped with -short")
	}
	out := filepath.Join("..", "..", "out")
	token := make([]byte, 16)
	rand.Read(token)
	vars := []string{"-var", "aws_skip_checks=true", "-var", "redis_auth_token=" + hex.EncodeToString(token)}
	for _, root := range []string{"envs/dev", "envs/prod", "examples/static-site"} {
		t.Run(root, func(t *testing.T) {
			t.Parallel()
			rendered, cfg, res := roundTrip(t, filepath.Join(out, filepath.FromSlash(root)))
			if len(res.Warnings) > 0 {
				for _, w := range res.Warnings {
					if w.Range.Start.Line > 0 {
						t.Errorf("unexpected warning: %s", w)
					}
				}
			}
			t.Logf("%s: %s", root, measureCloseness(t, cfg, rendered))
			if root == "examples/static-site" {
				return
			}
			orig := t.TempDir()
			copyTree(t, cfg.Base, orig)
			want := plan(t, filepath.Join(orig, filepath.FromSlash(root)), vars...)
			got := plan(t, filepath.Join(rendered, filepath.FromSlash(root)), vars...)
			n := samePlan(t, want, got)
			if n < 100 {
				t.Errorf("only %d resource changes: the plan is not the platform's", n)
			}
			t.Logf("%s: %d resource changes and %d output changes identical", root, n, len(want.OutputChanges))
		})
	}
}
