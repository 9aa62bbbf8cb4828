package diagram

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"sync"
)

// ErrNoDot is returned by SVG when Graphviz's dot is not on PATH.
var ErrNoDot = errors.New("skipped: dot not installed (install graphviz)")

// SVG renders DOT source into SVG with `dot -Tsvg`, stamped with the
// source's hash (see StampSVG). It returns ErrNoDot when dot is not on
// PATH.
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	bin, err := exec.LookPath("dot")
	if err != nil {
		return nil, ErrNoDot
	}
	cmd := exec.CommandContext(ctx, bin, "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dot -Tsvg: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return StampSVG(stdout.Bytes(), dot)
}

// SourceHash is the hex SHA-256 of DOT source, as StampSVG records it.
func SourceHash(dot []byte) string {
	sum := sha256.Sum256(dot)
	return hex.EncodeToString(sum[:])
}

var stampRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<!-- dot-source-sha256: ([0-9a-f]{64}) `) })

// StampSVG puts a comment with the SHA-256 of the DOT source it was made
// from in front of the <svg> element, so that a test without Graphviz can
// tell whether a committed SVG still matches its source.
func StampSVG(svg, dot []byte) ([]byte, error) {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return nil, errors.New("diagram: dot output has no <svg> element")
	}
	stamp := fmt.Sprintf("<!-- dot-source-sha256: %s (rendered by dot -Tsvg; regenerate with make diagrams) -->\n", SourceHash(dot))
	out := make([]byte, 0, len(svg)+len(stamp))
	out = append(out, svg[:i]...)
	out = append(out, stamp...)
	return append(out, svg[i:]...), nil
}

// SVGSourceHash is the DOT source hash recorded in svg by StampSVG.
func SVGSourceHash(svg []byte) (string, bool) {
	m := stampRE().FindSubmatch(svg)
	if m == nil {
		return "", false
	}
	return string(m[1]), true
}
