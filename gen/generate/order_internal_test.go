package generate

import (
	"slices"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestRootsFirst: the root modules come first, then the others, each
// part in the run's order, and every module once.
func TestRootsFirst(t *testing.T) {
	root := func(name string) *tf.Module {
		m := tf.NewModule(name)
		m.SetBackend("local")
		return m
	}
	mods := []*tf.Module{tf.NewModule("modules/a"), root("envs/dev"), tf.NewModule("modules/b"), root("envs/prod")}
	if got, want := rootsFirst(mods), []int{1, 3, 0, 2}; !slices.Equal(got, want) {
		t.Errorf("rootsFirst = %v, want %v", got, want)
	}
}
