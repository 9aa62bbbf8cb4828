package convert_test

import (
	"path/filepath"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/convert"
)

// BenchmarkConvertOut converts all of out/ (both environments with every
// module they call, and the example) from files to formatted Go: one op
// is the whole of out/. typed is what moochat convert does (the bindings'
// Go source read afresh in every op, as in every run of the command),
// untyped is -untyped, and the parse alone is the baseline.
func BenchmarkConvertOut(b *testing.B) {
	roots := []string{"envs/dev", "envs/prod", "examples/static-site"}
	b.Run("load+convert-typed", func(b *testing.B) {
		for b.Loop() {
			bind := convert.DefaultBindings(".")
			if bind == nil {
				b.Fatal("no bindings")
			}
			for _, r := range roots {
				cfg, diags := convert.Load(filepath.Join("..", "..", "out", filepath.FromSlash(r)))
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if _, diags := convert.Convert(cfg, convert.Options{Bindings: bind}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		}
	})
	b.Run("load+convert-untyped", func(b *testing.B) {
		for b.Loop() {
			for _, r := range roots {
				cfg, diags := convert.Load(filepath.Join("..", "..", "out", filepath.FromSlash(r)))
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if _, diags := convert.Convert(cfg, convert.Options{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		}
	})
	b.Run("load-only", func(b *testing.B) {
		for b.Loop() {
			for _, r := range roots {
				if _, diags := convert.Load(filepath.Join("..", "..", "out", filepath.FromSlash(r))); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		}
	})
}
