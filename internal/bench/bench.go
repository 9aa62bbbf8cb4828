// Package bench measures workloads against their baselines in one run and
// prints them as one table: the engine of `make bench`.
//
// A workload is timed as whole processes (wall time, CPU time as user +
// system, peak resident memory from the kernel's rusage) or taken from the
// metrics a `go test -bench` benchmark reports. Each row holds a workload,
// its baseline measured in the same run, and their ratios. Times are
// medians over the runs, memory is the largest peak seen: CPU time is the
// steadier figure on a shared machine, so the table leads with it.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// A Sample is one measured run.
type Sample struct {
	Wall, CPU time.Duration
	// Peak is the peak memory in bytes: the process's maximum resident
	// set, or a benchmark's peak heap.
	Peak int64
}

// Stats summarises the samples of one side of a row.
type Stats struct {
	Runs      int
	Wall, CPU time.Duration // medians
	Peak      int64         // the largest
}

// Summarize takes the median wall and CPU time and the largest peak of
// samples. The zero Stats stands for "not measured".
func Summarize(samples []Sample) Stats {
	if len(samples) == 0 {
		return Stats{}
	}
	walls := make([]time.Duration, len(samples))
	cpus := make([]time.Duration, len(samples))
	var peak int64
	for i, s := range samples {
		walls[i], cpus[i] = s.Wall, s.CPU
		peak = max(peak, s.Peak)
	}
	return Stats{Runs: len(samples), Wall: Median(walls), CPU: Median(cpus), Peak: peak}
}

// Median returns the middle value of ds, the mean of the two middle
// values when there is an even number of them, 0 for none.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Process runs cmd to completion and measures it. CPU time and peak
// memory come from the kernel's accounting of the process when it is
// reaped, which on Linux includes the children it waited for (terraform
// under moochat, providers under terraform). It fails when the exit code
// is not one of okCodes (0 when none are given), with the command's
// stderr.
func Process(cmd *exec.Cmd, okCodes ...int) (Sample, error) {
	if len(okCodes) == 0 {
		okCodes = []int{0}
	}
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return Sample{}, fmt.Errorf("%s: %w", cmdLine(cmd), err)
	}
	if code := cmd.ProcessState.ExitCode(); !slices.Contains(okCodes, code) {
		return Sample{}, fmt.Errorf("%s: exit %d (want %v)\n%s", cmdLine(cmd), code, okCodes, tail(stderr.String(), 2000))
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return Sample{Wall: wall, CPU: cpu, Peak: maxRSS(cmd.ProcessState)}, nil
}

// Repeat measures the command that mk makes runs times.
func Repeat(ctx context.Context, runs int, mk func() *exec.Cmd, okCodes ...int) ([]Sample, error) {
	var out []Sample
	for range runs {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		s, err := Process(mk(), okCodes...)
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

func cmdLine(cmd *exec.Cmd) string {
	return strings.Join(cmd.Args, " ")
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// Machine describes where the figures were taken: cores and the load
// average (from /proc/loadavg; "unknown" where there is none).
func Machine() string {
	return fmt.Sprintf("%d cores (GOMAXPROCS %d), load average %s", runtime.NumCPU(), runtime.GOMAXPROCS(0), LoadAverage())
}

// LoadAverage returns the 1, 5 and 15 minute load averages as the kernel
// prints them.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
