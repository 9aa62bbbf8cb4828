// Command external shows moochat-infra used as a library from another Go
// module: it describes one Terraform module in Go and renders it, checked
// against the AWS provider schema, into the directory given by -out.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func site() *tf.Module {
	m := tf.NewModule("modules/site")
	m.Description = "A private S3 bucket for a static site."
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	name := m.Variable("bucket_name", cty.String, "Name of the bucket.")
	bucket := m.Resource("aws_s3_bucket", "site").Set("bucket", name)
	m.Resource("aws_s3_bucket_public_access_block", "site").
		Set("bucket", bucket.Attr("id")).
		Set("block_public_acls", tf.Bool(true)).
		Set("block_public_policy", tf.Bool(true)).
		Set("ignore_public_acls", tf.Bool(true)).
		Set("restrict_public_buckets", tf.Bool(true))
	m.Output("bucket_arn", bucket.Attr("arn"), "ARN of the bucket.")
	return m
}

func main() {
	out := flag.String("out", "out", "directory to render into")
	flag.Parse()
	s, err := schema.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	res, err := generate.Run(generate.Options{
		Out:        *out,
		Modules:    []*tf.Module{site()},
		Validators: []generate.Validator{schema.Validator(s, schema.Options{})},
		Render:     renderOptions(),
	})
	for _, w := range res.Warnings {
		fmt.Fprintln(os.Stderr, generate.Relative(w))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, generate.Describe(err))
		os.Exit(1)
	}
	fmt.Println(res.Summary())
}
