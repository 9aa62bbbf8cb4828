//go:build !unix

package bench

import (
	"os"
	"time"
)

// maxRSS is unknown where there is no rusage.
func maxRSS(*os.ProcessState) int64 { return 0 }

// selfCPU is unknown where there is no rusage.
func selfCPU() time.Duration { return 0 }
