package diagram

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// mermaidSyntax is the statement patterns CheckMermaid matches, compiled
// at its first use: a program that only draws pays nothing for them at
// start-up.
var mermaidSyntax = sync.OnceValue(func() (p struct{ node, subgraph, edge, classDef, class *regexp.Regexp }) {
	p.node = regexp.MustCompile(`^([a-z][a-z0-9_]*)(\[\("|\(\["|\{\{"|\[")([^"]*)("\)\]|"\]\)|"\}\}|"\])$`)
	p.subgraph = regexp.MustCompile(`^subgraph ([a-z][a-z0-9_]*)\["([^"]*)"\]$`)
	p.edge = regexp.MustCompile(`^([a-z][a-z0-9_]*) (-->|==>|-\.->)(\|"([^"]*)"\|)? ([a-z][a-z0-9_]*)$`)
	p.classDef = regexp.MustCompile(`^classDef [a-z]+ [a-z0-9:#,. -]+$`)
	p.class = regexp.MustCompile(`^class [a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)* [a-z]+$`)
	return p
})

// CheckMermaid is a plausibility check of Mermaid flowchart text as
// Mermaid renders it: one flowchart header after any %% comments, every
// line a node, subgraph, end, edge, classDef or class statement, subgraph
// and end balanced, IDs safe and not keywords, labels quoted with no raw
// quote, angle bracket other than <br>, or pipe inside, and every edge end
// declared. It is no substitute for Mermaid itself, but it catches what
// a renderer bug would break.
func CheckMermaid(src []byte) error {
	syn := mermaidSyntax()
	var errs []error
	bad := func(n int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("mermaid line %d: "+format, append([]any{n}, args...)...))
	}
	declared := map[string]bool{}
	type edge struct {
		line     int
		from, to string
	}
	var edges []edge
	depth, header := 0, false
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "%%") {
			continue
		}
		if !header {
			if line != "flowchart LR" && line != "flowchart TD" {
				bad(n, "want a flowchart header, got %q", line)
			}
			header = true
			continue
		}
		label := ""
		switch {
		case line == "end":
			depth--
			if depth < 0 {
				bad(n, "end without subgraph")
				depth = 0
			}
			continue
		case syn.subgraph.MatchString(line):
			m := syn.subgraph.FindStringSubmatch(line)
			declare(m[1], n, declared, bad)
			label = m[2]
			depth++
		case syn.node.MatchString(line):
			m := syn.node.FindStringSubmatch(line)
			declare(m[1], n, declared, bad)
			label = m[3]
		case syn.edge.MatchString(line):
			m := syn.edge.FindStringSubmatch(line)
			edges = append(edges, edge{n, m[1], m[5]})
			label = m[4]
		case syn.classDef.MatchString(line), syn.class.MatchString(line):
		default:
			bad(n, "not a statement this renderer writes: %q", line)
		}
		rest := strings.ReplaceAll(label, "<br>", "")
		if strings.ContainsAny(rest, "<>|`\"%") {
			bad(n, "label %q has an unescaped character", label)
		}
	}
	if !header {
		errs = append(errs, errors.New("mermaid: no flowchart header"))
	}
	if depth != 0 {
		errs = append(errs, fmt.Errorf("mermaid: %d subgraph(s) without end", depth))
	}
	for _, e := range edges {
		for _, id := range []string{e.from, e.to} {
			if !declared[id] {
				bad(e.line, "edge end %q is not declared", id)
			}
		}
	}
	return errors.Join(errs...)
}

func declare(id string, n int, declared map[string]bool, bad func(int, string, ...any)) {
	if !IsSafeID(id) {
		bad(n, "id %q is not safe", id)
	}
	if declared[id] {
		bad(n, "id %q declared twice", id)
	}
	declared[id] = true
}
