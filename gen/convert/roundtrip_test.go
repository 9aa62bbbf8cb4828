package convert_test

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoundTripPlatform converts every root under out/ (and so every
// module they call), renders the Go back and plans both environments
// offline: the converted configuration must plan exactly as the original.
func TestRoundTripPlatform(t *testing.T) {
	if testing.Short() {
		t.Skip("plans with terraform; skipped with -short")
	}
	t.Parallel()
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

// corpus lists the public configurations under testdata/corpus (origin
// and edits in each repository's ORIGIN.md), each a root module that calls
// its repository's module by relative path.
var corpus = []string{
	"terraform-aws-vpc/examples/network-acls",
	"terraform-aws-vpc/examples/separate-route-tables",
	"terraform-aws-vpc/examples/ipv6-dualstack",
	"terraform-aws-vpc/examples/ipv6-only",
	"terraform-aws-vpc/examples/secondary-cidr-blocks",
	// Not public: the construct sampler, planned the same way.
	"constructs/root",
}

// TestRoundTripCorpus converts public Terraform nobody here wrote, renders
// it back and plans both offline: the same resource changes (addresses,
// actions, planned values) and outputs.
func TestRoundTripCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("plans with terraform; skipped with -short")
	}
	t.Parallel()
	for _, root := range corpus {
		t.Run(root, func(t *testing.T) {
			t.Parallel()
			from := filepath.Join("testdata", "corpus", filepath.FromSlash(root))
			if strings.HasPrefix(root, "constructs") {
				from = filepath.Join("testdata", filepath.FromSlash(root))
			}
			rendered, cfg, res := roundTrip(t, from)
			for _, w := range res.Warnings {
				t.Logf("warning: %s", w)
			}
			rel, err := filepath.Rel(cfg.Base, cfg.Root.AbsDir)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s", measureCloseness(t, cfg, rendered))
			orig := t.TempDir()
			copyTree(t, cfg.Base, orig)
			want := plan(t, filepath.Join(orig, rel))
			got := plan(t, filepath.Join(rendered, rel))
			n := samePlan(t, want, got)
			if n < 20 && !strings.HasPrefix(root, "constructs") {
				t.Errorf("only %d resource changes; the corpus wants 20 or more", n)
			}
			t.Logf("%d resource changes and %d output changes identical", n, len(want.OutputChanges))
		})
	}
}
