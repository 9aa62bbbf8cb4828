package tf_test

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func Example() {
	m := tf.NewModule("modules/site")
	name := m.Variable("bucket_name", cty.String, "Name of the bucket.")
	bucket := m.Resource("aws_s3_bucket", "site").Set("bucket", name)
	m.Resource("aws_s3_bucket_policy", "site").
		Set("bucket", bucket.Attr("id")).
		Set("policy", tf.JSONEncode(tf.Obj(tf.KV("Version", tf.String("2012-10-17")))))
	m.Output("arn", bucket.Attr("arn"), "ARN of the bucket.")
	fmt.Println(len(tf.Validate(m)), "problems")

	// A reference to something that was never declared is caught.
	m.Output("oops", tf.VarRef("bucket"), "Misspelt.")
	for _, d := range tf.Validate(m) {
		fmt.Println(d.Summary)
	}
	// Output:
	// 0 problems
	// refers to var.bucket, which is not declared in this module; did you mean "var.bucket_name"?
}
