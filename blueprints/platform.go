package blueprints

import (
	"fmt"
	"sync"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/auth"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/certificate"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/chat"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/cicd"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/dns"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/media"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/network"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/redis"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/staticui"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/waf"
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
	Network, StaticUI, Auth, Redis, Chat, Media, CICD, Certificate, DNS, WAF *tf.Module
}

// NewComponents builds every component module with its default config, each on its own goroutine.
func NewComponents() (c Components) {
	var wg sync.WaitGroup
	wg.Go(func() { c.Network = network.Module(network.Defaults) })
	wg.Go(func() { c.StaticUI = staticui.Module(staticui.Defaults) })
	wg.Go(func() { c.Auth = auth.Module(auth.Defaults) })
	wg.Go(func() { c.Redis = redis.Module(redis.Defaults) })
	wg.Go(func() { c.Chat = chat.Module(chat.Defaults) })
	wg.Go(func() { c.Media = media.Module(media.Defaults) })
	wg.Go(func() { c.CICD = cicd.Module(cicd.Defaults) })
	wg.Go(func() { c.Certificate = certificate.Module(certificate.Defaults) })
	wg.Go(func() { c.DNS = dns.Module(dns.Defaults) })
	wg.Go(func() { c.WAF = waf.Module(waf.Defaults) })
	wg.Wait()
	return c
}

// Modules lists the component modules in render order.
func (c Components) Modules() []*tf.Module {
	return []*tf.Module{c.Network, c.StaticUI, c.Auth, c.Redis, c.Chat, c.Media, c.CICD, c.Certificate, c.DNS, c.WAF}
}

// Backend chooses where the environments keep state: the local backend
// (the zero value) or Terraform Cloud, with one workspace per environment
// named moochat-<env>.
type Backend struct {
	CloudOrganization string
	CloudHostname     string
}

// PlatformFor returns every component module and one root per
// environment, with the environments' state kept as b says.
func PlatformFor(b Backend) []*tf.Module {
	var wg sync.WaitGroup
	wg.Go(func() { awsSchema() }) // loaded while the components are built
	c := NewComponents()
	wg.Go(func() { awsSchema().Warm(c.Modules()...) }) // their types, decoded while the roots are built
	roots := make([]*tf.Module, len(Environments))
	for i, e := range Environments {
		wg.Go(func() { // the roots only read the components
			roots[i] = EnvRoot(e, c)
			PlatformTests(roots[i], e, awsSchema())
			if b.CloudOrganization != "" {
				roots[i].Terraform.Backend = nil
				roots[i].Terraform.Cloud = &tf.Cloud{Organization: b.CloudOrganization, Hostname: b.CloudHostname, Workspace: "moochat-" + e.Name}
			}
		})
	}
	wg.Wait()
	return append(c.Modules(), roots...)
}

// EnvRoot is the blueprint: the root module envs/<env> wiring the
// components with one environment's settings.
func EnvRoot(e Environment, c Components) *tf.Module {
	root := tf.NewModule("envs/" + e.Name)
	root.Description = fmt.Sprintf("MooChat %s environment: every platform component wired together. Plan offline with -var aws_skip_checks=true and a throwaway redis_auth_token (see the repository README).", e.Name)
	root.Terraform.RequiredVersion = ">= 1.5.0"
	root.RequireProvider("aws", "hashicorp/aws", AWSProviderVersion)
	root.SetBackend("local").Set("path", tf.String("terraform.tfstate"))

	str := func(name, description string, opts ...typed.VarOption) typed.String {
		return typed.Var[typed.String](root, name, description, opts...)
	}
	region := str("region", "AWS region of the environment.", typed.Default("us-east-1"))
	skip := typed.Var[typed.Bool](root, "aws_skip_checks", "Skip the provider's credential, account ID, metadata API and region checks, for an offline plan with dummy credentials. Never true for a real run.", typed.Default(false))
	azs := typed.Var[typed.List[typed.String]](root, "availability_zones", fmt.Sprintf("The %d availability zones of the environment (names, so plans need no AWS call).", len(e.AvailabilityZones)), typed.Default(e.AvailabilityZones))
	typed.Validate(azs, typed.Eq(typed.Length(azs), aws.Number(len(e.AvailabilityZones))), fmt.Sprintf("The %s environment spans exactly %d availability zones.", e.Name, len(e.AvailabilityZones)))
	// Every environment has a domain: its certificates are what give
	// CloudFront and the load balancer TLS 1.2 as their minimum.
	domain := str("domain_name", "Domain of the UI (apex and www); the socket server is socket.<domain>. Its certificates are issued here.")
	typed.Validate(domain, typed.Matches(domain, `^([a-z0-9-]+\.)+[a-z]{2,}$`), "domain_name is a DNS name such as dev.moochat.example.com: every environment serves its own certificate (CloudFront's default one accepts TLS 1.0).")
	zone := str("hosted_zone_id", "Route 53 hosted zone of domain_name (an ID, not looked up, so plans run offline).")
	typed.Validate(zone, typed.Matches(zone, "^Z[A-Z0-9]+$"), "hosted_zone_id is a Route 53 zone ID (Z...).")
	token := str("redis_auth_token", "Redis AUTH token: a Terraform Cloud sensitive workspace variable; for an offline plan any throwaway 16+ character value.", typed.Sensitive())
	tokenVersion := typed.Var[typed.Number](root, "redis_auth_token_version", "Version of redis_auth_token: increase it with every new token, so the write-only copy in Secrets Manager is rewritten.", typed.Default(1))
	imageTag := str("image_tag", "Socket server image tag of the first task definition.", typed.Default("bootstrap"))
	artifacts := str("lambda_artifact_bucket", "S3 bucket holding the media Lambda archives.")
	modKey := str("moderation_lambda_s3_key", "S3 key of the image moderation archive.")
	trKey := str("translation_lambda_s3_key", "S3 key of the voice translation archive.")
	uiRepo := str("github_ui_repository", "GitHub repository of the UI, owner/name.")
	socketRepo := str("github_socket_repository", "GitHub repository of the socket server, owner/name.")
	oidcARN := str("github_oidc_provider_arn", "Existing GitHub OIDC provider of the account; empty creates one.", typed.Default(""))
	// Only `moochat plan -offline` passes offline.tfvars (it is no
	// *.auto.tfvars); the example values never hold a secret.
	root.VarsFile("offline.tfvars", "Values for an offline plan (moochat plan -offline): the provider makes no AWS call.", "Never pass this file to a real run.").
		Set("aws_skip_checks", tf.Bool(true))
	example := root.VarsFile("example.auto.tfvars", fmt.Sprintf("Placeholder values for the %s environment; a Terraform Cloud workspace overrides them.", e.Name),
		"Secrets (redis_auth_token) are never here: pass them as workspace variables or -var.")
	for _, p := range placeholders(e) {
		example.Set(p[0], tf.String(p[1]))
	}

	provider := func(alias string, region typed.String) *tf.Provider {
		return aws.NewProvider(root, alias, aws.ProviderArgs{
			Region:                    region,
			SkipCredentialsValidation: skip,
			SkipRequestingAccountId:   skip,
			SkipMetadataApiCheck:      typed.Of[typed.String](skip),
			SkipRegionValidation:      skip,
			DefaultTags:               []aws.Provider_DefaultTags{{Tags: typed.StringPairs("Environment", e.Name, "Application", "moochat", "ManagedBy", "moochat-infra")}},
		})
	}
	provider("", region)
	// CloudFront only takes certificates and web ACLs from us-east-1,
	// whatever the environment's region.
	east := provider("us_east_1", aws.String("us-east-1"))

	prefix := typed.Local(root, "name_prefix", aws.String(e.Name+"-moochat"))
	www := typed.Tmpl("www.", domain)
	days := aws.Number(e.LogRetentionDays)

	root.InFile("network.tf")
	net := network.Call(root, "network", c.Network, network.Inputs{
		NamePrefix:           prefix,
		VPCCIDR:              aws.String(e.VPCCIDR),
		AvailabilityZones:    azs,
		NATPerAZ:             aws.Bool(e.NATPerAZ),
		FlowLogRetentionDays: days,
	})

	root.InFile("dns.tf")
	cdnCert := certificate.Call(root, "cdn_certificate", c.Certificate, certificate.Inputs{
		DomainName: domain,
		SANs:       aws.ListOf(www),
		ZoneID:     zone,
	}, tf.PassProviders(map[string]*tf.Provider{"aws": east}))
	albCertCall := certificate.Call(root, "alb_certificate", c.Certificate, certificate.Inputs{
		DomainName: typed.Tmpl("socket.", domain),
		ZoneID:     zone,
	})

	root.InFile("ui.tf")
	acl := waf.Call(root, "waf", c.WAF, waf.Inputs{NamePrefix: prefix, LogRetentionDays: days}, tf.PassProviders(map[string]*tf.Provider{"aws": east}))
	ui := staticui.Call(root, "ui", c.StaticUI, staticui.Inputs{
		NamePrefix:        prefix,
		Aliases:           aws.ListOf(domain, www),
		ACMCertificateARN: cdnCert.CertificateARN,
		WebACLID:          acl.WebACLARN,
		LogRetentionDays:  days,
	})

	root.InFile("auth.tf")
	authn := auth.Call(root, "auth", c.Auth, auth.Inputs{
		NamePrefix:         prefix,
		AdvancedSecurity:   aws.String(e.CognitoAdvancedSecurity),
		DeletionProtection: aws.Bool(e.CognitoDeletionProtect),
	})

	root.InFile("chat.tf")
	rds := redis.Call(root, "redis", c.Redis, redis.Inputs{
		NamePrefix:            prefix,
		VpcID:                 net.VpcID,
		SubnetIDs:             net.PrivateSubnetIDs,
		NodeType:              aws.String(e.RedisNodeType),
		Nodes:                 aws.Number(e.RedisNodes),
		MultiAZ:               aws.Bool(e.RedisMultiAZ),
		SnapshotRetentionDays: aws.Number(e.RedisSnapshotDays),
		LogRetentionDays:      days,
		AuthToken:             token,
		AuthTokenVersion:      tokenVersion,
	})
	svc := chat.Call(root, "chat", c.Chat, chat.Inputs{
		NamePrefix:              prefix,
		Region:                  region,
		VpcID:                   net.VpcID,
		PublicSubnetIDs:         net.PublicSubnetIDs,
		PrivateSubnetIDs:        net.PrivateSubnetIDs,
		CertificateARN:          albCertCall.CertificateARN,
		ImageTag:                imageTag,
		TaskCPU:                 aws.Number(e.TaskCPU),
		TaskMemory:              aws.Number(e.TaskMemory),
		MinCapacity:             aws.Number(e.TaskMin),
		MaxCapacity:             aws.Number(e.TaskMax),
		LogRetentionDays:        days,
		DeletionProtection:      aws.Bool(e.ALBDeletionProtect),
		RedisEndpoint:           rds.PrimaryEndpointAddress,
		RedisPort:               rds.Port,
		RedisSecurityGroupID:    rds.SecurityGroupID,
		RedisAuthTokenSecretARN: rds.AuthTokenSecretARN,
	})

	root.InFile("dns.tf")
	records := dns.Call(root, "dns", c.DNS, dns.Inputs{
		DomainName:           domain,
		ZoneID:               zone,
		CloudFrontDomainName: ui.DistributionDomainName,
		CloudFrontZoneID:     ui.DistributionHostedZoneID,
		ALBDNSName:           svc.ALBDNSName,
		ALBZoneID:            svc.ALBZoneID,
	})

	root.InFile("media.tf")
	med := media.Call(root, "media", c.Media, media.Inputs{
		NamePrefix:          prefix,
		Region:              region,
		ArtifactBucket:      artifacts,
		ModerationKey:       modKey,
		TranslationKey:      trKey,
		ReservedConcurrency: aws.Number(e.LambdaConcurrency),
		LogRetentionDays:    days,
		CORSAllowOrigins:    aws.ListOf(records.UIURL),
		CognitoUserPoolID:   authn.UserPoolID,
		CognitoClientID:     authn.ClientID,
		AccessLogBucket:     ui.LogsBucketName,
	})

	root.InFile("cicd.tf")
	ci := cicd.Call(root, "cicd", c.CICD, cicd.Inputs{
		NamePrefix:           prefix,
		ExistingOIDCProvider: oidcARN,
		UIRepository:         uiRepo,
		SocketRepository:     socketRepo,
		UIBucketARN:          ui.BucketARN,
		UIKMSKeyARN:          ui.KMSKeyARN,
		DistributionARN:      ui.DistributionARN,
		ECRRepositoryARN:     svc.ECRRepositoryARN,
		ECSServiceARN:        svc.ServiceARN,
		TaskRoleARNs:         aws.ListOf(svc.TaskExecutionRoleARN, svc.TaskRoleARN),
	})

	// What the app repositories' CI reads. Internal host names (Redis)
	// stay out of CI logs; `terraform output -raw` still reads them.
	root.Output("ui_bucket_name", ui.BucketName, "UI bucket: the UI repo's CI syncs the build into it.")
	root.Output("cloudfront_distribution_id", ui.DistributionID, "CloudFront distribution the UI repo's CI invalidates.")
	root.Output("cloudfront_domain_name", ui.DistributionDomainName, "The distribution's *.cloudfront.net name.")
	root.Output("ui_url", records.UIURL, "URL of the UI.")
	root.Output("cognito_user_pool_id", authn.UserPoolID, "Cognito user pool ID, for the UI build.")
	root.Output("cognito_client_id", authn.ClientID, "Cognito app client ID of the SPA, for the UI build.")
	root.Output("socket_url", records.SocketURL, "URL the UI's socket.io client connects to.")
	root.Output("media_api_url", med.APIURL, "Base URL of the media API, for the UI build.")
	root.Output("ecr_repository_url", svc.ECRRepositoryURL, "ECR repository the socket server's CI pushes to.")
	root.Output("ecs_cluster_name", svc.ClusterName, "ECS cluster of the socket server.")
	root.Output("ecs_service_name", svc.ServiceName, "ECS service the socket server's CI rolls.")
	root.Output("ecs_task_definition_family", svc.TaskDefinitionFamily, "Task definition family the socket server's CI registers revisions in.")
	root.Output("redis_endpoint", rds.PrimaryEndpointAddress, "Redis primary host (TLS, AUTH).").MarkSensitive()
	root.Output("redis_port", rds.Port, "Redis port.").MarkSensitive()
	root.Output("redis_auth_token_secret_arn", rds.AuthTokenSecretARN, "Secrets Manager secret holding the Redis AUTH token (its value is never an output).")
	root.Output("ui_deploy_role_arn", ci.UIDeployRoleARN, "Role the UI repository's GitHub Actions assume.")
	root.Output("socket_deploy_role_arn", ci.SocketDeployRoleARN, "Role the socket server repository's GitHub Actions assume.")
	return root
}

// placeholders are example values of the variables an environment has no
// default for (its secret aside), for example.auto.tfvars and the tests.
func placeholders(e Environment) [][2]string {
	return [][2]string{
		{"domain_name", e.ExampleDomain},
		{"hosted_zone_id", "Z0000000000EXAMPLE"},
		{"lambda_artifact_bucket", "moochat-" + e.Name + "-artifacts-example"},
		{"moderation_lambda_s3_key", "media/image-moderation/0.0.0.zip"},
		{"translation_lambda_s3_key", "media/voice-translation/0.0.0.zip"},
		{"github_ui_repository", "runntimeterror/moo-chat-ui"},
		{"github_socket_repository", "runntimeterror/moo-chat-socket-server"},
	}
}
