package blueprints

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/auth"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/certificate"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/chat"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/cicd"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/dns"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/media"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/network"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/redis"
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
	Network, StaticUI, Auth, Redis, Chat, Media, CICD, Certificate, DNS *tf.Module
}

// NewComponents builds every component module with its default config.
func NewComponents() Components {
	return Components{
		Network:     network.Module(network.Defaults),
		StaticUI:    staticui.Module(staticui.Defaults),
		Auth:        auth.Module(auth.Defaults),
		Redis:       redis.Module(redis.Defaults),
		Chat:        chat.Module(chat.Defaults),
		Media:       media.Module(media.Defaults),
		CICD:        cicd.Module(cicd.Defaults),
		Certificate: certificate.Module(certificate.Defaults),
		DNS:         dns.Module(dns.Defaults),
	}
}

// Modules lists the component modules in render order.
func (c Components) Modules() []*tf.Module {
	return []*tf.Module{c.Network, c.StaticUI, c.Auth, c.Redis, c.Chat, c.Media, c.CICD, c.Certificate, c.DNS}
}

// Platform returns every component module and one root per environment.
func Platform() []*tf.Module { return PlatformFor(Backend{}) }

// Backend chooses where the environments keep state: the local backend
// (the zero value) or Terraform Cloud, with one workspace per environment
// named moochat-<env>.
type Backend struct {
	CloudOrganization string
	CloudHostname     string
}

// PlatformFor is Platform with the environments' state kept as b says.
func PlatformFor(b Backend) []*tf.Module {
	c := NewComponents()
	mods := c.Modules()
	for _, e := range Environments {
		root := EnvRoot(e, c)
		if b.CloudOrganization != "" {
			root.Terraform.Backend = nil
			root.Terraform.Cloud = &tf.Cloud{Organization: b.CloudOrganization, Hostname: b.CloudHostname, Workspace: "moochat-" + e.Name}
		}
		mods = append(mods, root)
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
	zone := root.Variable("hosted_zone_id", cty.String, "Route 53 hosted zone of domain_name (an ID, not looked up, so plans run offline).").WithDefault(cty.StringVal(""))
	albCert := root.Variable("alb_certificate_arn", cty.String, "Certificate of the load balancer when domain_name is empty (with a domain, one is issued).").WithDefault(cty.StringVal(""))
	token := root.Variable("redis_auth_token", cty.String, "Redis AUTH token: a Terraform Cloud sensitive workspace variable; for an offline plan any throwaway 16+ character value.").MarkSensitive()
	imageTag := root.Variable("image_tag", cty.String, "Socket server image tag of the first task definition.").WithDefault(cty.StringVal("bootstrap"))
	artifacts := root.Variable("lambda_artifact_bucket", cty.String, "S3 bucket holding the media Lambda archives.")
	modKey := root.Variable("moderation_lambda_s3_key", cty.String, "S3 key of the image moderation archive.")
	trKey := root.Variable("translation_lambda_s3_key", cty.String, "S3 key of the voice translation archive.")
	uiRepo := root.Variable("github_ui_repository", cty.String, "GitHub repository of the UI, owner/name.")
	socketRepo := root.Variable("github_socket_repository", cty.String, "GitHub repository of the socket server, owner/name.")
	oidcARN := root.Variable("github_oidc_provider_arn", cty.String, "Existing GitHub OIDC provider of the account; empty creates one.").WithDefault(cty.StringVal(""))

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
	east := provider("us_east_1", tf.String("us-east-1"))

	prefix := root.Local("name_prefix", tf.String(e.Name+"-moochat"))
	custom := root.Local("custom_domain", tf.Op(domain, "!=", tf.String("")))

	root.InFile("network.tf")
	net := root.CallModule("network", c.Network).
		Set("name_prefix", prefix).
		Set("vpc_cidr", tf.String(e.VPCCIDR)).
		Set("availability_zones", azs).
		Set("nat_gateway_per_az", tf.Bool(e.NATPerAZ)).
		Set("flow_log_retention_days", tf.Number(e.LogRetentionDays))

	root.InFile("dns.tf")
	cdnCert := root.CallModule("cdn_certificate", c.Certificate).
		Set("domain_name", domain).
		Set("subject_alternative_names", tf.If(custom, tf.List(tf.Tmpl("www.", domain)), tf.List())).
		Set("zone_id", zone)
	cdnCert.Providers = map[string]*tf.Provider{"aws": east}
	albCertCall := root.CallModule("alb_certificate", c.Certificate).
		Set("domain_name", tf.If(custom, tf.Tmpl("socket.", domain), tf.String(""))).
		Set("zone_id", zone)

	root.InFile("ui.tf")
	ui := root.CallModule("ui", c.StaticUI).
		Set("name_prefix", prefix).
		Set("aliases", tf.If(custom, tf.List(domain, tf.Tmpl("www.", domain)), tf.List())).
		Set("acm_certificate_arn", tf.If(custom, cdnCert.Output("certificate_arn"), tf.String(""))).
		Set("log_retention_days", tf.Number(e.LogRetentionDays))

	root.InFile("auth.tf")
	authn := root.CallModule("auth", c.Auth).
		Set("name_prefix", prefix).
		Set("advanced_security_mode", tf.String(e.CognitoAdvancedSecurity)).
		Set("deletion_protection", tf.Bool(e.CognitoDeletionProtect))

	root.InFile("chat.tf")
	rds := root.CallModule("redis", c.Redis).
		Set("name_prefix", prefix).
		Set("vpc_id", net.Output("vpc_id")).
		Set("subnet_ids", net.Output("private_subnet_ids")).
		Set("node_type", tf.String(e.RedisNodeType)).
		Set("num_cache_clusters", tf.Number(e.RedisNodes)).
		Set("multi_az", tf.Bool(e.RedisMultiAZ)).
		Set("snapshot_retention_days", tf.Number(e.RedisSnapshotDays)).
		Set("log_retention_days", tf.Number(e.LogRetentionDays)).
		Set("auth_token", token)
	svc := root.CallModule("chat", c.Chat).
		Set("name_prefix", prefix).
		Set("region", region).
		Set("vpc_id", net.Output("vpc_id")).
		Set("public_subnet_ids", net.Output("public_subnet_ids")).
		Set("private_subnet_ids", net.Output("private_subnet_ids")).
		Set("certificate_arn", tf.If(custom, albCertCall.Output("certificate_arn"), albCert)).
		Set("image_tag", imageTag).
		Set("task_cpu", tf.Number(e.TaskCPU)).
		Set("task_memory", tf.Number(e.TaskMemory)).
		Set("min_capacity", tf.Number(e.TaskMin)).
		Set("max_capacity", tf.Number(e.TaskMax)).
		Set("log_retention_days", tf.Number(e.LogRetentionDays)).
		Set("deletion_protection", tf.Bool(e.ALBDeletionProtect)).
		Set("redis_endpoint", rds.Output("primary_endpoint_address")).
		Set("redis_port", rds.Output("port")).
		Set("redis_security_group_id", rds.Output("security_group_id")).
		Set("redis_auth_token_secret_arn", rds.Output("auth_token_secret_arn"))

	root.InFile("dns.tf")
	records := root.CallModule("dns", c.DNS).
		Set("domain_name", domain).
		Set("zone_id", zone).
		Set("cloudfront_domain_name", ui.Output("distribution_domain_name")).
		Set("cloudfront_zone_id", ui.Output("distribution_hosted_zone_id")).
		Set("alb_dns_name", svc.Output("alb_dns_name")).
		Set("alb_zone_id", svc.Output("alb_zone_id"))

	root.InFile("media.tf")
	med := root.CallModule("media", c.Media).
		Set("name_prefix", prefix).
		Set("region", region).
		Set("lambda_artifact_bucket", artifacts).
		Set("moderation_lambda_s3_key", modKey).
		Set("translation_lambda_s3_key", trKey).
		Set("reserved_concurrency", tf.Number(e.LambdaConcurrency)).
		Set("log_retention_days", tf.Number(e.LogRetentionDays)).
		Set("cors_allow_origins", tf.List(records.Output("ui_url"))).
		Set("cognito_user_pool_id", authn.Output("user_pool_id")).
		Set("cognito_client_id", authn.Output("client_id")).
		Set("access_log_bucket", ui.Output("logs_bucket_name"))

	root.InFile("cicd.tf")
	ci := root.CallModule("cicd", c.CICD).
		Set("name_prefix", prefix).
		Set("github_oidc_provider_arn", oidcARN).
		Set("ui_repository", uiRepo).
		Set("socket_repository", socketRepo).
		Set("ui_bucket_arn", ui.Output("bucket_arn")).
		Set("distribution_arn", ui.Output("distribution_arn")).
		Set("ecr_repository_arn", svc.Output("ecr_repository_arn")).
		Set("ecs_service_arn", svc.Output("service_arn")).
		Set("task_role_arns", tf.List(svc.Output("task_execution_role_arn"), svc.Output("task_role_arn")))

	root.Output("ui_bucket_name", ui.Output("bucket_name"), "UI bucket: the UI repo's CI syncs the build into it.")
	root.Output("cloudfront_distribution_id", ui.Output("distribution_id"), "CloudFront distribution the UI repo's CI invalidates.")
	root.Output("cloudfront_domain_name", ui.Output("distribution_domain_name"), "The distribution's *.cloudfront.net name.")
	root.Output("ui_url", records.Output("ui_url"), "URL of the UI.")
	root.Output("cognito_user_pool_id", authn.Output("user_pool_id"), "Cognito user pool ID, for the UI build.")
	root.Output("cognito_client_id", authn.Output("client_id"), "Cognito app client ID of the SPA, for the UI build.")
	root.Output("socket_url", records.Output("socket_url"), "URL the UI's socket.io client connects to.")
	root.Output("media_api_url", med.Output("api_url"), "Base URL of the media API, for the UI build.")
	root.Output("ecr_repository_url", svc.Output("ecr_repository_url"), "ECR repository the socket server's CI pushes to.")
	root.Output("ecs_cluster_name", svc.Output("cluster_name"), "ECS cluster of the socket server.")
	root.Output("ecs_service_name", svc.Output("service_name"), "ECS service the socket server's CI rolls.")
	root.Output("ecs_task_definition_family", svc.Output("task_definition_family"), "Task definition family the socket server's CI registers revisions in.")
	// Internal host names stay out of CI logs; `terraform output -raw`
	// still reads them.
	root.Output("redis_endpoint", rds.Output("primary_endpoint_address"), "Redis primary host (TLS, AUTH).").MarkSensitive()
	root.Output("redis_port", rds.Output("port"), "Redis port.").MarkSensitive()
	root.Output("redis_auth_token_secret_arn", rds.Output("auth_token_secret_arn"), "Secrets Manager secret holding the Redis AUTH token (its value is never an output).")
	root.Output("ui_deploy_role_arn", ci.Output("ui_deploy_role_arn"), "Role the UI repository's GitHub Actions assume.")
	root.Output("socket_deploy_role_arn", ci.Output("socket_deploy_role_arn"), "Role the socket server repository's GitHub Actions assume.")
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
		}, write.File{
			Path: "envs/" + e.Name + "/offline.tfvars",
			Data: []byte(offlineTfvars(generator)),
		})
	}
	return files
}

// offlineTfvars switches the provider's AWS checks off for an offline plan
// with dummy credentials. It is not an *.auto.tfvars file: only `moochat
// plan -offline` passes it.
func offlineTfvars(generator string) string {
	return "# Code generated by " + generator + "; DO NOT EDIT.\n" +
		"# Values for an offline plan (moochat plan -offline): the provider makes no AWS call.\n" +
		"# Never pass this file to a real run.\n\n" +
		"aws_skip_checks = true\n"
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
		{"hosted_zone_id", "Z0000000000EXAMPLE"},
		{"lambda_artifact_bucket", "moochat-" + e.Name + "-artifacts-example"},
		{"moderation_lambda_s3_key", "media/image-moderation/0.0.0.zip"},
		{"translation_lambda_s3_key", "media/voice-translation/0.0.0.zip"},
		{"github_ui_repository", "runntimeterror/moo-chat-ui"},
		{"github_socket_repository", "runntimeterror/moo-chat-socket-server"},
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
