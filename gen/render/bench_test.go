package render_test

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// The workload of issue 2: n aws_s3_bucket + aws_s3_bucket_policy pairs,
// each with tags, a reference, and a jsonencode call.

func buildPairs(n int) *tf.Module {
	m := tf.NewModule("bench")
	for i := 0; i < n; i++ {
		id := strconv.Itoa(i)
		b := m.Resource("aws_s3_bucket", "b"+id).
			Set("bucket", tf.String("moochat-bucket-"+id)).
			Set("tags", tf.Obj(
				tf.KV("Name", tf.String("moochat-bucket-"+id)),
				tf.KV("Environment", tf.String("dev")),
				tf.KV("ManagedBy", tf.String("moochat-infra")),
			))
		m.Resource("aws_s3_bucket_policy", "b"+id).
			Set("bucket", b.Attr("id")).
			Set("policy", tf.JSONEncode(tf.Obj(
				tf.KV("Version", tf.String("2012-10-17")),
				tf.KV("Statement", tf.List(tf.Obj(
					tf.KV("Effect", tf.String("Allow")),
					tf.KV("Action", tf.String("s3:GetObject")),
					tf.KV("Principal", tf.String("*")),
					tf.KV("Resource", tf.Tmpl(b.Attr("arn"), "/*")),
				))),
			)))
	}
	return m
}

// libraryRun is the whole library path: build the model, validate it
// (against the provider schema too when s is not nil, as gen does), render
// it.
func libraryRun(n int, format render.Format, s *schema.Schemas) []render.File {
	m := buildPairs(n)
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

// hclwriteRun is the baseline: the same configuration built with plain
// hclwrite into one file, then formatted.
func hclwriteRun(n int) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	for i := 0; i < n; i++ {
		id := strconv.Itoa(i)
		b := body.AppendNewBlock("resource", []string{"aws_s3_bucket", "b" + id}).Body()
		b.SetAttributeValue("bucket", cty.StringVal("moochat-bucket-"+id))
		b.SetAttributeValue("tags", cty.ObjectVal(map[string]cty.Value{
			"Name":        cty.StringVal("moochat-bucket-" + id),
			"Environment": cty.StringVal("dev"),
			"ManagedBy":   cty.StringVal("moochat-infra"),
		}))
		body.AppendNewline()
		p := body.AppendNewBlock("resource", []string{"aws_s3_bucket_policy", "b" + id}).Body()
		p.SetAttributeTraversal("bucket", hcl.Traversal{hcl.TraverseRoot{Name: "aws_s3_bucket"}, hcl.TraverseAttr{Name: "b" + id}, hcl.TraverseAttr{Name: "id"}})
		p.SetAttributeRaw("policy", hclwrite.Tokens{
			{Type: 9, Bytes: []byte(`jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Principal = "*", Resource = "${aws_s3_bucket.b` + id + `.arn}/*" }] })`)},
		})
		body.AppendNewline()
	}
	return hclwrite.Format(f.Bytes())
}

// peakHeap samples the heap while fn runs and returns the largest value
// seen, in bytes.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	<-stopped
	metrics.Read(sample)
	if v := sample[0].Value.Uint64(); v > peak.Load() {
		peak.Store(v)
	}
	return peak.Load()
}

// cpuSeconds is the CPU time (user + system) the process has used so far,
// garbage collection included: steadier than wall time on a loaded machine.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func benchRun(b *testing.B, n int, run func()) {
	var peak uint64
	b.ReportAllocs()
	var cpu float64
	for i := 0; i < b.N; i++ {
		// peakHeap collects first; that collection is not the workload's.
		runtime.GC()
		start := cpuSeconds()
		if p := peakHeap(run); p > peak {
			peak = p
		}
		cpu += cpuSeconds() - start
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/resource")
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
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
		// As the commands run it: gen and moochat set GOGC=400.
		b.Run(fmt.Sprintf("library-hcl-cli-gc/n=%d", n), func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			benchRun(b, n, func() { libraryRun(n, render.HCL, nil) })
		})
		if n <= 10000 {
			b.Run(fmt.Sprintf("hclwrite-baseline/n=%d", n), func(b *testing.B) {
				benchRun(b, n, func() { hclwriteRun(n) })
			})
		}
	}
}

// TestBenchmarkWorkloadIsInFmtForm checks that the benchmarked output is
// what the formatter would produce, so the speed is not bought with
// sloppy output.
func TestBenchmarkWorkloadIsInFmtForm(t *testing.T) {
	for _, f := range libraryRun(50, render.HCL, nil) {
		if f.Name != "main.tf" {
			continue
		}
		if got := hclwrite.Format(f.Data); !bytes.Equal(got, f.Data) {
			t.Fatalf("benchmark output is not in fmt form")
		}
	}
	if len(hclwriteRun(3)) == 0 {
		t.Fatal("baseline rendered nothing")
	}
}
