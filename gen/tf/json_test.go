package tf_test

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// renderFile renders m as HCL and returns the named file.
func renderFile(t *testing.T, m *tf.Module, name string) string {
	t.Helper()
	if ds := tf.Validate(m); ds.HasErrors() {
		t.Fatal(ds)
	}
	files, ds := render.Module(m, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, f := range files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	t.Fatalf("no %s rendered", name)
	return ""
}

type rule struct {
	Priority   int               `json:"rulePriority"`
	Note       string            `json:"description,omitempty"`
	Selection  map[string]any    `json:"selection"`
	Skipped    string            `json:"-"`
	Tags       []string          `json:"tags,omitempty"`
	Extra      *rule             `json:"extra,omitempty"`
	Labels     map[string]string `json:"labels"`
	unexported int
}

func TestJSONWalksGoDataWithExpressionLeaves(t *testing.T) {
	m := tf.NewModule("modules/x")
	keep := m.Variable("keep", cty.Number, "How many.")
	doc := map[string]any{
		"rules": []rule{{
			Priority:  1,
			Selection: map[string]any{"countNumber": keep, "tagStatus": "any", "nothing": nil},
			Skipped:   "never",
			Labels:    nil,
		}},
		"version": 2.5,
		"on":      true,
		"ref":     tf.Tmpl("x-", keep),
	}
	m.Resource("terraform_data", "d").Set("input", tf.JSON(doc))
	got := renderFile(t, m, "main.tf")
	want := `resource "terraform_data" "d" {
  input = jsonencode({
    on  = true
    ref = "x-${var.keep}"
    rules = [
      {
        rulePriority = 1
        selection = {
          countNumber = var.keep
          tagStatus   = "any"
        }
      },
    ]
    version = 2.5
  })
}
`
	if !strings.Contains(got, want) {
		t.Errorf("rendered\n%s\nwant it to contain\n%s", got, want)
	}
}

func TestJSONReportsValuesWithoutAJSONFormAtTheCaller(t *testing.T) {
	m := tf.NewModule("modules/x")
	m.Resource("terraform_data", "d").Set("input", tf.JSON(map[string]any{"ch": make(chan int)}))
	ds := tf.Validate(m)
	if len(ds) != 1 {
		t.Fatalf("want one diagnostic, got %v", ds)
	}
	if !strings.HasSuffix(ds[0].Pos.File(), "gen/tf/json_test.go") || !strings.Contains(ds[0].Summary, "chan int") {
		t.Errorf("diagnostic %v: want it at json_test.go naming chan int", ds[0])
	}
}
