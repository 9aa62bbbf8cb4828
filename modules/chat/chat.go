// Package chat builds modules/chat: the socket.io server on ECS Fargate.
// ECR repository, cluster, task definition, service in private subnets,
// an internet-facing ALB with HTTPS and a redirect-only HTTP listener,
// security groups chained internet -> ALB -> tasks -> Redis, autoscaling
// on request count and CPU, and the logs of all of it.
package chat

import (
	"fmt"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

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

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix              typed.String             `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	Region                  typed.String             `tf:"region" description:"Region of the service (log configuration, ALB log delivery)."`
	VpcID                   typed.String             `tf:"vpc_id" description:"VPC of the service."`
	PublicSubnetIDs         typed.List[typed.String] `tf:"public_subnet_ids" description:"Public subnets of the load balancer."`
	PrivateSubnetIDs        typed.List[typed.String] `tf:"private_subnet_ids" description:"Private subnets of the tasks."`
	CertificateARN          typed.String             `tf:"certificate_arn" description:"ACM certificate of the HTTPS listener."`
	ImageTag                typed.String             `tf:"image_tag" description:"Image tag of the first task definition; CI registers later revisions." default:"bootstrap"`
	TaskCPU                 typed.Number             `tf:"task_cpu" description:"Fargate task CPU units." default:"256"`
	TaskMemory              typed.Number             `tf:"task_memory" description:"Fargate task memory (MiB)." default:"512"`
	MinCapacity             typed.Number             `tf:"min_capacity" description:"Fewest running tasks." default:"1"`
	MaxCapacity             typed.Number             `tf:"max_capacity" description:"Most running tasks." default:"3"`
	RequestsPerTarget       typed.Number             `tf:"requests_per_target" description:"ALB requests per task per minute that autoscaling aims for (socket.io long-polling and upgrades)." default:"1000"`
	CPUTargetPercent        typed.Number             `tf:"cpu_target_percent" description:"Average CPU that autoscaling aims for." default:"60"`
	LogRetentionDays        typed.Number             `tf:"log_retention_days" description:"Days to keep task logs and ALB access logs." default:"30"`
	DeletionProtection      typed.Bool               `tf:"deletion_protection" description:"Deletion protection of the load balancer." default:"false"`
	IdleTimeout             typed.Number             `tf:"idle_timeout" description:"ALB idle timeout in seconds; long, so quiet websockets stay open between socket.io pings." default:"300"`
	RedisEndpoint           typed.String             `tf:"redis_endpoint" description:"Host name of the Redis primary."`
	RedisPort               typed.Number             `tf:"redis_port" description:"Port of Redis." default:"6379"`
	RedisSecurityGroupID    typed.String             `tf:"redis_security_group_id" description:"Security group of Redis; the tasks get ingress to it."`
	RedisAuthTokenSecretARN typed.String             `tf:"redis_auth_token_secret_arn" description:"Secrets Manager secret holding the Redis AUTH token."`
}

// Outputs are the module's outputs.
type Outputs struct {
	ECRRepositoryURL     typed.String `tf:"ecr_repository_url" description:"ECR repository the socket server's CI pushes to."`
	ECRRepositoryARN     typed.String `tf:"ecr_repository_arn" description:"ARN of the ECR repository."`
	ClusterName          typed.String `tf:"cluster_name" description:"ECS cluster name."`
	ClusterARN           typed.String `tf:"cluster_arn" description:"ECS cluster ARN."`
	ServiceName          typed.String `tf:"service_name" description:"ECS service name."`
	ServiceARN           typed.String `tf:"service_arn" description:"ECS service ARN."`
	TaskDefinitionFamily typed.String `tf:"task_definition_family" description:"Task definition family CI registers revisions in."`
	TaskExecutionRoleARN typed.String `tf:"task_execution_role_arn" description:"Execution role of the tasks (CI passes it when registering)."`
	TaskRoleARN          typed.String `tf:"task_role_arn" description:"Application role of the tasks."`
	ALBDNSName           typed.String `tf:"alb_dns_name" description:"DNS name of the load balancer."`
	ALBZoneID            typed.String `tf:"alb_zone_id" description:"Route 53 zone ID of the load balancer."`
	TaskSecurityGroupID  typed.String `tf:"task_security_group_id" description:"Security group of the tasks."`
	LogGroupName         typed.String `tf:"log_group_name" description:"Log group of the tasks."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

// Module builds the chat service module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/chat", "MooChat socket server: ECR, ECS Fargate cluster/task/service in private subnets, ALB (HTTPS, redirect-only HTTP, sticky sessions), chained security groups, autoscaling on requests and CPU, logs.")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	typed.Validate(in.MaxCapacity, typed.Ge(in.MaxCapacity, aws.Number(1)), "max_capacity is at least 1.")
	elbAccount := typed.Local(m, "elb_account_id", typed.Fn[typed.String]("lookup", aws.StringMap(elbAccounts), in.Region, aws.String("")))
	port := aws.Number(cfg.ContainerPort)

	m.InFile("ecr.tf")
	repo := aws.NewEcrRepository(m, "this", aws.EcrRepositoryArgs{
		Name:                       awsmod.Name(prefix, cfg.ContainerName),
		ImageTagMutability:         aws.String("IMMUTABLE"),
		ForceDelete:                aws.Bool(false),
		ImageScanningConfiguration: &aws.EcrRepository_ImageScanningConfiguration{ScanOnPush: aws.Bool(true)},
		EncryptionConfiguration:    []aws.EcrRepository_EncryptionConfiguration{{EncryptionType: aws.String("KMS")}},
	})
	aws.NewEcrLifecyclePolicy(m, "this", aws.EcrLifecyclePolicyArgs{Repository: repo.Name(), Policy: awsdoc.Lifecycle(awsdoc.LifecycleRule{
		RulePriority: aws.Number(1), Description: aws.String(fmt.Sprintf("Keep the last %d images", cfg.KeepImages)),
		Selection: awsdoc.Selection{TagStatus: aws.String("any"), CountType: aws.String("imageCountMoreThan"), CountNumber: aws.Number(cfg.KeepImages)},
		Action:    awsdoc.LifecycleAction{Type: aws.String("expire")},
	})})

	m.InFile("security_groups.tf")
	albSG := awsmod.SecurityGroup(m, prefix, "alb", in.VpcID, "MooChat load balancer: HTTPS and redirect-only HTTP from the internet, to the tasks only.")
	taskSG := awsmod.SecurityGroup(m, prefix, "tasks", in.VpcID, "MooChat socket server tasks: from the load balancer only; to Redis and HTTPS.")
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
	egress := func(label string, sg typed.String, desc string, p int, to peer, opts ...tf.Option) {
		aws.NewVpcSecurityGroupEgressRule(m, label, aws.VpcSecurityGroupEgressRuleArgs(ruleArgs(sg, desc, p, to)), opts...)
	}
	ingress("alb_https", albSG.Id(), "HTTPS from the internet", 443, anywhere)
	ingress("alb_http", albSG.Id(), "HTTP from the internet, redirected to HTTPS", 80, anywhere)
	egress("alb_to_tasks", albSG.Id(), "To the socket server tasks", cfg.ContainerPort, group(taskSG.Id()))
	ingress("tasks_from_alb", taskSG.Id(), "From the load balancer", cfg.ContainerPort, group(albSG.Id()))
	egress("tasks_to_redis", taskSG.Id(), "To Redis", 6379, group(in.RedisSecurityGroupID))
	egress("tasks_https", taskSG.Id(), "HTTPS to ECR, CloudWatch Logs and Secrets Manager through the NAT gateways", 443, anywhere,
		tf.Waive("aws-sg-public-egress", "HTTPS only, through NAT: interface endpoints for ECR (api, dkr), CloudWatch Logs and Secrets Manager would replace it at about $7/month each per AZ (about $60/month in dev, $90 in prod); reviewed 2026-12-03", "2027-06-30"))
	ingress("redis_from_tasks", in.RedisSecurityGroupID, "Redis from the socket server tasks", 6379, group(taskSG.Id()))

	m.InFile("alb.tf")
	logsName := awsmod.Name(prefix, "alb-logs")
	logs := awsmod.PrivateBucket(m, "alb_logs", logsName, awsmod.BucketOptions{ExpireDays: in.LogRetentionDays, EncryptionOptions: []tf.Option{
		tf.Waive("aws-s3-kms", "Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3 (AES256); it cannot use a KMS key", "2027-06-30"),
	}})
	logsPolicy := logs.Policy(m, "alb_logs", []awsdoc.Statement{{
		Sid:       "ELBAccessLogs",
		Principal: &awsdoc.Principal{AWS: []tf.Expr{typed.Tmpl("arn:aws:iam::", elbAccount, ":root")}},
		Action:    []string{"s3:PutObject"},
		Resource:  []tf.Expr{typed.Tmpl(logs.Bucket.Arn(), "/alb/AWSLogs/*")},
	}}, tf.Precondition(typed.Ne(elbAccount, aws.String("")), typed.Tmpl("No Elastic Load Balancing log account is known for region ", in.Region, ".")))

	alb := aws.NewLb(m, "this", aws.LbArgs{
		Name:                     awsmod.Name(prefix, "alb"),
		Internal:                 aws.Bool(false),
		LoadBalancerType:         aws.String("application"),
		SecurityGroups:           aws.SetOf(albSG.Id()),
		Subnets:                  typed.AsSet(in.PublicSubnetIDs),
		DropInvalidHeaderFields:  aws.Bool(true),
		EnableDeletionProtection: in.DeletionProtection,
		IdleTimeout:              in.IdleTimeout,
		// The bucket's name rather than its id, so the plan (and the
		// policy check) knows where logs go; depends_on orders the
		// creation.
		AccessLogs: &aws.Lb_AccessLogs{Bucket: logsName, Prefix: aws.String("alb"), Enabled: aws.Bool(true)},
	}, tf.DependsOn(logsPolicy.Resource),
		tf.Waive("aws-elb-internal", "the load balancer is the product: browsers reach the socket server through it from the internet; it serves HTTPS only (80 redirects), behind its own security group, and drops invalid headers", "2027-06-30"))

	tg := aws.NewLbTargetGroup(m, "tasks", aws.LbTargetGroupArgs{
		Name:       awsmod.Name(prefix, "tasks"),
		Port:       port,
		Protocol:   aws.String("HTTP"),
		TargetType: aws.String("ip"),
		VpcId:      in.VpcID,
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
		Stickiness: &aws.LbTargetGroup_Stickiness{Type: aws.String("lb_cookie"), CookieDuration: aws.Number(86400), Enabled: aws.Bool(true)},
	})

	https := aws.NewLbListener(m, "https", aws.LbListenerArgs{
		LoadBalancerArn: alb.Arn(),
		Port:            aws.Number(443),
		Protocol:        aws.String("HTTPS"),
		SslPolicy:       aws.String(cfg.SSLPolicy),
		CertificateArn:  in.CertificateARN,
		DefaultAction:   []aws.LbListener_DefaultAction{{Type: aws.String("forward"), TargetGroupArn: tg.Arn()}},
	})
	aws.NewLbListener(m, "http", aws.LbListenerArgs{
		LoadBalancerArn: alb.Arn(),
		Port:            aws.Number(80),
		Protocol:        aws.String("HTTP"),
		DefaultAction: []aws.LbListener_DefaultAction{{
			Type:     aws.String("redirect"),
			Redirect: &aws.LbListener_DefaultAction_Redirect{Protocol: aws.String("HTTPS"), Port: aws.String("443"), StatusCode: aws.String("HTTP_301")},
		}},
	})

	m.InFile("kms.tf")
	taskLogsName := typed.Tmpl("/ecs/", prefix, "/", cfg.ContainerName)
	logsKey := awsmod.LogsKey(m, prefix, "chat", taskLogsName)

	m.InFile("ecs.tf")
	taskLogs := awsmod.LogGroup(m, "tasks", taskLogsName, in.LogRetentionDays, logsKey)
	cluster := aws.NewEcsCluster(m, "this", aws.EcsClusterArgs{
		Name:    awsmod.Name(prefix, "cluster"),
		Setting: []aws.EcsCluster_Setting{{Name: aws.String("containerInsights"), Value: aws.String("enabled")}},
	})
	execRole := awsmod.Role(m, "execution", awsmod.Name(prefix, "task-execution"), "ecs-tasks.amazonaws.com", "ECS agent: pulls the socket server image, writes its logs, reads the Redis token.")
	awsmod.RolePolicy(m, "execution", execRole, []awsdoc.Statement{
		{Sid: "EcrLogin", Action: []string{"ecr:GetAuthorizationToken"}, Resource: []tf.Expr{aws.String("*")}},
		{Sid: "PullImage", Action: []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, Resource: []tf.Expr{repo.Arn()}},
		{Sid: "WriteLogs", Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: []tf.Expr{typed.Tmpl(taskLogs.Arn(), ":*")}},
		{Sid: "ReadRedisToken", Action: []string{"secretsmanager:GetSecretValue"}, Resource: []tf.Expr{in.RedisAuthTokenSecretARN}},
	}, tf.Waive("aws-iam-no-star-resource-write", "ecr:GetAuthorizationToken has no resource-level permissions, and ECS names each log stream after its task at run time: the log grant covers only this log group's streams", "2027-06-30"))
	// The app calls no AWS API: its role has no policy at all.
	taskRole := awsmod.Role(m, "task", awsmod.Name(prefix, "task"), "ecs-tasks.amazonaws.com", "Socket server application role; the app calls no AWS API.")

	name := aws.String(cfg.ContainerName)
	env := func(name string, v typed.String) awsdoc.Env { return awsdoc.Env{Name: aws.String(name), Value: v} }
	td := aws.NewEcsTaskDefinition(m, "this", aws.EcsTaskDefinitionArgs{
		Family:                  awsmod.Name(prefix, cfg.ContainerName),
		RequiresCompatibilities: aws.StringSet("FARGATE"),
		NetworkMode:             aws.String("awsvpc"),
		Cpu:                     typed.ToString(in.TaskCPU),
		Memory:                  typed.ToString(in.TaskMemory),
		ExecutionRoleArn:        execRole.Arn(),
		TaskRoleArn:             taskRole.Arn(),
		ContainerDefinitions: awsdoc.Containers(awsdoc.Container{
			Name:                   name,
			Image:                  typed.Tmpl(repo.RepositoryUrl(), ":", in.ImageTag),
			Essential:              aws.Bool(true),
			Privileged:             aws.Bool(false),
			ReadonlyRootFilesystem: aws.Bool(true),
			PortMappings:           []awsdoc.PortMapping{{ContainerPort: port, HostPort: port, Protocol: aws.String("tcp")}},
			Environment: []awsdoc.Env{
				env("PORT", aws.String(fmt.Sprint(cfg.ContainerPort))),
				env("REDIS_ENDPOINT", in.RedisEndpoint),
				env("REDIS_PORT", typed.ToString(in.RedisPort)),
				env("REDIS_TLS", aws.String("true")),
			},
			Secrets: []awsdoc.Secret{{Name: aws.String("REDIS_AUTH_TOKEN"), ValueFrom: in.RedisAuthTokenSecretARN}},
			// The root filesystem is read-only; Node and socket.io need a
			// writable /tmp only.
			MountPoints:     []awsdoc.MountPoint{{SourceVolume: aws.String("tmp"), ContainerPath: aws.String("/tmp"), ReadOnly: aws.Bool(false)}},
			Ulimits:         []awsdoc.Ulimit{{Name: aws.String("nofile"), SoftLimit: aws.Number(65536), HardLimit: aws.Number(65536)}},
			LinuxParameters: &awsdoc.LinuxParameters{InitProcessEnabled: aws.Bool(true)},
			LogConfiguration: &awsdoc.LogConfiguration{
				LogDriver: aws.String("awslogs"),
				Options:   map[string]typed.String{"awslogs-group": taskLogs.Name(), "awslogs-region": in.Region, "awslogs-stream-prefix": name},
			},
		}),
		RuntimePlatform: &aws.EcsTaskDefinition_RuntimePlatform{OperatingSystemFamily: aws.String("LINUX"), CpuArchitecture: aws.String("X86_64")},
		Volume:          []aws.EcsTaskDefinition_Volume{{Name: aws.String("tmp")}},
	})

	svc := aws.NewEcsService(m, "this", aws.EcsServiceArgs{
		Name:                            awsmod.Name(prefix, cfg.ContainerName),
		Cluster:                         cluster.Id(),
		TaskDefinition:                  td.Arn(),
		DesiredCount:                    in.MinCapacity,
		LaunchType:                      aws.String("FARGATE"),
		PlatformVersion:                 aws.String("LATEST"),
		DeploymentMinimumHealthyPercent: aws.Number(100),
		DeploymentMaximumPercent:        aws.Number(200),
		HealthCheckGracePeriodSeconds:   aws.Number(60),
		EnableExecuteCommand:            aws.Bool(false),
		PropagateTags:                   aws.String("SERVICE"),
		DeploymentCircuitBreaker:        &aws.EcsService_DeploymentCircuitBreaker{Enable: aws.Bool(true), Rollback: aws.Bool(true)},
		NetworkConfiguration: &aws.EcsService_NetworkConfiguration{
			Subnets: typed.AsSet(in.PrivateSubnetIDs), SecurityGroups: aws.SetOf(taskSG.Id()), AssignPublicIp: aws.Bool(false),
		},
		LoadBalancer: []aws.EcsService_LoadBalancer{{TargetGroupArn: tg.Arn(), ContainerName: name, ContainerPort: port}},
	},
		// Autoscaling owns the task count; CI owns the task definition
		// revision (it registers one per image tag).
		tf.IgnoreChanges("desired_count", "task_definition"), tf.DependsOn(https.Resource))

	m.InFile("autoscaling.tf")
	target := aws.NewAppautoscalingTarget(m, "service", aws.AppautoscalingTargetArgs{
		ServiceNamespace:  aws.String("ecs"),
		ResourceId:        typed.Tmpl("service/", cluster.Name(), "/", svc.Name()),
		ScalableDimension: aws.String("ecs:service:DesiredCount"),
		MinCapacity:       in.MinCapacity,
		MaxCapacity:       in.MaxCapacity,
	}, tf.Precondition(typed.Le(in.MinCapacity, in.MaxCapacity), "min_capacity must not exceed max_capacity."))
	type metricSpec = aws.AppautoscalingPolicy_TargetTrackingScalingPolicyConfiguration_PredefinedMetricSpecification
	scaling := func(label, name string, value typed.Number, metric metricSpec) {
		aws.NewAppautoscalingPolicy(m, label, aws.AppautoscalingPolicyArgs{
			Name:              typed.Tmpl(prefix, "-"+name),
			PolicyType:        aws.String("TargetTrackingScaling"),
			ServiceNamespace:  target.ServiceNamespace(),
			ResourceId:        target.ResourceId(),
			ScalableDimension: target.ScalableDimension(),
			TargetTrackingScalingPolicyConfiguration: &aws.AppautoscalingPolicy_TargetTrackingScalingPolicyConfiguration{
				TargetValue:                   value,
				ScaleInCooldown:               aws.Number(300),
				ScaleOutCooldown:              aws.Number(60),
				PredefinedMetricSpecification: &metric,
			},
		})
	}
	scaling("requests", "requests-per-task", in.RequestsPerTarget, metricSpec{
		PredefinedMetricType: aws.String("ALBRequestCountPerTarget"),
		ResourceLabel:        typed.Tmpl(alb.ArnSuffix(), "/", tg.ArnSuffix()),
	})
	scaling("cpu", "cpu", in.CPUTargetPercent, metricSpec{PredefinedMetricType: aws.String("ECSServiceAverageCPUUtilization")})

	typed.Outputs(m, Outputs{
		ECRRepositoryURL:     repo.RepositoryUrl(),
		ECRRepositoryARN:     repo.Arn(),
		ClusterName:          cluster.Name(),
		ClusterARN:           cluster.Arn(),
		ServiceName:          svc.Name(),
		ServiceARN:           svc.Id(),
		TaskDefinitionFamily: td.Family(),
		TaskExecutionRoleARN: execRole.Arn(),
		TaskRoleARN:          taskRole.Arn(),
		ALBDNSName:           alb.DnsName(),
		ALBZoneID:            alb.ZoneId(),
		TaskSecurityGroupID:  taskSG.Id(),
		LogGroupName:         taskLogs.Name(),
	})
	return m
}
