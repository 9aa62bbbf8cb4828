package tf

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// Pos is where in the blueprint's Go source an object was declared. It is
// recorded as program counters, which are cheap, and turned into a file and
// line only when a diagnostic needs one.
type Pos struct {
	File string
	Line int
	pcs  [4]uintptr
}

// Resolve returns p with File and Line filled in from the recorded call
// stack: the first frame outside the library.
func (p Pos) Resolve() Pos {
	if p.File != "" || p.pcs[0] == 0 {
		return p
	}
	n := 0
	for n < len(p.pcs) && p.pcs[n] != 0 {
		n++
	}
	frames := runtime.CallersFrames(p.pcs[:n])
	for {
		f, more := frames.Next()
		if !(isLibFrame(f.Function) || isLibFile(f.File)) || !more {
			return Pos{File: f.File, Line: f.Line}
		}
	}
}

// Known reports whether p records a position.
func (p Pos) Known() bool { return p.File != "" || p.pcs[0] != 0 }

func (p Pos) String() string {
	p = p.Resolve()
	if p.File == "" {
		return "<unknown>"
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Severity says whether a diagnostic stops the render.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in a blueprint.
type Diagnostic struct {
	Severity Severity
	Summary  string
	Detail   string
	// Pos is the Go file:line of the declaration at fault.
	Pos Pos
	// Address is the Terraform address of the object at fault, prefixed by
	// the module's name ("modules/ui: aws_s3_bucket.ui"), when there is one.
	Address string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Address != "" {
		b.WriteString(d.Address)
		b.WriteString(": ")
	}
	b.WriteString(d.Summary)
	if d.Detail != "" {
		b.WriteString(": ")
		b.WriteString(d.Detail)
	}
	return b.String()
}

// Diagnostics is a list of problems; a list holding an error is itself an
// error, so it can be returned as one.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns ds as an error when it holds an error, and nil otherwise.
func (ds Diagnostics) Err() error {
	if ds.HasErrors() {
		return ds
	}
	return nil
}

func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Errorf appends an error diagnostic.
func (ds *Diagnostics) Errorf(pos Pos, address, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Severity: Error, Summary: fmt.Sprintf(format, args...), Pos: pos.Resolve(), Address: address})
}

// Warnf appends a warning diagnostic.
func (ds *Diagnostics) Warnf(pos Pos, address, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Severity: Warning, Summary: fmt.Sprintf(format, args...), Pos: pos.Resolve(), Address: address})
}

var (
	libMu       sync.RWMutex
	libPrefixes = []string{"github.com/runntimeterror/moo-chat-infrastructure/gen/tf."}
)

// SkipCallers marks a Go package (by import path) as library code: positions
// recorded for declarations made through it point at its caller instead.
// Generated bindings register themselves here.
func SkipCallers(importPath string) {
	libMu.Lock()
	defer libMu.Unlock()
	libPrefixes = append(libPrefixes, importPath+".")
}

// SkipSourceDir marks the Go source files in dir as library code, for a
// package whose closures the compiler may inline into its callers' package
// initializers, where their function names no longer name the package
// (package typed's module callers are such closures).
func SkipSourceDir(dir string) {
	libMu.Lock()
	defer libMu.Unlock()
	libDirs = append(libDirs, strings.TrimSuffix(dir, "/")+"/")
}

var libDirs []string

func isLibFrame(fn string) bool {
	libMu.RLock()
	defer libMu.RUnlock()
	for _, p := range libPrefixes {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

func isLibFile(file string) bool {
	libMu.RLock()
	defer libMu.RUnlock()
	for _, d := range libDirs {
		if strings.HasPrefix(file, d) && !strings.Contains(file[len(d):], "/") && !strings.HasSuffix(file, "_test.go") {
			return true
		}
	}
	return false
}

// callerPos records the call stack above the library function that called
// it; Resolve later picks the first frame outside the library. Four frames
// reach the blueprint through the deepest library chain (generated
// bindings, package typed, this package).
//
//go:noinline
func callerPos() Pos {
	var p Pos
	callers(1, p.pcs[:])
	return p
}

// callerPos1 is callerPos for setters that only blueprint code calls: the
// setter's frame, or the blueprint's when the setter was inlined into it,
// and the one above.
//
//go:noinline
func callerPos1() Pos {
	var p Pos
	callers(1, p.pcs[:2])
	return p
}
