package blueprints

import (
	"path/filepath"
	"runtime"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
)

//go:generate go run ../gen/bindings/typed/litindex -root .. -o literals_gen.go -pkg blueprints modules blueprints

// The blueprints' Go files take the order of their literals' keys from
// literalIndex while they are the files indexed, instead of being parsed
// in every process (TestLiteralIndexIsCurrent fails when the index is
// stale). The paths are relative to the Go module's root, the directory
// above this file's.
func init() {
	if _, file, _, ok := runtime.Caller(0); ok {
		typed.UseIndex(filepath.Dir(filepath.Dir(file)), literalIndex)
	}
}
