// Command pairs is the library side of the render benchmark: n
// aws_s3_bucket + aws_s3_bucket_policy pairs, each with tags, a reference
// and a jsonencode'd policy, declared through gen/tf and generated into DIR
// by generate.Run (the model's own checks, the render, the write), with
// validation against the embedded AWS provider schema when -schema is set.
//
//	pairs -n 100000 [-schema] -out DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func main() {
	n := flag.Int("n", 1000, "number of bucket + policy pairs")
	withSchema := flag.Bool("schema", false, "validate against the AWS provider schema too")
	out := flag.String("out", "", "output root")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "pairs: -out is required")
		os.Exit(2)
	}
	opts := generate.Options{Out: *out, Modules: []*tf.Module{build(*n)}}
	if *withSchema {
		s, err := schema.Default()
		if err != nil {
			fmt.Fprintln(os.Stderr, "pairs:", err)
			os.Exit(1)
		}
		opts.Validators = []generate.Validator{schema.Validator(s, schema.Options{})}
	}
	res, err := generate.Run(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, generate.Describe(err))
		os.Exit(1)
	}
	fmt.Println("pairs:", res.Summary())
}

func build(n int) *tf.Module {
	m := tf.NewModule("pairs")
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	for i := 0; i < n; i++ {
		id := strconv.Itoa(i)
		b := m.Resource("aws_s3_bucket", "b"+id).
			Set("bucket", tf.String("moochat-bucket-"+id)).
			Set("tags", tf.Obj(
				tf.KV("Name", tf.String("moochat-bucket-"+id)),
				tf.KV("Environment", tf.String("dev")),
				tf.KV("ManagedBy", tf.String("moochat-infra")),
			))
		m.Resource("aws_s3_bucket_policy", "b"+id).
			Set("bucket", b.Attr("id")).
			Set("policy", tf.JSONEncode(tf.Obj(
				tf.KV("Version", tf.String("2012-10-17")),
				tf.KV("Statement", tf.List(tf.Obj(
					tf.KV("Effect", tf.String("Allow")),
					tf.KV("Action", tf.String("s3:GetObject")),
					tf.KV("Principal", tf.String("*")),
					tf.KV("Resource", tf.Tmpl(b.Attr("arn"), "/*")),
				))),
			)))
	}
	return m
}
