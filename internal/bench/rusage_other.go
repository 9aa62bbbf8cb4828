//go:build !unix

package bench

import (
	"os"
	"time"
)

// maxRSS is unknown where there is no rusage.
func maxRSS(*os.ProcessState) int64 { return 0 }

// SelfCPU is unknown where there is no rusage.
func SelfCPU() time.Duration { return 0 }
