package render_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// TestTerraformAcceptsBothSyntaxes runs the real terraform on the kitchen
// sink rendered as HCL and as JSON: fmt -check (HCL), validate, and an
// offline plan with the AWS provider from the local mirror. Both plans must
// have the same resource and output changes.
func TestTerraformAcceptsBothSyntaxes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	// The two terraform tests of this package run side by side.
	t.Parallel()
	tftest.Env(t) // skips when terraform is missing
	plans := map[render.Format]*tfjson.Plan{}
	var mu sync.Mutex
	t.Run("group", func(t *testing.T) {
		for _, format := range []render.Format{render.HCL, render.JSON} {
			t.Run(string(format), func(t *testing.T) {
				t.Parallel()
				mods := kitchenSink()
				// The import block would read AWS during plan.
				mods[1].Imports = nil
				dir := t.TempDir()
				writeTree(t, dir, renderAll(t, mods, format))
				if format == render.HCL {
					tftest.Run(t, dir, "fmt", "-check", "-recursive", "-diff")
				}
				root := filepath.Join(dir, "root")
				tftest.Run(t, root, "init", "-input=false", "-no-color")
				tftest.Run(t, root, "validate", "-no-color")
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
	if len(h.ResourceChanges) < 8 {
		t.Fatalf("the HCL plan has only %d resource changes", len(h.ResourceChanges))
	}
	if !reflect.DeepEqual(h.ResourceChanges, j.ResourceChanges) {
		hb, _ := json.MarshalIndent(h.ResourceChanges, "", " ")
		jb, _ := json.MarshalIndent(j.ResourceChanges, "", " ")
		t.Errorf("resource changes differ\n--- hcl ---\n%s\n--- json ---\n%s", hb, jb)
	}
	if !reflect.DeepEqual(h.OutputChanges, j.OutputChanges) {
		t.Errorf("output changes differ: %v vs %v", h.OutputChanges, j.OutputChanges)
	}
}

// TestTerraformFmtAgreesOnOut checks the committed out/ tree with the real
// terraform fmt.
func TestTerraformFmtAgreesOnOut(t *testing.T) {
	tftest.Env(t)
	tftest.Run(t, filepath.Join("..", "..", "out"), "fmt", "-check", "-recursive", "-diff")
}
