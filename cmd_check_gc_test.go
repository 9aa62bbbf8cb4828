package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/batchgc"
)

// collectorAt sets GOGC to percent and no memory limit for the test, with
// neither GOGC nor GOMEMLIMIT in the environment, and puts the collector
// and the environment back after it.
func collectorAt(t *testing.T, percent int) {
	p, l := debug.SetGCPercent(percent), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(p); debug.SetMemoryLimit(l) })
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOGC")
	os.Unsetenv("GOMEMLIMIT")
}

// TestCheckCollector: while a plan is judged the collector waits for a
// memory limit of twice the file's size plus 64 MiB; restore puts back
// what was set; the first collection puts it back too (a run that
// reaches the limit must not be held there); Rego runs and a GOGC or
// GOMEMLIMIT in the environment keep the collector as it is.
func TestCheckCollector(t *testing.T) {
	plan := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(plan, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	collectorAt(t, 400)

	restore := checkCollector(plan, false)
	if p, l := batchgc.Percent(), debug.SetMemoryLimit(-1); p != -1 || l != 2<<20+64<<20 {
		t.Errorf("during the check: GOGC %d, limit %d; want off and %d", p, l, 2<<20+64<<20)
	}
	restore()
	if p, l := batchgc.Percent(), debug.SetMemoryLimit(-1); p != 400 || l != math.MaxInt64 {
		t.Errorf("after restore: GOGC %d, limit %d; want 400 and none", p, l)
	}

	checkCollector(plan, false)
	runtime.GC()
	for deadline := time.Now().Add(10 * time.Second); batchgc.Percent() != 400 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if p, l := batchgc.Percent(), debug.SetMemoryLimit(-1); p != 400 || l != math.MaxInt64 {
		t.Errorf("after the first collection: GOGC %d, limit %d; want 400 and none", p, l)
	}

	checkCollector(plan, true)()
	if p := batchgc.Percent(); p != 400 {
		t.Errorf("with Rego: GOGC %d, want 400 as it was", p)
	}
	t.Setenv("GOGC", "200")
	checkCollector(plan, false)
	if p := batchgc.Percent(); p != 400 {
		t.Errorf("with GOGC set: GOGC %d, want 400 as it was", p)
	}
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	if checkCollector(filepath.Join(t.TempDir(), "missing.json"), false)(); batchgc.Percent() != 400 {
		t.Error("a plan that is not there changed the collector")
	}
}

// forcedCollections is how many collections runtime.GC has asked for in
// this process so far.
func forcedCollections() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestCheckForcesNoCollection: moochat check writes its report, in every
// format, without a runtime.GC (the collector, set back, collects on its
// own), and a check that succeeds or fails on its input leaves the
// collector as it found it.
func TestCheckForcesNoCollection(t *testing.T) {
	collectorAt(t, 300)
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"format_version": "1.2", "resource_changes": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		plan, format string
		code         int
	}{
		{"gen/policy/testdata/plans/storage.json", "json", 1},
		{"gen/policy/testdata/plans/storage.json", "text", 1},
		{"gen/policy/testdata/plans/service.json", "sarif", 1},
		{"gen/policy/testdata/plans/service.json", "junit", 1},
		{bad, "json", 2},
	} {
		before := forcedCollections()
		var out, errb bytes.Buffer
		code := runCheck([]string{"-plan", c.plan, "-format", c.format}, &out, &errb)
		if code != c.code {
			t.Fatalf("check %s -format %s: exit %d, want %d\n%s", c.plan, c.format, code, c.code, errb.String())
		}
		if n := forcedCollections() - before; n != 0 {
			t.Errorf("check %s -format %s forced %d collection(s)", c.plan, c.format, n)
		}
		if p, l := batchgc.Percent(), debug.SetMemoryLimit(-1); p != 300 || l != math.MaxInt64 {
			t.Errorf("after check %s -format %s: GOGC %d, limit %d; want 300 and none", c.plan, c.format, p, l)
		}
	}
}
