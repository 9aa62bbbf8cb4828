package bench

import (
	"bytes"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{5 * ms}, 5 * ms},
		{[]time.Duration{9 * ms, 1 * ms, 5 * ms}, 5 * ms},
		{[]time.Duration{4 * ms, 1 * ms, 3 * ms, 100 * ms}, 3500 * time.Microsecond},
		{[]time.Duration{2 * ms, 2 * ms, 7 * ms, 1 * ms, 2 * ms}, 2 * ms},
	}
	for _, tt := range tests {
		in := append([]time.Duration(nil), tt.in...)
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", in, got, tt.want)
		}
		for i := range in {
			if in[i] != tt.in[i] {
				t.Errorf("Median reordered its input: %v", tt.in)
			}
		}
	}
}

func TestSummarizeTakesMediansAndTheLargestPeak(t *testing.T) {
	s := Summarize([]Sample{
		{Wall: 3 * time.Second, CPU: 2 * time.Second, Peak: 100},
		{Wall: 1 * time.Second, CPU: 4 * time.Second, Peak: 300},
		{Wall: 2 * time.Second, CPU: 3 * time.Second, Peak: 200},
	})
	want := Stats{Runs: 3, Wall: 2 * time.Second, CPU: 3 * time.Second, Peak: 300}
	if s != want {
		t.Errorf("Summarize = %+v, want %+v", s, want)
	}
	if (Summarize(nil) != Stats{}) {
		t.Errorf("Summarize(nil) = %+v, want the zero Stats", Summarize(nil))
	}
}

func TestRatio(t *testing.T) {
	if r, ok := Ratio(1, 4); !ok || r != 0.25 {
		t.Errorf("Ratio(1, 4) = %v, %v", r, ok)
	}
	for _, c := range [][2]float64{{0, 4}, {1, 0}, {-1, 2}} {
		if _, ok := Ratio(c[0], c[1]); ok {
			t.Errorf("Ratio(%v, %v) has a value; one side was not measured", c[0], c[1])
		}
	}
}

func TestWriteTable(t *testing.T) {
	rows := []Row{
		{Workload: "check, 1k changes", How: "process",
			Ours: Side{Name: "moochat check", Stats: Stats{Runs: 5, Wall: 150 * time.Millisecond, CPU: 80 * time.Millisecond, Peak: 32 << 20}},
			Base: Side{Name: "tfjson decode", Stats: Stats{Runs: 5, Wall: 300 * time.Millisecond, CPU: 160 * time.Millisecond, Peak: 128 << 20}}},
		{Workload: "plan", How: "process", Note: "after init",
			Ours: Side{Name: "moochat plan", Stats: Stats{Runs: 3, Wall: 12 * time.Second, CPU: 11500 * time.Millisecond, Peak: 500 << 20}},
			Base: Side{Name: "terraform plan", Err: "terraform is not on PATH"}},
		{Workload: "declare", How: "go test -bench",
			Ours: Side{Name: "Resource", Stats: Stats{Runs: 1000, Wall: 412 * time.Nanosecond}}},
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, rows); err != nil {
		t.Fatal(err)
	}
	want := `#  workload           measured        ours           baseline        runs      cpu s           wall s         peak MiB    cpu ratio  wall ratio  peak ratio
1  check, 1k changes  process         moochat check  tfjson decode   5 / 5     0.0800 / 0.160  0.150 / 0.300  32.0 / 128  0.50       0.50        0.25
2  plan               process         moochat plan   terraform plan  3 / -     11.50 / -       12.00 / -      500 / -     -          -           -
3  declare            go test -bench  Resource       -               1000 / -  - / -           412ns / -      - / -       -          -           -
[2] after init; terraform plan: terraform is not on PATH
`
	if got := buf.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestParseResults(t *testing.T) {
	out := `goos: linux
goarch: amd64
pkg: github.com/runntimeterror/moo-chat-infrastructure/gen/policy
cpu: whatever
BenchmarkCheckVsDecode/1k-2         	       1	  81234567 ns/op	         1.900 file-MB	         0.06030 check-s	         0.08630 decode-s	         7.300 check-peak-MB
BenchmarkDeclare-16   	 200000	       412.5 ns/op	     160 B/op	       3 allocs/op
BenchmarkBroken-2   	 notanumber	 1 ns/op
--- BENCH: BenchmarkX
    bench_test.go:10: a log line
PASS
ok  	github.com/runntimeterror/moo-chat-infrastructure/gen/policy	12.3s
`
	res, err := ParseResults(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 {
		t.Fatalf("%d results, want 2: %+v", len(res), res)
	}
	if r := res[0]; r.Name != "BenchmarkCheckVsDecode/1k" || r.Iterations != 1 || r.Metrics["check-s"] != 0.0603 || r.Metrics["check-peak-MB"] != 7.3 {
		t.Errorf("first result %+v", r)
	}
	if r := res[1]; r.Name != "BenchmarkDeclare" || r.Iterations != 200000 || r.Metrics["ns/op"] != 412.5 || r.Metrics["allocs/op"] != 3 {
		t.Errorf("second result %+v", r)
	}
}

func TestMetricsSide(t *testing.T) {
	res := []Result{{Name: "BenchmarkCheckVsDecode/1k", Iterations: 1,
		Metrics: map[string]float64{"check-s": 0.5, "check-cpu-s": 0.75, "check-peak-MB": 10, "ns/op": 2e9}}}
	s := Metrics{Name: "CheckFile", Bench: "BenchmarkCheckVsDecode/1k", Wall: "check-s", CPU: "check-cpu-s", Peak: "check-peak-MB"}.Side(res)
	if s.Err != "" || s.Wall != 500*time.Millisecond || s.CPU != 750*time.Millisecond || s.Peak != 10<<20 || s.Runs != 1 {
		t.Errorf("side %+v", s)
	}
	if s := (Metrics{Bench: "BenchmarkCheckVsDecode/1k", Wall: "ns/op"}).Side(res); s.Wall != 2*time.Second {
		t.Errorf("ns/op read as %v", s.Wall)
	}
	if s := (Metrics{Bench: "BenchmarkCheckVsDecode/1k", Wall: "check-s", CPU: "gone-s"}).Side(res); !strings.Contains(s.Err, "reports no gone-s") || s.Wall == 0 {
		t.Errorf("missing metric: %+v", s)
	}
	if s := (Metrics{Bench: "BenchmarkGone"}).Side(res); !strings.Contains(s.Err, "did not run") {
		t.Errorf("missing benchmark: %+v", s)
	}
}

// TestProcessMeasuresTheProcessTree runs a busy loop once directly and
// once in a grandchild (a shell that waits for a shell): the CPU time of
// the second must count the grandchild's, so it cannot be far below the
// first's. A wrong exit code is an error with the command's stderr.
func TestProcessMeasuresTheProcessTree(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	const loop = `i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done`
	direct, err := Process(exec.Command("sh", "-c", loop))
	if err != nil {
		t.Fatal(err)
	}
	// "; true" keeps the outer shell from exec'ing the inner one.
	tree, err := Process(exec.Command("sh", "-c", "sh -c '"+loop+"'; true"))
	if err != nil {
		t.Fatal(err)
	}
	if tree.CPU <= 0 || tree.Wall <= 0 || tree.Peak <= 0 {
		t.Errorf("sample %+v: CPU, wall and peak must all be measured", tree)
	}
	if tree.CPU < direct.CPU/2 {
		t.Errorf("CPU %v with the loop in a grandchild, %v run directly: the grandchild's time is not counted", tree.CPU, direct.CPU)
	}
	if _, err := Process(exec.Command("sh", "-c", "echo boom >&2; exit 3")); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("exit 3: err %v, want an error with the stderr", err)
	}
	if _, err := Process(exec.Command("sh", "-c", "exit 3"), 0, 3); err != nil {
		t.Errorf("exit 3 allowed: %v", err)
	}
}

// TestInProcessSeesThePeakHeap: a workload that holds 64 MiB for a while
// and then lets it go has a peak of at least that, and takes CPU time.
func TestInProcessSeesThePeakHeap(t *testing.T) {
	var sink []byte
	s := InProcess(func() {
		sink = make([]byte, 64<<20)
		for i := range sink {
			sink[i] = byte(i)
		}
		time.Sleep(5 * time.Millisecond)
		sink = nil
		runtime.GC()
	})
	if s.Peak < 64<<20 || s.CPU <= 0 || s.Wall < 5*time.Millisecond {
		t.Errorf("peak %d B, CPU %v, wall %v: want at least 64 MiB, some CPU, 5 ms", s.Peak, s.CPU, s.Wall)
	}
	_ = sink
}
