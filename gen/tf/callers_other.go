//go:build !amd64

package tf

import "runtime"

// callers fills pcs as runtime.Callers(skip+1, pcs) called by its caller
// would: callers(0, ...) starts in the function that called it.
func callers(skip int, pcs []uintptr) { runtime.Callers(skip+2, pcs) }
