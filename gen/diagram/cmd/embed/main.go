// Command embed keeps a Mermaid diagram in a Markdown file current: it
// rewrites only the lines between the begin and end marker lines with a
// ```mermaid block holding the diagram file, and leaves every other byte
// of the document alone.
//
//	go run ./gen/diagram/cmd/embed [-doc README.md] [-mermaid diagrams/platform.mmd]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/diagram"
)

func main() {
	doc := flag.String("doc", "README.md", "Markdown file holding the markers")
	src := flag.String("mermaid", "diagrams/platform.mmd", "Mermaid diagram to embed")
	begin := flag.String("begin", "<!-- BEGIN_DIAGRAM -->", "begin marker")
	end := flag.String("end", "<!-- END_DIAGRAM -->", "end marker")
	flag.Parse()
	os.Exit(run(*doc, *src, *begin, *end))
}

func run(docPath, srcPath, begin, end string) int {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		return 1
	}
	src, err := os.ReadFile(srcPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		return 1
	}
	out, err := diagram.Embed(doc, begin, end, diagram.MermaidBlock(src))
	if err != nil {
		fmt.Fprintf(os.Stderr, "embed: %s: %v\n", docPath, err)
		return 1
	}
	if bytes.Equal(out, doc) {
		fmt.Printf("embed: %s unchanged\n", docPath)
		return 0
	}
	st, err := os.Stat(docPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		return 1
	}
	if err := os.WriteFile(docPath, out, st.Mode().Perm()); err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		return 1
	}
	fmt.Printf("embed: updated %s from %s\n", docPath, srcPath)
	return 0
}
