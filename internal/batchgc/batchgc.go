// Package batchgc sets the collector for a short-lived batch process that
// builds one large model: gen, and the commands of make bench that stand
// for it.
package batchgc

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// Tune lets the heap grow to five times its live size between
// collections unless GOGC or GOMEMLIMIT says otherwise: a run lives for a
// second and builds one large model, so collecting as often as a server
// would only costs time (BenchmarkPairs/cli-gc in gen/render measures the
// gain). Before the first collection the heap may reach 64 MiB: a run of
// the platform allocates about 20 MB and ends before a collection would
// have freed anything worth it; a larger model collects at 64 MiB and
// from then on as above.
func Tune() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(64 << 20)
	// A finalizer runs after the collection that finds its object gone:
	// the first one, as nothing refers to this.
	runtime.SetFinalizer(new([16]byte), func(*[16]byte) {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
