package blueprints

import (
	"fmt"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/waf"
)

// testAuthToken is the Redis AUTH token of the mocked test runs: nothing is
// created, so it guards nothing. The `!` separators keep it from looking
// like a real token to the secret scanners people run over out/.
const testAuthToken = "mock!auth!token!0123456789"

// PlatformTests declares the environment's `terraform test` file,
// out/envs/<env>/tests/platform.tftest.hcl: an apply of the whole root
// against mock providers whose defaults come from the AWS provider
// schema, asserting the outputs the app repositories' CI reads and what
// sets this environment apart; plan runs of each component module with
// the environment's own inputs; and plan runs showing that variable
// validations reject bad values.
func PlatformTests(root *tf.Module, e Environment, aws *schema.Provider) *tf.TestFile {
	t := root.Test("platform")
	domain := e.ExampleDomain
	// The same placeholders as example.auto.tfvars, set here so that the
	// certificate overrides below match the domain whatever the tfvars say.
	t.Set("aws_skip_checks", tf.Bool(true)).Set("redis_auth_token", tf.String(testAuthToken))
	for _, p := range placeholders(e) {
		t.Set(p[0], tf.String(p[1]))
	}

	mocks := schema.MockProviders(t, aws)
	// The certificate modules index their validation records by domain
	// (for_each over the names), so each certificate needs validation
	// options for exactly its names, as ACM returns them.
	certs, east := mocks["aws"], mocks["aws.us_east_1"]
	call := func(name string) *tf.ModuleCall { return must(root.FindCall(name), "module call "+name) }
	res := func(c *tf.ModuleCall, typ, name string) *tf.Resource {
		return must(c.Child.FindResource(typ, name), "resource "+typ+"."+name)
	}
	cdn, alb := call("cdn_certificate"), call("alb_certificate")
	cert := res(cdn, "aws_acm_certificate", "this")
	t.Override(tf.In(cdn).Resource(cert), east.Values(cert, validationOptions(domain, "www."+domain)))
	t.Override(tf.In(alb).Resource(cert), certs.Values(cert, validationOptions("socket."+domain)))

	prefix := e.Name + "-moochat"
	out := func(name string) tf.Ref { return must(root.FindOutput(name), "output "+name).Ref() }
	matches := func(o tf.Expr, re string) tf.Expr { return tf.Fn("can", tf.Fn("regex", tf.String(re), o)) }
	apply := t.Run("apply")
	apply.
		Assert(tf.Op(out("ui_bucket_name"), "==", tf.String(prefix+"-ui")), "ui_bucket_name is the UI bucket <env>-moochat-ui.").
		Assert(tf.Op(out("ecs_cluster_name"), "==", tf.String(prefix+"-cluster")), "ecs_cluster_name is the cluster <env>-moochat-cluster.").
		Assert(tf.Op(out("ecs_service_name"), "==", tf.String(prefix+"-socket-server")), "ecs_service_name is the service <env>-moochat-socket-server.").
		Assert(tf.Op(out("ecs_task_definition_family"), "==", tf.String(prefix+"-socket-server")), "ecs_task_definition_family is <env>-moochat-socket-server.").
		Assert(matches(out("ecr_repository_url"), `^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/.+`), "ecr_repository_url is an ECR repository URL (account.dkr.ecr.region.amazonaws.com/name).").
		Assert(matches(out("ui_deploy_role_arn"), `^arn:aws:iam::[0-9]{12}:role/.+`), "ui_deploy_role_arn is an IAM role ARN.").
		Assert(matches(out("socket_deploy_role_arn"), `^arn:aws:iam::[0-9]{12}:role/.+`), "socket_deploy_role_arn is an IAM role ARN.").
		Assert(matches(out("redis_auth_token_secret_arn"), `^arn:aws:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+`), "redis_auth_token_secret_arn is a Secrets Manager secret ARN.").
		Assert(tf.Op(out("ui_url"), "==", tf.String("https://"+domain)), "ui_url is https://<domain>.").
		Assert(tf.Op(out("socket_url"), "==", tf.String("https://socket."+domain)), "socket_url is https://socket.<domain>.").
		Assert(matches(out("media_api_url"), `^https://[^/]+`), "media_api_url is an https URL.").
		Assert(tf.Op(tf.Fn("nonsensitive", out("redis_port")), "==", tf.Number(6379)), "redis_port is Redis's TLS port 6379.").
		Assert(tf.Op(tf.Fn("nonsensitive", out("redis_endpoint")), "!=", tf.String("")), "redis_endpoint is set.").
		Assert(tf.Op(out("cloudfront_distribution_id"), "!=", tf.String("")), "cloudfront_distribution_id is set.").
		Assert(tf.Op(out("cloudfront_domain_name"), "!=", tf.String("")), "cloudfront_domain_name is set.").
		Assert(tf.Op(out("cognito_user_pool_id"), "!=", tf.String("")), "cognito_user_pool_id is set.").
		Assert(tf.Op(out("cognito_client_id"), "!=", tf.String("")), "cognito_client_id is set.")

	// What sets this environment apart, as the root's module calls show it.
	net := call("network")
	apply.
		Assert(tf.Op(tf.Fn("length", net.Output("private_subnet_ids")), "==", tf.Number(len(e.AvailabilityZones))),
			fmt.Sprintf("%s has one private subnet per AZ (%d).", e.Name, len(e.AvailabilityZones))).
		Assert(tf.Op(tf.Fn("length", net.Output("nat_gateway_ids")), "==", tf.Number(natGateways(e))),
			fmt.Sprintf("%s has %d NAT gateway(s).", e.Name, natGateways(e))).
		Assert(tf.Op(net.Output("vpc_cidr"), "==", tf.String(e.VPCCIDR)), fmt.Sprintf("%s's VPC is %s.", e.Name, e.VPCCIDR))

	// The component modules, planned with this environment's inputs,
	// size their resources as the environment says.
	redisCall := call("redis")
	rg := res(redisCall, "aws_elasticache_replication_group", "this")
	componentRun(t, redisCall).
		Assert(tf.Op(rg.Attr("num_cache_clusters"), "==", tf.Number(e.RedisNodes)), fmt.Sprintf("%s runs %d Redis node(s).", e.Name, e.RedisNodes)).
		Assert(tf.Op(rg.Attr("automatic_failover_enabled"), "==", tf.Bool(e.RedisMultiAZ)), fmt.Sprintf("%s: Redis automatic failover is %v.", e.Name, e.RedisMultiAZ)).
		Assert(tf.Op(rg.Attr("multi_az_enabled"), "==", tf.Bool(e.RedisMultiAZ)), fmt.Sprintf("%s: Redis multi-AZ is %v.", e.Name, e.RedisMultiAZ)).
		Assert(tf.Op(rg.Attr("node_type"), "==", tf.String(e.RedisNodeType)), fmt.Sprintf("%s: Redis nodes are %s.", e.Name, e.RedisNodeType))
	chatCall := call("chat")
	scaling := res(chatCall, "aws_appautoscaling_target", "service")
	componentRun(t, chatCall).
		Assert(tf.Op(scaling.Attr("min_capacity"), "==", tf.Number(e.TaskMin)), fmt.Sprintf("%s runs at least %d task(s).", e.Name, e.TaskMin)).
		Assert(tf.Op(scaling.Attr("max_capacity"), "==", tf.Number(e.TaskMax)), fmt.Sprintf("%s scales to %d tasks.", e.Name, e.TaskMax)).
		Assert(tf.Op(res(chatCall, "aws_lb", "this").Attr("enable_deletion_protection"), "==", tf.Bool(e.ALBDeletionProtect)), fmt.Sprintf("%s: ALB deletion protection is %v.", e.Name, e.ALBDeletionProtect)).
		Assert(tf.Op(res(chatCall, "aws_ecs_task_definition", "this").Attr("cpu"), "==", tf.String(fmt.Sprint(e.TaskCPU))), fmt.Sprintf("%s tasks get %d CPU units.", e.Name, e.TaskCPU)).
		Assert(tf.Op(res(chatCall, "aws_cloudwatch_log_group", "tasks").Attr("retention_in_days"), "==", tf.Number(e.LogRetentionDays)), fmt.Sprintf("%s keeps task logs %d days.", e.Name, e.LogRetentionDays))
	authCall := call("auth")
	pool := res(authCall, "aws_cognito_user_pool", "this")
	componentRun(t, authCall).
		Assert(tf.Op(pool.Attr("user_pool_add_ons").At(0).Attr("advanced_security_mode"), "==", tf.String(e.CognitoAdvancedSecurity)), fmt.Sprintf("%s: Cognito advanced security is %s.", e.Name, e.CognitoAdvancedSecurity))
	wafCall := call("waf")
	acl := res(wafCall, "aws_wafv2_web_acl", "this")
	componentRun(t, wafCall).
		Assert(tf.Op(acl.Attr("scope"), "==", tf.String("CLOUDFRONT")), "The web ACL is CLOUDFRONT-scope, the only scope a distribution takes.").
		Assert(tf.Op(tf.Fn("length", acl.Attr("rule")), "==", tf.Number(len(waf.Defaults.ManagedRuleGroups)+1)), "The web ACL runs every managed rule group and the rate limit.")
	componentRun(t, net).
		Assert(tf.Op(tf.Fn("length", res(net, "aws_nat_gateway", "this").Ref()), "==", tf.Number(natGateways(e))), fmt.Sprintf("%s plans %d NAT gateway(s).", e.Name, natGateways(e))).
		Assert(tf.Op(tf.Fn("length", res(net, "aws_subnet", "private").Ref()), "==", tf.Number(len(e.AvailabilityZones))), fmt.Sprintf("%s plans a private subnet per AZ.", e.Name))

	// Bad values are rejected before anything is planned.
	t.Run("rejects_wrong_az_count").Plan().
		Set("availability_zones", tf.Strings(e.AvailabilityZones[:1]...)).
		ExpectFailure(must(root.FindVariable("availability_zones"), "variable availability_zones"))
	badInput(t, redisCall, "auth_token", tf.String("short"))
	badInput(t, net, "vpc_cidr", tf.String("10.0.0.0/33"))
	badInput(t, call("cicd"), "ui_repository", tf.String("not a repository"))
	badInput(t, authCall, "advanced_security_mode", tf.String("STRICT"))
	badInput(t, wafCall, "rate_limit", tf.Number(5))
	// A precondition, too: a certificate with a domain needs the zone
	// that validates it.
	badInput(t, alb, "zone_id", tf.String("")).ExpectFailures = []tf.Referenceable{cert}
	return t
}

// awsSchema is the committed AWS provider schema the mocks derive from;
// it is embedded, so failing to load it is a broken build.
func awsSchema() *schema.Provider {
	s, err := schema.Default()
	if err != nil {
		panic("blueprints: provider schemas: " + err.Error())
	}
	p := s.Provider("hashicorp/aws")
	if p == nil {
		panic("blueprints: no AWS provider schema in gen/schema/snapshot")
	}
	return p
}

func natGateways(e Environment) int {
	if e.NATPerAZ {
		return len(e.AvailabilityZones)
	}
	return 1
}

// validationOptions are the domain_validation_options ACM returns for a
// certificate of names: one CNAME per name.
func validationOptions(names ...string) tf.Object {
	opts := make([]tf.Expr, len(names))
	for i, n := range names {
		opts[i] = tf.Obj(
			tf.KV("domain_name", tf.String(n)),
			tf.KV("resource_record_name", tf.String("_0123456789abcdef."+n+".")),
			tf.KV("resource_record_type", tf.String("CNAME")),
			tf.KV("resource_record_value", tf.String("_fedcba9876543210.acm-validations.aws.")),
		)
	}
	return tf.Obj(tf.KV("domain_validation_options", tf.List(opts...)))
}

// componentRun plans one component module with the inputs this
// environment's root passes it.
func componentRun(t *tf.TestFile, c *tf.ModuleCall) *tf.Run {
	return t.Run(c.Name+"_component").Plan().UseCall(c, schema.StandIn)
}

// badInput is a plan run of a component module with one bad input, which
// its variable validation must reject (expect_failures cannot reach a
// child module's variables from the root).
func badInput(t *tf.TestFile, c *tf.ModuleCall, name string, bad tf.Expr) *tf.Run {
	return t.Run(c.Name+"_rejects_"+name).Plan().UseCall(c, schema.StandIn).Replace(name, bad).
		ExpectFailure(must(c.Child.FindVariable(name), "variable "+name))
}

// must is x, which the blueprint declares; nil is a bug in this file.
func must[T any](x *T, what string) *T {
	if x == nil {
		panic("blueprints/tests.go: the blueprint has no " + what)
	}
	return x
}
