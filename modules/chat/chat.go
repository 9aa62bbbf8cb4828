// Package chat builds modules/chat: the socket.io server on ECS Fargate.
// ECR repository, cluster, task definition, service in private subnets,
// an internet-facing ALB with HTTPS and a redirect-only HTTP listener,
// security groups chained internet -> ALB -> tasks -> Redis, autoscaling
// on request count and CPU, and the logs of all of it.
package chat

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
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

	// Typed values are not tf.Exprs: templates, conditions and the
	// jsonencode'd documents below take their TFExpr().
	nameTag := func(name tf.Expr) typed.Map[typed.String] { return aws.MapExpr[typed.String](awsmod.NameTag(name)) }

	m.InFile("ecr.tf")
	repo := aws.NewEcrRepository(m, "this", aws.EcrRepositoryArgs{
		Name:                       aws.StringExpr(awsmod.Name(prefix, cfg.ContainerName)),
		ImageTagMutability:         aws.String("IMMUTABLE"),
		ForceDelete:                aws.Bool(false),
		ImageScanningConfiguration: &aws.EcrRepository_ImageScanningConfiguration{ScanOnPush: aws.Bool(true)},
		EncryptionConfiguration:    []aws.EcrRepository_EncryptionConfiguration{{EncryptionType: aws.String("KMS")}},
	})
	aws.NewEcrLifecyclePolicy(m, "this", aws.EcrLifecyclePolicyArgs{
		Repository: repo.Name(),
		Policy: aws.StringExpr(tf.JSONEncode(tf.Obj(tf.KV("rules", tf.List(tf.Obj(
			tf.KV("rulePriority", tf.Number(1)),
			tf.KV("description", tf.String(fmt.Sprintf("Keep the last %d images", cfg.KeepImages))),
			tf.KV("selection", tf.Obj(
				tf.KV("tagStatus", tf.String("any")),
				tf.KV("countType", tf.String("imageCountMoreThan")),
				tf.KV("countNumber", tf.Number(cfg.KeepImages)),
			)),
			tf.KV("action", tf.Obj(tf.KV("type", tf.String("expire")))),
		)))))),
	})

	m.InFile("security_groups.tf")
	albSG := aws.NewSecurityGroup(m, "alb", aws.SecurityGroupArgs{
		Name:        aws.StringExpr(awsmod.Name(prefix, "alb")),
		Description: aws.String("MooChat load balancer: HTTPS and redirect-only HTTP from the internet, to the tasks only."),
		VpcId:       aws.StringExpr(vpc),
		Tags:        nameTag(awsmod.Name(prefix, "alb")),
	})
	taskSG := aws.NewSecurityGroup(m, "tasks", aws.SecurityGroupArgs{
		Name:        aws.StringExpr(awsmod.Name(prefix, "tasks")),
		Description: aws.String("MooChat socket server tasks: from the load balancer only; to Redis and HTTPS."),
		VpcId:       aws.StringExpr(vpc),
		Tags:        nameTag(awsmod.Name(prefix, "tasks")),
	})
	// One TCP port to or from a peer: a CIDR block or a security group.
	// Ingress and egress rules take arguments of the same shape, so one
	// struct serves both (Go converts between them).
	type peer struct{ cidr, sg typed.String }
	anywhere := peer{cidr: aws.String("0.0.0.0/0")}
	group := func(id typed.String) peer { return peer{sg: id} }
	ruleArgs := func(sg typed.String, desc string, p int, to peer) aws.VpcSecurityGroupIngressRuleArgs {
		return aws.VpcSecurityGroupIngressRuleArgs{
			SecurityGroupId:           sg,
			Description:               aws.String(desc),
			IpProtocol:                aws.String("tcp"),
			FromPort:                  aws.Number(p),
			ToPort:                    aws.Number(p),
			CidrIpv4:                  to.cidr,
			ReferencedSecurityGroupId: to.sg,
		}
	}
	ingress := func(label string, sg typed.String, desc string, p int, from peer) {
		aws.NewVpcSecurityGroupIngressRule(m, label, ruleArgs(sg, desc, p, from))
	}
	egress := func(label string, sg typed.String, desc string, p int, to peer) aws.VpcSecurityGroupEgressRule {
		return aws.NewVpcSecurityGroupEgressRule(m, label, aws.VpcSecurityGroupEgressRuleArgs(ruleArgs(sg, desc, p, to)))
	}
	redisSGID := aws.StringExpr(redisSG)
	ingress("alb_https", albSG.Id(), "HTTPS from the internet", 443, anywhere)
	ingress("alb_http", albSG.Id(), "HTTP from the internet, redirected to HTTPS", 80, anywhere)
	egress("alb_to_tasks", albSG.Id(), "To the socket server tasks", cfg.ContainerPort, group(taskSG.Id()))
	ingress("tasks_from_alb", taskSG.Id(), "From the load balancer", cfg.ContainerPort, group(albSG.Id()))
	egress("tasks_to_redis", taskSG.Id(), "To Redis", 6379, group(redisSGID))
	egress("tasks_https", taskSG.Id(), "HTTPS to ECR, CloudWatch Logs and Secrets Manager through the NAT gateways", 443, anywhere).Resource.
		Waive("aws-sg-public-egress", "tasks pull images and write logs through NAT; interface VPC endpoints per AZ would replace this at about $7/month each", "2026-12-31")
	ingress("redis_from_tasks", redisSGID, "Redis from the socket server tasks", 6379, group(taskSG.Id()))

	m.InFile("alb.tf")
	logsName := awsmod.Name(prefix, "alb-logs")
	// The bucket and its settings come from the shared (untyped) helper.
	logs := awsmod.PrivateBucket(m, "alb_logs", logsName, awsmod.BucketOptions{ExpireDays: logDays})
	logsPolicy := aws.NewS3BucketPolicy(m, "alb_logs", aws.S3BucketPolicyArgs{
		Bucket: aws.StringExpr(logs.Bucket.Attr("id")),
		Policy: aws.StringExpr(awsmod.Policy(
			awsmod.Statement{
				Sid:       "ELBAccessLogs",
				Principal: tf.Obj(tf.KV("AWS", tf.Tmpl("arn:aws:iam::", elbAccount, ":root"))),
				Actions:   []string{"s3:PutObject"},
				Resources: []tf.Expr{tf.Tmpl(logs.Bucket.Attr("arn"), "/alb/AWSLogs/*")},
			},
			awsmod.DenyInsecureTransport(logs.Bucket),
		)),
	})
	logsPolicy.Resource.DependOn(logs.PublicAccess)
	logsPolicy.Resource.Lifecycle.Preconditions = append(logsPolicy.Resource.Lifecycle.Preconditions, tf.Condition{
		Cond:    tf.Op(elbAccount, "!=", tf.String("")),
		Message: tf.Tmpl("No Elastic Load Balancing log account is known for region ", region, "."),
	})

	alb := aws.NewLb(m, "this", aws.LbArgs{
		Name:                     aws.StringExpr(awsmod.Name(prefix, "alb")),
		Internal:                 aws.Bool(false),
		LoadBalancerType:         aws.String("application"),
		SecurityGroups:           aws.SetOf(albSG.Id()),
		Subnets:                  aws.SetExpr[typed.String](publicSubnets),
		DropInvalidHeaderFields:  aws.Bool(true),
		EnableDeletionProtection: aws.BoolExpr(protect),
		IdleTimeout:              aws.NumberExpr(idle),
		// The bucket's name rather than its id, so the plan (and the
		// policy check) knows where logs go; depends_on orders the
		// creation.
		AccessLogs: &aws.Lb_AccessLogs{
			Bucket:  aws.StringExpr(logsName),
			Prefix:  aws.String("alb"),
			Enabled: aws.Bool(true),
		},
	})
	alb.Resource.DependOn(logsPolicy.Resource)

	tg := aws.NewLbTargetGroup(m, "tasks", aws.LbTargetGroupArgs{
		Name:       aws.StringExpr(awsmod.Name(prefix, "tasks")),
		Port:       aws.Number(cfg.ContainerPort),
		Protocol:   aws.String("HTTP"),
		TargetType: aws.String("ip"),
		VpcId:      aws.StringExpr(vpc),
		// The provider types deregistration_delay as a string of seconds.
		DeregistrationDelay: aws.String("30"),
		HealthCheck: &aws.LbTargetGroup_HealthCheck{
			Enabled:            aws.Bool(true),
			Path:               aws.String(cfg.HealthCheckPath),
			Matcher:            aws.String("200"),
			Interval:           aws.Number(15),
			Timeout:            aws.Number(5),
			HealthyThreshold:   aws.Number(2),
			UnhealthyThreshold: aws.Number(3),
		},
		// socket.io's long-polling handshake must reach the same task
		// until the websocket upgrade.
		Stickiness: &aws.LbTargetGroup_Stickiness{
			Type:           aws.String("lb_cookie"),
			CookieDuration: aws.Number(86400),
			Enabled:        aws.Bool(true),
		},
	})

	https := aws.NewLbListener(m, "https", aws.LbListenerArgs{
		LoadBalancerArn: alb.Arn(),
		Port:            aws.Number(443),
		Protocol:        aws.String("HTTPS"),
		SslPolicy:       aws.String(cfg.SSLPolicy),
		CertificateArn:  aws.StringExpr(cert),
		DefaultAction: []aws.LbListener_DefaultAction{{
			Type:           aws.String("forward"),
			TargetGroupArn: tg.Arn(),
		}},
	})
	aws.NewLbListener(m, "http", aws.LbListenerArgs{
		LoadBalancerArn: alb.Arn(),
		Port:            aws.Number(80),
		Protocol:        aws.String("HTTP"),
		DefaultAction: []aws.LbListener_DefaultAction{{
			Type: aws.String("redirect"),
			Redirect: &aws.LbListener_DefaultAction_Redirect{
				Protocol:   aws.String("HTTPS"),
				Port:       aws.String("443"),
				StatusCode: aws.String("HTTP_301"),
			},
		}},
	})

	m.InFile("ecs.tf")
	taskLogs := awsmod.LogGroup(m, "tasks", tf.Tmpl("/ecs/", prefix, "/", cfg.ContainerName), logDays)
	cluster := aws.NewEcsCluster(m, "this", aws.EcsClusterArgs{
		Name:    aws.StringExpr(awsmod.Name(prefix, "cluster")),
		Setting: []aws.EcsCluster_Setting{{Name: aws.String("containerInsights"), Value: aws.String("enabled")}},
	})

	// The roles are what awsmod.Role and awsmod.RolePolicy declare, typed;
	// the policy documents still come from awsmod.
	role := func(label string, name tf.Expr, description string) aws.IamRole {
		return aws.NewIamRole(m, label, aws.IamRoleArgs{
			Name:             aws.StringExpr(name),
			Description:      aws.String(description),
			AssumeRolePolicy: aws.StringExpr(awsmod.AssumeRole("ecs-tasks.amazonaws.com")),
		})
	}
	execRole := role("execution", awsmod.Name(prefix, "task-execution"), "ECS agent: pulls the socket server image, writes its logs, reads the Redis token.")
	aws.NewIamRolePolicy(m, "execution", aws.IamRolePolicyArgs{
		Name: execRole.Name(),
		Role: execRole.Id(),
		Policy: aws.StringExpr(awsmod.Policy(
			awsmod.Statement{Sid: "EcrLogin", Actions: []string{"ecr:GetAuthorizationToken"}, Resources: []tf.Expr{tf.String("*")}},
			awsmod.Statement{Sid: "PullImage", Actions: []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, Resources: []tf.Expr{repo.Arn().TFExpr()}},
			awsmod.Statement{Sid: "WriteLogs", Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resources: []tf.Expr{tf.Tmpl(taskLogs.Attr("arn"), ":*")}},
			awsmod.Statement{Sid: "ReadRedisToken", Actions: []string{"secretsmanager:GetSecretValue"}, Resources: []tf.Expr{redisSecret}},
		)),
	})
	// The app calls no AWS API: its role has no policy at all.
	taskRole := role("task", awsmod.Name(prefix, "task"), "Socket server application role; the app calls no AWS API.")

	env := func(name string, v tf.Expr) tf.Expr { return tf.Obj(tf.KV("name", tf.String(name)), tf.KV("value", v)) }
	container := tf.Obj(
		tf.KV("name", tf.String(cfg.ContainerName)),
		tf.KV("image", tf.Tmpl(repo.RepositoryUrl().TFExpr(), ":", imageTag)),
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
	td := aws.NewEcsTaskDefinition(m, "this", aws.EcsTaskDefinitionArgs{
		Family:                  aws.StringExpr(awsmod.Name(prefix, cfg.ContainerName)),
		RequiresCompatibilities: aws.StringSet("FARGATE"),
		NetworkMode:             aws.String("awsvpc"),
		Cpu:                     aws.StringExpr(tf.Fn("tostring", cpu)),
		Memory:                  aws.StringExpr(tf.Fn("tostring", mem)),
		ExecutionRoleArn:        execRole.Arn(),
		TaskRoleArn:             taskRole.Arn(),
		ContainerDefinitions:    aws.StringExpr(tf.JSONEncode(tf.List(container))),
		RuntimePlatform: &aws.EcsTaskDefinition_RuntimePlatform{
			OperatingSystemFamily: aws.String("LINUX"),
			CpuArchitecture:       aws.String("X86_64"),
		},
		Volume: []aws.EcsTaskDefinition_Volume{{Name: aws.String("tmp")}},
	})

	svc := aws.NewEcsService(m, "this", aws.EcsServiceArgs{
		Name:                            aws.StringExpr(awsmod.Name(prefix, cfg.ContainerName)),
		Cluster:                         cluster.Id(),
		TaskDefinition:                  td.Arn(),
		DesiredCount:                    aws.NumberExpr(minCap),
		LaunchType:                      aws.String("FARGATE"),
		PlatformVersion:                 aws.String("LATEST"),
		DeploymentMinimumHealthyPercent: aws.Number(100),
		DeploymentMaximumPercent:        aws.Number(200),
		HealthCheckGracePeriodSeconds:   aws.Number(60),
		EnableExecuteCommand:            aws.Bool(false),
		PropagateTags:                   aws.String("SERVICE"),
		DeploymentCircuitBreaker:        &aws.EcsService_DeploymentCircuitBreaker{Enable: aws.Bool(true), Rollback: aws.Bool(true)},
		NetworkConfiguration: &aws.EcsService_NetworkConfiguration{
			Subnets:        aws.SetExpr[typed.String](privateSubnets),
			SecurityGroups: aws.SetOf(taskSG.Id()),
			AssignPublicIp: aws.Bool(false),
		},
		LoadBalancer: []aws.EcsService_LoadBalancer{{
			TargetGroupArn: tg.Arn(),
			ContainerName:  aws.String(cfg.ContainerName),
			ContainerPort:  aws.Number(cfg.ContainerPort),
		}},
	})
	// Autoscaling owns the task count; CI owns the task definition
	// revision (it registers one per image tag).
	svc.Resource.Lifecycle.IgnoreChanges = []string{"desired_count", "task_definition"}
	svc.Resource.DependOn(https.Resource)

	m.InFile("autoscaling.tf")
	target := aws.NewAppautoscalingTarget(m, "service", aws.AppautoscalingTargetArgs{
		ServiceNamespace:  aws.String("ecs"),
		ResourceId:        aws.StringExpr(tf.Tmpl("service/", cluster.Name().TFExpr(), "/", svc.Name().TFExpr())),
		ScalableDimension: aws.String("ecs:service:DesiredCount"),
		MinCapacity:       aws.NumberExpr(minCap),
		MaxCapacity:       aws.NumberExpr(maxCap),
	})
	target.Resource.Lifecycle.Preconditions = append(target.Resource.Lifecycle.Preconditions, tf.Condition{
		Cond: tf.Op(minCap, "<=", maxCap), Message: tf.String("min_capacity must not exceed max_capacity."),
	})
	type metricSpec = aws.AppautoscalingPolicy_TargetTrackingScalingPolicyConfiguration_PredefinedMetricSpecification
	scaling := func(label, name string, value tf.Expr, metric metricSpec) {
		aws.NewAppautoscalingPolicy(m, label, aws.AppautoscalingPolicyArgs{
			Name:              aws.StringExpr(tf.Tmpl(prefix, "-"+name)),
			PolicyType:        aws.String("TargetTrackingScaling"),
			ServiceNamespace:  target.ServiceNamespace(),
			ResourceId:        target.ResourceId(),
			ScalableDimension: target.ScalableDimension(),
			TargetTrackingScalingPolicyConfiguration: &aws.AppautoscalingPolicy_TargetTrackingScalingPolicyConfiguration{
				TargetValue:                   aws.NumberExpr(value),
				ScaleInCooldown:               aws.Number(300),
				ScaleOutCooldown:              aws.Number(60),
				PredefinedMetricSpecification: &metric,
			},
		})
	}
	scaling("requests", "requests-per-task", reqTarget, metricSpec{
		PredefinedMetricType: aws.String("ALBRequestCountPerTarget"),
		ResourceLabel:        aws.StringExpr(tf.Tmpl(alb.ArnSuffix().TFExpr(), "/", tg.ArnSuffix().TFExpr())),
	})
	scaling("cpu", "cpu", cpuTarget, metricSpec{PredefinedMetricType: aws.String("ECSServiceAverageCPUUtilization")})

	m.Output("ecr_repository_url", repo.RepositoryUrl().TFExpr(), "ECR repository the socket server's CI pushes to.")
	m.Output("ecr_repository_arn", repo.Arn().TFExpr(), "ARN of the ECR repository.")
	m.Output("cluster_name", cluster.Name().TFExpr(), "ECS cluster name.")
	m.Output("cluster_arn", cluster.Arn().TFExpr(), "ECS cluster ARN.")
	m.Output("service_name", svc.Name().TFExpr(), "ECS service name.")
	m.Output("service_arn", svc.Id().TFExpr(), "ECS service ARN.")
	m.Output("task_definition_family", td.Family().TFExpr(), "Task definition family CI registers revisions in.")
	m.Output("task_execution_role_arn", execRole.Arn().TFExpr(), "Execution role of the tasks (CI passes it when registering).")
	m.Output("task_role_arn", taskRole.Arn().TFExpr(), "Application role of the tasks.")
	m.Output("alb_dns_name", alb.DnsName().TFExpr(), "DNS name of the load balancer.")
	m.Output("alb_zone_id", alb.ZoneId().TFExpr(), "Route 53 zone ID of the load balancer.")
	m.Output("task_security_group_id", taskSG.Id().TFExpr(), "Security group of the tasks.")
	m.Output("log_group_name", taskLogs.Attr("name"), "Log group of the tasks.")
	return m
}
