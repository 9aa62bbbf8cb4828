package tf

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// frames symbolizes pcs as "function file:line", inlined calls expanded.
func frames(pcs []uintptr) []string {
	var out []string
	fs := runtime.CallersFrames(pcs)
	for {
		f, more := fs.Next()
		if f.Function != "" {
			out = append(out, fmt.Sprintf("%s %s:%d", f.Function, f.File, f.Line))
		}
		if !more {
			return out
		}
	}
}

// viaCallers and viaRuntime record the same stack the two ways, from one
// line, so every frame must agree.
//
//go:noinline
func viaCallers(skip int) []string {
	var pcs [8]uintptr
	callers(skip, pcs[:])
	return frames(pcs[:])
}

//go:noinline
func viaRuntime(skip int) []string {
	var pcs [8]uintptr
	runtime.Callers(skip+1, pcs[:])
	return frames(pcs[:])
}

// inlinedPair is small enough to be inlined into its callers, so the
// physical frames callers reads hold an inlined call to expand.
func inlinedPair(skip int) (a, b []string) { return viaCallers(skip), viaRuntime(skip) }

//go:noinline
func deeper(n, skip int) (a, b []string) {
	if n == 0 {
		return inlinedPair(skip)
	}
	return deeper(n-1, skip)
}

// TestCallersMatchesRuntime checks the frame-pointer walk against the
// runtime's unwinder: the same frames, lines included, for each skip.
func TestCallersMatchesRuntime(t *testing.T) {
	for skip := 0; skip < 4; skip++ {
		a, b := deeper(3, skip)
		// Frame 0 of each is its own recorder; the rest must agree up to
		// the test's own frame (below it, runtime.Callers leaves out the
		// goroutine's wrapper function).
		a, b = upToTest(a), upToTest(b)
		if len(a) < 2 || len(a) != len(b) {
			t.Fatalf("skip %d: callers gave %d frames, runtime %d:\n%v\n%v", skip, len(a), len(b), a, b)
		}
		for i := 1; i < len(a); i++ {
			if a[i] != b[i] {
				t.Errorf("skip %d, frame %d: callers %q, runtime %q", skip, i, a[i], b[i])
			}
		}
	}
}

// upToTest cuts a frame list after TestCallersMatchesRuntime.
func upToTest(fs []string) []string {
	for i, f := range fs {
		if strings.Contains(f, ".TestCallersMatchesRuntime ") {
			return fs[:i+1]
		}
	}
	return fs
}
