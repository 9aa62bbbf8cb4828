package policy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

// BenchmarkCheckVsDecode measures, on plans of 1k, 10k and 100k resource
// changes, the whole check with the full rule pack against decoding the
// same file into tfjson.Plan with encoding/json, in the same run. It
// reports both times, both peak heaps, and the ratios (the target is a
// time ratio of at most 0.4 and a memory ratio of at most 0.5). CPU time
// (user+system, GC included) is reported too: on a shared machine it is
// steadier than wall time. Run it
// alone: go test ./gen/policy -run '^$' -bench CheckVsDecode -benchtime 1x
func BenchmarkCheckVsDecode(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "plan.json")
			size, changes := writeBigPlan(b, path, n)
			var checkT, decodeT, checkCPU, decodeCPU time.Duration
			var checkPeak, decodePeak uint64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, cpu, peak := measure(func() {
					f, err := os.Open(path)
					if err != nil {
						b.Fatal(err)
					}
					defer f.Close()
					var p tfjson.Plan
					if err := json.NewDecoder(f).Decode(&p); err != nil {
						b.Fatal(err)
					}
					if len(p.ResourceChanges) != changes {
						b.Fatalf("decoded %d changes", len(p.ResourceChanges))
					}
				})
				decodeT += d
				decodeCPU += cpu
				decodePeak = max(decodePeak, peak)
				d, cpu, peak = measure(func() {
					rep, err := CheckFile(path, Options{})
					if err != nil {
						b.Fatal(err)
					}
					if !rep.Failed() {
						b.Fatal("the replicated plan should fail")
					}
				})
				checkT += d
				checkCPU += cpu
				checkPeak = max(checkPeak, peak)
			}
			b.StopTimer()
			nb := float64(b.N)
			b.ReportMetric(float64(size)/(1<<20), "file-MB")
			b.ReportMetric(checkT.Seconds()/nb, "check-s")
			b.ReportMetric(decodeT.Seconds()/nb, "decode-s")
			b.ReportMetric(float64(checkPeak)/(1<<20), "check-peak-MB")
			b.ReportMetric(float64(decodePeak)/(1<<20), "decode-peak-MB")
			b.ReportMetric(float64(checkT)/float64(decodeT), "time-ratio")
			b.ReportMetric(checkCPU.Seconds()/nb, "check-cpu-s")
			b.ReportMetric(decodeCPU.Seconds()/nb, "decode-cpu-s")
			b.ReportMetric(float64(checkCPU)/float64(decodeCPU), "cpu-ratio")
			b.ReportMetric(float64(checkPeak)/float64(decodePeak), "mem-ratio")
		})
	}
}

// measure runs f after a GC and returns its wall time, the process's CPU
// time meanwhile and the peak heap (bench.InProcess).
func measure(f func()) (time.Duration, time.Duration, uint64) {
	s := bench.InProcess(f)
	return s.Wall, s.CPU, uint64(s.Peak)
}

// writeBigPlan writes a plan JSON of n resource changes made by replicating
// the fixture plans' entries into instances of a module call with count
// (module.bench[i]), with planned_values and configuration to match, as
// terraform would print it. It returns the file size and the number of
// changes.
func writeBigPlan(tb testing.TB, path string, n int) (int64, int) {
	tb.Helper()
	type src struct {
		changes []map[string]any
		values  []map[string]any
	}
	var srcs []src
	root := map[string]any{"module_calls": map[string]any{}}
	calls := root["module_calls"].(map[string]any)
	per := 0
	for _, name := range []string{"storage", "service"} {
		b, err := os.ReadFile(planPath(name))
		if err != nil {
			tb.Fatal(err)
		}
		var p struct {
			PlannedValues struct {
				RootModule struct {
					Resources    []map[string]any `json:"resources"`
					ChildModules []struct {
						Resources []map[string]any `json:"resources"`
					} `json:"child_modules"`
				} `json:"root_module"`
			} `json:"planned_values"`
			ResourceChanges []map[string]any `json:"resource_changes"`
			Configuration   struct {
				RootModule map[string]any `json:"root_module"`
			} `json:"configuration"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			tb.Fatal(err)
		}
		vals := p.PlannedValues.RootModule.Resources
		for _, c := range p.PlannedValues.RootModule.ChildModules {
			vals = append(vals, c.Resources...)
		}
		srcs = append(srcs, src{p.ResourceChanges, vals})
		per += len(p.ResourceChanges)
		calls[name] = map[string]any{"source": "./" + name, "count_expression": map[string]any{"constant_value": 1}, "module": p.Configuration.RootModule}
	}
	copies := (n + per - 1) / per
	for _, c := range calls {
		c.(map[string]any)["count_expression"] = map[string]any{"constant_value": copies}
	}
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	// Each copy names its resources apart, as module instances do (bucket
	// names are global): "moochat-policy-" becomes "moochat-policy-<i>-".
	copyNo := 0
	enc := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(bytes.ReplaceAll(b, []byte("moochat-policy-"), []byte(fmt.Sprintf("moochat-policy-%d-", copyNo))))
	}
	names := []string{"storage", "service"}
	// rewrite returns a copy of m with its addresses moved into module
	// instance mod.
	rewrite := func(m map[string]any, mod string) map[string]any {
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[k] = v
		}
		out["address"] = mod + "." + m["address"].(string)
		if ma, ok := m["module_address"].(string); ok {
			out["module_address"] = mod + "." + ma
		} else if _, ok := m["change"]; ok {
			out["module_address"] = mod
		}
		return out
	}
	w.WriteString(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"child_modules":[`)
	written := 0
	for i := 0; i < copies; i++ {
		copyNo = i
		for j, s := range srcs {
			mod := fmt.Sprintf("module.%s[%d]", names[j], i)
			if i > 0 || j > 0 {
				w.WriteByte(',')
			}
			w.WriteString(`{"address":"` + mod + `","resources":[`)
			for k, v := range s.values {
				if k > 0 {
					w.WriteByte(',')
				}
				enc(rewrite(v, mod))
			}
			w.WriteString(`]}`)
		}
	}
	w.WriteString(`]}},"resource_changes":[`)
	for i := 0; i < copies && written < n; i++ {
		copyNo = i
		for j, s := range srcs {
			mod := fmt.Sprintf("module.%s[%d]", names[j], i)
			for _, c := range s.changes {
				if written == n {
					break
				}
				if written > 0 {
					w.WriteByte(',')
				}
				enc(rewrite(c, mod))
				written++
			}
		}
	}
	w.WriteString(`],"configuration":{"root_module":`)
	b, err := json.Marshal(root)
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(b)
	w.WriteString(`},"timestamp":"2026-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}`)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size(), written
}

// TestBigPlanLinks checks on a replicated plan that links resolve per
// module instance (each copy's bucket finds its own public access block).
func TestBigPlanLinks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	writeBigPlan(t, path, 200)
	rep, err := CheckFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if f.Rule == "aws-s3-public-access-block" && (stripKeys(f.Address) == "module.storage.aws_s3_bucket.good" ||
			stripKeys(f.Address) == "module.storage.module.site.aws_s3_bucket.this" || stripKeys(f.Address) == "module.storage.aws_s3_bucket.logs") {
			n++
			if f.Result != Pass {
				t.Errorf("%s: %s (%s)", f.Address, f.Result, f.Message)
			}
		}
	}
	if n < 6 {
		t.Errorf("only %d findings checked", n)
	}
}

// BenchmarkReportMemory measures the peak heap of a whole check followed
// by writing its report in each format (to io.Discard), on a plan of about
// 300 MB (160k resource changes, nearly every one with failing findings),
// with decoding the same file into tfjson.Plan as the baseline in the same
// run. The target is a peak of at most 1 GB whatever the number of
// findings. Run it alone:
// go test ./gen/policy -run '^$' -bench ReportMemory -benchtime 1x
func BenchmarkReportMemory(b *testing.B) {
	path := filepath.Join(b.TempDir(), "plan.json")
	size, changes := writeBigPlan(b, path, 160_000)
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
	_, _, decodePeak := measure(func() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		var p tfjson.Plan
		if err := json.NewDecoder(f).Decode(&p); err != nil {
			b.Fatal(err)
		}
		if len(p.ResourceChanges) != changes {
			b.Fatalf("decoded %d changes", len(p.ResourceChanges))
		}
	})
	b.ReportMetric(float64(decodePeak)/(1<<20), "decode-peak-MB")
	for _, format := range []string{"none", "text", "json", "junit", "sarif"} {
		var findings int
		_, _, peak := measure(func() {
			rep, err := CheckFile(path, Options{})
			if err != nil {
				b.Fatal(err)
			}
			findings = len(rep.Findings)
			write := map[string]func(io.Writer) error{"text": rep.WriteText, "json": rep.WriteJSON,
				"junit": rep.WriteJUnit, "sarif": rep.WriteSARIF}[format]
			if write != nil {
				if err := write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.ReportMetric(float64(peak)/(1<<20), format+"-peak-MB")
		b.ReportMetric(float64(findings), "findings")
	}
}
