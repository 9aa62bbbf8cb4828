package render_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestUnrepresentableValuesAreErrorsAtTheirLine: values Terraform has no
// syntax for (unknown, capsule) are diagnostics naming the line that set
// them, in both syntaxes.
func TestUnrepresentableValuesAreErrorsAtTheirLine(t *testing.T) {
	cases := map[string]cty.Value{
		"unknown value": cty.UnknownVal(cty.String),
		"capsule value": cty.CapsuleVal(cty.Capsule("thing", reflect.TypeOf(0)), new(int)),
	}
	for name, v := range cases {
		for _, format := range []render.Format{render.HCL, render.JSON} {
			t.Run(name+"/"+string(format), func(t *testing.T) {
				m := tf.NewModule("m")
				r := m.Resource("terraform_data", "x")
				_, file, line, _ := runtime.Caller(0)
				r.Set("input", tf.Lit(v))
				_, ds := render.Module(m, render.Options{Format: format})
				want := fmt.Sprintf("%s:%d", filepath.Base(file), line+1)
				if !ds.HasErrors() || !strings.Contains(ds.Error(), want) || !strings.Contains(ds.Error(), "terraform_data.x") {
					t.Fatalf("want an error at %s naming terraform_data.x, got %v", want, ds)
				}
			})
		}
	}
}
