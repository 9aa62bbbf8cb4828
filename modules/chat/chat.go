// Package chat builds modules/chat: the socket.io server on ECS Fargate.
// ECR repository, cluster, task definition, service in private subnets,
// an internet-facing ALB with HTTPS and a redirect-only HTTP listener,
// security groups chained internet -> ALB -> tasks -> Redis, autoscaling
// on request count and CPU, and the logs of all of it.
package chat

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/chat"

// Config shapes the module.
type Config struct {
	// ContainerName and ContainerPort are the socket server's container.
	ContainerName string
	ContainerPort int
	// HealthCheckPath answers 200 when a task can serve.
	HealthCheckPath string
	// KeepImages is how many images the ECR lifecycle policy keeps.
	KeepImages int
	// SSLPolicy of the HTTPS listener.
	SSLPolicy string
}

// Defaults is the configuration the platform uses.
var Defaults = Config{
	ContainerName:   "socket-server",
	ContainerPort:   8000,
	HealthCheckPath: "/health",
	KeepImages:      30,
	SSLPolicy:       "ELBSecurityPolicy-TLS13-1-2-2021-06",
}

// elbAccounts are the Elastic Load Balancing accounts that deliver access
// logs in regions opened before August 2022.
var elbAccounts = map[string]string{
	"us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194",
	"ca-central-1": "985666609251", "eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-central-1": "054676820928",
}

// Module builds the chat service module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat socket server: ECR, ECS Fargate cluster/task/service in private subnets, ALB (HTTPS, redirect-only HTTP, sticky sessions), chained security groups, autoscaling on requests and CPU, logs.")

	prefix := awsmod.NamePrefix(m)
	region := m.Variable("region", cty.String, "Region of the service (log configuration, ALB log delivery).")
	vpc := m.Variable("vpc_id", cty.String, "VPC of the service.")
	publicSubnets := m.Variable("public_subnet_ids", cty.List(cty.String), "Public subnets of the load balancer.")
	privateSubnets := m.Variable("private_subnet_ids", cty.List(cty.String), "Private subnets of the tasks.")
	cert := m.Variable("certificate_arn", cty.String, "ACM certificate of the HTTPS listener.")
	imageTag := m.Variable("image_tag", cty.String, "Image tag of the first task definition; CI registers later revisions.").WithDefault(cty.StringVal("bootstrap"))
	cpu := m.Variable("task_cpu", cty.Number, "Fargate task CPU units.").WithDefault(cty.NumberIntVal(256))
	mem := m.Variable("task_memory", cty.Number, "Fargate task memory (MiB).").WithDefault(cty.NumberIntVal(512))
	minCap := m.Variable("min_capacity", cty.Number, "Fewest running tasks.").WithDefault(cty.NumberIntVal(1))
	maxCap := m.Variable("max_capacity", cty.Number, "Most running tasks.").WithDefault(cty.NumberIntVal(3))
	maxCap.Validate(tf.Op(maxCap, ">=", tf.Number(1)), "max_capacity is at least 1.")
	reqTarget := m.Variable("requests_per_target", cty.Number, "ALB requests per task per minute that autoscaling aims for (socket.io long-polling and upgrades).").WithDefault(cty.NumberIntVal(1000))
	cpuTarget := m.Variable("cpu_target_percent", cty.Number, "Average CPU that autoscaling aims for.").WithDefault(cty.NumberIntVal(60))
	logDays := m.Variable("log_retention_days", cty.Number, "Days to keep task logs and ALB access logs.").WithDefault(cty.NumberIntVal(30))
	protect := m.Variable("deletion_protection", cty.Bool, "Deletion protection of the load balancer.").WithDefault(cty.False)
	idle := m.Variable("idle_timeout", cty.Number, "ALB idle timeout in seconds; long, so quiet websockets stay open between socket.io pings.").WithDefault(cty.NumberIntVal(300))
	redisHost := m.Variable("redis_endpoint", cty.String, "Host name of the Redis primary.")
	redisPort := m.Variable("redis_port", cty.Number, "Port of Redis.").WithDefault(cty.NumberIntVal(6379))
	redisSG := m.Variable("redis_security_group_id", cty.String, "Security group of Redis; the tasks get ingress to it.")
	redisSecret := m.Variable("redis_auth_token_secret_arn", cty.String, "Secrets Manager secret holding the Redis AUTH token.")

	accounts := map[string]string{}
	for k, v := range elbAccounts {
		accounts[k] = v
	}
	elbAccount := m.Local("elb_account_id", tf.Fn("lookup", tf.StringMap(accounts), region, tf.String("")))
	port := tf.Number(cfg.ContainerPort)

	m.InFile("ecr.tf")
	repo := m.Resource("aws_ecr_repository", "this").
		Set("name", awsmod.Name(prefix, cfg.ContainerName)).
		Set("image_tag_mutability", tf.String("IMMUTABLE")).
		Set("force_delete", tf.Bool(false))
	repo.Body.Block("image_scanning_configuration").Set("scan_on_push", tf.Bool(true))
	repo.Body.Block("encryption_configuration").Set("encryption_type", tf.String("KMS"))
	m.Resource("aws_ecr_lifecycle_policy", "this").
		Set("repository", repo.Attr("name")).
		Set("policy", tf.JSONEncode(tf.Obj(tf.KV("rules", tf.List(tf.Obj(
			tf.KV("rulePriority", tf.Number(1)),
			tf.KV("description", tf.String(fmt.Sprintf("Keep the last %d images", cfg.KeepImages))),
			tf.KV("selection", tf.Obj(
				tf.KV("tagStatus", tf.String("any")),
				tf.KV("countType", tf.String("imageCountMoreThan")),
				tf.KV("countNumber", tf.Number(cfg.KeepImages)),
			)),
			tf.KV("action", tf.Obj(tf.KV("type", tf.String("expire")))),
		))))))

	m.InFile("security_groups.tf")
	albSG := m.Resource("aws_security_group", "alb").
		Set("name", awsmod.Name(prefix, "alb")).
		Set("description", tf.String("MooChat load balancer: HTTPS and redirect-only HTTP from the internet, to the tasks only.")).
		Set("vpc_id", vpc).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "alb")))
	taskSG := m.Resource("aws_security_group", "tasks").
		Set("name", awsmod.Name(prefix, "tasks")).
		Set("description", tf.String("MooChat socket server tasks: from the load balancer only; to Redis and HTTPS.")).
		Set("vpc_id", vpc).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "tasks")))
	rule := func(typ, label string, sg tf.Expr, desc string, p int, peer string, peerVal tf.Expr) *tf.Resource {
		return m.Resource(typ, label).
			Set("security_group_id", sg).
			Set("description", tf.String(desc)).
			Set("ip_protocol", tf.String("tcp")).
			Set("from_port", tf.Number(p)).
			Set("to_port", tf.Number(p)).
			Set(peer, peerVal)
	}
	const in, out = "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"
	rule(in, "alb_https", albSG.Attr("id"), "HTTPS from the internet", 443, "cidr_ipv4", tf.String("0.0.0.0/0"))
	rule(in, "alb_http", albSG.Attr("id"), "HTTP from the internet, redirected to HTTPS", 80, "cidr_ipv4", tf.String("0.0.0.0/0"))
	rule(out, "alb_to_tasks", albSG.Attr("id"), "To the socket server tasks", cfg.ContainerPort, "referenced_security_group_id", taskSG.Attr("id"))
	rule(in, "tasks_from_alb", taskSG.Attr("id"), "From the load balancer", cfg.ContainerPort, "referenced_security_group_id", albSG.Attr("id"))
	rule(out, "tasks_to_redis", taskSG.Attr("id"), "To Redis", 6379, "referenced_security_group_id", redisSG)
	rule(out, "tasks_https", taskSG.Attr("id"), "HTTPS to ECR, CloudWatch Logs and Secrets Manager through the NAT gateways", 443, "cidr_ipv4", tf.String("0.0.0.0/0")).
		Waive("aws-sg-public-egress", "tasks pull images and write logs through NAT; interface VPC endpoints per AZ would replace this at about $7/month each", "2026-12-31")
	rule(in, "redis_from_tasks", redisSG, "Redis from the socket server tasks", 6379, "referenced_security_group_id", taskSG.Attr("id"))

	m.InFile("alb.tf")
	logsName := awsmod.Name(prefix, "alb-logs")
	logs := awsmod.PrivateBucket(m, "alb_logs", logsName, awsmod.BucketOptions{ExpireDays: logDays})
	logsPolicy := m.Resource("aws_s3_bucket_policy", "alb_logs").
		Set("bucket", logs.Bucket.Attr("id")).
		Set("policy", awsmod.Policy(
			awsmod.Statement{
				Sid:       "ELBAccessLogs",
				Principal: tf.Obj(tf.KV("AWS", tf.Tmpl("arn:aws:iam::", elbAccount, ":root"))),
				Actions:   []string{"s3:PutObject"},
				Resources: []tf.Expr{tf.Tmpl(logs.Bucket.Attr("arn"), "/alb/AWSLogs/*")},
			},
			awsmod.DenyInsecureTransport(logs.Bucket),
		)).
		DependOn(logs.PublicAccess)
	logsPolicy.Lifecycle.Preconditions = append(logsPolicy.Lifecycle.Preconditions, tf.Condition{
		Cond:    tf.Op(elbAccount, "!=", tf.String("")),
		Message: tf.Tmpl("No Elastic Load Balancing log account is known for region ", region, "."),
	})

	alb := m.Resource("aws_lb", "this").
		Set("name", awsmod.Name(prefix, "alb")).
		Set("internal", tf.Bool(false)).
		Set("load_balancer_type", tf.String("application")).
		Set("security_groups", tf.List(albSG.Attr("id"))).
		Set("subnets", publicSubnets).
		Set("drop_invalid_header_fields", tf.Bool(true)).
		Set("enable_deletion_protection", protect).
		Set("idle_timeout", idle)
	// The bucket's name rather than its id, so the plan (and the policy
	// check) knows where logs go; depends_on orders the creation.
	alb.Body.Block("access_logs").
		Set("bucket", logsName).
		Set("prefix", tf.String("alb")).
		Set("enabled", tf.Bool(true))
	alb.DependOn(logsPolicy)

	tg := m.Resource("aws_lb_target_group", "tasks").
		Set("name", awsmod.Name(prefix, "tasks")).
		Set("port", port).
		Set("protocol", tf.String("HTTP")).
		Set("target_type", tf.String("ip")).
		Set("vpc_id", vpc).
		Set("deregistration_delay", tf.Number(30))
	tg.Body.Block("health_check").
		Set("enabled", tf.Bool(true)).
		Set("path", tf.String(cfg.HealthCheckPath)).
		Set("matcher", tf.String("200")).
		Set("interval", tf.Number(15)).
		Set("timeout", tf.Number(5)).
		Set("healthy_threshold", tf.Number(2)).
		Set("unhealthy_threshold", tf.Number(3))
	// socket.io's long-polling handshake must reach the same task until
	// the websocket upgrade.
	tg.Body.Block("stickiness").
		Set("type", tf.String("lb_cookie")).
		Set("cookie_duration", tf.Number(86400)).
		Set("enabled", tf.Bool(true))

	https := m.Resource("aws_lb_listener", "https").
		Set("load_balancer_arn", alb.Attr("arn")).
		Set("port", tf.Number(443)).
		Set("protocol", tf.String("HTTPS")).
		Set("ssl_policy", tf.String(cfg.SSLPolicy)).
		Set("certificate_arn", cert)
	https.Body.Block("default_action").
		Set("type", tf.String("forward")).
		Set("target_group_arn", tg.Attr("arn"))
	http := m.Resource("aws_lb_listener", "http").
		Set("load_balancer_arn", alb.Attr("arn")).
		Set("port", tf.Number(80)).
		Set("protocol", tf.String("HTTP"))
	redirect := http.Body.Block("default_action")
	redirect.Set("type", tf.String("redirect"))
	redirect.Block("redirect").
		Set("protocol", tf.String("HTTPS")).
		Set("port", tf.String("443")).
		Set("status_code", tf.String("HTTP_301"))

	m.InFile("ecs.tf")
	taskLogs := awsmod.LogGroup(m, "tasks", tf.Tmpl("/ecs/", prefix, "/", cfg.ContainerName), logDays)
	cluster := m.Resource("aws_ecs_cluster", "this").Set("name", awsmod.Name(prefix, "cluster"))
	cluster.Body.Block("setting").Set("name", tf.String("containerInsights")).Set("value", tf.String("enabled"))

	execRole := awsmod.Role(m, "execution", awsmod.Name(prefix, "task-execution"), "ecs-tasks.amazonaws.com", "ECS agent: pulls the socket server image, writes its logs, reads the Redis token.")
	awsmod.RolePolicy(m, "execution", execRole,
		awsmod.Statement{Sid: "EcrLogin", Actions: []string{"ecr:GetAuthorizationToken"}, Resources: []tf.Expr{tf.String("*")}},
		awsmod.Statement{Sid: "PullImage", Actions: []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, Resources: []tf.Expr{repo.Attr("arn")}},
		awsmod.Statement{Sid: "WriteLogs", Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resources: []tf.Expr{tf.Tmpl(taskLogs.Attr("arn"), ":*")}},
		awsmod.Statement{Sid: "ReadRedisToken", Actions: []string{"secretsmanager:GetSecretValue"}, Resources: []tf.Expr{redisSecret}},
	)
	// The app calls no AWS API: its role has no policy at all.
	taskRole := awsmod.Role(m, "task", awsmod.Name(prefix, "task"), "ecs-tasks.amazonaws.com", "Socket server application role; the app calls no AWS API.")

	env := func(name string, v tf.Expr) tf.Expr { return tf.Obj(tf.KV("name", tf.String(name)), tf.KV("value", v)) }
	container := tf.Obj(
		tf.KV("name", tf.String(cfg.ContainerName)),
		tf.KV("image", tf.Tmpl(repo.Attr("repository_url"), ":", imageTag)),
		tf.KV("essential", tf.Bool(true)),
		tf.KV("privileged", tf.Bool(false)),
		tf.KV("readonlyRootFilesystem", tf.Bool(true)),
		tf.KV("portMappings", tf.List(tf.Obj(
			tf.KV("containerPort", port), tf.KV("hostPort", port), tf.KV("protocol", tf.String("tcp")),
		))),
		tf.KV("environment", tf.List(
			env("PORT", tf.String(fmt.Sprint(cfg.ContainerPort))),
			env("REDIS_ENDPOINT", redisHost),
			env("REDIS_PORT", tf.Fn("tostring", redisPort)),
			env("REDIS_TLS", tf.String("true")),
		)),
		tf.KV("secrets", tf.List(tf.Obj(tf.KV("name", tf.String("REDIS_AUTH_TOKEN")), tf.KV("valueFrom", redisSecret)))),
		// The root filesystem is read-only; Node and socket.io need a
		// writable /tmp only.
		tf.KV("mountPoints", tf.List(tf.Obj(
			tf.KV("sourceVolume", tf.String("tmp")), tf.KV("containerPath", tf.String("/tmp")), tf.KV("readOnly", tf.Bool(false)),
		))),
		tf.KV("ulimits", tf.List(tf.Obj(
			tf.KV("name", tf.String("nofile")), tf.KV("softLimit", tf.Number(65536)), tf.KV("hardLimit", tf.Number(65536)),
		))),
		tf.KV("linuxParameters", tf.Obj(tf.KV("initProcessEnabled", tf.Bool(true)))),
		tf.KV("logConfiguration", tf.Obj(
			tf.KV("logDriver", tf.String("awslogs")),
			tf.KV("options", tf.Obj(
				tf.KV("awslogs-group", taskLogs.Attr("name")),
				tf.KV("awslogs-region", region),
				tf.KV("awslogs-stream-prefix", tf.String(cfg.ContainerName)),
			)),
		)),
	)
	td := m.Resource("aws_ecs_task_definition", "this").
		Set("family", awsmod.Name(prefix, cfg.ContainerName)).
		Set("requires_compatibilities", tf.Strings("FARGATE")).
		Set("network_mode", tf.String("awsvpc")).
		Set("cpu", tf.Fn("tostring", cpu)).
		Set("memory", tf.Fn("tostring", mem)).
		Set("execution_role_arn", execRole.Attr("arn")).
		Set("task_role_arn", taskRole.Attr("arn")).
		Set("container_definitions", tf.JSONEncode(tf.List(container)))
	td.Body.Block("runtime_platform").
		Set("operating_system_family", tf.String("LINUX")).
		Set("cpu_architecture", tf.String("X86_64"))
	td.Body.Block("volume").Set("name", tf.String("tmp"))

	svc := m.Resource("aws_ecs_service", "this").
		Set("name", awsmod.Name(prefix, cfg.ContainerName)).
		Set("cluster", cluster.Attr("id")).
		Set("task_definition", td.Attr("arn")).
		Set("desired_count", minCap).
		Set("launch_type", tf.String("FARGATE")).
		Set("platform_version", tf.String("LATEST")).
		Set("deployment_minimum_healthy_percent", tf.Number(100)).
		Set("deployment_maximum_percent", tf.Number(200)).
		Set("health_check_grace_period_seconds", tf.Number(60)).
		Set("enable_execute_command", tf.Bool(false)).
		Set("propagate_tags", tf.String("SERVICE"))
	svc.Body.Block("deployment_circuit_breaker").Set("enable", tf.Bool(true)).Set("rollback", tf.Bool(true))
	svc.Body.Block("network_configuration").
		Set("subnets", privateSubnets).
		Set("security_groups", tf.List(taskSG.Attr("id"))).
		Set("assign_public_ip", tf.Bool(false))
	svc.Body.Block("load_balancer").
		Set("target_group_arn", tg.Attr("arn")).
		Set("container_name", tf.String(cfg.ContainerName)).
		Set("container_port", port)
	// Autoscaling owns the task count; CI owns the task definition
	// revision (it registers one per image tag).
	svc.Lifecycle.IgnoreChanges = []string{"desired_count", "task_definition"}
	svc.DependOn(https)

	m.InFile("autoscaling.tf")
	target := m.Resource("aws_appautoscaling_target", "service").
		Set("service_namespace", tf.String("ecs")).
		Set("resource_id", tf.Tmpl("service/", cluster.Attr("name"), "/", svc.Attr("name"))).
		Set("scalable_dimension", tf.String("ecs:service:DesiredCount")).
		Set("min_capacity", minCap).
		Set("max_capacity", maxCap)
	target.Lifecycle.Preconditions = append(target.Lifecycle.Preconditions, tf.Condition{
		Cond: tf.Op(minCap, "<=", maxCap), Message: tf.String("min_capacity must not exceed max_capacity."),
	})
	scaling := func(label, name, metric string, value tf.Expr, resourceLabel tf.Expr) {
		p := m.Resource("aws_appautoscaling_policy", label).
			Set("name", tf.Tmpl(prefix, "-"+name)).
			Set("policy_type", tf.String("TargetTrackingScaling")).
			Set("service_namespace", target.Attr("service_namespace")).
			Set("resource_id", target.Attr("resource_id")).
			Set("scalable_dimension", target.Attr("scalable_dimension"))
		c := p.Body.Block("target_tracking_scaling_policy_configuration")
		c.Set("target_value", value).
			Set("scale_in_cooldown", tf.Number(300)).
			Set("scale_out_cooldown", tf.Number(60))
		spec := c.Block("predefined_metric_specification")
		spec.Set("predefined_metric_type", tf.String(metric))
		if resourceLabel != nil {
			spec.Set("resource_label", resourceLabel)
		}
	}
	scaling("requests", "requests-per-task", "ALBRequestCountPerTarget", reqTarget, tf.Tmpl(alb.Attr("arn_suffix"), "/", tg.Attr("arn_suffix")))
	scaling("cpu", "cpu", "ECSServiceAverageCPUUtilization", cpuTarget, nil)

	m.Output("ecr_repository_url", repo.Attr("repository_url"), "ECR repository the socket server's CI pushes to.")
	m.Output("ecr_repository_arn", repo.Attr("arn"), "ARN of the ECR repository.")
	m.Output("cluster_name", cluster.Attr("name"), "ECS cluster name.")
	m.Output("cluster_arn", cluster.Attr("arn"), "ECS cluster ARN.")
	m.Output("service_name", svc.Attr("name"), "ECS service name.")
	m.Output("service_arn", svc.Attr("id"), "ECS service ARN.")
	m.Output("task_definition_family", td.Attr("family"), "Task definition family CI registers revisions in.")
	m.Output("task_execution_role_arn", execRole.Attr("arn"), "Execution role of the tasks (CI passes it when registering).")
	m.Output("task_role_arn", taskRole.Attr("arn"), "Application role of the tasks.")
	m.Output("alb_dns_name", alb.Attr("dns_name"), "DNS name of the load balancer.")
	m.Output("alb_zone_id", alb.Attr("zone_id"), "Route 53 zone ID of the load balancer.")
	m.Output("task_security_group_id", taskSG.Attr("id"), "Security group of the tasks.")
	m.Output("log_group_name", taskLogs.Attr("name"), "Log group of the tasks.")
	return m
}
