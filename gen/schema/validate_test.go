package schema_test

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/zclconf/go-cty/cty"
)

// line returns the line of its caller, so a case can say where the
// diagnostic must point: line(r.Set(...)) is the line of that Set.
func line(any) int {
	_, _, l, _ := runtime.Caller(1)
	return l
}

func thisFile(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return file
}

func loadDefault(t testing.TB) *schema.Schemas {
	t.Helper()
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newModuleLine is where newModule declares its module.
var newModuleLine int

// nextLine returns the line after its caller's.
func nextLine() int {
	_, _, l, _ := runtime.Caller(1)
	return l + 1
}

func newModule() *tf.Module {
	newModuleLine = nextLine()
	m := tf.NewModule("modules/test")
	m.RequireProvider("aws", "hashicorp/aws", "~> 5.100")
	return m
}

func TestValidateReportsEachKindAtItsLine(t *testing.T) {
	s := loadDefault(t)
	cases := []struct {
		name string
		json bool
		// build declares the faulty module and returns the line the
		// diagnostic must name.
		build    func(m *tf.Module) int
		severity tf.Severity
		address  string
		message  string
	}{
		{
			name: "unknown attribute with a did-you-mean",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket", "ui")
				return line(r.Set("bucket_prefx", tf.String("ui-")))
			},
			address: "modules/test: aws_s3_bucket.ui",
			message: `unsupported attribute "bucket_prefx"; did you mean "bucket_prefix"?`,
		},
		{
			name: "unknown nested block",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", tf.String("b"))
				r.Block("versioning_configuration").Set("status", tf.String("Enabled"))
				return line(r.Block("versioning_configuraton"))
			},
			address: "modules/test: aws_s3_bucket_versioning.ui",
			message: `unsupported block type "versioning_configuraton"; did you mean "versioning_configuration"?`,
		},
		{
			name: "unknown attribute in a nested block",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", tf.String("b"))
				return line(r.Block("versioning_configuration").Set("status", tf.String("Enabled")).Set("mfa_delet", tf.String("Disabled")))
			},
			address: "modules/test: aws_s3_bucket_versioning.ui",
			message: `unsupported attribute "mfa_delet" in versioning_configuration block; did you mean "mfa_delete"?`,
		},
		{
			name: "missing required attribute",
			build: func(m *tf.Module) int {
				want := nextLine()
				r := m.Resource("aws_s3_bucket_versioning", "ui")
				r.Block("versioning_configuration").Set("status", tf.String("Enabled"))
				return want
			},
			address: "modules/test: aws_s3_bucket_versioning.ui",
			message: `missing required attribute "bucket"`,
		},
		{
			name: "missing required attribute in a nested block",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", tf.String("b"))
				return line(r.Block("versioning_configuration").Set("mfa_delete", tf.String("Disabled")))
			},
			address: "modules/test: aws_s3_bucket_versioning.ui",
			message: `missing required attribute "status" in versioning_configuration block`,
		},
		{
			name: "too few blocks",
			build: func(m *tf.Module) int {
				return line(m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", tf.String("b")))
			},
			address: "modules/test: aws_s3_bucket_versioning.ui",
			message: `at least 1 "versioning_configuration" block is required, got 0`,
		},
		{
			name: "too many blocks",
			build: func(m *tf.Module) int {
				want := nextLine()
				r := m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", tf.String("b"))
				r.Block("versioning_configuration").Set("status", tf.String("Enabled"))
				r.Block("versioning_configuration").Set("status", tf.String("Enabled"))
				return want
			},
			address: "modules/test: aws_s3_bucket_versioning.ui",
			message: `at most 1 "versioning_configuration" block is allowed, got 2`,
		},
		{
			name: "computed-only attribute set",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket", "ui")
				return line(r.Set("arn", tf.String("arn:aws:s3:::ui")))
			},
			address: "modules/test: aws_s3_bucket.ui",
			message: `attribute "arn" is computed by the provider and cannot be set`,
		},
		{
			name: "literal of the wrong type",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket", "ui")
				return line(r.Set("force_destroy", tf.String("yes")))
			},
			address: "modules/test: aws_s3_bucket.ui",
			message: `inappropriate value for attribute "force_destroy": a bool is required`,
		},
		{
			name: "literal element of the wrong type",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket", "ui")
				return line(r.Set("tags", tf.Map(tf.Attrs{"Owner": tf.List(tf.String("x"))})))
			},
			address: "modules/test: aws_s3_bucket.ui",
			message: `inappropriate value for attribute "tags": element "Owner": string required, but have tuple`,
		},
		{
			name: "reference of the wrong type, known from the schema",
			build: func(m *tf.Module) int {
				b := m.Resource("aws_s3_bucket", "logs")
				r := m.Resource("aws_s3_bucket_policy", "ui").Set("bucket", b.Attr("id"))
				return line(r.Set("policy", b.Attr("tags")))
			},
			address: "modules/test: aws_s3_bucket_policy.ui",
			message: `inappropriate value for attribute "policy": string required, but have map of string (aws_s3_bucket.logs.tags is map of string)`,
		},
		{
			name: "variable of the wrong type",
			build: func(m *tf.Module) int {
				names := m.Variable("names", cty.List(cty.String), "bucket names")
				r := m.Resource("aws_s3_bucket", "ui")
				return line(r.Set("bucket", names))
			},
			address: "modules/test: aws_s3_bucket.ui",
			message: `inappropriate value for attribute "bucket": string required, but have list of string (var.names is list of string)`,
		},
		{
			name: "reference to an attribute the type does not have",
			build: func(m *tf.Module) int {
				b := m.Resource("aws_s3_bucket", "logs")
				r := m.Resource("aws_s3_bucket_policy", "ui").Set("policy", tf.String("{}"))
				return line(r.Set("bucket", b.Attr("buckt")))
			},
			address: "modules/test: aws_s3_bucket_policy.ui",
			message: `reference aws_s3_bucket.logs.buckt: unsupported attribute "buckt" of aws_s3_bucket; did you mean "bucket"?`,
		},
		{
			name: "index into a set",
			build: func(m *tf.Module) int {
				c := m.Resource("aws_acm_certificate", "ui").Set("domain_name", tf.String("chat.example.com"))
				return line(m.Output("record", c.Attr("domain_validation_options").At(0), "first record"))
			},
			address: "modules/test: output.record",
			message: `reference aws_acm_certificate.ui.domain_validation_options[...]: aws_acm_certificate.ui.domain_validation_options is a set, which cannot be indexed; convert it with tolist() or use for_each`,
		},
		{
			name: "attribute a nested object does not have, steps deep",
			build: func(m *tf.Module) int {
				cfg := m.Variable("cfg", cty.Object(map[string]cty.Type{"a": cty.List(cty.Object(map[string]cty.Type{"b": cty.String}))}), "settings")
				return line(m.Output("deep", cfg.Attr("a").At(0).Attr("c"), "a deep value"))
			},
			address: "modules/test: output.deep",
			message: `reference var.cfg.a[...].c: unsupported attribute "c" of var.cfg.a[...]; did you mean "b"?`,
		},
		{
			name:     "deprecated attribute",
			severity: tf.Warning,
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket", "ui")
				return line(r.Set("acl", tf.String("private")))
			},
			address: "modules/test: aws_s3_bucket.ui",
			message: `attribute "acl" is deprecated`,
		},
		{
			name:     "deprecated block",
			severity: tf.Warning,
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket", "ui")
				return line(r.Block("versioning").Set("enabled", tf.Bool(true)))
			},
			address: "modules/test: aws_s3_bucket.ui",
			message: `block "versioning" is deprecated`,
		},
		{
			name: "dynamic block content",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket_lifecycle_configuration", "ui").Set("bucket", tf.String("b"))
				c := r.Dynamic("rule", tf.Strings("a", "b"), "")
				c.Set("id", tf.IterVar("rule").Attr("value"))
				c.Set("status", tf.String("Enabled"))
				return line(c.Set("prefixx", tf.String("logs/")))
			},
			address: "modules/test: aws_s3_bucket_lifecycle_configuration.ui",
			message: `unsupported attribute "prefixx" in rule block; did you mean "prefix"?`,
		},
		{
			name: "attribute written as a block: unknown field",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_security_group", "alb")
				in := r.Block("ingress")
				in.Set("from_port", tf.Number(443)).Set("to_port", tf.Number(443)).Set("protocol", tf.String("tcp"))
				return line(in.Set("cidr_block", tf.Strings("0.0.0.0/0")))
			},
			address: "modules/test: aws_security_group.alb",
			message: `unsupported attribute "cidr_block" in ingress block; did you mean "cidr_blocks"?`,
		},
		{
			name: "attribute written as a block: fields JSON needs",
			json: true,
			build: func(m *tf.Module) int {
				r := m.Resource("aws_security_group", "alb")
				want := nextLine()
				in := r.Block("ingress")
				in.Set("from_port", tf.Number(443)).Set("to_port", tf.Number(443)).Set("protocol", tf.String("tcp"))
				return want
			},
			address: "modules/test: aws_security_group.alb",
			message: `"ingress" is a list of objects attribute written as a block: Terraform JSON needs every field, missing cidr_blocks, description, ipv6_cidr_blocks, prefix_list_ids, security_groups, self (set them to null)`,
		},
		{
			name: "block written as an attribute",
			build: func(m *tf.Module) int {
				r := m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", tf.String("b"))
				r.Block("versioning_configuration").Set("status", tf.String("Enabled"))
				return line(r.Set("versioning_configuration", tf.Map(tf.Attrs{"status": tf.String("Enabled")})))
			},
			address: "modules/test: aws_s3_bucket_versioning.ui",
			message: `"versioning_configuration" is a block, not an attribute; write it as a versioning_configuration block`,
		},
		{
			name: "provider block",
			build: func(m *tf.Module) int {
				p := m.Provider("aws", "")
				return line(p.Set("regoin", tf.String("us-east-1")))
			},
			address: "modules/test: provider.aws",
			message: `unsupported attribute "regoin"; did you mean "region"?`,
		},
		{
			name: "unknown resource type",
			build: func(m *tf.Module) int {
				return line(m.Resource("aws_s3_buckt", "ui"))
			},
			address: "modules/test: aws_s3_buckt.ui",
			message: `unknown resource type "aws_s3_buckt" in registry.terraform.io/hashicorp/aws 5.100.0; did you mean "aws_s3_bucket"?`,
		},
		{
			name: "unknown data source",
			build: func(m *tf.Module) int {
				return line(m.Data("aws_caller_identiy", "me"))
			},
			address: "modules/test: data.aws_caller_identiy.me",
			message: `unknown data source "aws_caller_identiy" in registry.terraform.io/hashicorp/aws 5.100.0; did you mean "aws_caller_identity"?`,
		},
		{
			name: "provider version disagrees with the snapshot",
			build: func(m *tf.Module) int {
				m.Terraform.RequiredProviders[0].Version = "~> 6.0"
				return newModuleLine
			},
			address: "modules/test: required_providers.aws",
			message: `version constraint "~> 6.0" does not match the schema snapshot registry.terraform.io/hashicorp/aws 5.100.0 used for validation; change the constraint or refresh the snapshot with make schemas`,
		},
		{
			name: "provider version constraint that is none",
			build: func(m *tf.Module) int {
				m.Terraform.RequiredProviders[0].Version = "~> five"
				return newModuleLine
			},
			address: "modules/test: required_providers.aws",
			message: `invalid version constraint "~> five": malformed constraint: ~> five`,
		},
		{
			name: "unknown ephemeral resource type",
			build: func(m *tf.Module) int {
				m.Ephemeral("aws_secretsmanager_secret_versoin", "s")
				return nextLine() - 2
			},
			address: "modules/test: ephemeral.aws_secretsmanager_secret_versoin.s",
			message: `unknown ephemeral resource type "aws_secretsmanager_secret_versoin" in registry.terraform.io/hashicorp/aws 5.100.0; did you mean "aws_secretsmanager_secret_version"?`,
		},
		{
			name: "ephemeral resource checked against its own schema",
			build: func(m *tf.Module) int {
				e := m.Ephemeral("aws_secretsmanager_secret_version", "s").Set("secret_id", tf.String("x"))
				return line(e.Set("secret_string", tf.String("computed only")))
			},
			address: "modules/test: ephemeral.aws_secretsmanager_secret_version.s",
			message: `attribute "secret_string" is computed by the provider and cannot be set`,
		},
		{
			name: "ephemeral value in an argument that is not write-only",
			build: func(m *tf.Module) int {
				e := m.Ephemeral("aws_secretsmanager_random_password", "db")
				r := m.Resource("aws_ssm_parameter", "db").Set("name", tf.String("/db")).Set("type", tf.String("SecureString"))
				return line(r.Set("value", e.Attr("random_password")))
			},
			address: "modules/test: aws_ssm_parameter.db",
			message: `attribute "value" takes the ephemeral value ephemeral.aws_secretsmanager_random_password.db, but it is not write-only: Terraform would store it in the plan and state; set the write-only "value_wo" instead`,
		},
		{
			name: "unknown provider function",
			build: func(m *tf.Module) int {
				m.Local("p", tf.ProviderFn("aws", "arn_prase", tf.String("arn:aws:s3:::b")))
				return nextLine() - 2
			},
			address: "modules/test: local.p",
			message: `provider::aws::arn_prase: provider registry.terraform.io/hashicorp/aws 5.100.0 has no function "arn_prase"; did you mean "arn_parse"?`,
		},
		{
			name: "provider function with the wrong number of arguments",
			build: func(m *tf.Module) int {
				m.Local("a", tf.ProviderFn("aws", "arn_build", tf.String("aws"), tf.String("iam")))
				return nextLine() - 2
			},
			address: "modules/test: local.a",
			message: `provider::aws::arn_build takes 5 argument(s), got 2`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newModule()
			want := c.build(m)
			ds := schema.Validate(s, []*tf.Module{m}, schema.Options{JSON: c.json})
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%v", len(ds), ds)
			}
			d := ds[0]
			if d.Severity != c.severity || d.Address != c.address || d.Summary != c.message {
				t.Errorf("got  %s %q %q\nwant %s %q %q", d.Severity, d.Address, d.Summary, c.severity, c.address, c.message)
			}
			if d.Pos.File() != thisFile(t) || d.Pos.Line() != want {
				t.Errorf("diagnostic at %s:%d, want %s:%d", d.Pos.File(), d.Pos.Line(), thisFile(t), want)
			}
		})
	}
}

func TestValidateAcceptsAValidModule(t *testing.T) {
	s := loadDefault(t)
	m := newModule()
	m.Provider("aws", "").Set("region", tf.String("us-east-1"))
	env := m.Variable("env", cty.String, "environment")
	b := m.Resource("aws_s3_bucket", "ui").
		Set("bucket", tf.Tmpl(env, "-moochat-ui")).
		Set("force_destroy", tf.Bool(false)).
		Set("tags", tf.StringMap(map[string]string{"Environment": "dev"}))
	b.Lifecycle = &tf.Lifecycle{PreventDestroy: true}
	b.Count = tf.Number(1)
	v := m.Resource("aws_s3_bucket_versioning", "ui").Set("bucket", b.Attr("id").At(0))
	_ = v
	vc := m.Resource("aws_s3_bucket_versioning", "ui2").Set("bucket", b.Attr("id").At(0))
	vc.Block("versioning_configuration").Set("status", tf.String("Enabled"))
	sg := m.Resource("aws_security_group", "alb").Set("name", tf.String("alb"))
	in := sg.Block("ingress")
	in.Set("from_port", tf.Number(443)).Set("to_port", tf.String("443")).Set("protocol", tf.String("tcp")).Set("cidr_blocks", tf.Strings("0.0.0.0/0"))
	doc := m.Data("aws_iam_policy_document", "p")
	st := doc.Dynamic("statement", tf.Strings("a"), "s")
	st.Set("actions", tf.Strings("s3:GetObject"))
	st.Set("resources", tf.List(tf.Tmpl(b.Attr("arn").At(0), "/*")))
	st.Block("principals").Set("type", tf.String("Service")).Set("identifiers", tf.Strings("cloudfront.amazonaws.com"))
	m.Resource("aws_s3_bucket_policy", "ui").Set("bucket", b.Attr("id").At(0)).Set("policy", doc.Attr("json"))
	m.Resource("terraform_data", "noop").Set("input", tf.String("x"))
	m.Output("arn", b.Attr("arn").Splat(), "bucket ARNs")
	ds := schema.Validate(s, []*tf.Module{m}, schema.Options{})
	// The versioning resource without its configuration block is the one
	// deliberate error here.
	if len(ds) != 1 || !strings.Contains(ds[0].Summary, `"versioning_configuration"`) {
		t.Fatalf("want only the missing versioning_configuration, got:\n%v", ds)
	}
}

// TestValidateAcceptsEphemeralIntoWriteOnly: an ephemeral resource's value
// into a write-only argument, an ephemeral resource's argument and a
// provider block, and provider functions called rightly, all pass.
func TestValidateAcceptsEphemeralIntoWriteOnly(t *testing.T) {
	s := loadDefault(t)
	m := newModule()
	pw := m.Ephemeral("aws_secretsmanager_random_password", "db").Set("password_length", tf.Number(32))
	m.Resource("aws_db_instance", "db").
		Set("instance_class", tf.String("db.t3.micro")).
		Set("engine", tf.String("postgres")).
		Set("allocated_storage", tf.Number(20)).
		Set("username", tf.String("app")).
		Set("password_wo", pw.Attr("random_password")).
		Set("password_wo_version", tf.Number(1))
	secret := m.Ephemeral("aws_secretsmanager_secret_version", "copy").Set("secret_id", tf.Fn("sha1", pw.Attr("random_password")))
	m.Local("copy", secret.Attr("secret_string"))
	m.Local("region", tf.GetAttr(tf.ProviderFn("aws", "arn_parse", tf.String("arn:aws:s3:us-east-1:1:b")), "region"))
	m.Local("role", tf.ProviderFn("aws", "trim_iam_role_path", tf.String("arn:aws:iam::1:role/a/b")))
	if ds := schema.Validate(s, []*tf.Module{m}, schema.Options{}); len(ds) > 0 {
		t.Fatalf("want no diagnostics, got:\n%v", ds)
	}
}

// TestBodiesOfOneTypeCheckedAlike: what the check keeps of a type between
// its bodies (required attributes, bounded blocks, the attribute met at
// each place) never carries one body's findings into another, whatever
// order each sets its attributes in.
func TestBodiesOfOneTypeCheckedAlike(t *testing.T) {
	s := loadDefault(t)
	m := newModule()
	for round := 0; round < 2; round++ {
		n := strconv.Itoa(round)
		m.Resource("aws_s3_bucket_policy", "a"+n).Set("bucket", tf.String("b")).Set("policy", tf.String("{}"))
		m.Resource("aws_s3_bucket_policy", "b"+n).Set("policy", tf.String("{}")).Set("bucket", tf.String("b"))
		m.Resource("aws_s3_bucket_policy", "c"+n).Set("policy", tf.String("{}"))
		m.Resource("aws_s3_bucket_policy", "d"+n).Set("bucket", tf.String("b")).Set("polcy", tf.String("{}"))
		m.Resource("aws_s3_bucket_policy", "e"+n).Set("bucket", tf.Number(1)).Set("policy", tf.Bool(true))
		m.Resource("aws_s3_bucket_versioning", "v"+n).Set("bucket", tf.String("b"))
	}
	var got []string
	for _, d := range schema.Validate(s, []*tf.Module{m}, schema.Options{}) {
		got = append(got, d.Address+": "+d.Summary)
	}
	var want []string
	for round := 0; round < 2; round++ {
		n := strconv.Itoa(round)
		want = append(want,
			"modules/test: aws_s3_bucket_policy.c"+n+`: missing required attribute "bucket"`,
			"modules/test: aws_s3_bucket_policy.d"+n+`: unsupported attribute "polcy"; did you mean "policy"?`,
			"modules/test: aws_s3_bucket_policy.d"+n+`: missing required attribute "policy"`,
			"modules/test: aws_s3_bucket_versioning.v"+n+`: at least 1 "versioning_configuration" block is required, got 0`,
		)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
