package policy

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkCheckWithConfig measures the check with configuration
// resolution (Options.ConfigDir) against the check without it, in the same
// run, on the replicated plans of BenchmarkCheckVsDecode (1k, 10k, 100k
// changes) and a configuration that calls the storage and service
// fixtures with count, as that plan says. Target: a ratio of at most 1.2,
// linear. CPU time (user+system, GC included) is reported too: on a
// shared machine it is steadier than wall time. Run it alone:
// go test ./gen/policy -run '^$' -bench CheckWithConfig -benchtime 1x
func BenchmarkCheckWithConfig(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "plan.json")
			_, changes := writeBigPlan(b, path, n)
			cfg := benchConfig(b, dir, changes)
			var plainT, resolvedT, plainCPU, resolvedCPU time.Duration
			var plainPeak, resolvedPeak uint64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, cpu, peak := measure(func() {
					if _, err := CheckFile(path, Options{}); err != nil {
						b.Fatal(err)
					}
				})
				plainT += d
				plainCPU += cpu
				plainPeak = max(plainPeak, peak)
				d, cpu, peak = measure(func() {
					if _, err := CheckFile(path, Options{ConfigDir: cfg}); err != nil {
						b.Fatal(err)
					}
				})
				resolvedT += d
				resolvedCPU += cpu
				resolvedPeak = max(resolvedPeak, peak)
			}
			b.StopTimer()
			nb := float64(b.N)
			b.ReportMetric(plainT.Seconds()/nb, "check-s")
			b.ReportMetric(resolvedT.Seconds()/nb, "check-config-s")
			b.ReportMetric(float64(resolvedT)/float64(plainT), "time-ratio")
			b.ReportMetric(plainCPU.Seconds()/nb, "check-cpu-s")
			b.ReportMetric(resolvedCPU.Seconds()/nb, "check-config-cpu-s")
			b.ReportMetric(float64(resolvedCPU)/float64(plainCPU), "cpu-ratio")
			b.ReportMetric(float64(plainPeak)/(1<<20), "check-peak-MB")
			b.ReportMetric(float64(resolvedPeak)/(1<<20), "check-config-peak-MB")
		})
	}
}

// benchConfig writes the configuration of writeBigPlan's plan: the
// storage and service fixtures as modules called with count.
func benchConfig(tb testing.TB, dir string, changes int) string {
	tb.Helper()
	cfg := filepath.Join(dir, "config")
	for _, name := range []string{"storage", "service"} {
		src := filepath.Join("testdata", "plans", name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(cfg, name, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(cfg, name, rel), b, 0o644)
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	// More instances than the plan has do no harm: only planned ones are
	// resolved.
	copies := changes + 1
	main := fmt.Sprintf("module \"storage\" {\n  source = \"./storage\"\n  count  = %d\n}\n\nmodule \"service\" {\n  source = \"./service\"\n  count  = %d\n}\n", copies, copies)
	if err := os.WriteFile(filepath.Join(cfg, "main.tf"), []byte(main), 0o644); err != nil {
		tb.Fatal(err)
	}
	return cfg
}
