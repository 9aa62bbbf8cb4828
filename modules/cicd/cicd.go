// Package cicd builds modules/cicd: the GitHub Actions OIDC provider and
// the two deploy roles that replace long-lived keys. The UI repository may
// sync its bucket and invalidate its distribution; the socket server
// repository may push to its ECR repository and roll its ECS service.
// Both trust only their repository's version tags.
package cicd

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Config shapes the module.
type Config struct {
	// RefPattern is the git ref (after repo:<owner>/<name>:) a workflow
	// must run on to assume a role.
	RefPattern string
	// Thumbprints of GitHub's OIDC endpoint (AWS no longer checks them for
	// GitHub, but the API still takes a list).
	Thumbprints []string
}

// Defaults is the configuration the platform uses: version tags only.
var Defaults = Config{
	RefPattern:  "ref:refs/tags/v*",
	Thumbprints: []string{"6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"},
}

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix           typed.String             `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	ExistingOIDCProvider typed.String             `tf:"github_oidc_provider_arn" description:"ARN of an existing GitHub OIDC provider in the account (one per account); empty creates it." default:""`
	UIRepository         typed.String             `tf:"ui_repository" description:"GitHub repository of the UI, owner/name."`
	SocketRepository     typed.String             `tf:"socket_repository" description:"GitHub repository of the socket server, owner/name."`
	UIBucketARN          typed.String             `tf:"ui_bucket_arn" description:"ARN of the UI bucket."`
	UIKMSKeyARN          typed.String             `tf:"ui_kms_key_arn" description:"ARN of the KMS key that encrypts the UI bucket."`
	DistributionARN      typed.String             `tf:"distribution_arn" description:"ARN of the UI's CloudFront distribution."`
	ECRRepositoryARN     typed.String             `tf:"ecr_repository_arn" description:"ARN of the socket server's ECR repository."`
	ECSServiceARN        typed.String             `tf:"ecs_service_arn" description:"ARN of the socket server's ECS service."`
	TaskRoleARNs         typed.List[typed.String] `tf:"task_role_arns" description:"Execution and task role ARNs CI passes when it registers a task definition."`
}

// Outputs are the module's outputs.
type Outputs struct {
	OIDCProviderARN     typed.String `tf:"oidc_provider_arn" description:"ARN of the GitHub OIDC provider."`
	UIDeployRoleARN     typed.String `tf:"ui_deploy_role_arn" description:"Role the UI repository's workflows assume."`
	SocketDeployRoleARN typed.String `tf:"socket_deploy_role_arn" description:"Role the socket server repository's workflows assume."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

const issuer = "token.actions.githubusercontent.com"

// Module builds the CI/CD module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/cicd", "MooChat CI/CD: GitHub Actions OIDC provider and deploy roles for the UI and socket server repositories, scoped to their repository, version tags and resources.")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	for _, repo := range []typed.String{in.UIRepository, in.SocketRepository} {
		typed.Validate(repo, typed.Matches(repo, "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"), "Repositories are owner/name, without wildcards.")
	}
	create := typed.Local(m, "create_oidc_provider", typed.Eq(in.ExistingOIDCProvider, aws.String("")))
	oidc := aws.NewIamOpenidConnectProvider(m, "github", aws.IamOpenidConnectProviderArgs{
		Url:            aws.String("https://" + issuer),
		ClientIdList:   aws.StringSet("sts.amazonaws.com"),
		ThumbprintList: aws.Strings(cfg.Thumbprints...),
	}, tf.Count(typed.If(create, aws.Number(1), aws.Number(0))))
	providerARN := typed.Local(m, "oidc_provider_arn", typed.If(create, typed.Fn[typed.String]("one", typed.Splat(oidc, aws.IamOpenidConnectProvider.Arn)), in.ExistingOIDCProvider))

	role := func(label, name string, repo typed.String, desc string) aws.IamRole {
		return aws.NewIamRole(m, label, aws.IamRoleArgs{
			Name:        awsmod.Name(prefix, name),
			Description: aws.String(desc),
			AssumeRolePolicy: awsdoc.Policy(awsdoc.Statement{
				Sid:       "GitHubActions",
				Principal: &awsdoc.Principal{Federated: []tf.Expr{providerARN}},
				Action:    []string{"sts:AssumeRoleWithWebIdentity"},
				Condition: map[string]map[string]any{
					"StringEquals": {issuer + ":aud": "sts.amazonaws.com"},
					"StringLike":   {issuer + ":sub": typed.Tmpl("repo:", repo, ":"+cfg.RefPattern)},
				},
			}),
			MaxSessionDuration: aws.Number(3600),
		})
	}
	star := aws.String("*")

	ui := role("ui_deploy", "ui-deploy", in.UIRepository, "GitHub Actions of the UI repository: sync the UI bucket, invalidate the distribution.")
	awsmod.RolePolicy(m, "ui_deploy", ui, []awsdoc.Statement{
		{Sid: "ListBucket", Action: []string{"s3:ListBucket"}, Resource: []tf.Expr{in.UIBucketARN}},
		{Sid: "SyncObjects", Action: []string{"s3:DeleteObject", "s3:GetObject", "s3:PutObject"}, Resource: []tf.Expr{typed.Tmpl(in.UIBucketARN, "/*")}},
		{Sid: "UseUIKey", Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: []tf.Expr{in.UIKMSKeyARN}},
		{Sid: "Invalidate", Action: []string{"cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"}, Resource: []tf.Expr{in.DistributionARN}},
	})

	socket := role("socket_deploy", "socket-deploy", in.SocketRepository, "GitHub Actions of the socket server repository: push images, register task definitions, roll the ECS service.")
	awsmod.RolePolicy(m, "socket_deploy", socket, []awsdoc.Statement{
		{Sid: "EcrLogin", Action: []string{"ecr:GetAuthorizationToken"}, Resource: []tf.Expr{star}},
		{Sid: "PushImage", Action: []string{
			"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
		}, Resource: []tf.Expr{in.ECRRepositoryARN}},
		{Sid: "TaskDefinitions", Action: []string{"ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"}, Resource: []tf.Expr{star}},
		{Sid: "RollService", Action: []string{"ecs:DescribeServices", "ecs:UpdateService"}, Resource: []tf.Expr{in.ECSServiceARN}},
		{
			Sid: "PassTaskRoles", Action: []string{"iam:PassRole"}, Resource: []tf.Expr{in.TaskRoleARNs},
			Condition: map[string]map[string]any{"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
		},
	}, tf.Waive("aws-iam-no-star-resource-write", "ecs:RegisterTaskDefinition supports no resource-level permissions; the role may pass only the two task roles, and update only its service", "2027-06-30"))

	typed.Outputs(m, Outputs{OIDCProviderARN: providerARN, UIDeployRoleARN: ui.Arn(), SocketDeployRoleARN: socket.Arn()})
	return m
}
