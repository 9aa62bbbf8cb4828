package tfrun_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfrun"
)

// Example plans a root module to a saved, checked plan and applies it.
func Example() {
	dir, _ := os.MkdirTemp("", "tfrun-example-")
	defer os.RemoveAll(dir)
	root := filepath.Join(dir, "envs", "dev")
	os.MkdirAll(root, 0o755)
	os.WriteFile(filepath.Join(root, "main.tf"), []byte(`resource "terraform_data" "hello" {
  input = "dev-moochat-hello"
}
`), 0o644)

	ctx := context.Background()
	r, err := tfrun.Open(ctx, root, tfrun.Config{PluginMirror: "-", PluginCacheDir: "-"})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := r.Plan(ctx, tfrun.PlanOptions{
		// The gate: here every plan passes; moochat runs gen/policy.
		Check: func(planJSON string) (bool, error) { return true, nil },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	p.Summary.WriteText(os.Stdout)
	a, err := r.Apply(ctx, tfrun.ApplyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("applied:", a.Applied)
	// Output:
	//   (root)  1 to add, 0 to change, 0 to destroy, 0 to replace
	//   total   1 to add, 0 to change, 0 to destroy, 0 to replace
	// applied: true
}
