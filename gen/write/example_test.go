package write_test

import (
	"fmt"
	"os"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

func ExampleTree() {
	root, _ := os.MkdirTemp("", "out")
	defer os.RemoveAll(root)
	file := write.File{Path: "modules/a/main.tf", Data: []byte("# " + write.Marker + "example; DO NOT EDIT.\n")}
	res, err := write.Tree(root, []write.File{file})
	fmt.Println(res.Written, err)
	res, err = write.Tree(root, nil)
	fmt.Println(res.Removed, err)
	// Output:
	// [modules/a/main.tf] <nil>
	// [modules/a/main.tf] <nil>
}
