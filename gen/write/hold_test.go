package write

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTreeWaitsForTheInterruptHold: the hold is set up on a goroutine of
// its own while the caller's work starts, but nothing is written before
// it is in place, so that a Ctrl-C during the write is still held.
func TestTreeWaitsForTheInterruptHold(t *testing.T) {
	root := t.TempDir()
	written := false
	real := notify
	notify = func(c chan<- os.Signal, sig ...os.Signal) {
		time.Sleep(50 * time.Millisecond) // a slow signal thread
		_, err := os.Stat(filepath.Join(root, "a.txt"))
		written = err == nil
		real(c, sig...)
	}
	defer func() { notify = real }()
	HoldingInterrupts(func() {
		if _, err := Tree(root, []File{{Path: "a.txt", Data: []byte(Marker + "a test")}}); err != nil {
			t.Fatal(err)
		}
	})
	if written {
		t.Error("the tree was written before the interrupt hold was in place")
	}
	if _, err := os.Stat(filepath.Join(root, "a.txt")); err != nil {
		t.Errorf("the tree was not written: %v", err)
	}
}
