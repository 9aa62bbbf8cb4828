package generate_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

func rejectAll(mods []*tf.Module) tf.Diagnostics {
	var ds tf.Diagnostics
	ds.Errorf(mods[0].Pos(), mods[0].Name, "schema says no")
	return ds
}

func marked(path, text string) write.File {
	return write.File{Path: path, Data: []byte("# " + write.Marker + "a test; DO NOT EDIT.\n" + text)}
}

// TestChecksSeeEveryModuleAsRendered: a check starts with the rendering
// and waits through the Rendering for the files it judges: each module's
// files as written, and all of them, the extra and derived files too.
func TestChecksSeeEveryModuleAsRendered(t *testing.T) {
	a, b := goodModule(), tf.NewModule("modules/b")
	b.Resource("terraform_data", "y")
	var perModule, all []string
	check := func(mods []*tf.Module, r *generate.Rendering) tf.Diagnostics {
		for _, m := range mods {
			for _, f := range r.Module(m) {
				perModule = append(perModule, f.Path)
			}
		}
		if r.Module(tf.NewModule("modules/elsewhere")) != nil {
			t.Error("a module that is not the run's has files")
		}
		for _, f := range r.All() {
			all = append(all, f.Path)
		}
		return nil
	}
	opts := generate.Options{Out: t.TempDir(), Modules: []*tf.Module{a, b}, Checks: []generate.Check{check},
		Extra:   []write.File{marked("extra.txt", "x")},
		Derived: []func() []write.File{func() []write.File { return []write.File{marked("derived.txt", "y")} }}}
	files, ds := generate.Files(opts)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	var want []string
	for _, f := range files {
		want = append(want, f.Path)
	}
	slices.Sort(all)
	if !slices.Equal(all, want) {
		t.Errorf("All gave %q, want the run's files %q", all, want)
	}
	var modules []string
	for _, p := range want {
		if strings.HasPrefix(p, "modules/") {
			modules = append(modules, p)
		}
	}
	slices.Sort(perModule)
	if !slices.Equal(perModule, modules) {
		t.Errorf("Module gave %q, want %q", perModule, modules)
	}
	if !slices.Contains(want, "derived.txt") || !slices.Contains(want, "extra.txt") {
		t.Errorf("the extra and derived files are not among %q", want)
	}
}

// TestTreesAreWrittenOnlyWhenNothingIsWrong: a further output root is
// made while the run checks, and written only when the run has no error;
// a panic while making it is raised only on a model validation accepts.
func TestTreesAreWrittenOnlyWhenNothingIsWrong(t *testing.T) {
	dir := t.TempDir()
	pictures := filepath.Join(dir, "pictures")
	tree := generate.Tree{Root: pictures, Files: func() []write.File { return []write.File{marked("p.txt", "picture")} }}
	_, err := generate.Run(generate.Options{Out: filepath.Join(dir, "out"), Modules: []*tf.Module{goodModule()},
		Validators: []generate.Validator{rejectAll}, Trees: []generate.Tree{tree}})
	if err == nil || !strings.Contains(err.Error(), "schema says no") {
		t.Fatalf("want the validator's error, got %v", err)
	}
	if _, err := os.Stat(pictures); !os.IsNotExist(err) {
		t.Fatalf("the tree was written although the run failed")
	}
	if _, err := generate.Run(generate.Options{Out: filepath.Join(dir, "out"), Modules: []*tf.Module{goodModule()}, Trees: []generate.Tree{tree}}); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(pictures, "p.txt")); err != nil || !strings.HasSuffix(string(got), "picture") {
		t.Fatalf("the tree was not written: %q, %v", got, err)
	}

	fragile := generate.Tree{Root: pictures, Files: func() []write.File { panic("tree met a broken model") }}
	panicsOnlyWhenValid(t, "tree met a broken model", func(reject []generate.Validator) error {
		_, err := generate.Run(generate.Options{Out: t.TempDir(), Modules: []*tf.Module{goodModule()}, Validators: reject, Trees: []generate.Tree{fragile}})
		return err
	})
}

// panicsOnlyWhenValid runs run twice: with a validator that rejects the
// model, where the run must not panic, and with none, where it must
// raise a panic holding want and the stack of the goroutine it came
// from; the rejected run must fail with the validator's error.
func panicsOnlyWhenValid(t *testing.T, want string, run func(validators []generate.Validator) error) {
	t.Helper()
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("on a model validation rejects the run panicked: %v", r)
			}
		}()
		if err := run([]generate.Validator{rejectAll}); err == nil || !strings.Contains(err.Error(), "schema says no") {
			t.Errorf("want the validator's error, got %v", err)
		}
	}()
	defer func() {
		r, _ := recover().(string)
		if !strings.Contains(r, want) || !strings.Contains(r, "goroutine") {
			t.Errorf("on a valid model the panic came back as %q, want %q with its goroutine's stack", r, want)
		}
	}()
	run(nil)
}
