package render

import (
	"strings"
	"unicode"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Readable output: the two layouts a person writing HCL by hand uses and
// that terraform fmt keeps as they are. A multi-line string is written as
// an indented heredoc, and a list too wide for one line is written one
// element per line. JSON is unaffected: it keeps strings as strings.

// wrapWidth is the widest a list may be on one line (its own text, from
// `[` to `]`) before it is written one element per line. It counts the list
// alone, not the line it is on, so the decision does not depend on how far
// the `=` of an aligned run is pushed right.
const wrapWidth = 72

// tooWide reports whether a list of two or more single-line elements is
// wider than wrapWidth when written on one line.
func tooWide(t tf.Tuple) bool {
	if len(t.Elems) < 2 {
		return false
	}
	sub := hclWriter{errs: &exprErrors{}}
	sub.tuple(t, 0, true)
	return columns(string(sub.buf)) > wrapWidth
}

// valueTooWide is tooWide for a literal list, set or tuple value.
func valueTooWide(v cty.Value) bool {
	if v.LengthInt() < 2 {
		return false
	}
	sub := hclWriter{errs: &exprErrors{}}
	sub.value(v, 0, true)
	return columns(string(sub.buf)) > wrapWidth
}

// heredocMarkers are tried in order; the first that no line of the text
// starts with closes the heredoc.
var heredocMarkers = []string{"EOT", "EOF", "EOH", "END_OF_TEXT"}

// heredocPlan is what writing one heredoc needs: its closing marker.
type heredocPlan struct {
	marker string
}

// planHeredoc decides whether e, a string literal or template, is written
// as an indented heredoc (<<-EOT). It is when the text has two or more
// lines and ends with a newline (a heredoc always does), and when the
// result reads back to exactly the same string: no carriage returns or
// other control characters but tabs, and at least one line that starts
// without white space, so that the indentation terraform strips from a
// <<- heredoc is exactly the indentation added here.
func planHeredoc(e tf.Expr) (heredocPlan, bool) {
	var text string
	switch x := e.(type) {
	case tf.Str:
		// A heredoc ends with a newline, which NFC leaves where it is:
		// most strings are decided before their text is normalized.
		if len(x) == 0 || x[len(x)-1] != '\n' {
			return heredocPlan{}, false
		}
		text = x.Text()
	case tf.Literal:
		if x.Value.Type() != cty.String || !x.Value.IsKnown() || x.Value.IsNull() || x.Value.IsMarked() {
			return heredocPlan{}, false
		}
		text = x.Value.AsString()
	case tf.Template:
		// The text must end with a newline, so its last part is a
		// literal that does: most templates are decided here, before
		// their text is built.
		if len(x.Parts) == 0 {
			return heredocPlan{}, false
		}
		if last, ok := literalString(x.Parts[len(x.Parts)-1]); !ok || !strings.HasSuffix(last, "\n") {
			return heredocPlan{}, false
		}
		var b strings.Builder
		for _, p := range x.Parts {
			if s, ok := literalString(p); ok {
				b.WriteString(s)
			} else if multiline(p) {
				return heredocPlan{}, false
			} else {
				// An interpolation is never white space.
				b.WriteByte('x')
			}
		}
		text = b.String()
		if len(x.Parts) == 0 {
			return heredocPlan{}, false
		}
		if _, ok := literalString(x.Parts[len(x.Parts)-1]); !ok {
			return heredocPlan{}, false
		}
	default:
		return heredocPlan{}, false
	}
	if !strings.HasSuffix(text, "\n") || strings.Count(text, "\n") < 2 {
		return heredocPlan{}, false
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return heredocPlan{}, false
		}
	}
	lines := strings.Split(text[:len(text)-1], "\n")
	flush := false
	for _, l := range lines {
		if l == "" {
			continue
		}
		// The indentation must stay a cluster of its own: a combining
		// mark at the start of a line would join the last space.
		if n, _, _ := textseg.ScanGraphemeClusters([]byte(" "+l), true); n != 1 {
			return heredocPlan{}, false
		}
		if strings.TrimLeftFunc(l, unicode.IsSpace) == l {
			flush = true
		}
	}
	if !flush {
		return heredocPlan{}, false
	}
	for _, marker := range heredocMarkers {
		clash := false
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimLeftFunc(l, unicode.IsSpace), marker) {
				clash = true
				break
			}
		}
		if !clash {
			return heredocPlan{marker: marker}, true
		}
	}
	return heredocPlan{}, false
}

func literalString(e tf.Expr) (string, bool) {
	if s, ok := e.(tf.Str); ok {
		return s.Text(), true
	}
	l, ok := e.(tf.Literal)
	if !ok || l.Value.Type() != cty.String || !l.Value.IsKnown() || l.Value.IsNull() || l.Value.IsMarked() {
		return "", false
	}
	return l.Value.AsString(), true
}

// heredoc writes e as planned: the opener on the attribute's line, each
// line of text indented one level deeper than the attribute (blank lines
// left empty, which terraform reads back as empty), and the marker at the
// attribute's own indentation.
func (w *hclWriter) heredoc(e tf.Expr, p heredocPlan, level int) {
	w.buf = append(w.buf, "<<-"...)
	w.buf = append(w.buf, p.marker...)
	w.buf = append(w.buf, '\n')
	lineStart := true
	text := func(s string) {
		for s != "" {
			// A line of white space alone is not re-indented: terraform
			// leaves such lines as they are when it strips indentation.
			if lineStart {
				if i := strings.IndexByte(s, '\n'); i < 0 || strings.TrimLeftFunc(s[:i], unicode.IsSpace) != "" {
					w.indent(level + 1)
				}
			}
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				w.buf = appendTemplateEscaped(w.buf, s)
				lineStart = false
				return
			}
			w.buf = appendTemplateEscaped(w.buf, s[:i+1])
			lineStart = true
			s = s[i+1:]
		}
	}
	switch x := e.(type) {
	case tf.Str:
		text(x.Text())
	case tf.Literal:
		text(x.Value.AsString())
	case tf.Template:
		for _, part := range x.Parts {
			if s, ok := literalString(part); ok {
				text(s)
				continue
			}
			if lineStart {
				w.indent(level + 1)
				lineStart = false
			}
			w.buf = append(w.buf, "${"...)
			w.expr(part, 0, true)
			w.buf = append(w.buf, '}')
		}
	}
	w.indent(level)
	w.buf = append(w.buf, p.marker...)
}
