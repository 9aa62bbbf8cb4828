package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// A Row is one workload with its baseline, both measured in the same run.
type Row struct {
	Workload string
	// How says what was measured: "process" (whole processes, peak RSS)
	// or "go test -bench" (a benchmark's metrics, peak heap).
	How        string
	Ours, Base Side
	// Note is printed after the table, marked with the row's number.
	Note string
}

// A Side is what ran on one side of a row and how it went.
type Side struct {
	Name string
	Stats
	// Err is why the side has no figures (a failed run, a metric the
	// benchmark no longer reports).
	Err string
}

// Ratio returns ours/base, and false when either is not measured.
func Ratio(ours, base float64) (float64, bool) {
	if ours <= 0 || base <= 0 {
		return 0, false
	}
	return ours / base, true
}

// WriteTable prints rows as one aligned table: per row the workload, how
// it was measured, both sides' names, runs, median wall and CPU seconds and peak MiB (ours /
// baseline), and the ratios ours/baseline of CPU time, wall time and
// peak memory. Figures that were not measured print as "-"; notes and
// errors follow the table, numbered by row.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tworkload\tmeasured\tours\tbaseline\truns\tcpu s\twall s\tpeak MiB\tcpu ratio\twall ratio\tpeak ratio")
	var notes []string
	for i, r := range rows {
		n := i + 1
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, r.Workload, dash(r.How), r.Ours.Name, dash(r.Base.Name),
			pair(runs(r.Ours.Runs), runs(r.Base.Runs)),
			pair(seconds(r.Ours.CPU), seconds(r.Base.CPU)),
			pair(seconds(r.Ours.Wall), seconds(r.Base.Wall)),
			pair(mib(r.Ours.Peak), mib(r.Base.Peak)),
			ratio(float64(r.Ours.CPU), float64(r.Base.CPU)),
			ratio(float64(r.Ours.Wall), float64(r.Base.Wall)),
			ratio(float64(r.Ours.Peak), float64(r.Base.Peak)))
		var parts []string
		if r.Note != "" {
			parts = append(parts, r.Note)
		}
		if r.Ours.Err != "" {
			parts = append(parts, r.Ours.Name+": "+r.Ours.Err)
		}
		if r.Base.Err != "" {
			parts = append(parts, r.Base.Name+": "+r.Base.Err)
		}
		if len(parts) > 0 {
			notes = append(notes, fmt.Sprintf("[%d] %s", n, strings.Join(parts, "; ")))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range notes {
		if _, err := fmt.Fprintln(w, n); err != nil {
			return err
		}
	}
	return nil
}

func pair(a, b string) string { return a + " / " + b }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runs(n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprint(n)
}

// seconds prints d in seconds: four decimals below 0.1 s, three below a
// second, two above; below a millisecond as a Go duration with its unit.
func seconds(d time.Duration) string {
	switch {
	case d <= 0:
		return "-"
	case d < time.Millisecond:
		// Per-operation figures of micro benchmarks, with their unit.
		return d.String()
	case d < 100*time.Millisecond:
		return fmt.Sprintf("%.4f", d.Seconds())
	case d < time.Second:
		return fmt.Sprintf("%.3f", d.Seconds())
	}
	return fmt.Sprintf("%.2f", d.Seconds())
}

func mib(b int64) string {
	if b <= 0 {
		return "-"
	}
	m := float64(b) / (1 << 20)
	if m < 100 {
		return fmt.Sprintf("%.1f", m)
	}
	return fmt.Sprintf("%.0f", m)
}

func ratio(ours, base float64) string {
	r, ok := Ratio(ours, base)
	if !ok {
		return "-"
	}
	switch {
	case r < 0.01:
		return fmt.Sprintf("%.4f", r)
	case r < 0.1:
		return fmt.Sprintf("%.3f", r)
	}
	return fmt.Sprintf("%.2f", r)
}
