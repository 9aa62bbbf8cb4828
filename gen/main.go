// Command gen renders every blueprint into out/.
//
//	go run ./gen [-out out] [-format hcl|json] [-diagrams .]
//
// It validates every module first and writes nothing when any problem is
// found; each problem names the blueprint's Go file:line.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

func main() {
	tuneGC()
	out := flag.String("out", "out", "output root")
	format := flag.String("format", "hcl", "Terraform syntax: hcl or json")
	diagrams := flag.String("diagrams", ".", "directory whose diagrams/ subdirectory receives the pictures; empty: none")
	flag.Parse()
	os.Exit(run(*out, *format, *diagrams))
}

func run(out, format, diagrams string) int {
	f, err := generate.ParseFormat(format)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		return 2
	}
	var res generate.Result
	// Ctrl-C waits for the write to finish (milliseconds), so that out/
	// is never left half-switched by it.
	interrupted := write.HoldingInterrupts(func() { res, err = blueprints.Generate(out, f, diagrams) })
	for _, w := range res.Warnings {
		fmt.Fprintln(os.Stderr, generate.Relative(w))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, generate.Describe(err))
		return 1
	}
	fmt.Println("gen:", res.Summary())
	if interrupted {
		fmt.Fprintln(os.Stderr, "gen: interrupted (after the write finished)")
		return 130
	}
	return 0
}

// tuneGC lets the heap grow to five times its live size between
// collections unless GOGC says otherwise: a run lives for a second and
// builds one large model, so collecting as often as a server would only
// costs time (BenchmarkPairs/cli-gc in gen/render measures the gain).
// Before the first collection the heap may reach 64 MiB: a run of the
// platform allocates about 20 MB and ends before a collection would have
// freed anything worth it; a larger model collects at 64 MiB and from
// then on as above.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(64 << 20)
	// A finalizer runs after the collection that finds its object gone:
	// the first one, as nothing refers to this.
	runtime.SetFinalizer(new([16]byte), func(*[16]byte) {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
