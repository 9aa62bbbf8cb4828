package generate

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
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

// TestDiagnosticsInModuleOrderWithRootsFirst: roots rendered first still
// give their diagnostics where a run one module after another puts them:
// validation's, then each module's rendering in the run's order.
func TestDiagnosticsInModuleOrderWithRootsFirst(t *testing.T) {
	var mods []*tf.Module
	for i, name := range []string{"modules/a", "envs/dev", "modules/b", "envs/prod", "modules/c", "modules/d", "envs/stage"} {
		m := tf.NewModule(name)
		if strings.HasPrefix(name, "envs/") {
			m.SetBackend("local")
		}
		for j := 0; j <= i%3; j++ {
			m.Resource("terraform_data", "x"+strconv.Itoa(j)).Set("input", nil)
		}
		mods = append(mods, m)
	}
	opts := Options{Out: t.TempDir(), Modules: mods}
	want := tf.Validate(mods...)
	var rendered int
	for _, m := range mods {
		_, ds := render.Module(m, opts.Render)
		rendered += len(ds)
		want = append(want, ds...)
	}
	if rendered < len(mods) {
		t.Fatalf("the modules render with %d diagnostics, want one or more each", rendered)
	}
	want = once(want)
	for range 20 {
		_, got := Files(opts)
		if !slices.EqualFunc(got, want, func(a, b tf.Diagnostic) bool { return a.String() == b.String() }) {
			t.Fatalf("Files gave the diagnostics\n%v\nwant, as one module after another,\n%v", got, want)
		}
	}
}
