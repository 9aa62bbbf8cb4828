// Package pairs is the render workload of issue 2 and of make bench: n
// aws_s3_bucket + aws_s3_bucket_policy pairs, each with tags, a reference
// and a jsonencode'd policy, once as a gen/tf model and once as plain
// hclwrite output, the baseline a user who generates HCL from Go would
// write.
package pairs

import (
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Model declares the n pairs in one module named name.
func Model(name string, n int) *tf.Module {
	m := tf.NewModule(name)
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

// HCLWrite builds the same n pairs with hclwrite into one file and returns
// it formatted with hclwrite.Format.
func HCLWrite(n int) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	for i := 0; i < n; i++ {
		id := strconv.Itoa(i)
		b := body.AppendNewBlock("resource", []string{"aws_s3_bucket", "b" + id}).Body()
		b.SetAttributeValue("bucket", cty.StringVal("moochat-bucket-"+id))
		b.SetAttributeValue("tags", cty.ObjectVal(map[string]cty.Value{
			"Name":        cty.StringVal("moochat-bucket-" + id),
			"Environment": cty.StringVal("dev"),
			"ManagedBy":   cty.StringVal("moochat-infra"),
		}))
		body.AppendNewline()
		p := body.AppendNewBlock("resource", []string{"aws_s3_bucket_policy", "b" + id}).Body()
		p.SetAttributeTraversal("bucket", hcl.Traversal{hcl.TraverseRoot{Name: "aws_s3_bucket"}, hcl.TraverseAttr{Name: "b" + id}, hcl.TraverseAttr{Name: "id"}})
		p.SetAttributeRaw("policy", hclwrite.Tokens{{Type: hclsyntax.TokenIdent,
			Bytes: []byte(`jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Principal = "*", Resource = "${aws_s3_bucket.b` + id + `.arn}/*" }] })`)}})
		body.AppendNewline()
	}
	return hclwrite.Format(f.Bytes())
}
