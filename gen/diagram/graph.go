package diagram

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is what a node stands for; it picks the node's shape.
type Kind int

const (
	// Service is a box: something that runs or routes.
	Service Kind = iota
	// Store is a cylinder: something that keeps data.
	Store
	// Actor is a person or system outside the picture that starts
	// traffic (a user, a CI system).
	Actor
	// External is a system outside the model that the model uses (a
	// managed API, a third party).
	External
)

func (k Kind) String() string {
	switch k {
	case Service:
		return "service"
	case Store:
		return "store"
	case Actor:
		return "actor"
	case External:
		return "external"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Style is how an edge is drawn.
type Style int

const (
	// Solid is an ordinary arrow.
	Solid Style = iota
	// Bold is a thick arrow: the main path of requests.
	Bold
	// Dashed is a light, dashed arrow: a configuration dependency (one
	// part uses another's outputs).
	Dashed
)

func (s Style) String() string {
	switch s {
	case Solid:
		return "solid"
	case Bold:
		return "bold"
	case Dashed:
		return "dashed"
	}
	return fmt.Sprintf("Style(%d)", int(s))
}

// Node is a box in the picture. Label may hold "\n" for line breaks.
// Cluster, when set, is the ID of the cluster the node sits in.
type Node struct {
	ID      string
	Label   string
	Kind    Kind
	Cluster string
}

// Cluster is a labelled group of nodes. Note is a second, smaller line
// under the label (such as the list of resource types).
type Cluster struct {
	ID    string
	Label string
	Note  string
}

// Edge is an arrow between two nodes or clusters (either end may be a
// cluster ID).
type Edge struct {
	From, To string
	Label    string
	Style    Style
}

// Graph is a whole picture, drawn left to right.
type Graph struct {
	// Name names the graph in DOT (digraph "Name").
	Name string
	// Comment lines go at the top of the rendered text as comments (for
	// example a "Code generated" header).
	Comment []string
	// Caption is a line under the picture (DOT) or a comment (Mermaid),
	// such as a legend.
	Caption  string
	Clusters []Cluster
	Nodes    []Node
	Edges    []Edge
}

// reserved are words Mermaid's flowchart grammar or DOT treat specially;
// they are never used as IDs.
var reserved = map[string]bool{
	"end": true, "subgraph": true, "graph": true, "flowchart": true, "style": true,
	"classdef": true, "class": true, "click": true, "linkstyle": true, "direction": true,
	"default": true, "call": true, "href": true, "node": true, "edge": true,
	"digraph": true, "strict": true,
}

// SafeID turns s into an identifier both Mermaid and DOT accept without
// quoting: lower-case letters, digits and underscores, starting with a
// letter, never a keyword of either language.
func SafeID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	id := strings.TrimRight(b.String(), "_")
	if id == "" {
		id = "n"
	} else if id[0] < 'a' || id[0] > 'z' {
		id = "n_" + id
	}
	if reserved[id] {
		id += "_"
	}
	return id
}

// IsSafeID reports whether id is already in the form SafeID makes.
func IsSafeID(id string) bool { return id != "" && SafeID(id) == id }

// Validate checks that every ID is safe and unique (nodes and clusters
// share one name space), every node's cluster exists, and every edge
// joins existing nodes or clusters. All problems are reported together.
func (g *Graph) Validate() error {
	var errs []error
	seen := map[string]string{}
	add := func(id, what string) {
		if !IsSafeID(id) {
			errs = append(errs, fmt.Errorf("diagram: %s id %q is not a safe identifier (use SafeID)", what, id))
		}
		if prev, ok := seen[id]; ok {
			errs = append(errs, fmt.Errorf("diagram: %s id %q is already used by a %s", what, id, prev))
			return
		}
		seen[id] = what
	}
	for _, c := range g.Clusters {
		add(c.ID, "cluster")
	}
	for _, n := range g.Nodes {
		add(n.ID, "node")
		if n.Cluster != "" && seen[n.Cluster] != "cluster" {
			errs = append(errs, fmt.Errorf("diagram: node %q is in cluster %q, which does not exist", n.ID, n.Cluster))
		}
	}
	for _, e := range g.Edges {
		for _, end := range []string{e.From, e.To} {
			if _, ok := seen[end]; !ok {
				errs = append(errs, fmt.Errorf("diagram: edge %s -> %s: no node or cluster %q", e.From, e.To, end))
			}
		}
	}
	return errors.Join(errs...)
}

// node returns the node with id, or nil.
func (g *Graph) node(id string) *Node {
	for i := range g.Nodes {
		if g.Nodes[i].ID == id {
			return &g.Nodes[i]
		}
	}
	return nil
}

// isCluster reports whether id names a cluster.
func (g *Graph) isCluster(id string) bool {
	for _, c := range g.Clusters {
		if c.ID == id {
			return true
		}
	}
	return false
}

// clusterOf is the cluster an edge end belongs to: the cluster itself, the
// node's cluster, or "" for a free node.
func (g *Graph) clusterOf(id string) string {
	if g.isCluster(id) {
		return id
	}
	if n := g.node(id); n != nil {
		return n.Cluster
	}
	return ""
}
