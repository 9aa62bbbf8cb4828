package policy_test

import (
	"fmt"
	"os"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
)

func Example() {
	// plan.json is `terraform show -json tfplan`; the waivers come from the
	// blueprint (out/envs/<env>/policy-waivers.json).
	rep, err := policy.CheckFile("testdata/plans/storage.json", policy.Options{
		Waivers: []policy.Waiver{{
			Address: "aws_s3_bucket_acl.bad", Rule: "aws-s3-no-public-acl",
			Reason: "fixture bucket, public on purpose",
		}},
		Overrides: map[string]string{"aws-s3-versioning": "versioning lands next week"},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	for _, f := range rep.Findings {
		if f.Address == "aws_s3_bucket.bad" || f.Address == "aws_s3_bucket_acl.bad" {
			fmt.Println(f.Address, f.Rule, f.Result, f.Blocking)
		}
	}
	fmt.Println("failed:", rep.Failed())
	// Output:
	// aws_s3_bucket.bad aws-s3-encryption fail true
	// aws_s3_bucket.bad aws-s3-public-access-block fail true
	// aws_s3_bucket.bad aws-s3-access-logging fail false
	// aws_s3_bucket.bad aws-s3-versioning overridden false
	// aws_s3_bucket.bad aws-s3-no-public-acl pass false
	// aws_s3_bucket_acl.bad aws-s3-no-public-acl waived false
	// failed: true
}
