package bench

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// InProcess runs f once in this process and measures it: wall time, CPU
// time (user + system, of the whole process while f ran) and the peak of
// the heap's objects (live or not yet collected, as the GC settings
// leave them), sampled every millisecond after a collection, so that a
// benchmark can report a workload and its baseline from the same run.
func InProcess(f func()) Sample {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	start, cpu := time.Now(), SelfCPU()
	f()
	s := Sample{Wall: time.Since(start), CPU: SelfCPU() - cpu}
	read()
	close(stop)
	<-done
	s.Peak = int64(peak.Load())
	return s
}
