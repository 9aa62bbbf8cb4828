package batchgc

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// TestTuneCollectsFirstAt320MiBThenAtGOGC400: a batch process starts with
// a first heap goal of 320 MiB and no memory limit, and after the first
// collection it collects at GOGC=400: a heap that outgrows the first
// goal grows with what it keeps, held to no fixed size.
func TestTuneCollectsFirstAt320MiBThenAtGOGC400(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	Tune()
	if p, limit := Percent(), debug.SetMemoryLimit(-1); p != 8000 || limit != math.MaxInt64 {
		t.Fatalf("before the first collection: GOGC %d, limit %d; want 8000 and none", p, limit)
	}
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	runtime.GC()
	for deadline := time.Now().Add(10 * time.Second); Percent() != 400 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if p := Percent(); p != 400 {
		t.Fatalf("after the first collection: GOGC %d, want 400", p)
	}
	metrics.Read(s)
	// A test binary's live heap is a few MiB: at GOGC=400 the goal is
	// the runtime's floor for it, 16 MiB, not 320.
	if goal := s[0].Value.Uint64(); goal >= 64<<20 {
		t.Errorf("heap goal after the first collection %d MiB, want below 64", goal>>20)
	}
}

// TestTuneFirstGoalIs320MiB: with the setting Tune makes, the runtime's
// heap goal before any collection of a small heap is 320 MiB, as the
// comment on firstPercent has it.
func TestTuneFirstGoalIs320MiB(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(firstPercent))
	runtime.GC() // the goal is worked out afresh, from a small live heap
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	if goal := s[0].Value.Uint64(); goal != 320<<20 {
		t.Errorf("heap goal at GOGC=%d: %d bytes, want 320 MiB", firstPercent, goal)
	}
}

// TestTuneLeavesGOGCAlone: GOGC set by the user wins.
func TestTuneLeavesGOGCAlone(t *testing.T) {
	t.Setenv("GOGC", "150")
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	Tune()
	if p := Percent(); p != 150 {
		t.Errorf("GOGC %d after Tune with GOGC=150 set, want 150", p)
	}
}

// TestTuneLeavesGOMEMLIMITAlone: a memory limit set by the user means the
// user tunes the collector: Tune leaves GOGC as it is.
func TestTuneLeavesGOMEMLIMITAlone(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "1GiB")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	Tune()
	if p := Percent(); p != 100 {
		t.Errorf("GOGC %d after Tune with GOMEMLIMIT=1GiB set, want 100", p)
	}
}
