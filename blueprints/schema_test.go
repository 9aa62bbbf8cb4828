package blueprints

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestBlueprintsMatchTheProviderSchema runs the pipeline's validators (the
// model's own checks and the AWS provider schema) over every blueprint, in
// both syntaxes, without terraform: a typo in an attribute fails here.
func TestBlueprintsMatchTheProviderSchema(t *testing.T) {
	for _, format := range []render.Format{render.HCL, render.JSON} {
		opts, err := Options(t.TempDir(), format, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, ds := generate.Files(opts); ds.HasErrors() {
			t.Errorf("%s: %v", format, ds)
		}
	}
}

// TestAttributeTypoFailsBeforeTerraform plants a misspelt attribute in a
// platform module and expects the pipeline to refuse it, naming this file
// and line.
func TestAttributeTypoFailsBeforeTerraform(t *testing.T) {
	opts, err := Options(t.TempDir(), render.HCL, "")
	if err != nil {
		t.Fatal(err)
	}
	var bucket *tf.Resource
	for _, m := range opts.Modules {
		for _, r := range m.Resources {
			if m.Name == "modules/staticui" && r.Type == "aws_s3_bucket" && bucket == nil {
				bucket = r
			}
		}
	}
	if bucket == nil {
		t.Fatal("no aws_s3_bucket in modules/staticui")
	}
	_, file, line, _ := runtime.Caller(0)
	bucket.Set("force_destory", tf.Bool(true))
	want := fmt.Sprintf("%s:%d", file, line+1)
	_, ds := generate.Files(opts)
	text := ds.Error()
	if !ds.HasErrors() || !strings.Contains(text, `"force_destory"`) || !strings.Contains(text, `"force_destroy"`) || !strings.Contains(text, want) {
		t.Fatalf("want an error at %s about force_destory with a did-you-mean, got:\n%s", want, text)
	}
}
