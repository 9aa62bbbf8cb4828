package blueprints_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
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
		start := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op") }()
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

// cpuTime is the user plus system CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
