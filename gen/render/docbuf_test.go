package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDocBufferIsBytesBuffer: random writes and Grows of a docBuffer
// leave it holding what a bytes.Buffer holds, and after Grow(n) there is
// room for n more bytes, taken by appending without moving the buffer.
func TestDocBufferIsBytesBuffer(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 13))
	for round := range 200 {
		var b docBuffer
		var want bytes.Buffer
		for op := range 60 {
			switch rng.IntN(3) {
			case 0:
				n := rng.IntN(1 << rng.IntN(14))
				b.Grow(n)
				if room := cap(b.buf) - len(b.buf); room < n {
					t.Fatalf("round %d, op %d: Grow(%d) left room for %d", round, op, n, room)
				}
				if n > 0 {
					s := strings.Repeat(string(rune('a'+op%26)), n)
					at := &b.buf[:len(b.buf)+1][len(b.buf)]
					b.buf = append(b.buf, s...)
					if &b.buf[len(b.buf)-n] != at {
						t.Fatalf("round %d, op %d: appending %d bytes after Grow(%d) moved the buffer", round, op, n, n)
					}
					want.WriteString(s)
				}
			default:
				s := strings.Repeat(string(rune('A'+op%26)), rng.IntN(100))
				b.WriteString(s)
				want.WriteString(s)
			}
			if !bytes.Equal(b.Bytes(), want.Bytes()) || b.String() != want.String() {
				got := b.Bytes()
				i := 0
				for i < len(got) && i < want.Len() && got[i] == want.Bytes()[i] {
					i++
				}
				t.Fatalf("round %d, op %d: docBuffer holds %d bytes, want %d; first difference at %d", round, op, len(got), want.Len(), i)
			}
		}
	}
}
