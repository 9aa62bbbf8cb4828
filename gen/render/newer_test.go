package render_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// newerTerraform is a root module using what Terraform 1.7-1.11 added and
// CDKTF never modelled: an ephemeral resource and an ephemeral variable
// feeding write-only arguments, removed blocks (forget, and destroy with a
// destroy-time provisioner), import with for_each, and a provider-defined
// function. withImports false leaves the import block out, for a plan.
func newerTerraform(withImports bool) *tf.Module {
	m := tf.NewModule("newer")
	m.Terraform.RequiredVersion = ">= 1.11.0"
	m.RequireProvider("aws", "hashicorp/aws", "5.100.0")
	aws := m.Provider("aws", "")
	aws.Set("region", tf.String("us-east-1"))
	aws.Set("access_key", tf.String("offline"))
	aws.Set("secret_key", tf.String("offline"))
	aws.Set("skip_credentials_validation", tf.Bool(true))
	aws.Set("skip_requesting_account_id", tf.Bool(true))
	aws.Set("skip_metadata_api_check", tf.Bool(true))

	token := m.Variable("token", cty.String, "A secret that never reaches the plan or state.").WithDefault(cty.StringVal("not-a-secret"))
	token.Ephemeral = true
	secret := m.Resource("aws_secretsmanager_secret", "db").Set("name", tf.String("newer-db"))
	m.Resource("aws_secretsmanager_secret_version", "db").
		Set("secret_id", secret.Attr("id")).
		Set("secret_string_wo", token).
		Set("secret_string_wo_version", tf.Number(1))
	// The secret's id is unknown until apply, so the plan defers opening
	// the ephemeral resource and needs no AWS.
	current := m.Ephemeral("aws_secretsmanager_secret_version", "db").Set("secret_id", secret.Attr("id"))
	m.Resource("aws_ssm_parameter", "db").
		Set("name", tf.String("/newer/db")).
		Set("type", tf.String("SecureString")).
		Set("value_wo", current.Attr("secret_string")).
		Set("value_wo_version", tf.Number(1))

	arn := m.Local("arn", tf.ProviderFn("aws", "arn_parse", tf.String("arn:aws:s3:us-west-2:123456789012:accesspoint/newer")))
	m.Output("arn_region", arn.Attr("region"), "Region parsed by the AWS provider's arn_parse.")
	m.Output("arn_built", tf.ProviderFn("aws", "arn_build", tf.String("aws"), tf.String("iam"), tf.String(""), tf.String("123456789012"), tf.String("role/newer")), "ARN built by arn_build.")

	m.Remove("terraform_data.forgotten", false)
	m.Remove("terraform_data.retired", true).Provisioner("local-exec").Set("command", tf.String("echo retired"))

	imported := m.Resource("terraform_data", "imported")
	imported.ForEach = tf.Fn("toset", tf.Strings("a", "b"))
	imported.Set("input", tf.EachValue)
	if withImports {
		m.ImportEach(imported, tf.Obj(tf.KV("a", tf.String("id-a")), tf.KV("b", tf.String("id-b"))), tf.EachKey, tf.EachValue)
	}
	return m
}

func TestNewerTerraformRenders(t *testing.T) {
	// The provider schema knows every part of it too.
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, json := range []bool{false, true} {
		if ds := schema.Validate(s, []*tf.Module{newerTerraform(true)}, schema.Options{JSON: json}); len(ds) > 0 {
			t.Fatalf("schema validation: %v", ds)
		}
	}
	files := renderAll(t, []*tf.Module{newerTerraform(true)}, render.HCL)
	for name, want := range map[string][]string{
		"newer/main.tf": {
			"ephemeral \"aws_secretsmanager_secret_version\" \"db\" {\n  secret_id = aws_secretsmanager_secret.db.id\n}",
			"value_wo         = ephemeral.aws_secretsmanager_secret_version.db.secret_string",
			"secret_string_wo         = var.token",
		},
		"newer/locals.tf":    {`arn = provider::aws::arn_parse("arn:aws:s3:us-west-2:123456789012:accesspoint/newer")`},
		"newer/variables.tf": {"ephemeral   = true"},
		"newer/removed.tf": {
			"removed {\n  from = terraform_data.forgotten\n\n  lifecycle {\n    destroy = false\n  }\n}",
			"  provisioner \"local-exec\" {\n    when    = destroy\n    command = \"echo retired\"\n  }",
		},
		"newer/imports.tf": {"import {\n  for_each = {\n    a = \"id-a\"\n    b = \"id-b\"\n  }\n  to = terraform_data.imported[each.key]\n  id = each.value\n}"},
	} {
		got := string(files[name])
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks\n%s\n--- got ---\n%s", name, w, got)
			}
		}
	}
	readme := string(files["newer/README.md"])
	// terraform-docs lists the managed resource, not the ephemeral one of
	// the same type and name.
	if n := strings.Count(readme, "[aws_secretsmanager_secret_version.db]("); n != 1 {
		t.Errorf("README lists aws_secretsmanager_secret_version.db %d times, want once:\n%s", n, readme)
	}
}

// TestTerraformAcceptsNewerTerraform runs the real terraform 1.11 on the
// newer-Terraform module as HCL and as JSON: validate (import for_each
// included) and an offline plan (without the import, which would read the
// objects), whose changes and outputs must agree; the provider function
// ran in the plan, and no write-only value reached it.
func TestTerraformAcceptsNewerTerraform(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	// The two terraform tests of this package run side by side.
	t.Parallel()
	tftest.Env(t)
	plans := map[render.Format]*tfjson.Plan{}
	var mu sync.Mutex
	t.Run("group", func(t *testing.T) {
		for _, format := range []render.Format{render.HCL, render.JSON} {
			t.Run(string(format), func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				writeTree(t, dir, renderAll(t, []*tf.Module{newerTerraform(true)}, format))
				root := filepath.Join(dir, "newer")
				if format == render.HCL {
					tftest.Run(t, root, "fmt", "-check", "-diff")
				}
				tftest.Run(t, root, "init", "-input=false", "-no-color")
				tftest.Run(t, root, "validate", "-no-color")
				// Plan without the import block.
				imports := filepath.Join(root, "imports.tf")
				if format == render.JSON {
					imports += ".json"
				}
				if err := os.Remove(imports); err != nil {
					t.Fatal(err)
				}
				tftest.Run(t, root, "plan", "-input=false", "-no-color", "-out=tfplan")
				out := tftest.Run(t, root, "show", "-json", "tfplan")
				var p tfjson.Plan
				if err := json.Unmarshal([]byte(out), &p); err != nil {
					t.Fatal(err)
				}
				mu.Lock()
				plans[format] = &p
				mu.Unlock()
			})
		}
	})
	h, j := plans[render.HCL], plans[render.JSON]
	if h == nil || j == nil {
		t.Fatal("a plan is missing")
	}
	if !reflect.DeepEqual(h.ResourceChanges, j.ResourceChanges) || !reflect.DeepEqual(h.OutputChanges, j.OutputChanges) {
		t.Errorf("HCL and JSON plans differ")
	}
	if got := h.OutputChanges["arn_region"].After; got != "us-west-2" {
		t.Errorf("arn_region = %v, want us-west-2", got)
	}
	if got := h.OutputChanges["arn_built"].After; got != "arn:aws:iam::123456789012:role/newer" {
		t.Errorf("arn_built = %v", got)
	}
	creates := 0
	for _, rc := range h.ResourceChanges {
		if rc.Change.Actions.Create() {
			creates++
		}
	}
	if creates != 5 {
		t.Errorf("want 5 resources created (secret, version, parameter, 2 imported), got %d", creates)
	}
	// Write-only arguments are null in the planned values: terraform
	// sends them to the provider and never keeps them.
	seen := 0
	for _, rc := range h.ResourceChanges {
		after, _ := rc.Change.After.(map[string]any)
		for _, wo := range []string{"secret_string_wo", "value_wo"} {
			if v, ok := after[wo]; ok {
				seen++
				if v != nil {
					t.Errorf("%s.%s = %v in the plan, want null (write-only)", rc.Address, wo, v)
				}
			}
		}
	}
	if seen != 2 {
		t.Errorf("want the 2 write-only arguments in the planned values (as null), found %d", seen)
	}
}
