package aws_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/zclconf/go-cty/cty"
)

// typedModule and untypedModule declare the same resources, one through
// the bindings and one through the untyped model, in the order the typed
// literals name them (attributes, then blocks: the author's order).
func typedModule() *tf.Module {
	m := tf.NewModule("modules/ui")
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.100")
	env := m.Variable("env", cty.String, "environment")
	bucket := aws.NewS3Bucket(m, "ui", aws.S3BucketArgs{
		Bucket:       aws.StringExpr(tf.Tmpl(env, "-moochat-ui")),
		ForceDestroy: aws.Bool(false),
		Tags:         aws.StringMap(map[string]string{"Environment": "dev", "Application": "moochat"}),
	})
	aws.NewS3BucketVersioning(m, "ui", aws.S3BucketVersioningArgs{
		Bucket:                  bucket.Id(),
		VersioningConfiguration: &aws.S3BucketVersioning_VersioningConfiguration{Status: aws.String("Enabled")},
	})
	aws.NewS3BucketLifecycleConfiguration(m, "ui", aws.S3BucketLifecycleConfigurationArgs{
		Bucket: bucket.Bucket(),
		Rule: []aws.S3BucketLifecycleConfiguration_Rule{{
			Id:         aws.String("expire"),
			Status:     aws.String("Enabled"),
			Expiration: []aws.S3BucketLifecycleConfiguration_Rule_Expiration{{Days: aws.Number(1)}},
			Filter:     []aws.S3BucketLifecycleConfiguration_Rule_Filter{{Prefix: aws.String("tmp/")}},
		}},
	})
	aws.NewSecurityGroup(m, "alb", aws.SecurityGroupArgs{
		Name: aws.String("alb"),
		Ingress: aws.SetOf(aws.SecurityGroup_Ingress{
			FromPort: aws.Number(443), ToPort: aws.Number(443), Protocol: aws.String("tcp"),
			CidrBlocks: aws.Strings("0.0.0.0/0"),
		}),
	})
	doc := aws.NewDataIamPolicyDocument(m, "read", aws.DataIamPolicyDocumentArgs{
		Statement: []aws.DataIamPolicyDocument_Statement{{
			Actions:    aws.StringSet("s3:GetObject"),
			Resources:  aws.StringSet("arn:aws:s3:::x/*"),
			Principals: []aws.DataIamPolicyDocument_Statement_Principals{{Type: aws.String("Service"), Identifiers: aws.StringSet("cloudfront.amazonaws.com")}},
		}},
	})
	aws.NewS3BucketPolicy(m, "ui", aws.S3BucketPolicyArgs{Bucket: bucket.Id(), Policy: doc.Json()})
	m.Output("bucket_arn", bucket.Arn().TFExpr(), "bucket ARN")
	return m
}

func untypedModule() *tf.Module {
	m := tf.NewModule("modules/ui")
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.100")
	env := m.Variable("env", cty.String, "environment")
	bucket := m.Resource("aws_s3_bucket", "ui").
		Set("bucket", tf.Tmpl(env, "-moochat-ui")).
		Set("force_destroy", tf.Bool(false)).
		Set("tags", tf.StringMap(map[string]string{"Environment": "dev", "Application": "moochat"}))
	v := m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", bucket.Attr("id"))
	v.Block("versioning_configuration").Set("status", tf.String("Enabled"))
	lc := m.Resource("aws_s3_bucket_lifecycle_configuration", "ui").Set("bucket", bucket.Attr("bucket"))
	rule := lc.Block("rule").Set("id", tf.String("expire")).Set("status", tf.String("Enabled"))
	rule.Block("expiration").Set("days", tf.Number(1))
	rule.Block("filter").Set("prefix", tf.String("tmp/"))
	null := tf.Null()
	m.Resource("aws_security_group", "alb").
		Set("name", tf.String("alb")).
		Set("ingress", tf.List(tf.Obj(
			tf.KV("cidr_blocks", tf.Strings("0.0.0.0/0")), tf.KV("description", null), tf.KV("from_port", tf.Number(443)),
			tf.KV("ipv6_cidr_blocks", null), tf.KV("prefix_list_ids", null), tf.KV("protocol", tf.String("tcp")),
			tf.KV("security_groups", null), tf.KV("self", null), tf.KV("to_port", tf.Number(443)))))
	doc := m.Data("aws_iam_policy_document", "read")
	st := doc.Block("statement").Set("actions", tf.Strings("s3:GetObject")).Set("resources", tf.Strings("arn:aws:s3:::x/*"))
	st.Block("principals").Set("type", tf.String("Service")).Set("identifiers", tf.Strings("cloudfront.amazonaws.com"))
	m.Resource("aws_s3_bucket_policy", "ui").Set("bucket", bucket.Attr("id")).Set("policy", doc.Attr("json"))
	m.Output("bucket_arn", bucket.Attr("arn"), "bucket ARN")
	return m
}

func renderAll(t *testing.T, m *tf.Module, f render.Format) map[string][]byte {
	t.Helper()
	files, ds := render.Module(m, render.Options{Format: f})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Name] = f.Data
	}
	return out
}

func TestBindingsRenderLikeTheUntypedModel(t *testing.T) {
	for _, f := range []render.Format{render.HCL, render.JSON} {
		typed, untyped := renderAll(t, typedModule(), f), renderAll(t, untypedModule(), f)
		if len(typed) != len(untyped) {
			t.Fatalf("%s: %d files typed, %d untyped", f, len(typed), len(untyped))
		}
		for name, want := range untyped {
			if got := typed[name]; !bytes.Equal(got, want) {
				t.Errorf("%s %s differs:\n--- typed\n%s\n--- untyped\n%s", f, name, got, want)
			}
		}
	}
}

func TestBindingsPassTheValidator(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := typedModule()
	for _, opts := range []schema.Options{{}, {JSON: true}} {
		if ds := schema.Validate(s, []*tf.Module{m}, opts); len(ds) != 0 {
			t.Errorf("JSON=%v: %v", opts.JSON, ds)
		}
	}
	if ds := tf.Validate(m); ds.HasErrors() {
		t.Error(ds)
	}
}

// TestDiagnosticsPointAtTheBindingsCaller checks that a resource made
// through the bindings reports the blueprint's line, not the bindings'.
func TestDiagnosticsPointAtTheBindingsCaller(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := tf.NewModule("modules/x")
	_, file, line, _ := runtime.Caller(0)
	aws.NewS3BucketVersioning(m, "v", aws.S3BucketVersioningArgs{Bucket: aws.String("b")}) // line+1
	ds := schema.Validate(s, []*tf.Module{m}, schema.Options{})
	if len(ds) != 1 {
		t.Fatalf("want the missing versioning_configuration, got %v", ds)
	}
	if ds[0].Pos.File() != file || ds[0].Pos.Line() != line+1 {
		t.Errorf("diagnostic at %s, want %s:%d", ds[0].Pos, file, line+1)
	}
	if ds[0].Address != "modules/x: aws_s3_bucket_versioning.v" {
		t.Errorf("address %q", ds[0].Address)
	}
}

func TestGettersNameTheirAttribute(t *testing.T) {
	m := tf.NewModule("modules/x")
	role := aws.NewIamRole(m, "deploy", aws.IamRoleArgs{Name: aws.String("deploy"), AssumeRolePolicy: aws.String("{}")})
	for _, c := range []struct {
		got  tf.Expr
		want string
	}{
		{role.Arn().TFExpr(), "aws_iam_role.deploy.arn"},
		{role.Name().TFExpr(), "aws_iam_role.deploy.name"},
	} {
		r, ok := c.got.(tf.Ref)
		if !ok || r.RootText() != "aws_iam_role.deploy" || len(r.Steps) != 1 || r.RootText()+"."+r.Steps[0].Attr != c.want {
			t.Errorf("got %#v, want %s", c.got, c.want)
		}
	}
	if role.Resource.Name != "deploy" || role.Resource.Address() != "aws_iam_role.deploy" {
		t.Errorf("untyped resource: %q %q", role.Resource.Name, role.Resource.Address())
	}
}
