package tf_test

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// testRoot is a root module calling a child with a validated variable.
func testRoot() (root, child *tf.Module, call *tf.ModuleCall) {
	child = tf.NewModule("modules/c")
	cv := child.Variable("size", cty.Number, "Size.")
	cv.Validate(tf.Op(cv, ">", tf.Number(0)), "size is positive.")
	child.Resource("terraform_data", "d").Set("input", cv)
	child.Output("size", cv, "Size.")
	root = tf.NewModule("envs/x")
	root.SetBackend("local")
	root.Provider("aws", "").Set("region", tf.String("us-east-1"))
	name := root.Variable("name", cty.String, "Name.")
	name.Validate(tf.Op(name, "!=", tf.String("")), "name is set.")
	root.Variable("plain", cty.String, "No validation.").WithDefault(cty.StringVal("p"))
	call = root.CallModule("c", child).Set("size", tf.Number(1))
	root.Output("name", name, "Name.")
	return root, child, call
}

func TestValidateTestFilesAtTheirDeclaration(t *testing.T) {
	cases := []struct {
		name  string
		build func() ([]*tf.Module, string)
		want  string
	}{
		{"unknown variable in a run", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			r := root.Test("t").Run("a")
			at := next()
			r.Set("nmae", tf.String("x"))
			return []*tf.Module{child, root}, at
		}, `envs/x: test tests/t.tftest.hcl: run.a: module envs/x has no variable "nmae"; did you mean "name"?`},
		{"unknown file variable", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			at := next()
			root.Test("t").Set("nam", tf.String("x"))
			return []*tf.Module{child, root}, at
		}, `module envs/x has no variable "nam"; did you mean "name"?`},
		{"expect_failures into a child module", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			r := root.Test("t").Run("a").Plan()
			at := next()
			r.ExpectFailure(child.Variables[0])
			return []*tf.Module{child, root}, at
		}, "expect_failures names var.size of module modules/c, but the run tests envs/x: a run with UseModule tests a child module's own validations"},
		{"expect_failures without a condition", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			r := root.Test("t").Run("a").Plan()
			at := next()
			r.ExpectFailure(root.Variables[1])
			return []*tf.Module{child, root}, at
		}, "expect_failures names var.plain, which has no condition that could fail"},
		{"assertion on another module's output", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			r := root.Test("t").Run("a")
			at := next()
			r.Assert(tf.Op(child.Outputs[0].Ref(), ">", tf.Number(0)), "m")
			return []*tf.Module{child, root}, at
		}, "refers to output.size of module modules/c, which is not the module this run tests"},
		{"module run variable", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			r := root.Test("t").Run("a").UseModule(child)
			at := next()
			r.Set("name", tf.String("x"))
			return []*tf.Module{child, root}, at
		}, `module modules/c has no variable "name"`},
		{"later run's output", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			f := root.Test("t")
			first := f.Run("first")
			later := f.Run("later")
			at := next()
			first.Assert(tf.Op(later.Output(root.Outputs[0]), "==", tf.String("x")), "m")
			return []*tf.Module{child, root}, at
		}, "refers to run.later, which is not an earlier run of this file"},
		{"override target in another module", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			f := root.Test("t")
			at := next()
			f.Override(tf.In().Resource(child.Resources[0]), tf.Obj(tf.KV("output", tf.String("x"))))
			return []*tf.Module{child, root}, at
		}, "target terraform_data.d is declared in module modules/c, not in envs/x"},
		{"override value with a reference", func() ([]*tf.Module, string) {
			root, child, call := testRoot()
			f := root.Test("t")
			at := next()
			f.Override(tf.In(call).Resource(child.Resources[0]), tf.Obj(tf.KV("output", root.Variables[0])))
			return []*tf.Module{child, root}, at
		}, "mock and override values must be literals"},
		{"mock of an unconfigured provider", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			f := root.Test("t")
			at := next()
			f.MockProvider("aws", "west")
			return []*tf.Module{child, root}, at
		}, "module envs/x has no provider configuration aws.west to mock"},
		{"test of a shared module", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			at := next()
			child.Test("t")
			return []*tf.Module{child, root}, at
		}, "module modules/c is not a root module"},
		{"duplicate run", func() ([]*tf.Module, string) {
			root, child, _ := testRoot()
			f := root.Test("t")
			f.Run("a")
			at := next()
			f.Run("a")
			return []*tf.Module{child, root}, at
		}, `duplicate run "a"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mods, at := c.build()
			wantDiagnosticAt(t, tf.Validate(mods...), c.want, at)
		})
	}
}

func TestValidateAcceptsAGoodTestFile(t *testing.T) {
	root, child, call := testRoot()
	f := root.Test("t")
	f.Set("name", tf.String("x"))
	f.MockProvider("aws", "")
	f.Override(tf.In(call).Resource(child.Resources[0]), tf.Obj(tf.KV("output", tf.Number(2))))
	first := f.Run("apply").Assert(tf.Op(root.Outputs[0].Ref(), "==", tf.String("x")), "name is x.")
	f.Run("again").Set("name", first.Output(root.Outputs[0])).
		Assert(tf.Op(call.Output("size"), "==", tf.Number(1)), "size is 1.")
	f.Run("bad_name").Plan().Set("name", tf.String("")).ExpectFailure(root.Variables[0])
	f.Run("bad_size").Plan().UseModule(child).Set("size", tf.Number(0)).ExpectFailure(child.Variables[0])
	if ds := tf.Validate(child, root); len(ds) > 0 {
		t.Fatal(ds)
	}
}

func TestOutputsAreNotReferencesInModules(t *testing.T) {
	root, child, _ := testRoot()
	at := next()
	root.Resource("terraform_data", "x").Set("input", root.Outputs[0].Ref())
	ds := tf.Validate(child, root)
	if len(ds) != 1 || !strings.Contains(ds[0].String(), at+": error: envs/x: terraform_data.x: refers to output.name, which is not declared") {
		t.Fatalf("want one error at %s, got %v", at, ds)
	}
}
