package tfrun

import (
	"context"
	"sync"
)

// launchedPaths records the terraform binaries runners use, so that
// KillRunning kills those and nothing else.
var launchedPaths sync.Map

func launched(path string) bool {
	_, ok := launchedPaths.Load(path)
	return ok
}

// Each runs fn for every name, at most parallel at a time (parallel < 1
// means one at a time), and returns each one's error by name. It does not
// stop the others when one fails: each environment gets its own verdict.
func Each(ctx context.Context, names []string, parallel int, fn func(ctx context.Context, name string) error) map[string]error {
	if parallel < 1 {
		parallel = 1
	}
	errs := make(map[string]error, len(names))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			err := fn(ctx, name)
			mu.Lock()
			errs[name] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	return errs
}
