// Package blueprintlits makes the blueprints' Go files (modules/ and
// blueprints/) take the order of their literals' keys from literalIndex
// while they are the files indexed, instead of being parsed by
// typed.Build in every process (see typed.UseIndex); package blueprints
// imports it. TestLiteralIndexIsCurrent fails when the index is stale.
package blueprintlits

import (
	"path/filepath"
	"runtime"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
)

//go:generate go run ../../gen/bindings/typed/litindex -root ../.. -o index_gen.go -pkg blueprintlits modules blueprints

// The indexed paths are relative to the Go module's root, two
// directories above this file's.
func init() {
	if _, file, _, ok := runtime.Caller(0); ok {
		typed.UseIndex(filepath.Dir(filepath.Dir(filepath.Dir(file))), literalIndex)
	}
}
