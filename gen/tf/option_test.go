package tf_test

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func TestOptionsSetMetaArgumentsAtConstruction(t *testing.T) {
	m := tf.NewModule("modules/x")
	n := m.Variable("n", cty.Number, "Count.")
	first := m.Resource("terraform_data", "first")
	m.Resource("terraform_data", "many",
		tf.Count(n),
		tf.DependsOn(first),
		tf.CreateBeforeDestroy(),
		tf.IgnoreChanges("input"),
		tf.ReplaceTriggeredBy(first.Attr("id")),
		tf.Precondition(tf.Op(n, ">", tf.Number(0)), tf.Tmpl("n is ", n)),
		tf.Waive("some-rule", "a reason", "2030-01-01"),
	).Set("input", tf.CountIndex)
	got := renderFile(t, m, "main.tf")
	want := `resource "terraform_data" "many" {
  count = var.n

  input = count.index

  depends_on = [terraform_data.first]

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [input]
    replace_triggered_by  = [terraform_data.first.id]

    precondition {
      condition     = var.n > 0
      error_message = "n is ${var.n}"
    }
  }
}
`
	if !strings.Contains(got, want) {
		t.Errorf("rendered\n%s\nwant it to contain\n%s", got, want)
	}
	if w := m.Resources[1].Waivers; len(w) != 1 || w[0].Rule != "some-rule" {
		t.Errorf("waivers = %v", w)
	}
}

func TestResourceOnlyOptionsOnAModuleCallAreReported(t *testing.T) {
	child := tf.NewModule("modules/child")
	m := tf.NewModule("envs/dev")
	m.CallModule("c", child, tf.PreventDestroy(), tf.Waive("r", "why", ""))
	m.Resource("terraform_data", "d", tf.PassProviders(map[string]*tf.Provider{}))
	var got []string
	for _, d := range tf.Validate(m, child) {
		if !strings.HasSuffix(d.Pos.File(), "gen/tf/option_test.go") {
			t.Errorf("%v: want the position of the declaration in this file", d)
		}
		got = append(got, d.Summary)
	}
	want := []string{
		"a resource has no providers meta-argument (that option is for module calls)",
		"a module call has no prevent_destroy (Terraform allows it on resources only)",
		"a module call has no waiver (Terraform allows it on resources only)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
