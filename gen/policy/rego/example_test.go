//go:build rego

package rego_test

import (
	"fmt"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy/rego"
)

func Example() {
	rego.Register() // policy.CheckFile now evaluates PolicyDirs with OPA
	rep, err := policy.CheckFile("../testdata/plans/storage.json", policy.Options{
		PolicyDirs: []string{"testdata/policies"},
	})
	if err != nil {
		panic(err)
	}
	for _, f := range rep.Findings {
		if f.Source != "" {
			fmt.Println(f.Rule, f.Address, f.Result, f.Message)
		}
	}
	// Output:
	// rego:main.deny aws_s3_bucket_acl.bad fail aws_s3_bucket_acl.bad: public-read ACL
}
