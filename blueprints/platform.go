package blueprints

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/network"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/staticui"
)

// Environment is one row of the per-environment table: everything that
// differs between dev and prod, in one place.
type Environment struct {
	Name string
	// AvailabilityZones are the default AZ names; their count is the
	// environment's AZ count.
	AvailabilityZones []string
	VPCCIDR           string
	// NATPerAZ gives every AZ its own NAT gateway; otherwise one is shared.
	NATPerAZ bool

	TaskCPU, TaskMemory int
	TaskMin, TaskMax    int

	RedisNodeType      string
	RedisNodes         int
	RedisMultiAZ       bool // automatic failover + multi-AZ
	RedisSnapshotDays  int
	LogRetentionDays   int
	ALBDeletionProtect bool
	// CognitoAdvancedSecurity is OFF, AUDIT or ENFORCED.
	CognitoAdvancedSecurity string
	CognitoDeletionProtect  bool
	LambdaConcurrency       int

	// ExampleDomain is the placeholder domain of the example tfvars.
	ExampleDomain string
}

// Environments is the per-environment table.
var Environments = []Environment{
	{
		Name:              "dev",
		AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		VPCCIDR:           "10.10.0.0/16",
		NATPerAZ:          false,
		TaskCPU:           256, TaskMemory: 512,
		TaskMin: 1, TaskMax: 3,
		RedisNodeType: "cache.t4g.micro", RedisNodes: 1, RedisMultiAZ: false, RedisSnapshotDays: 1,
		LogRetentionDays:        14,
		ALBDeletionProtect:      false,
		CognitoAdvancedSecurity: "OFF",
		CognitoDeletionProtect:  false,
		LambdaConcurrency:       5,
		ExampleDomain:           "dev.moochat.example.com",
	},
	{
		Name:              "prod",
		AvailabilityZones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		VPCCIDR:           "10.20.0.0/16",
		NATPerAZ:          true,
		TaskCPU:           512, TaskMemory: 1024,
		TaskMin: 3, TaskMax: 12,
		RedisNodeType: "cache.m7g.large", RedisNodes: 3, RedisMultiAZ: true, RedisSnapshotDays: 7,
		LogRetentionDays:        90,
		ALBDeletionProtect:      true,
		CognitoAdvancedSecurity: "ENFORCED",
		CognitoDeletionProtect:  true,
		LambdaConcurrency:       50,
		ExampleDomain:           "moochat.example.com",
	},
}

// AWSProviderVersion is the exact provider version the env roots pin (the
// machine's mirror holds only this one).
const AWSProviderVersion = "5.100.0"

// Components are the shared component modules, built once and called by
// every environment.
type Components struct {
	Network, StaticUI *tf.Module
}

// NewComponents builds every component module with its default config.
func NewComponents() Components {
	return Components{
		Network:  network.Module(network.Defaults),
		StaticUI: staticui.Module(staticui.Defaults),
	}
}

// Modules lists the component modules in render order.
func (c Components) Modules() []*tf.Module {
	return []*tf.Module{c.Network, c.StaticUI}
}

// Platform returns every component module and one root per environment.
func Platform() []*tf.Module {
	c := NewComponents()
	mods := c.Modules()
	for _, e := range Environments {
		mods = append(mods, EnvRoot(e, c))
	}
	return mods
}

// EnvRoot is the blueprint: the root module envs/<env> wiring the
// components with one environment's settings.
func EnvRoot(e Environment, c Components) *tf.Module {
	root := tf.NewModule("envs/" + e.Name)
	root.Description = fmt.Sprintf("MooChat %s environment: every platform component wired together. Plan offline with -var aws_skip_checks=true and a throwaway redis_auth_token (see the repository README).", e.Name)
	root.Terraform.RequiredVersion = ">= 1.5.0"
	root.RequireProvider("aws", "hashicorp/aws", AWSProviderVersion)
	root.SetBackend("local").Set("path", tf.String("terraform.tfstate"))

	region := root.Variable("region", cty.String, "AWS region of the environment.").WithDefault(cty.StringVal("us-east-1"))
	skip := root.Variable("aws_skip_checks", cty.Bool, "Skip the provider's credential, account ID, metadata API and region checks, for an offline plan with dummy credentials. Never true for a real run.").WithDefault(cty.False)
	azs := root.Variable("availability_zones", cty.List(cty.String), fmt.Sprintf("The %d availability zones of the environment (names, so plans need no AWS call).", len(e.AvailabilityZones))).
		WithDefault(stringList(e.AvailabilityZones))
	azs.Validate(tf.Op(tf.Fn("length", azs), "==", tf.Number(len(e.AvailabilityZones))), fmt.Sprintf("The %s environment spans exactly %d availability zones.", e.Name, len(e.AvailabilityZones)))
	domain := root.Variable("domain_name", cty.String, "Domain of the UI (apex and www); the socket server is socket.<domain>. Empty: no DNS, CloudFront's own name, and alb_certificate_arn for the load balancer.").WithDefault(cty.StringVal(""))

	tags := tf.Obj(
		tf.KV("Environment", tf.String(e.Name)),
		tf.KV("Application", tf.String("moochat")),
		tf.KV("ManagedBy", tf.String("moochat-infra")),
	)
	provider := func(alias string, region tf.Expr) *tf.Provider {
		p := root.Provider("aws", alias)
		p.Set("region", region).
			Set("skip_credentials_validation", skip).
			Set("skip_requesting_account_id", skip).
			Set("skip_metadata_api_check", skip).
			Set("skip_region_validation", skip)
		p.Block("default_tags").Set("tags", tags)
		return p
	}
	provider("", region)
	// CloudFront only takes certificates from us-east-1, whatever the
	// environment's region.
	provider("us_east_1", tf.String("us-east-1"))

	prefix := root.Local("name_prefix", tf.String(e.Name+"-moochat"))
	custom := root.Local("custom_domain", tf.Op(domain, "!=", tf.String("")))

	root.InFile("network.tf")
	net := root.CallModule("network", c.Network).
		Set("name_prefix", prefix).
		Set("vpc_cidr", tf.String(e.VPCCIDR)).
		Set("availability_zones", azs).
		Set("nat_gateway_per_az", tf.Bool(e.NATPerAZ)).
		Set("flow_log_retention_days", tf.Number(e.LogRetentionDays))
	_ = net

	root.InFile("ui.tf")
	ui := root.CallModule("ui", c.StaticUI).
		Set("name_prefix", prefix).
		Set("aliases", tf.If(custom, tf.List(domain, tf.Tmpl("www.", domain)), tf.List())).
		Set("log_retention_days", tf.Number(e.LogRetentionDays))

	root.Output("ui_bucket_name", ui.Output("bucket_name"), "UI bucket: the UI repo's CI syncs the build into it.")
	root.Output("cloudfront_distribution_id", ui.Output("distribution_id"), "CloudFront distribution the UI repo's CI invalidates.")
	root.Output("cloudfront_domain_name", ui.Output("distribution_domain_name"), "The distribution's *.cloudfront.net name.")
	return root
}

func stringList(ss []string) cty.Value {
	vs := make([]cty.Value, len(ss))
	for i, s := range ss {
		vs[i] = cty.StringVal(s)
	}
	return cty.ListVal(vs)
}

// PlatformExtra is the generated example tfvars of every environment,
// headed for `go run ./gen`.
func PlatformExtra() []write.File { return platformExtra("go run ./gen") }

func platformExtra(generator string) []write.File {
	var files []write.File
	for _, e := range Environments {
		files = append(files, write.File{
			Path: "envs/" + e.Name + "/example.auto.tfvars",
			Data: []byte(exampleTfvars(e, generator)),
		})
	}
	return files
}

// exampleTfvars holds placeholder values that let an offline plan run.
// It never holds a secret: redis_auth_token has no value here.
func exampleTfvars(e Environment, generator string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Code generated by %s; DO NOT EDIT.\n", generator)
	fmt.Fprintf(&b, "# Placeholder values for the %s environment; a Terraform Cloud workspace overrides them.\n", e.Name)
	fmt.Fprintf(&b, "# Secrets (redis_auth_token) are never here: pass them as workspace variables or -var.\n\n")
	kv := [][2]string{
		{"domain_name", e.ExampleDomain},
	}
	width := 0
	for _, p := range kv {
		width = max(width, len(p[0]))
	}
	for _, p := range kv {
		fmt.Fprintf(&b, "%-*s = %q\n", width, p[0], p[1])
	}
	return b.String()
}
