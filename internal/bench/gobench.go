package bench

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A Result is one line of `go test -bench` output.
type Result struct {
	// Name is the benchmark's full name without the -GOMAXPROCS suffix,
	// such as "BenchmarkCheckVsDecode/100k".
	Name       string
	Iterations int
	// Metrics by unit: "ns/op", "B/op", and whatever b.ReportMetric adds.
	Metrics map[string]float64
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// ParseResults reads the result lines of `go test -bench` output and skips
// everything else (package lines, logs, PASS/ok).
func ParseResults(r io.Reader) ([]Result, error) {
	var out []Result
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		res := Result{Name: procsSuffix.ReplaceAllString(f[0], ""), Iterations: n, Metrics: map[string]float64{}}
		ok := true
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				ok = false
				break
			}
			res.Metrics[f[i+1]] = v
		}
		if ok {
			out = append(out, res)
		}
	}
	return out, sc.Err()
}

// A Metrics names where one side of a row finds its figures in a
// benchmark's results: the benchmark, and the units of its wall time, CPU
// time and peak memory. Time units ending in "-s" are seconds; "ns/op"
// and other "ns/" units are nanoseconds. Peak units ending in "-MB" are
// MiB, as the benchmarks here report them. An empty unit is not measured.
type Metrics struct {
	Name            string // shown in the table
	Bench           string
	Wall, CPU, Peak string
	ScaleWall       float64 // multiplies the wall figure; 0 means 1
}

// Side finds m's figures in results. A missing benchmark or metric gives
// a Side whose Err says which.
func (m Metrics) Side(results []Result) Side {
	s := Side{Name: m.Name}
	var res *Result
	for i := range results {
		if results[i].Name == m.Bench {
			res = &results[i]
		}
	}
	if res == nil {
		s.Err = m.Bench + " did not run"
		return s
	}
	var missing []string
	get := func(unit string) (float64, bool) {
		if unit == "" {
			return 0, false
		}
		v, ok := res.Metrics[unit]
		if !ok {
			missing = append(missing, unit)
		}
		return v, ok
	}
	if v, ok := get(m.Wall); ok {
		if m.ScaleWall != 0 {
			v *= m.ScaleWall
		}
		s.Wall = duration(v, m.Wall)
	}
	if v, ok := get(m.CPU); ok {
		s.CPU = duration(v, m.CPU)
	}
	if v, ok := get(m.Peak); ok {
		s.Peak = int64(v * (1 << 20))
	}
	s.Runs = res.Iterations
	if len(missing) > 0 {
		s.Err = m.Bench + " reports no " + strings.Join(missing, ", ")
	}
	return s
}

func duration(v float64, unit string) time.Duration {
	if strings.HasPrefix(unit, "ns/") {
		return time.Duration(v)
	}
	return time.Duration(v * float64(time.Second))
}
