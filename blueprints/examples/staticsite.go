// Package examples holds small blueprints that show the library at work
// and give the tests real configurations: a static site on S3, and a
// provider-free configuration of terraform_data that can be applied here.
package examples

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// StaticSite is a versioned, encrypted, private S3 bucket with a bucket policy, as a
// shared module, and a root module that calls it.
func StaticSite() []*tf.Module {
	site := tf.NewModule("examples/static-site/modules/site")
	site.Description = "A private, versioned S3 bucket for a static site, readable by one CloudFront distribution."
	site.Terraform.RequiredVersion = ">= 1.5.0"
	site.RequireProvider("aws", "hashicorp/aws", ">= 5.0")

	name := site.Variable("bucket_name", cty.String, "Name of the bucket that holds the site.")
	name.Validate(tf.Fn("can", tf.Fn("regex", tf.String("^[a-z0-9.-]{3,63}$"), name)), "Bucket names are 3-63 lowercase letters, digits, dots and dashes.")
	dist := site.Variable("distribution_arn", cty.String, "ARN of the CloudFront distribution allowed to read the bucket.")
	tags := site.Variable("tags", cty.Map(cty.String), "Tags for every resource.").WithDefault(cty.MapValEmpty(cty.String))

	bucket := site.Resource("aws_s3_bucket", "site").
		Set("bucket", name).
		Set("tags", tags)
	site.Resource("aws_s3_bucket_versioning", "site").
		Set("bucket", bucket.Attr("id")).
		Body.Block("versioning_configuration").Set("status", tf.String("Enabled"))
	site.Resource("aws_s3_bucket_server_side_encryption_configuration", "site").
		Set("bucket", bucket.Attr("id")).
		Body.Block("rule").Block("apply_server_side_encryption_by_default").Set("sse_algorithm", tf.String("AES256"))
	site.Resource("aws_s3_bucket_public_access_block", "site").
		Set("bucket", bucket.Attr("id")).
		Set("block_public_acls", tf.Bool(true)).
		Set("block_public_policy", tf.Bool(true)).
		Set("ignore_public_acls", tf.Bool(true)).
		Set("restrict_public_buckets", tf.Bool(true))
	site.Resource("aws_s3_bucket_policy", "site").
		Set("bucket", bucket.Attr("id")).
		Set("policy", tf.JSONEncode(tf.Obj(
			tf.KV("Version", tf.String("2012-10-17")),
			tf.KV("Statement", tf.List(tf.Obj(
				tf.KV("Sid", tf.String("CloudFrontRead")),
				tf.KV("Effect", tf.String("Allow")),
				tf.KV("Principal", tf.Obj(tf.KV("Service", tf.String("cloudfront.amazonaws.com")))),
				tf.KV("Action", tf.String("s3:GetObject")),
				tf.KV("Resource", tf.Tmpl(bucket.Attr("arn"), "/*")),
				tf.KV("Condition", tf.Obj(tf.KV("StringEquals", tf.Obj(tf.KV("AWS:SourceArn", dist))))),
			))),
		)))
	site.Output("bucket_name", bucket.Attr("bucket"), "Name of the site bucket.")
	site.Output("bucket_arn", bucket.Attr("arn"), "ARN of the site bucket.")

	root := tf.NewModule("examples/static-site")
	root.Description = "Example root module: one static site bucket in us-east-1."
	root.Terraform.RequiredVersion = ">= 1.5.0"
	root.RequireProvider("aws", "hashicorp/aws", "5.100.0")
	root.SetBackend("local").Set("path", tf.String("terraform.tfstate"))
	env := root.Variable("environment", cty.String, "Environment name, used in names and tags.").WithDefault(cty.StringVal("dev"))
	aws := root.Provider("aws", "")
	aws.Set("region", tf.String("us-east-1"))
	aws.Block("default_tags").Set("tags", tf.Obj(
		tf.KV("Application", tf.String("static-site")),
		tf.KV("Environment", env),
		tf.KV("ManagedBy", tf.String("moochat-infra")),
	))
	call := root.CallModule("site", site).
		Set("bucket_name", tf.Tmpl(env, "-static-site-example")).
		Set("distribution_arn", tf.String("arn:aws:cloudfront::123456789012:distribution/EXAMPLE"))
	root.Output("bucket_name", call.Output("bucket_name"), "Name of the site bucket.")
	return []*tf.Module{site, root}
}
