package deepstack

import (
	"runtime"
	"testing"
)

// TestGrowDoesNotChangeWhatRuns: Grow returns on a fresh goroutine and on
// one whose stack is already deep.
func TestGrowDoesNotChangeWhatRuns(t *testing.T) {
	done := make(chan int)
	go func() {
		Grow()
		done <- depth(1000)
	}()
	if got := <-done; got != 1000 {
		t.Fatalf("depth = %d, want 1000", got)
	}
	runtime.Gosched()
}

func depth(n int) int {
	if n == 0 {
		return 0
	}
	Grow()
	return 1 + depth(n-1)
}
