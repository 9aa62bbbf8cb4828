// Command svg renders a Graphviz DOT file into SVG with `dot -Tsvg`,
// stamping the SVG with the SHA-256 of its source so tests can tell a
// committed SVG is current without Graphviz. Without dot on PATH it prints
// a one-line note and exits 0: the SVG is optional where Graphviz is
// missing.
//
//	go run ./gen/diagram/cmd/svg [-in diagrams/platform.dot] [-out diagrams/platform.svg]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/diagram"
)

func main() {
	in := flag.String("in", "diagrams/platform.dot", "DOT source")
	out := flag.String("out", "diagrams/platform.svg", "SVG to write")
	flag.Parse()
	os.Exit(run(*in, *out))
}

func run(in, out string) int {
	src, err := os.ReadFile(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "svg:", err)
		return 1
	}
	svg, err := diagram.SVG(context.Background(), src)
	if errors.Is(err, diagram.ErrNoDot) {
		fmt.Printf("svg: %s %s\n", out, err)
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "svg:", err)
		return 1
	}
	if old, err := os.ReadFile(out); err == nil && string(old) == string(svg) {
		fmt.Printf("svg: %s unchanged\n", out)
		return 0
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".svg.*.tmp")
	if err != nil {
		fmt.Fprintln(os.Stderr, "svg:", err)
		return 1
	}
	_, werr := tmp.Write(svg)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644), os.Rename(tmp.Name(), out)); err != nil {
		os.Remove(tmp.Name())
		fmt.Fprintln(os.Stderr, "svg:", err)
		return 1
	}
	fmt.Printf("svg: wrote %s\n", out)
	return 0
}
