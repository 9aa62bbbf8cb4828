package diagram

import (
	"bytes"
	"fmt"
)

// Embed returns doc with the lines between the line holding begin and the
// line holding end replaced by block; the marker lines and everything
// outside them are kept byte for byte. It fails unless each marker occurs
// exactly once, begin first.
func Embed(doc []byte, begin, end string, block []byte) ([]byte, error) {
	start, stop, err := markers(doc, begin, end)
	if err != nil {
		return nil, err
	}
	if len(block) > 0 && block[len(block)-1] != '\n' {
		block = append(append([]byte{}, block...), '\n')
	}
	out := make([]byte, 0, len(doc)+len(block))
	out = append(out, doc[:start]...)
	out = append(out, block...)
	return append(out, doc[stop:]...), nil
}

// Embedded returns the text between the begin and end marker lines.
func Embedded(doc []byte, begin, end string) ([]byte, error) {
	start, stop, err := markers(doc, begin, end)
	if err != nil {
		return nil, err
	}
	return doc[start:stop], nil
}

// markers finds the byte range strictly between the two marker lines: from
// the start of the line after begin to the start of the line holding end.
func markers(doc []byte, begin, end string) (int, int, error) {
	if n := bytes.Count(doc, []byte(begin)); n != 1 {
		return 0, 0, fmt.Errorf("diagram: marker %q occurs %d times, want once", begin, n)
	}
	if n := bytes.Count(doc, []byte(end)); n != 1 {
		return 0, 0, fmt.Errorf("diagram: marker %q occurs %d times, want once", end, n)
	}
	b := bytes.Index(doc, []byte(begin))
	e := bytes.Index(doc, []byte(end))
	if e < b {
		return 0, 0, fmt.Errorf("diagram: marker %q comes before %q", end, begin)
	}
	nl := bytes.IndexByte(doc[b:], '\n')
	if nl < 0 || b+nl >= e {
		return 0, 0, fmt.Errorf("diagram: %q and %q must be on separate lines", begin, end)
	}
	start := b + nl + 1
	stop := bytes.LastIndexByte(doc[:e], '\n') + 1
	return start, stop, nil
}

// MermaidBlock wraps Mermaid source in a ```mermaid fence for Markdown.
func MermaidBlock(src []byte) []byte {
	var b bytes.Buffer
	b.WriteString("```mermaid\n")
	b.Write(src)
	if len(src) > 0 && src[len(src)-1] != '\n' {
		b.WriteByte('\n')
	}
	b.WriteString("```\n")
	return b.Bytes()
}
