package schema_test

import (
	"fmt"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func Example() {
	s, err := schema.Default()
	if err != nil {
		panic(err)
	}
	m := tf.NewModule("modules/ui")
	m.RequireProvider("aws", "hashicorp/aws", "~> 5.100")
	m.Resource("aws_s3_bucket", "ui").
		Set("bucket", tf.String("dev-moochat-ui")).
		Set("force_destory", tf.Bool(true))
	for _, d := range schema.Validate(s, []*tf.Module{m}, schema.Options{}) {
		fmt.Println(d.Severity, d.Address, d.Summary)
	}
	// Output:
	// error modules/ui: aws_s3_bucket.ui unsupported attribute "force_destory"; did you mean "force_destroy"?
}
