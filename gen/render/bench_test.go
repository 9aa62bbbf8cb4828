package render_test

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench/pairs"
)

// libraryRun is the whole library path on the workload of make bench
// (internal/bench/pairs, whose test checks that its output is in fmt form):
// build the model, validate it (against the provider schema too when s is
// not nil, as gen does), render it.
func libraryRun(n int, format render.Format, s *schema.Schemas) []render.File {
	m := pairs.Model("bench", n)
	if ds := tf.Validate(m); ds.HasErrors() {
		panic(ds)
	}
	if s != nil {
		if ds := schema.Validate(s, []*tf.Module{m}, schema.Options{JSON: format == render.JSON}); ds.HasErrors() {
			panic(ds)
		}
	}
	files, ds := render.Module(m, render.Options{Format: format})
	if ds.HasErrors() {
		panic(ds)
	}
	return files
}

// benchRun runs the workload b.N times, each measured by bench.InProcess
// (a collection first, outside the measured CPU time).
func benchRun(b *testing.B, n int, run func()) {
	var peak int64
	var cpu time.Duration
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := bench.InProcess(run)
		cpu += s.CPU
		peak = max(peak, s.Peak)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/resource")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkPairs compares the library (model + validate + render) with
// plain hclwrite + Format on the same workload. The hclwrite baseline stops
// at 10k pairs: at 100k it takes minutes. library-hcl-schema adds the
// provider schema validation gen runs (the schema loaded beforehand, as
// gen has it after its first module). cpu-s/op is user + system time of
// the whole process, collector included; peak-heap-MB the largest live
// heap seen.
func BenchmarkPairs(b *testing.B) {
	s, err := schema.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("library-hcl/n=%d", n), func(b *testing.B) {
			benchRun(b, n, func() { libraryRun(n, render.HCL, nil) })
		})
		b.Run(fmt.Sprintf("library-hcl-schema/n=%d", n), func(b *testing.B) {
			benchRun(b, n, func() { libraryRun(n, render.HCL, s) })
		})
		b.Run(fmt.Sprintf("library-json/n=%d", n), func(b *testing.B) {
			benchRun(b, n, func() { libraryRun(n, render.JSON, nil) })
		})
		// As the commands run it: moochat sets GOGC=400, and gen (internal/batchgc) from its first collection on.
		b.Run(fmt.Sprintf("library-hcl-cli-gc/n=%d", n), func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			benchRun(b, n, func() { libraryRun(n, render.HCL, nil) })
		})
		if n <= 10000 {
			b.Run(fmt.Sprintf("hclwrite-baseline/n=%d", n), func(b *testing.B) {
				benchRun(b, n, func() { pairs.HCLWrite(n) })
			})
		}
	}
}
