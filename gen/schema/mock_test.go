package schema_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// arnShape is the ARN syntax the AWS provider checks (verify.ValidARN):
// arn:partition:service:region:account:resource.
var arnShape = regexp.MustCompile(`^arn:aws:[a-z0-9-]+:([a-z0-9-]*):([0-9]{12})?:.+$`)

func TestMockValueShapes(t *testing.T) {
	cases := []struct{ typ, attr, want string }{
		{"aws_iam_role", "arn", "arn:aws:iam::123456789012:role/mock"},
		{"aws_s3_bucket", "arn", "arn:aws:s3:::mock"},
		{"aws_lb", "arn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:lb/mock"},
		{"aws_cloudwatch_log_group", "arn", "arn:aws:logs:us-east-1:123456789012:log-group:mock"},
		{"aws_secretsmanager_secret", "arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:mock"},
		{"aws_appautoscaling_target", "role_arn", "arn:aws:iam::123456789012:role/mock"},
		{"aws_ecs_task_definition", "execution_role_arn", "arn:aws:iam::123456789012:role/mock"},
		{"aws_ecr_repository", "repository_url", "123456789012.dkr.ecr.us-east-1.amazonaws.com/mock"},
		{"aws_apigatewayv2_api", "api_endpoint", "https://mock.execute-api.us-east-1.amazonaws.com/"},
		{"aws_lb", "dns_name", "mock.elb.us-east-1.amazonaws.com"},
	}
	for _, c := range cases {
		got, ok := schema.MockValue(c.typ, c.attr)
		if !ok || got != c.want {
			t.Errorf("MockValue(%s, %s) = %q, %v; want %q", c.typ, c.attr, got, ok, c.want)
		}
	}
	if _, ok := schema.MockValue("aws_s3_bucket", "bucket_domain_name"); ok {
		t.Error("bucket_domain_name has no shape rule, so it keeps Terraform's generated value")
	}
}

// TestMockDefaultsCoverEveryComputedARN checks, for every resource type
// of the AWS provider, that each computed string attribute named arn or
// *_arn gets a default, and that the default is ARN-shaped.
func TestMockDefaultsCoverEveryComputedARN(t *testing.T) {
	p := loadDefault(t).Provider("hashicorp/aws")
	root := tf.NewModule("root")
	root.Provider("aws", "")
	for _, typ := range p.ResourceTypes() {
		root.Resource(typ, "x")
	}
	ms := schema.MockDefaults(p, root, "aws")
	checked := 0
	for _, typ := range p.ResourceTypes() {
		got := map[string]string{}
		for _, it := range ms.Resources[typ].Items {
			got[it.Name] = literalText(it.Val())
		}
		for _, a := range p.Resource(typ).Attributes {
			if !a.Computed || a.Type != cty.String || !(a.Name == "arn" || strings.HasSuffix(a.Name, "_arn")) {
				continue
			}
			checked++
			if v, ok := got[a.Name]; !ok {
				t.Errorf("%s.%s: no default", typ, a.Name)
			} else if !arnShape.MatchString(v) {
				t.Errorf("%s.%s: default %q is not an ARN", typ, a.Name, v)
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d computed ARN attributes checked", checked)
	}
}

// eastRoot manages an IAM role with its default AWS configuration and
// calls a certificate module with providers = { aws = aws.east }.
func eastRoot() *tf.Module {
	child := tf.NewModule("modules/cert")
	child.Resource("aws_acm_certificate", "c")
	root := tf.NewModule("root")
	root.Provider("aws", "")
	east := root.Provider("aws", "east")
	root.Resource("aws_iam_role", "r")
	root.CallModule("cert", child).Providers = map[string]*tf.Provider{"aws": east}
	return root
}

// TestMockDefaultsFollowProviderConfigurations: a module called with
// providers = { aws = aws.east } has its types mocked under aws.east only.
func TestMockDefaultsFollowProviderConfigurations(t *testing.T) {
	p := loadDefault(t).Provider("hashicorp/aws")
	root := eastRoot()
	def, alt := schema.MockDefaults(p, root, "aws"), schema.MockDefaults(p, root, "aws.east")
	if _, ok := def.Resources["aws_iam_role"]; !ok || len(def.Resources) != 1 {
		t.Errorf("aws mocks %v, want aws_iam_role only", def.Resources)
	}
	if _, ok := alt.Resources["aws_acm_certificate"]; !ok || len(alt.Resources) != 1 {
		t.Errorf("aws.east mocks %v, want aws_acm_certificate only", alt.Resources)
	}
}

// TestMockDefaultsLetTerraformTestApply applies, with terraform test and a
// mock AWS provider, a root where one resource takes another's ARN: with
// the schema's defaults it passes; without them terraform's random
// strings are rejected by the provider's ARN validation, which is why the
// defaults exist.
func TestMockDefaultsLetTerraformTestApply(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	tftest.Env(t)
	p := loadDefault(t).Provider("hashicorp/aws")
	for _, withDefaults := range []bool{true, false} {
		t.Run(fmt.Sprintf("defaults=%v", withDefaults), func(t *testing.T) {
			t.Parallel()
			root := tf.NewModule("root")
			root.SetBackend("local")
			root.RequireProvider("aws", "hashicorp/aws", "5.100.0")
			root.Provider("aws", "").Set("region", tf.String("us-east-1"))
			policy := root.Resource("aws_iam_policy", "p").
				Set("name", tf.String("p")).
				Set("policy", tf.JSONEncode(tf.Obj(tf.KV("Version", tf.String("2012-10-17")), tf.KV("Statement", tf.List()))))
			role := root.Resource("aws_iam_role", "r").
				Set("name", tf.String("r")).
				Set("assume_role_policy", tf.JSONEncode(tf.Obj(tf.KV("Version", tf.String("2012-10-17")), tf.KV("Statement", tf.List()))))
			root.Resource("aws_iam_role_policy_attachment", "a").
				Set("role", role.Attr("name")).
				Set("policy_arn", policy.Attr("arn"))
			root.Output("policy_arn", policy.Attr("arn"), "ARN of the policy.")
			f := root.Test("mocked")
			mock := f.MockProvider("aws", "")
			if withDefaults {
				schema.MockDefaults(p, root, "aws").AddTo(mock)
			}
			f.Run("apply").Assert(tf.Fn("startswith", root.Outputs[0].Ref(), tf.String("arn:aws:iam::")), "policy_arn is an IAM ARN.")
			if ds := tf.Validate(root); ds.HasErrors() {
				t.Fatal(ds)
			}
			files, ds := render.Module(root, render.Options{})
			if ds.HasErrors() {
				t.Fatal(ds)
			}
			dir := t.TempDir()
			for _, file := range files {
				path := filepath.Join(dir, filepath.FromSlash(file.Name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, file.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tftest.Run(t, dir, "init", "-backend=false", "-input=false", "-no-color")
			out, err := tftest.TryRun(t, dir, "test", "-no-color")
			switch {
			case withDefaults && err != nil:
				t.Fatalf("terraform test failed with the schema's defaults:\n%s", out)
			case !withDefaults && err == nil:
				t.Fatalf("terraform test passed without the defaults; the control shows nothing:\n%s", out)
			case !withDefaults && !strings.Contains(out, "is an invalid ARN"):
				t.Fatalf("terraform test failed for another reason than the ARN:\n%s", out)
			}
		})
	}
}

func ExampleMockDefaults() {
	s, err := schema.Default()
	if err != nil {
		panic(err)
	}
	root := tf.NewModule("envs/dev")
	root.Provider("aws", "")
	root.Resource("aws_iam_role", "deploy")
	mocks := schema.MockDefaults(s.Provider("hashicorp/aws"), root, "aws")
	f := root.Test("platform")
	mocks.AddTo(f.MockProvider("aws", ""))
	for _, mk := range f.Providers[0].Mocks {
		for _, it := range mk.Defaults.Items {
			fmt.Println(mk.Type, it.Name, literalText(it.Val()))
		}
	}
	// Output:
	// aws_iam_role arn arn:aws:iam::123456789012:role/mock
}

// TestMockProviders: one mock_provider per configuration the root
// declares, each with its own types' defaults; none for a configuration
// a caller passes in, nor for another provider.
func TestMockProviders(t *testing.T) {
	p := loadDefault(t).Provider("hashicorp/aws")
	root := eastRoot()
	root.ExpectProvider("aws", "passed")
	root.Provider("random", "")
	f := root.Test("t")
	mocks := schema.MockProviders(f, p)
	var got []string
	for _, mp := range f.Providers {
		for _, mk := range mp.Mocks {
			got = append(got, mp.Name+"."+mp.Alias+": "+mk.Type)
		}
	}
	if want := "aws.: aws_iam_role|aws.east: aws_acm_certificate"; strings.Join(got, "|") != want {
		t.Errorf("mock providers %q, want %q", got, want)
	}
	if len(f.Providers) != 2 || len(mocks) != 2 || len(mocks["aws"].Resources) != 1 || len(mocks["aws.east"].Resources) != 1 {
		t.Errorf("%d mock_provider blocks, returned mocks %v; want 2 and 2", len(f.Providers), mocks)
	}
}

func ExampleMockProviders() {
	s, err := schema.Default()
	if err != nil {
		panic(err)
	}
	root := tf.NewModule("envs/dev")
	root.Provider("aws", "")
	root.Provider("aws", "us_east_1")
	cert := root.Resource("aws_acm_certificate", "cdn")
	cert.Provider = root.Providers[1]
	f := root.Test("platform")
	mocks := schema.MockProviders(f, s.Provider("hashicorp/aws"))
	for _, mp := range f.Providers {
		fmt.Println(mp.Name, mp.Alias, len(mp.Mocks))
	}
	fmt.Println(mocks["aws.us_east_1"].Resources["aws_acm_certificate"].Items[0].Name)
	// Output:
	// aws  0
	// aws us_east_1 1
	// arn
}

func TestStandIn(t *testing.T) {
	m := tf.NewModule("modules/m")
	tests := []struct {
		v    *tf.Variable
		want string
	}{
		{m.Variable("ui_bucket_arn", cty.String, "x"), `"arn:aws:s3:::mock"`},
		{m.Variable("vpc_id", cty.String, "x"), `"mock-vpc-id"`},
		{m.Variable("task_role_arns", cty.List(cty.String), "x"), "arn:aws:iam::"},
		{m.Variable("nodes", cty.Number, "x"), "NumberIntVal(1)"},
		{m.Variable("multi_az", cty.Bool, "x"), "cty.False"},
		{m.Variable("subnet_ids", cty.List(cty.String), "x"), `"mock-subnet_ids-a"`},
	}
	for _, tt := range tests {
		got := fmt.Sprintf("%#v", schema.StandIn(tt.v))
		if !strings.Contains(got, strings.Trim(tt.want, `"`)) {
			t.Errorf("StandIn(%s) = %s, want it to hold %s", tt.v.Name, got, tt.want)
		}
	}
}

// literalText is the string a mock's literal holds.
func literalText(e tf.Expr) string {
	v, _ := tf.LiteralValue(e)
	return v.AsString()
}

// TestMockDefaultsAreTheSameEachTime: a second root with the types of a
// first gets the same defaults (each type's are made once), and
// overriding values for one root's resource leaves them as they were.
func TestMockDefaultsAreTheSameEachTime(t *testing.T) {
	p := loadDefault(t).Provider("hashicorp/aws")
	mocks := func() (schema.Mocks, *tf.Resource) {
		root := tf.NewModule("root")
		root.Provider("aws", "")
		r := root.Resource("aws_s3_bucket", "x")
		root.Resource("aws_iam_role", "x")
		return schema.MockDefaults(p, root, "aws"), r
	}
	first, r := mocks()
	before := itemsText(first.Resources["aws_s3_bucket"])
	over := first.Values(r, tf.Obj(tf.KV("arn", tf.String("arn:aws:s3:::other"))))
	over.Items[0] = tf.KV("zzz", tf.String("changed"))
	second, _ := mocks()
	if len(second.Resources) != 2 {
		t.Fatalf("mocks of %d types, want 2", len(second.Resources))
	}
	for typ, o := range first.Resources {
		if a, b := itemsText(o), itemsText(second.Resources[typ]); a != b {
			t.Errorf("%s: first %s, then %s", typ, a, b)
		}
	}
	if after := itemsText(second.Resources["aws_s3_bucket"]); after != before || !strings.Contains(before, "arn:aws:s3:::") {
		t.Errorf("aws_s3_bucket's defaults were %s, are %s", before, after)
	}
}

// itemsText is o's items as name=value lines.
func itemsText(o tf.Object) string {
	var b strings.Builder
	for _, it := range o.Items {
		fmt.Fprintf(&b, "%s=%#v\n", it.Name, it.Val())
	}
	return b.String()
}
