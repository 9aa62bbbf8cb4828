package generate_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func goodModule() *tf.Module {
	m := tf.NewModule("modules/a")
	v := m.Variable("name", cty.String, "A name.")
	m.Resource("terraform_data", "x").Set("input", v)
	return m
}

func TestRunWritesNothingWhenAnyModuleHasErrors(t *testing.T) {
	out := t.TempDir()
	if _, err := generate.Run(generate.Options{Out: out, Modules: []*tf.Module{goodModule()}}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, "modules/a/main.tf"))

	good := goodModule()
	good.Resources[0].Set("extra", tf.Bool(true)) // a change that would be written
	bad := tf.NewModule("modules/b")
	bad.Resource("terraform_data", "bad name")
	bad.Local("x", tf.VarRef("missing"))
	_, err := generate.Run(generate.Options{Out: out, Modules: []*tf.Module{good, bad}})
	if err == nil {
		t.Fatal("want an error")
	}
	text := generate.Describe(err)
	for _, want := range []string{"generate_test.go:", `invalid resource name "bad name"`, "var.missing", "2 error(s); nothing was written"} {
		if !strings.Contains(text, want) {
			t.Errorf("error text lacks %q:\n%s", want, text)
		}
	}
	after, _ := os.ReadFile(filepath.Join(out, "modules/a/main.tf"))
	if string(before) != string(after) {
		t.Errorf("modules/a/main.tf changed although the run failed")
	}
	if _, err := os.Stat(filepath.Join(out, "modules/b")); !os.IsNotExist(err) {
		t.Errorf("modules/b was written although the run failed")
	}
}

func TestValidatorsRunAndStopTheRun(t *testing.T) {
	out := t.TempDir()
	called := false
	v := func(mods []*tf.Module) tf.Diagnostics {
		called = true
		var ds tf.Diagnostics
		ds.Errorf(mods[0].Pos(), mods[0].Name, "schema says no")
		return ds
	}
	_, err := generate.Run(generate.Options{Out: out, Modules: []*tf.Module{goodModule()}, Validators: []generate.Validator{v}})
	if !called || err == nil || !strings.Contains(err.Error(), "schema says no") {
		t.Fatalf("validator not honoured: called=%v err=%v", called, err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("files were written")
	}
}

// TestEveryErrorIsReportedOnce runs a model with one broken raw HCL
// expression, one undeclared reference and one bad InFile through the
// model validator, the schema validator and the renderer, as
// blueprints.Generate does: each problem is listed exactly once.
func TestEveryErrorIsReportedOnce(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := tf.NewModule("modules/a")
	m.Resource("terraform_data", "x").Set("input", tf.RawHCL(`[1, 2`))
	m.Local("y", tf.RawHCL(`{ a = `))
	m.Resource("terraform_data", "z").Set("input", tf.VarRef("missing"))
	m.InFile("outputs.tf")
	_, err = generate.Run(generate.Options{Out: t.TempDir(), Modules: []*tf.Module{m},
		Validators: []generate.Validator{schema.Validator(s, schema.Options{})}})
	var ds tf.Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("want diagnostics, got %v", err)
	}
	counts := map[string]int{}
	for _, d := range ds {
		for _, key := range []string{`"[1, 2"`, `"{ a = "`, "var.missing", `InFile("outputs.tf")`} {
			if strings.Contains(d.Summary, key) {
				counts[key]++
			}
		}
	}
	for _, key := range []string{`"[1, 2"`, `"{ a = "`, "var.missing", `InFile("outputs.tf")`} {
		if counts[key] != 1 {
			t.Errorf("%s is reported %d times, want once:\n%s", key, counts[key], generate.Describe(err))
		}
	}
	if len(ds) != 4 {
		t.Errorf("want 4 diagnostics, got %d:\n%s", len(ds), generate.Describe(err))
	}
}

// TestDiagnosticsComeInPipelineOrder: validation, the validators and the
// renderers run at once, but their diagnostics come in one order, run
// after run: the model's validation, each validator in turn, the lock
// files, then each module's rendering, in module order.
func TestDiagnosticsComeInPipelineOrder(t *testing.T) {
	say := func(what string) generate.Validator {
		return func(mods []*tf.Module) tf.Diagnostics {
			var ds tf.Diagnostics
			for _, m := range mods {
				ds.Errorf(m.Pos(), m.Name, "%s", what)
			}
			return ds
		}
	}
	out := t.TempDir()
	var mods []*tf.Module
	for _, name := range []string{"modules/a", "modules/b", "modules/c"} {
		m := tf.NewModule(name)
		m.Local("x", tf.VarRef("missing"))
		mods = append(mods, m)
		os.MkdirAll(filepath.Join(out, name), 0o755)
		os.WriteFile(filepath.Join(out, name, ".terraform.lock.hcl"), []byte("provider {"), 0o644)
	}
	want := []string{"modules/a: local.x", "modules/c: local.x",
		"modules/a: first validator", "modules/c: first validator",
		"modules/a: second validator", "modules/c: second validator",
		"modules/a: lock file", "modules/c: lock file"}
	var first string
	for range 20 {
		_, err := generate.Run(generate.Options{Out: out, Modules: mods,
			Validators: []generate.Validator{say("first validator"), say("second validator")}})
		text := generate.Describe(err)
		if first == "" {
			first = text
			var at []int
			for _, s := range want {
				at = append(at, strings.Index(text, s))
			}
			if !slices.IsSorted(at) || at[0] < 0 {
				t.Fatalf("diagnostics out of pipeline order (positions %v of %q):\n%s", at, want, text)
			}
		} else if text != first {
			t.Fatalf("diagnostics changed between runs:\n%s\nthen\n%s", first, text)
		}
	}
}

// TestChecksThatFailOnRejectedModelsAreQuiet: a check starts while
// validation may still run, so it can meet a model validation rejects.
// Its panic there is not the run's outcome: the validation errors are.
// On a model that validation accepts, the panic stands.
func TestChecksThatFailOnRejectedModelsAreQuiet(t *testing.T) {
	fragile := func(mods []*tf.Module, r *generate.Rendering) tf.Diagnostics { panic("check met a broken model") }
	_, err := generate.Run(generate.Options{Out: t.TempDir(), Modules: []*tf.Module{goodModule()},
		Validators: []generate.Validator{rejectAll}, Checks: []generate.Check{fragile}})
	if err == nil || !strings.Contains(err.Error(), "schema says no") {
		t.Fatalf("want the validator's error, got %v", err)
	}
	defer func() {
		if r := recover(); r != "check met a broken model" {
			t.Errorf("on a valid model the check's panic was %v, want it raised", r)
		}
	}()
	generate.Run(generate.Options{Out: t.TempDir(), Modules: []*tf.Module{goodModule()}, Checks: []generate.Check{fragile}})
}

// TestPolicyCheckPanicsReachTheRun: the policy check judges each root on
// a goroutine of its own; a rule's panic there comes back to the run
// (with that goroutine's stack), so that the run can drop it when
// validation rejects the model, and raise it when not.
func TestPolicyCheckPanicsReachTheRun(t *testing.T) {
	rule := &policy.Rule{ID: "test-explodes", Title: "explodes", Severity: policy.Low, Enforcement: policy.Advisory,
		Types: []string{"terraform_data"}, Check: func(*policy.Resource) policy.Verdict { panic("rule exploded") }}
	root := func() *tf.Module {
		m := tf.NewModule("envs/x")
		m.SetBackend("local")
		m.Resource("terraform_data", "x").Set("input", tf.String("x"))
		return m
	}
	check := []generate.Check{generate.PolicyCheck([]*policy.Rule{rule})}
	panicsOnlyWhenValid(t, "rule exploded", func(reject []generate.Validator) error {
		_, err := generate.Run(generate.Options{Out: t.TempDir(), Modules: []*tf.Module{root()}, Validators: reject, Checks: check})
		return err
	})
}
