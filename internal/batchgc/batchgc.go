// Package batchgc sets the collector for a short-lived batch process that
// builds one large model: gen, and the commands of make bench that stand
// for it.
package batchgc

import (
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
//
// The first goal is GOGC's own: the runtime's smallest heap goal is
// 4 MiB at GOGC=100 and grows with GOGC, so GOGC=1600 sets it to 64 MiB.
// (A memory limit of 64 MiB with the collector off, as before, also
// started a second collection straight after the first, before the
// finalizer below had lifted the limit: twice the marking of a 60 MB
// heap.)
func Tune() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(firstPercent)
	// A finalizer runs after the collection that finds its object gone:
	// the first one, as nothing refers to this.
	runtime.SetFinalizer(new([16]byte), func(*[16]byte) { debug.SetGCPercent(percent) })
}

const (
	// firstPercent makes the first heap goal 64 MiB (16 x 4 MiB).
	firstPercent = 1600
	// percent is GOGC from the first collection on.
	percent = 400
)
