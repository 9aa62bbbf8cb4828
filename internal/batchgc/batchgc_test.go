package batchgc

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestTuneCollectsAsBeforeAfterTheFirstCollection: a batch process starts
// without collections up to a 64 MiB heap, and after the first one it
// collects at GOGC=400 with no memory limit, so a large model is not held
// to 64 MiB.
func TestTuneCollectsAsBeforeAfterTheFirstCollection(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	Tune()
	percent := func() int { p := debug.SetGCPercent(0); debug.SetGCPercent(p); return p }
	if p, limit := percent(), debug.SetMemoryLimit(-1); p != -1 || limit != 64<<20 {
		t.Fatalf("before the first collection: GOGC %d, limit %d; want off and 64 MiB", p, limit)
	}
	runtime.GC()
	for deadline := time.Now().Add(10 * time.Second); percent() != 400 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if p, limit := percent(), debug.SetMemoryLimit(-1); p != 400 || limit != math.MaxInt64 {
		t.Fatalf("after the first collection: GOGC %d, limit %d; want 400 and none", p, limit)
	}
}
