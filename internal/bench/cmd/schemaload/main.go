// Command schemaload is the floor of the gen benchmark: a process that
// only loads the embedded AWS provider schema snapshot, which every
// go run ./gen pays before it validates anything.
package main

import (
	"fmt"
	"os"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
)

func main() {
	s, err := schema.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemaload:", err)
		os.Exit(1)
	}
	if s.Provider("hashicorp/aws") == nil {
		fmt.Fprintln(os.Stderr, "schemaload: the snapshot has no hashicorp/aws")
		os.Exit(1)
	}
	fmt.Println("schema loaded")
}
