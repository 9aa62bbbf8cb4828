package hclfast

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// BenchmarkParseConfig parses the policy fixtures that the -config
// benchmark's configuration is made of (24 KB), with this package and,
// as the baseline in the same run, with hclsyntax.ParseConfig.
func BenchmarkParseConfig(b *testing.B) {
	files := corpus(b)
	var srcs [][]byte
	for _, name := range []string{"../../gen/policy/testdata/plans/storage/main.tf", "../../gen/policy/testdata/plans/service/main.tf"} {
		srcs = append(srcs, files[name])
	}
	size := int64(0)
	for _, s := range srcs {
		size += int64(len(s))
	}
	b.Run("hclfast", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range srcs {
				if _, d := ParseConfig(s, "x.tf"); d.HasErrors() {
					b.Fatal(d)
				}
			}
		}
	})
	b.Run("hclsyntax", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range srcs {
				if _, d := hclsyntax.ParseConfig(s, "x.tf", hcl.InitialPos); d.HasErrors() {
					b.Fatal(d)
				}
			}
		}
	})
}
