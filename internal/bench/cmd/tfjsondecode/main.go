// Command tfjsondecode is the baseline of the policy-check benchmark: what
// a user who checks a plan with their own Go code runs at the least, the
// plan JSON read whole and decoded into terraform-json's Plan.
//
//	tfjsondecode PLAN.json
//
// It prints the number of resource changes, so the driver can tell that
// the file was really decoded.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	tfjson "github.com/hashicorp/terraform-json"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tfjsondecode PLAN.json")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "tfjsondecode:", err)
		os.Exit(1)
	}
	var p tfjson.Plan
	if err := json.Unmarshal(b, &p); err != nil {
		fmt.Fprintln(os.Stderr, "tfjsondecode:", err)
		os.Exit(1)
	}
	fmt.Println(len(p.ResourceChanges), "resource changes")
}
