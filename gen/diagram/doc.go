// Package diagram draws architecture pictures from the tf model.
//
// A Graph is a small, generic picture model: nodes (id, label, kind,
// cluster), clusters (id, label, note) and edges (from, to, label, style).
// FromModule builds one from a root module: one cluster per module call,
// labelled with the call's name and a short list of its key resource
// types, with one node per key resource type inside it, and a dashed edge
// wherever a call's inputs (or depends_on) use another call's outputs
// (chat -> redis "endpoint" when module.chat reads module.redis's
// endpoint). What the model cannot know — people and outside systems, and
// the path a request takes — comes from the caller as annotations
// (Options.Nodes and Options.Edges).
//
// Mermaid and DOT render a Graph as Mermaid flowchart text and Graphviz
// DOT text; both are pure functions of the Graph, deterministic to the
// byte. SVG turns DOT into SVG by running `dot -Tsvg` when Graphviz is on
// PATH and reports ErrNoDot otherwise; StampSVG records the SHA-256 of the
// DOT source in the SVG so a test can tell a committed SVG is current
// without Graphviz. Embed replaces the text between two marker lines of a
// document, for keeping a Mermaid block in a README current.
//
// The package knows nothing about any particular platform: what is drawn
// where is the caller's business.
package diagram
