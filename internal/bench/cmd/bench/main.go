// Command bench is `make bench`: every performance claim of the project
// measured beside its baseline in the same run, printed as one table.
//
//	go run ./internal/bench/cmd/bench [-quick] [-keep]
//
// Run it from the repository root. It builds the binaries it times
// (moochat, gen, and the small baseline programs under internal/bench/cmd)
// into a temporary directory, makes the plans, configurations and models
// it needs there (deterministically: the same files every run), and times
// whole processes: moochat check against a tfjson.Plan decode, check with
// -config against without, rendering bucket+policy pairs against hclwrite
// with Format, gen of the whole platform against loading the schema
// alone, and moochat plan against plain terraform plan of the same
// rendered dev environment (offline, the machine's provider mirror). Then
// it runs the go test benchmarks that hold the same claims and reads
// their metrics. -quick runs each once on smaller inputs.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

func main() {
	quick := flag.Bool("quick", false, "one run each, on smaller inputs (about a third of the time)")
	keep := flag.Bool("keep", false, "keep the temporary directory with the binaries, plans and outputs")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, *quick, *keep))
}

func run(ctx context.Context, quick, keep bool) int {
	if _, err := os.Stat("go.mod"); err != nil {
		fmt.Fprintln(os.Stderr, "bench: run from the repository root (make bench)")
		return 2
	}
	tmp, err := os.MkdirTemp("", "moochat-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	if keep {
		fmt.Fprintln(os.Stderr, "bench: keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	start := time.Now()
	mode := ""
	if quick {
		mode = " QUICK=1"
	}
	fmt.Printf("make bench%s, %s UTC: %s\n", mode, start.UTC().Format("2006-01-02 15:04"), bench.Machine())
	s := &suite{ctx: ctx, tmp: tmp, plan: planFor(quick)}
	rows, err := s.all()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		if len(rows) == 0 {
			return 1
		}
	}
	fmt.Println("Medians of the runs; peak is the largest seen (max RSS of the process tree, or a benchmark's peak heap).")
	fmt.Println("Ratios are ours / baseline: below 1 is better than the baseline.")
	if werr := bench.WriteTable(os.Stdout, rows); werr != nil {
		fmt.Fprintln(os.Stderr, "bench:", werr)
		return 1
	}
	fmt.Printf("took %s; load average at the end %s\n", time.Since(start).Round(time.Second), bench.LoadAverage())
	if err != nil {
		return 1
	}
	return 0
}
