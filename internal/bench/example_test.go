package bench_test

import (
	"fmt"
	"os"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

// Two sides of a workload, summarised and printed as a row.
func ExampleWriteTable() {
	ours := bench.Summarize([]bench.Sample{
		{Wall: 1200 * time.Millisecond, CPU: 1100 * time.Millisecond, Peak: 300 << 20},
		{Wall: 1000 * time.Millisecond, CPU: 1000 * time.Millisecond, Peak: 310 << 20},
		{Wall: 1100 * time.Millisecond, CPU: 900 * time.Millisecond, Peak: 290 << 20},
	})
	base := bench.Summarize([]bench.Sample{{Wall: 2 * time.Second, CPU: 2 * time.Second, Peak: 620 << 20}})
	bench.WriteTable(os.Stdout, []bench.Row{{Workload: "check, 100k changes", How: "process",
		Ours: bench.Side{Name: "moochat check", Stats: ours}, Base: bench.Side{Name: "tfjson decode", Stats: base}}})
	// Output:
	// #  workload             measured  ours           baseline       runs   cpu s        wall s       peak MiB   cpu ratio  wall ratio  peak ratio
	// 1  check, 100k changes  process   moochat check  tfjson decode  3 / 1  1.00 / 2.00  1.10 / 2.00  310 / 620  0.50       0.55        0.50
}

// A workload measured in this process: its wall and CPU time, and the
// peak of its heap.
func ExampleInProcess() {
	var kept [][]byte
	s := bench.InProcess(func() {
		for range 16 {
			kept = append(kept, make([]byte, 1<<20))
		}
	})
	fmt.Println(len(kept), s.Peak >= 16<<20)
	// Output: 16 true
}
