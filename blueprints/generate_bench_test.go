package blueprints_test

import (
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

// BenchmarkGenerate is `go run ./gen`'s work in process: every blueprint
// built, validated (with the schema loaded afresh from the embedded
// snapshot each time, as a new process does), policy-checked, rendered
// and written into a temporary out/ (generate), beside its floor, loading
// the schema alone (schema-load). cpu-ms/op is the process's CPU time
// (user + system, every goroutine and the collector included) per run:
// the work spreads over the cores, so wall time alone hides it.
func BenchmarkGenerate(b *testing.B) {
	b.Run("generate", func(b *testing.B) {
		out := b.TempDir()
		b.ReportAllocs()
		start := bench.SelfCPU()
		defer func() { b.ReportMetric(float64(bench.SelfCPU()-start)/float64(b.N)/1e6, "cpu-ms/op") }()
		for range b.N {
			opts, err := blueprints.Options(out, render.HCL, "go run ./gen")
			if err != nil {
				b.Fatal(err)
			}
			s, err := schema.LoadDefault()
			if err != nil {
				b.Fatal(err)
			}
			opts.Validators[0] = schema.Validator(s, schema.Options{})
			if _, err := generate.Run(opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("schema-load", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := schema.LoadDefault(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
