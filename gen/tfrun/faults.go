package tfrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// When terraform cannot write its state (a full disk), it prints the whole
// state as a last resort, secrets included. moochat never passes that on:
// neither in terraform's streamed output nor in the error it returns.
const stateDumpOmitted = "[terraform's state dump left out here: it holds secret values in clear. " +
	"The state from before the apply is kept in .moochat/state-before-apply.tfstate]"

// DiskFullError is a step that failed because the disk ran out of space.
type DiskFullError struct {
	Dir  string // the root module
	Free uint64 // bytes free on its disk when the step failed
	Err  error  // terraform's error, state dump left out
}

func (e *DiskFullError) Error() string {
	return fmt.Sprintf("the disk holding %s is full (%d bytes free): free some space, then run again (%s)",
		e.Dir, e.Free, strings.TrimSpace(e.Err.Error()))
}

func (e *DiskFullError) Unwrap() error { return e.Err }

// cleanError is terraform's error with its state dump left out; it still
// unwraps to the original (an interrupt stays an interrupt).
type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }

// faultError turns a failed step's error into what may be shown: no state
// dump, and a full disk named as the cause.
func (r *Runner) faultError(err error) error {
	msg := err.Error()
	if clean, cut := withoutStateDumps(msg); cut {
		err = &cleanError{msg: clean, err: err}
		msg = clean
	}
	free, known := freeBytes(r.dir)
	if strings.Contains(msg, "no space left on device") || (known && free < 64<<10) {
		return &DiskFullError{Dir: r.dir, Free: free, Err: err}
	}
	return err
}

// withoutStateDumps removes every JSON state (an object with "lineage"
// and "terraform_version") from s.
func withoutStateDumps(s string) (string, bool) {
	var b strings.Builder
	cut := false
	for {
		i := strings.Index(s, "{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), cut
		}
		var obj map[string]json.RawMessage
		dec := json.NewDecoder(strings.NewReader(s[i:]))
		if dec.Decode(&obj) == nil && obj["lineage"] != nil && obj["terraform_version"] != nil {
			b.WriteString(s[:i])
			b.WriteString(stateDumpOmitted)
			s = s[i+int(dec.InputOffset()):]
			cut = true
			continue
		}
		b.WriteString(s[:i+1])
		s = s[i+1:]
	}
}

// dumpFilter passes terraform's output on line by line, holding back a
// top-level JSON object ("{" alone on a line up to "}" alone on a line)
// and dropping it when it is a state.
type dumpFilter struct {
	w    io.Writer
	held [][]byte // lines of an object being read; nil when none
}

func (f *dumpFilter) Write(p []byte) (int, error) {
	line := bytes.TrimRight(p, "\r\n")
	switch {
	case f.held == nil && string(line) == "{":
		f.held = [][]byte{append([]byte(nil), p...)}
		return len(p), nil
	case f.held == nil:
		return f.w.Write(p)
	}
	f.held = append(f.held, append([]byte(nil), p...))
	if string(line) != "}" && len(f.held) < 1<<16 {
		return len(p), nil
	}
	obj := bytes.Join(f.held, nil)
	f.held = nil
	if _, cut := withoutStateDumps(string(obj)); cut {
		_, err := io.WriteString(f.w, stateDumpOmitted+"\n")
		return len(p), err
	}
	_, err := f.w.Write(obj)
	return len(p), err
}
