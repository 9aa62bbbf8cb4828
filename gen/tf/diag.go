package tf

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/lockedmap"
)

// Pos is where in the blueprint's Go source an object was declared. It is
// recorded as program counters, which are cheap, and turned into a file and
// line (File, Line) only when a diagnostic needs one (Resolve).
//
// A model records one for every declaration and attribute, so a Pos is
// two numbers, 8 bytes: the recorded call stack and the resolved place,
// each by its number in a table shared by every model.
type Pos struct {
	// stack is the recorded call stack, by its number in the stack table
	// (0: none). Most of a model's come from a few call sites: each
	// distinct stack is kept once.
	stack uint32
	// at is the resolved file and line, by number in the place table
	// (0: not resolved).
	at uint32
}

// place is a resolved position.
type place struct {
	file string
	line int
}

// table numbers distinct values, safely for concurrent use: the stack
// and place tables of positions. A model's goroutines add new stacks and
// places at every declaration, all at once while the platform's modules
// are built, so the values are spread over shards by a hash the caller
// gives, each with a lock of its own: with one lock, the goroutines
// waited for each other's additions more than they worked.
type table[K comparable] struct {
	shards [tableShards]tableShard[K]
}

// tableShards is the number of shards, a power of two; a number is the
// index in its shard's list plus one, times tableShards, plus the shard.
const tableShards = 16

type tableShard[K comparable] struct {
	mu   sync.RWMutex
	ids  map[K]uint32
	list []K
	_    [64]byte // each shard's lock on a cache line of its own
}

// id returns k's number (never 0), adding k when it is new; h is a hash
// of k (equal values have equal hashes).
func (t *table[K]) id(k K, h uint64) uint32 {
	i := uint32(h % tableShards)
	s := &t.shards[i]
	s.mu.RLock()
	id, ok := s.ids[k]
	s.mu.RUnlock()
	if ok {
		return id
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok = s.ids[k]; !ok {
		if s.ids == nil {
			s.ids = map[K]uint32{}
		}
		s.list = append(s.list, k)
		id = uint32(len(s.list))*tableShards + i
		s.ids[k] = id
	}
	return id
}

// get returns the value numbered id, the zero value for 0.
func (t *table[K]) get(id uint32) K {
	if id == 0 {
		var zero K
		return zero
	}
	s := &t.shards[id%tableShards]
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.list[id/tableShards-1]
}

// places is the place table.
var places table[place]

// PosAt is the position file:line, for a position that was not recorded
// (a diagnostic about a file, or a path made relative).
func PosAt(file string, line int) Pos {
	if file == "" {
		return Pos{}
	}
	return Pos{at: places.id(place{file, line}, uint64(line)*0x9E3779B97F4A7C15^uint64(len(file)))}
}

func (p Pos) place() place { return places.get(p.at) }

// File is the Go source file of a resolved position, "" otherwise.
func (p Pos) File() string { return p.place().file }

// Line is the line of a resolved position, 0 otherwise.
func (p Pos) Line() int { return p.place().line }

// callStack is the return addresses recorded for a position, innermost
// first, zero after the last.
type callStack [4]uintptr

// stacks is the stack table. hot caches recent stacks by hash, so that
// recording a stack seen before takes no lock.
var stacks struct {
	table[callStack]
	hot [1024]atomic.Pointer[hotStack]
}

type hotStack struct {
	pcs callStack
	id  uint32
}

// intern returns the stack field for the recorded stack pcs.
func intern(pcs *callStack) uint32 {
	if pcs[0] == 0 {
		return 0
	}
	h := (uint64(pcs[0])*0x9E3779B97F4A7C15 ^ uint64(pcs[1])*0xC2B2AE3D27D4EB4F ^ uint64(pcs[2])*0x165667B19E3779F9 ^ uint64(pcs[3])) >> 54
	slot := &stacks.hot[h]
	if e := slot.Load(); e != nil && e.pcs == *pcs {
		return e.id
	}
	id := stacks.id(*pcs, h)
	slot.Store(&hotStack{pcs: *pcs, id: id})
	return id
}

// pcs returns the call stack p records.
func (p Pos) pcs() callStack { return stacks.get(p.stack) }

// Resolve returns p with File and Line filled in from the recorded call
// stack: the first frame outside the library.
func (p Pos) Resolve() Pos {
	if p.at != 0 || p.stack == 0 {
		return p
	}
	if at, ok := resolved.Load(p.stack); ok {
		return at
	}
	pcs := p.pcs()
	n := 0
	for n < len(pcs) && pcs[n] != 0 {
		n++
	}
	// The frames runtime.CallersFrames(pcs[:n]) gives: every address's
	// inlined calls expanded, except the last address's, which it ends
	// at its innermost frame.
	var at Pos
	for i, pc := range pcs[:n] {
		fs := framesAt(pc)
		if i == n-1 && len(fs) > 1 {
			fs = fs[:1]
		}
		for _, f := range fs {
			if !f.lib {
				resolved.Store(p.stack, f.at)
				return f.at
			}
			at = f.at // the last frame, when every frame is the library's
		}
	}
	resolved.Store(p.stack, at)
	return at
}

// A frame is one frame of a recorded stack, resolved.
type frame struct {
	at  Pos
	lib bool // in the library: isLibFrame or isLibFile
}

// framesByPC holds framesAt's results by return address. Distinct stacks
// share most of their addresses (the library's own frames, a blueprint's
// helpers), and turning an address into a file and line reads the
// function's tables: each address is resolved once.
var framesByPC lockedmap.Map[uintptr, []frame]

// framesAt is the frames at the return address pc, innermost first: the
// calls inlined there, then the function holding them.
func framesAt(pc uintptr) []frame {
	if fs, ok := framesByPC.Load(pc); ok {
		return fs
	}
	fs := make([]frame, 0, 2) // an address holds one or two, as a rule
	// CallersFrames expands the calls inlined at an address only when
	// another address follows it: 0, which names no function, is
	// skipped.
	frames := runtime.CallersFrames([]uintptr{pc, 0})
	for {
		f, more := frames.Next()
		if f.PC != 0 { // none when pc names no function
			fs = append(fs, frame{at: PosAt(f.File, f.Line), lib: isLibFrame(f.Function) || isLibFile(f.File)})
		}
		if !more {
			break
		}
	}
	framesByPC.Store(pc, fs)
	return fs
}

// resolved holds what Resolve made of each recorded stack (by its stack
// field): the same stack always resolves to the same place. A blueprint
// built twice (each environment builds its root) records the same
// stacks again.
var resolved lockedmap.Map[uint32, Pos]

// Known reports whether p records a position.
func (p Pos) Known() bool { return p.at != 0 || p.stack != 0 }

func (p Pos) String() string {
	pl := p.Resolve().place()
	if pl.file == "" {
		return "<unknown>"
	}
	return fmt.Sprintf("%s:%d", pl.file, pl.line)
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
	var pcs callStack
	callers(1, pcs[:])
	return Pos{stack: intern(&pcs)}
}

// callerPos1 is callerPos for setters that only blueprint code calls: the
// setter's frame, or the blueprint's when the setter was inlined into it,
// and the one above.
//
//go:noinline
func callerPos1() Pos {
	var pcs callStack
	callers(1, pcs[:2])
	return Pos{stack: intern(&pcs)}
}
