// Command hclwritepairs is the baseline of the render benchmark: the
// n aws_s3_bucket + aws_s3_bucket_policy pairs that the pairs command
// declares through the library, written instead as a Terraform user who
// generates HCL from Go would, with hclwrite, then hclwrite.Format, into
// DIR/main.tf.
//
//	hclwritepairs -n 100000 -out DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

func main() {
	n := flag.Int("n", 1000, "number of bucket + policy pairs")
	out := flag.String("out", "", "directory to write main.tf into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "hclwritepairs: -out is required")
		os.Exit(2)
	}
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	for i := 0; i < *n; i++ {
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
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "hclwritepairs:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(*out, "main.tf"), hclwrite.Format(f.Bytes()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "hclwritepairs:", err)
		os.Exit(1)
	}
}
