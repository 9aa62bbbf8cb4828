package generate_test

import (
	"fmt"
	"os"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func Example() {
	out, _ := os.MkdirTemp("", "out")
	defer os.RemoveAll(out)
	m := tf.NewModule("modules/hello")
	m.Resource("terraform_data", "hello").Set("input", tf.String("world"))
	res, err := generate.Run(generate.Options{Out: out, Modules: []*tf.Module{m}})
	fmt.Println(res.Written, err)
	// Output: [modules/hello/README.md modules/hello/main.tf] <nil>
}
