package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

func init() {
	register(command{name: "gen", summary: "render every blueprint into out/ (as go run ./gen)", run: runGen})
	renderHook = func(out string, stderr io.Writer) error {
		// Pictures go to the repository's diagrams/ only when rendering the
		// repository's own out/.
		diagrams := ""
		if filepath.Clean(out) == "out" {
			diagrams = "."
		}
		return renderAll(out, render.HCL, diagrams, io.Discard, stderr)
	}
}

func runGen(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("gen", "[-out DIR] [-format hcl|json] [-diagrams DIR]\n\nRenders every blueprint; writes nothing when any blueprint has an error.\nExit codes: 0 rendered, 1 blueprint errors, 2 bad flags.", stderr)
	out := fs.String("out", "out", "output root")
	format := fs.String("format", "hcl", "Terraform syntax: hcl or json")
	diagrams := fs.String("diagrams", ".", "directory whose diagrams/ subdirectory receives the pictures; empty: none")
	if fs.Parse(args) != nil {
		return 2
	}
	f, err := generate.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "moochat gen:", err)
		return 2
	}
	if err := renderAll(*out, f, *diagrams, stdout, stderr); err != nil {
		if err == errInterrupted {
			return 130
		}
		return 1
	}
	return 0
}

// errInterrupted is a render that finished its write and then honoured a
// Ctrl-C that came during it.
var errInterrupted = errors.New("interrupted (after the write finished)")

// renderAll renders every blueprint into out and the pictures into
// diagrams/diagrams/ (none when diagrams is empty), printing warnings and
// errors to stderr and a one-line summary to stdout.
func renderAll(out string, format render.Format, diagrams string, stdout, stderr io.Writer) error {
	var res generate.Result
	var err error
	// Ctrl-C waits for the write to finish (milliseconds), so that out/
	// is never left half-switched by it; the interrupt is then honoured.
	interrupted := write.HoldingInterrupts(func() { res, err = blueprints.Generate(out, format, diagrams) })
	if err == nil && interrupted {
		err = errInterrupted
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, generate.Relative(w))
	}
	if err != nil {
		fmt.Fprintln(stderr, generate.Describe(err))
		return err
	}
	fmt.Fprintln(stdout, "gen:", res.Summary())
	return nil
}
