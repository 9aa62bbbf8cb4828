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
	"os"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/batchgc"
)

func main() {
	batchgc.Tune()
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
