package pairs

import (
	"bytes"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestBothSidesDeclareTheSameResources: the library's main.tf and the
// hclwrite baseline hold the same blocks, and the library's is in fmt form,
// so neither side of the benchmark does less work.
func TestBothSidesDeclareTheSameResources(t *testing.T) {
	m := Model("pairs", 3)
	if ds := tf.Validate(m); ds.HasErrors() {
		t.Fatal(ds)
	}
	files, ds := render.Module(m, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	var main []byte
	for _, f := range files {
		if f.Name == "main.tf" {
			main = f.Data
		}
	}
	if got := hclwrite.Format(main); !bytes.Equal(got, main) {
		t.Error("the library's main.tf is not in fmt form")
	}
	base := HCLWrite(3)
	for _, want := range []string{`resource "aws_s3_bucket" "b2"`, `resource "aws_s3_bucket_policy" "b2"`, "aws_s3_bucket.b2.id", `"moochat-bucket-2"`} {
		if !bytes.Contains(main, []byte(want)) || !bytes.Contains(base, []byte(want)) {
			t.Errorf("%q is not in both outputs", want)
		}
	}
	if n, b := bytes.Count(main, []byte("resource \"")), bytes.Count(base, []byte("resource \"")); n != 6 || b != 6 {
		t.Errorf("%d and %d resources, want 6 each", n, b)
	}
}
