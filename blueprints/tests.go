package blueprints

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
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
	t.Set("aws_skip_checks", tf.Bool(true)).
		Set("redis_auth_token", tf.String(testAuthToken)).
		Set("domain_name", tf.String(domain)).
		Set("hosted_zone_id", tf.String("Z0000000000EXAMPLE")).
		Set("lambda_artifact_bucket", tf.String("moochat-"+e.Name+"-artifacts-example")).
		Set("moderation_lambda_s3_key", tf.String("media/image-moderation/0.0.0.zip")).
		Set("translation_lambda_s3_key", tf.String("media/voice-translation/0.0.0.zip")).
		Set("github_ui_repository", tf.String("runntimeterror/moo-chat-ui")).
		Set("github_socket_repository", tf.String("runntimeterror/moo-chat-socket-server"))

	for _, p := range root.Providers {
		if p.Passed || p.Name != aws.LocalName() {
			continue
		}
		mp := t.MockProvider(p.Name, p.Alias)
		schema.MockDefaults(aws, root, p.Ref()).AddTo(mp)
	}
	// The certificate modules index their validation records by domain
	// (for_each over the names), so each certificate needs validation
	// options for exactly its names, as ACM returns them.
	certs := schema.MockDefaults(aws, root, "aws")
	east := schema.MockDefaults(aws, root, "aws.us_east_1")
	cdn, alb := findCall(root, "cdn_certificate"), findCall(root, "alb_certificate")
	cert := findResource(cdn.Child, "aws_acm_certificate", "this")
	t.Override(tf.In(cdn).Resource(cert), east.Values(cert, validationOptions(domain, "www."+domain)))
	t.Override(tf.In(alb).Resource(cert), certs.Values(cert, validationOptions("socket."+domain)))

	prefix := e.Name + "-moochat"
	out := func(name string) tf.Ref { return findOutput(root, name).Ref() }
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
	net := findCall(root, "network")
	apply.
		Assert(tf.Op(tf.Fn("length", net.Output("private_subnet_ids")), "==", tf.Number(len(e.AvailabilityZones))),
			fmt.Sprintf("%s has one private subnet per AZ (%d).", e.Name, len(e.AvailabilityZones))).
		Assert(tf.Op(tf.Fn("length", net.Output("nat_gateway_ids")), "==", tf.Number(natGateways(e))),
			fmt.Sprintf("%s has %d NAT gateway(s).", e.Name, natGateways(e))).
		Assert(tf.Op(net.Output("vpc_cidr"), "==", tf.String(e.VPCCIDR)), fmt.Sprintf("%s's VPC is %s.", e.Name, e.VPCCIDR))

	// The component modules, planned with this environment's inputs,
	// size their resources as the environment says.
	res := func(c *tf.ModuleCall, typ, name string) *tf.Resource { return findResource(c.Child, typ, name) }
	redis := componentRun(t, root, findCall(root, "redis"))
	rg := res(findCall(root, "redis"), "aws_elasticache_replication_group", "this")
	redis.
		Assert(tf.Op(rg.Attr("num_cache_clusters"), "==", tf.Number(e.RedisNodes)), fmt.Sprintf("%s runs %d Redis node(s).", e.Name, e.RedisNodes)).
		Assert(tf.Op(rg.Attr("automatic_failover_enabled"), "==", tf.Bool(e.RedisMultiAZ)), fmt.Sprintf("%s: Redis automatic failover is %v.", e.Name, e.RedisMultiAZ)).
		Assert(tf.Op(rg.Attr("multi_az_enabled"), "==", tf.Bool(e.RedisMultiAZ)), fmt.Sprintf("%s: Redis multi-AZ is %v.", e.Name, e.RedisMultiAZ)).
		Assert(tf.Op(rg.Attr("node_type"), "==", tf.String(e.RedisNodeType)), fmt.Sprintf("%s: Redis nodes are %s.", e.Name, e.RedisNodeType))
	chatCall := findCall(root, "chat")
	chat := componentRun(t, root, chatCall)
	scaling := res(chatCall, "aws_appautoscaling_target", "service")
	chat.
		Assert(tf.Op(scaling.Attr("min_capacity"), "==", tf.Number(e.TaskMin)), fmt.Sprintf("%s runs at least %d task(s).", e.Name, e.TaskMin)).
		Assert(tf.Op(scaling.Attr("max_capacity"), "==", tf.Number(e.TaskMax)), fmt.Sprintf("%s scales to %d tasks.", e.Name, e.TaskMax)).
		Assert(tf.Op(res(chatCall, "aws_lb", "this").Attr("enable_deletion_protection"), "==", tf.Bool(e.ALBDeletionProtect)), fmt.Sprintf("%s: ALB deletion protection is %v.", e.Name, e.ALBDeletionProtect)).
		Assert(tf.Op(res(chatCall, "aws_ecs_task_definition", "this").Attr("cpu"), "==", tf.String(fmt.Sprint(e.TaskCPU))), fmt.Sprintf("%s tasks get %d CPU units.", e.Name, e.TaskCPU)).
		Assert(tf.Op(res(chatCall, "aws_cloudwatch_log_group", "tasks").Attr("retention_in_days"), "==", tf.Number(e.LogRetentionDays)), fmt.Sprintf("%s keeps task logs %d days.", e.Name, e.LogRetentionDays))
	authCall := findCall(root, "auth")
	pool := res(authCall, "aws_cognito_user_pool", "this")
	componentRun(t, root, authCall).
		Assert(tf.Op(pool.Attr("user_pool_add_ons").At(0).Attr("advanced_security_mode"), "==", tf.String(e.CognitoAdvancedSecurity)), fmt.Sprintf("%s: Cognito advanced security is %s.", e.Name, e.CognitoAdvancedSecurity))
	netRun := componentRun(t, root, net)
	netRun.
		Assert(tf.Op(tf.Fn("length", res(net, "aws_nat_gateway", "this").Ref()), "==", tf.Number(natGateways(e))), fmt.Sprintf("%s plans %d NAT gateway(s).", e.Name, natGateways(e))).
		Assert(tf.Op(tf.Fn("length", res(net, "aws_subnet", "private").Ref()), "==", tf.Number(len(e.AvailabilityZones))), fmt.Sprintf("%s plans a private subnet per AZ.", e.Name))

	// Bad values are rejected before anything is planned.
	azs := findVariable(root, "availability_zones")
	t.Run("rejects_wrong_az_count").Plan().
		Set("availability_zones", tf.Strings(e.AvailabilityZones[:1]...)).
		ExpectFailure(azs)
	badInput(t, root, findCall(root, "redis"), "auth_token", tf.String("short"))
	badInput(t, root, findCall(root, "network"), "vpc_cidr", tf.String("10.0.0.0/33"))
	badInput(t, root, findCall(root, "cicd"), "ui_repository", tf.String("not a repository"))
	badInput(t, root, findCall(root, "auth"), "advanced_security_mode", tf.String("STRICT"))
	// A precondition, too: a certificate with a domain needs the zone
	// that validates it.
	badInput(t, root, alb, "zone_id", tf.String("")).ExpectFailures = []tf.Referenceable{cert}
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
func componentRun(t *tf.TestFile, root *tf.Module, c *tf.ModuleCall) *tf.Run {
	r := t.Run(c.Name + "_component").Plan().UseModule(c.Child)
	setInputs(r, root, c, t)
	return r
}

// badInput is a plan run of a component module with one bad input, which
// its variable validation must reject (expect_failures cannot reach a
// child module's variables from the root).
func badInput(t *tf.TestFile, root *tf.Module, c *tf.ModuleCall, name string, bad tf.Expr) *tf.Run {
	r := t.Run(c.Name + "_rejects_" + name).Plan().UseModule(c.Child)
	setInputs(r, root, c, t)
	r.Variables.Items = setItem(r.Variables.Items, name, bad)
	return r.ExpectFailure(findVariable(c.Child, name))
}

func setItem(items []tf.BodyItem, name string, v tf.Expr) []tf.BodyItem {
	for _, it := range items {
		if it.Attr != nil && it.Attr.Name == name {
			it.Attr.Value = v
			return items
		}
	}
	return append(items, tf.BodyItem{Attr: &tf.Attribute{Name: name, Value: v}})
}

// setInputs sets every input the root passes c: the value itself where it
// is known without planning the root, else a stand-in of the variable's
// type (another module's outputs, such as a VPC ID).
func setInputs(r *tf.Run, root *tf.Module, c *tf.ModuleCall, t *tf.TestFile) {
	for _, it := range c.Items {
		if it.Attr == nil {
			continue
		}
		v := findVariable(c.Child, it.Attr.Name)
		val, ok := resolve(it.Attr.Value, root, t)
		if !ok {
			val = standIn(v)
		}
		r.Variables.Items = append(r.Variables.Items, tf.BodyItem{Attr: &tf.Attribute{Name: v.Name, Value: val, Pos: it.Attr.Pos}})
	}
}

// standIn is a value of v's type for an input that only the root's plan
// would know.
func standIn(v *tf.Variable) tf.Expr {
	// Inputs named for ARNs get ARNs: the provider validates them.
	arn := func(name string) tf.Literal {
		v, _ := schema.MockValue("aws_"+strings.TrimSuffix(name, "_arn"), name)
		return tf.String(v)
	}
	switch {
	case v.Type == cty.String && strings.HasSuffix(v.Name, "_arn"):
		return arn(v.Name)
	case v.Type == cty.String:
		return tf.String("mock-" + strings.ReplaceAll(v.Name, "_", "-"))
	case (v.Type.IsListType() || v.Type.IsSetType()) && strings.HasSuffix(v.Name, "_arns"):
		one := strings.TrimSuffix(v.Name, "s")
		return tf.List(arn(one), arn(one))
	case v.Type == cty.Number:
		return tf.Number(1)
	case v.Type == cty.Bool:
		return tf.Bool(false)
	case v.Type.IsListType() || v.Type.IsSetType():
		return tf.Strings("mock-"+v.Name+"-a", "mock-"+v.Name+"-b")
	}
	return tf.Null()
}

// resolve rewrites e with the root's locals and variables replaced by
// their values (the test file's, else the defaults), so a run of the
// child module can use it. It fails on anything only a plan knows.
func resolve(e tf.Expr, root *tf.Module, t *tf.TestFile) (tf.Expr, bool) {
	switch x := e.(type) {
	case tf.Literal:
		return x, true
	case *tf.Local:
		return resolve(x.Value, root, t)
	case *tf.Variable:
		if v := t.Variables.Get(x.Name); v != nil {
			return v, true
		}
		if x.Default != cty.NilVal {
			return tf.Lit(x.Default), true
		}
		return nil, false
	case tf.Ref:
		if len(x.Steps) == 0 && x.Kind == tf.RefObject {
			switch obj := x.Target.(type) {
			case *tf.Local:
				return resolve(obj, root, t)
			case *tf.Variable:
				return resolve(obj, root, t)
			}
		}
		return nil, false
	case tf.Tuple:
		out := tf.Tuple{Elems: make([]tf.Expr, len(x.Elems))}
		for i, el := range x.Elems {
			r, ok := resolve(el, root, t)
			if !ok {
				return nil, false
			}
			out.Elems[i] = r
		}
		return out, true
	case tf.Template:
		out := tf.Template{Parts: make([]tf.Expr, len(x.Parts))}
		for i, p := range x.Parts {
			r, ok := resolve(p, root, t)
			if !ok {
				return nil, false
			}
			out.Parts[i] = r
		}
		return out, true
	case tf.Binary:
		l, ok1 := resolve(x.L, root, t)
		r, ok2 := resolve(x.R, root, t)
		if !ok1 || !ok2 {
			return nil, false
		}
		// Fold comparisons of literals, so the run reads as values.
		ll, lok := l.(tf.Literal)
		rl, rok := r.(tf.Literal)
		if lok && rok && (x.Op == "==" || x.Op == "!=") && ll.Value.IsKnown() && rl.Value.IsKnown() {
			eq := ll.Value.RawEquals(rl.Value)
			return tf.Bool(eq == (x.Op == "==")), true
		}
		return tf.Binary{Op: x.Op, L: l, R: r}, true
	case tf.Conditional:
		c, ok1 := resolve(x.Cond, root, t)
		a, ok2 := resolve(x.True, root, t)
		b, ok3 := resolve(x.False, root, t)
		if !ok1 || !ok2 || !ok3 {
			return nil, false
		}
		if cl, ok := c.(tf.Literal); ok && cl.Value.Type() == cty.Bool && cl.Value.IsKnown() && !cl.Value.IsNull() {
			if cl.Value.True() {
				return a, true
			}
			return b, true
		}
		return tf.Conditional{Cond: c, True: a, False: b}, true
	}
	return nil, false
}

func findCall(m *tf.Module, name string) *tf.ModuleCall {
	for _, c := range m.Calls {
		if c.Name == name {
			return c
		}
	}
	panic(fmt.Sprintf("blueprints/tests.go: %s has no module call %q", m.Name, name))
}

func findOutput(m *tf.Module, name string) *tf.Output {
	for _, o := range m.Outputs {
		if o.Name == name {
			return o
		}
	}
	panic(fmt.Sprintf("blueprints/tests.go: %s has no output %q", m.Name, name))
}

func findVariable(m *tf.Module, name string) *tf.Variable {
	for _, v := range m.Variables {
		if v.Name == name {
			return v
		}
	}
	panic(fmt.Sprintf("blueprints/tests.go: %s has no variable %q", m.Name, name))
}

func findResource(m *tf.Module, typ, name string) *tf.Resource {
	for _, r := range m.Resources {
		if r.Type == typ && r.Name == name {
			return r
		}
	}
	panic(fmt.Sprintf("blueprints/tests.go: %s has no resource %s.%s", m.Name, typ, name))
}
