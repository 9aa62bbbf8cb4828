package diagram

import (
	"fmt"
	"strings"
)

// Mermaid renders g as a left-to-right Mermaid flowchart. IDs are written
// as they are (Validate says they are safe); every label is quoted, with
// Mermaid's entity codes for the characters that would end or confuse
// it. The text is a pure function of g.
func Mermaid(g *Graph) []byte {
	var b strings.Builder
	for _, c := range g.Comment {
		for _, line := range strings.Split(c, "\n") {
			fmt.Fprintf(&b, "%%%% %s\n", line)
		}
	}
	if g.Caption != "" {
		fmt.Fprintf(&b, "%%%% %s\n", strings.ReplaceAll(g.Caption, "\n", " "))
	}
	b.WriteString("flowchart LR\n")
	for _, n := range g.Nodes {
		if n.Cluster == "" {
			fmt.Fprintf(&b, "  %s\n", mermaidNode(n))
		}
	}
	for _, c := range g.Clusters {
		title := c.Label
		if c.Note != "" {
			title += ": " + c.Note
		}
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n", c.ID, mermaidText(title))
		for _, n := range g.Nodes {
			if n.Cluster == c.ID {
				fmt.Fprintf(&b, "    %s\n", mermaidNode(n))
			}
		}
		b.WriteString("  end\n")
	}
	for _, e := range g.Edges {
		arrow := map[Style]string{Solid: "-->", Bold: "==>", Dashed: "-.->"}[e.Style]
		if arrow == "" {
			arrow = "-->"
		}
		if e.Label == "" {
			fmt.Fprintf(&b, "  %s %s %s\n", e.From, arrow, e.To)
		} else {
			fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", e.From, arrow, mermaidText(e.Label), e.To)
		}
	}
	classes := []struct {
		kind  Kind
		style string
	}{
		{Service, "fill:#ffffff,stroke:#4a5568,color:#1a202c"},
		{Store, "fill:#ebf4ff,stroke:#2b6cb0,color:#1a202c"},
		{Actor, "fill:#fff5d6,stroke:#b7791f,stroke-width:2px,color:#1a202c"},
		{External, "fill:#f7fafc,stroke:#718096,stroke-dasharray: 4 3,color:#1a202c"},
	}
	for _, cl := range classes {
		var ids []string
		for _, n := range g.Nodes {
			if n.Kind == cl.kind {
				ids = append(ids, n.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  classDef %s %s\n", cl.kind, cl.style)
		fmt.Fprintf(&b, "  class %s %s\n", strings.Join(ids, ","), cl.kind)
	}
	return []byte(b.String())
}

func mermaidNode(n Node) string {
	open, close := "[\"", "\"]"
	switch n.Kind {
	case Store:
		open, close = "[(\"", "\")]"
	case Actor:
		open, close = "([\"", "\"])"
	case External:
		open, close = "{{\"", "\"}}"
	}
	return n.ID + open + mermaidText(n.Label) + close
}

// mermaidText escapes a label for a quoted Mermaid string: entity codes
// for the characters that would end the string or be read as markup, and
// <br> for line breaks.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '#':
			b.WriteString("#35;")
		case '"':
			b.WriteString("#quot;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '|':
			b.WriteString("#124;")
		case '`':
			b.WriteString("#96;")
		case '%':
			b.WriteString("#37;")
		case '\n':
			b.WriteString("<br>")
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DOT renders g as a Graphviz digraph laid out left to right, with one
// cluster per Cluster; an edge to or from a cluster is drawn to its
// border. The text is a pure function of g.
func DOT(g *Graph) []byte {
	var b strings.Builder
	for _, c := range g.Comment {
		for _, line := range strings.Split(c, "\n") {
			fmt.Fprintf(&b, "// %s\n", line)
		}
	}
	name := g.Name
	if name == "" {
		name = "diagram"
	}
	fmt.Fprintf(&b, "digraph %s {\n", dotString(name))
	b.WriteString("  graph [rankdir=LR, compound=true, newrank=true, fontname=\"Helvetica\", fontsize=12, nodesep=0.3, ranksep=0.7, pad=0.3")
	if g.Caption != "" {
		fmt.Fprintf(&b, ", labelloc=b, labeljust=l, fontcolor=\"#4a5568\", label=%s", dotString(g.Caption))
	}
	b.WriteString("];\n")
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#4a5568\", margin=\"0.15,0.06\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#4a5568\", fontcolor=\"#2d3748\", arrowsize=0.7];\n")
	for _, n := range g.Nodes {
		if n.Cluster == "" {
			fmt.Fprintf(&b, "  %s\n", dotNode(n))
		}
	}
	for _, c := range g.Clusters {
		fmt.Fprintf(&b, "  subgraph cluster_%s {\n", c.ID)
		label := "<b>" + htmlText(c.Label) + "</b>"
		if c.Note != "" {
			label += "<br align=\"left\"/><font point-size=\"9\" color=\"#4a5568\">" + htmlText(c.Note) + "</font><br align=\"left\"/>"
		}
		fmt.Fprintf(&b, "    label=<%s>;\n", label)
		b.WriteString("    labelloc=t; labeljust=l; style=\"rounded,filled\"; fillcolor=\"#f4f6f9\"; color=\"#a0aec0\"; margin=10;\n")
		for _, n := range g.Nodes {
			if n.Cluster == c.ID {
				fmt.Fprintf(&b, "    %s\n", dotNode(n))
			}
		}
		b.WriteString("  }\n")
	}
	for _, e := range g.Edges {
		from, to := e.From, e.To
		var attrs []string
		fromCluster, toCluster := g.isCluster(from), g.isCluster(to)
		if fromCluster {
			from = g.firstNode(e.From)
		}
		if toCluster {
			to = g.firstNode(e.To)
		}
		if fromCluster && g.clusterOf(to) != e.From {
			attrs = append(attrs, "ltail=cluster_"+e.From)
		}
		if toCluster && g.clusterOf(from) != e.To {
			attrs = append(attrs, "lhead=cluster_"+e.To)
		}
		if e.Label != "" {
			attrs = append(attrs, "label="+dotString(" "+e.Label+" "))
		}
		switch e.Style {
		case Bold:
			attrs = append(attrs, "penwidth=2.2", "weight=4", "color=\"#2b6cb0\"", "fontcolor=\"#2a4365\"")
		case Solid:
			attrs = append(attrs, "weight=2")
		case Dashed:
			attrs = append(attrs, "style=dashed", "color=\"#a0aec0\"", "fontcolor=\"#718096\"")
		}
		fmt.Fprintf(&b, "  %s -> %s", from, to)
		if len(attrs) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(attrs, ", "))
		}
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// firstNode is the node an edge to cluster id is drawn to.
func (g *Graph) firstNode(id string) string {
	for _, n := range g.Nodes {
		if n.Cluster == id {
			return n.ID
		}
	}
	return id
}

func dotNode(n Node) string {
	attrs := "label=" + dotString(n.Label)
	switch n.Kind {
	case Store:
		attrs += ", shape=cylinder, style=filled, fillcolor=\"#ebf4ff\", color=\"#2b6cb0\""
	case Actor:
		attrs += ", style=\"rounded,filled,bold\", fillcolor=\"#fff5d6\", color=\"#b7791f\""
	case External:
		attrs += ", style=\"rounded,filled,dashed\", fillcolor=\"#f7fafc\", color=\"#718096\""
	}
	return n.ID + " [" + attrs + "];"
}

// dotString quotes s as a DOT string: backslash and quote escaped, line
// breaks as centred \n.
func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// htmlText escapes s for a Graphviz HTML-like label.
func htmlText(s string) string { return htmlEscaper.Replace(s) }

// htmlEscaper is made once: a replacer builds its tables (6 KB) at its
// first use, and a picture has dozens of labels.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "\n", "<br align=\"left\"/>")
