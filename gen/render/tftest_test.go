package render_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// testedRoot is a root of terraform_data (no provider needed to apply)
// with a child module, and a test file using every part of the test API:
// file variables, a mock provider with a mock and an override, file and
// run overrides (one during plan), apply and plan runs, a run output read
// by a later run, expect_failures on the root's variable and, through a
// module run, on the child's.
func testedRoot() []*tf.Module {
	child := tf.NewModule("modules/sized")
	size := child.Variable("size", cty.Number, "Number of items.")
	size.Validate(tf.Op(size, ">", tf.Number(0)), "size is positive.")
	item := child.Resource("terraform_data", "item").Set("input", size)
	child.Output("id", item.Attr("id"), "ID of the item.")

	root := tf.NewModule("root")
	root.SetBackend("local")
	root.RequireProvider("aws", "hashicorp/aws", "5.100.0")
	root.Provider("aws", "").
		Set("region", tf.String("us-east-1")).
		Set("skip_credentials_validation", tf.Bool(true)).
		Set("skip_requesting_account_id", tf.Bool(true)).
		Set("skip_metadata_api_check", tf.Bool(true))
	name := root.Variable("name", cty.String, "Name of the thing.")
	name.Validate(tf.Fn("can", tf.Fn("regex", tf.String("^[a-z]+$"), name)), "name is lowercase letters.")
	thing := root.Resource("terraform_data", "thing").Set("input", name)
	role := root.Resource("aws_iam_role", "r").
		Set("name", name).
		Set("assume_role_policy", tf.JSONEncode(tf.Obj(tf.KV("Version", tf.String("2012-10-17")), tf.KV("Statement", tf.List()))))
	call := root.CallModule("sized", child).Set("size", tf.Number(2))
	nameOut := root.Output("name", thing.Attr("output"), "Name, through terraform_data.")
	idOut := root.Output("item_id", call.Output("id"), "The child's item.")
	arnOut := root.Output("role_arn", role.Attr("arn"), "ARN of the role.")

	f := root.Test("example")
	f.Set("name", tf.String("alpha"))
	aws := f.MockProvider("aws", "")
	aws.MockResource("aws_iam_role", tf.Obj(tf.KV("arn", tf.String("arn:aws:iam::123456789012:role/mock"))))
	f.Override(tf.In(call).Resource(child.Resources[0]), tf.Obj(tf.KV("id", tf.String("item-1"))))

	// First: once applied, the thing is in state and a plan keeps its value.
	planned := f.Run("plan_known").Plan().
		Assert(tf.Op(thing.Attr("output"), "==", tf.String("planned")), "override_during = plan makes the value known in a plan.")
	planned.Override(tf.In().Resource(thing), tf.Obj(tf.KV("output", tf.String("planned")))).During = tf.DuringPlan
	apply := f.Run("apply").
		Assert(tf.Op(nameOut.Ref(), "==", tf.String("alpha")), "name comes through terraform_data.").
		Assert(tf.Op(idOut.Ref(), "==", tf.String("item-1")), "the override reaches the child's output.").
		Assert(tf.Fn("startswith", arnOut.Ref(), tf.String("arn:aws:iam::")), "the mock gives the role an ARN.")
	f.Run("reuse").Set("name", tf.Tmpl(apply.Output(nameOut), "beta")).
		Assert(tf.Op(nameOut.Ref(), "==", tf.String("alphabeta")), "a run reads an earlier run's output.")
	f.Run("rejects_name").Plan().Set("name", tf.String("Not Valid")).ExpectFailure(name)
	f.Run("rejects_size").Plan().UseModule(child).Set("size", tf.Number(0)).ExpectFailure(size)
	return []*tf.Module{child, root}
}

func TestTestFileGolden(t *testing.T) {
	for _, format := range []render.Format{render.HCL, render.JSON} {
		t.Run(string(format), func(t *testing.T) {
			files := renderAll(t, testedRoot(), format)
			name := "root/tests/example.tftest.hcl"
			if format == render.JSON {
				name = "root/tests/example.tftest.json"
			}
			got, ok := files[name]
			if !ok {
				t.Fatalf("no %s among %v", name, fileNames(files))
			}
			golden := filepath.Join("testdata", "tftest", filepath.Base(name))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./gen/render -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test ./gen/render -update and review the diff)\n--- got ---\n%s", name, golden, got)
			}
		})
	}
}

func fileNames(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestTerraformTestRunsBothSyntaxes runs the real `terraform test` on the
// test file rendered as HCL and as JSON: every run passes, including the
// apply, the plan-time override and both expected failures.
func TestTerraformTestRunsBothSyntaxes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	tftest.Env(t)
	for _, format := range []render.Format{render.HCL, render.JSON} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeTree(t, dir, renderAll(t, testedRoot(), format))
			root := filepath.Join(dir, "root")
			if format == render.HCL {
				tftest.Run(t, dir, "fmt", "-check", "-recursive", "-diff")
			}
			tftest.Run(t, root, "init", "-backend=false", "-input=false", "-no-color")
			out := tftest.Run(t, root, "test", "-no-color")
			for _, run := range []string{"plan_known", "apply", "reuse", "rejects_name", "rejects_size"} {
				if !regexp.MustCompile(`(?m)^  run "` + run + `"\.\.\. pass$`).MatchString(out) {
					t.Errorf("run %q did not pass:\n%s", run, out)
				}
			}
			if !strings.Contains(out, "Success! 5 passed, 0 failed.") {
				t.Errorf("terraform test:\n%s", out)
			}
		})
	}
}
