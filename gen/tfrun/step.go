package tfrun

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// StepKind says what happened to a step.
type StepKind int

const (
	StepStart   StepKind = iota // the step began
	StepDone                    // the step ended; Err is set when it failed
	StepSkipped                 // the step was not needed; Reason says why
	StepRunning                 // the step has been silent for Config.Heartbeat
	StepNotice                  // something the user must hear; Reason says what
)

func (k StepKind) String() string {
	switch k {
	case StepStart:
		return "start"
	case StepDone:
		return "done"
	case StepSkipped:
		return "skipped"
	case StepRunning:
		return "running"
	case StepNotice:
		return "notice"
	}
	return "?"
}

// StepEvent reports progress of one step in one root module.
type StepEvent struct {
	Dir     string // root module directory
	Step    string // "init", "plan", "show", "check", "apply", ...
	Kind    StepKind
	Elapsed time.Duration // since the step started (StepDone, StepRunning)
	Reason  string        // why a step was skipped
	Err     error         // StepDone of a failed step
}

// Timing is how long one step took.
type Timing struct {
	Step     string
	Duration time.Duration
	Skipped  bool
	Failed   bool
}

func (r *Runner) emit(ev StepEvent) {
	ev.Dir = r.dir
	if r.cfg.OnStep != nil {
		r.cfg.OnStep(ev)
	}
}

func (r *Runner) record(t Timing) {
	r.mu.Lock()
	r.timings = append(r.timings, t)
	r.mu.Unlock()
}

// skip records a step that did not need to run.
func (r *Runner) skip(name, reason string) {
	r.record(Timing{Step: name, Skipped: true})
	r.emit(StepEvent{Step: name, Kind: StepSkipped, Reason: reason})
}

// step runs fn as the named step: it reports start and end, records the
// time taken, reports a step that stays silent for Config.Heartbeat, and
// wraps a failure in a StepError naming the step.
func (r *Runner) step(ctx context.Context, name string, fn func(context.Context) error) error {
	start := time.Now()
	r.emit(StepEvent{Step: name, Kind: StepStart})
	stop := r.heartbeat(name, start)
	err := fn(ctx)
	stop()
	d := time.Since(start)
	r.record(Timing{Step: name, Duration: d, Failed: err != nil})
	if err != nil {
		if _, ok := err.(*StepError); !ok {
			err = r.stepError(name, err)
		}
	}
	r.emit(StepEvent{Step: name, Kind: StepDone, Elapsed: d, Err: err})
	return err
}

// heartbeat watches the runner's output while a step runs and reports the
// step as still running whenever nothing was written for a while.
func (r *Runner) heartbeat(name string, start time.Time) (stop func()) {
	if r.cfg.OnStep == nil || r.cfg.Heartbeat < 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.cfg.Heartbeat / 3)
		defer t.Stop()
		last := start
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				if w := r.lastWrite(); w.After(last) {
					last = w
				}
				if now.Sub(last) >= r.cfg.Heartbeat {
					last = now
					r.emit(StepEvent{Step: name, Kind: StepRunning, Elapsed: now.Sub(start)})
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// activityWriter passes terraform's output on and notes when it last wrote.
type activityWriter struct {
	w    io.Writer
	last *atomic.Int64
}

func (a activityWriter) Write(p []byte) (int, error) {
	a.last.Store(time.Now().UnixNano())
	return a.w.Write(p)
}

func (r *Runner) lastWrite() time.Time {
	return time.Unix(0, r.lastOut.Load())
}

// stepError names the failed step, and a full disk when that is the cause.
func (r *Runner) stepError(step string, err error) *StepError {
	return &StepError{Dir: r.dir, Step: step, Err: r.faultError(err)}
}
