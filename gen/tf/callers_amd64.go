package tf

import "unsafe"

// getfp returns the frame pointer of the function that calls it.
func getfp() unsafe.Pointer

// callers fills pcs with return addresses, as runtime.Callers(skip+1, pcs)
// would (callers(0, ...) starts in the function that called it), but by
// following the frame pointers Go keeps on amd64 instead of unwinding with
// the symbol tables: a few nanoseconds instead of a few hundred, which
// matters where a model records the position of every attribute. The
// addresses are physical frames; runtime.CallersFrames expands the inlined
// calls inside them when a position is resolved. It neither calls anything
// nor grows the stack, so the frames cannot move while it reads them.
//
//go:noinline
//go:nosplit
func callers(skip int, pcs []uintptr) {
	fp := getfp() // this function's own frame
	for range skip {
		if fp = *(*unsafe.Pointer)(fp); fp == nil {
			return
		}
	}
	for i := range pcs {
		// A frame holds the caller's frame pointer, and above it the
		// return address into the caller.
		pcs[i] = *(*uintptr)(unsafe.Add(fp, unsafe.Sizeof(uintptr(0))))
		if fp = *(*unsafe.Pointer)(fp); fp == nil {
			return
		}
	}
}
