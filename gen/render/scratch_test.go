package render_test

import (
	"path"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
)

// TestFilesHoldOnlyTheirOwnBytes: each rendered file, HCL or JSON, is
// copied out of the renderer's pooled buffer at about its own size, so
// that a module's many small files do not each keep a 16 KiB buffer.
// (README.md is written apart, by Docs.)
func TestFilesHoldOnlyTheirOwnBytes(t *testing.T) {
	for _, format := range []render.Format{render.HCL, render.JSON} {
		small := 0
		for p, data := range renderAll(t, kitchenSink(), format) {
			if len(data) >= 4<<10 || path.Base(p) == "README.md" {
				continue
			}
			small++
			if cap(data) >= 8<<10 {
				t.Errorf("%s %s: %d bytes held in a buffer of %d", format, p, len(data), cap(data))
			}
		}
		if small == 0 {
			t.Errorf("%s: no file under 4 KiB to look at", format)
		}
	}
}
