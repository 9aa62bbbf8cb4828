// Package batchgc sets the collector for a short-lived batch process that
// builds one large model: gen, and the commands of make bench that stand
// for it.
package batchgc

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Tune lets the heap grow to five times its live size between
// collections unless GOGC or GOMEMLIMIT says otherwise: a run lives for a
// second and builds one large model, so collecting as often as a server
// would only costs time (BenchmarkPairs/cli-gc in gen/render measures the
// gain). Before the first collection the heap may reach 320 MiB: a run of
// the platform allocates about 20 MB, and one of 100k bucket + policy
// pairs about 260 MB, nearly all of it the model and its rendered files,
// live to the end. A collection at a smaller heap would mark all of it
// and free next to nothing (at 64 MiB, as before: 69 -> 66 MB, 60 ms of
// CPU in a 0.75 s run), and the heap would then grow to five times what
// it kept, 320 MiB, anyway. A larger model collects at 320 MiB and from
// then on as above. What this costs is a run that makes mostly garbage:
// it may hold up to 320 MiB before it first collects.
//
// The first goal is GOGC's own: the runtime's smallest heap goal is
// 4 MiB at GOGC=100 and grows with GOGC, so GOGC=8000 sets it to 320 MiB.
// (A memory limit with the collector off, as once before, also started a
// second collection straight after the first, before the finalizer below
// had lifted the limit: twice the marking of the heap.)
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
	// firstPercent makes the first heap goal 320 MiB (80 x 4 MiB).
	firstPercent = 8000
	// percent is GOGC from the first collection on.
	percent = 400
)

// Percent is GOGC as the runtime has it (-1: off), read without setting
// it: a read by SetGCPercent and a write back would undo a SetGCPercent
// that ran between them (Tune's finalizer's, a test's cleanup), and would
// run the collector at the setting read with meanwhile. The tests of Tune
// and of moochat check's collector read it.
func Percent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(int64(s[0].Value.Uint64()))
}
