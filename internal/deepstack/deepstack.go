// Package deepstack grows a new goroutine's stack in one step, before the
// goroutine's work recurses.
//
// A goroutine starts on a small stack that doubles each time a call needs
// more, and each doubling copies the stack, walking every frame on it to
// move its pointers. The generator's goroutines parse, render and evaluate
// by recursion, so they used to double their stacks three or four times,
// each time many frames deep; with the collector off for the length of a
// run, a stack never shrinks back. Grow, called first, does the growing
// while the stack holds a frame or two.
package deepstack

// Size is the stack Grow gives a goroutine: what most of the generator's
// goroutines (rendering, syntax trees, validation) come to. The deepest
// (the policy check's) double once more, from there. A larger Size only
// costs: Grow clears its frame, and fresh stack pages are page faults.
const Size = 16 << 10

// frame is Grow's own frame: the runtime makes a stack big enough for the
// largest frame of the function it grows the stack for, doubling from the
// goroutine's first stack, so a frame of half Size gives a stack of Size.
const frame = Size/2 - 1<<10

// Grow makes the calling goroutine's stack at least Size bytes, unless it
// already is. Call it first thing on a goroutine that recurses deeply.
//
//go:noinline
func Grow() {
	var b [frame]byte
	keep(&b)
}

// keep makes b look used, so that Grow's frame is not optimized away.
//
//go:noinline
func keep(b *[frame]byte) { b[0] = 1 }
