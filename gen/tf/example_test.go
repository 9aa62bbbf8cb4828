package tf_test

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
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

// JSON takes a document as Go data whose leaves may be expressions, and
// options set meta-arguments where the resource is declared.
func ExampleJSON() {
	m := tf.NewModule("modules/repo")
	keep := m.Variable("keep_images", cty.Number, "Images to keep.")
	type selection struct {
		TagStatus   string  `json:"tagStatus"`
		CountNumber tf.Expr `json:"countNumber"`
	}
	m.Resource("aws_ecr_lifecycle_policy", "this", tf.DependsOn(m.Resource("aws_ecr_repository", "this"))).
		Set("policy", tf.JSON(map[string]any{
			"rules": []any{map[string]any{"selection": selection{"any", keep}}},
		}))
	files, _ := render.Module(m, render.Options{})
	for _, f := range files {
		if f.Name == "main.tf" {
			fmt.Print(strings.SplitN(string(f.Data), "\n\n", 2)[1])
		}
	}
	// Output:
	// resource "aws_ecr_repository" "this" {
	// }
	//
	// resource "aws_ecr_lifecycle_policy" "this" {
	//   policy = jsonencode({
	//     rules = [
	//       {
	//         selection = {
	//           tagStatus   = "any"
	//           countNumber = var.keep_images
	//         }
	//       },
	//     ]
	//   })
	//
	//   depends_on = [aws_ecr_repository.this]
	// }
}
