// Package cicd builds modules/cicd: the GitHub Actions OIDC provider and
// the two deploy roles that replace long-lived keys. The UI repository may
// sync its bucket and invalidate its distribution; the socket server
// repository may push to its ECR repository and roll its ECS service.
// Both trust only their repository's version tags.
package cicd

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/cicd"

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

const issuer = "token.actions.githubusercontent.com"

// Module builds the CI/CD module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat CI/CD: GitHub Actions OIDC provider and deploy roles for the UI and socket server repositories, scoped to their repository, version tags and resources.")

	prefix := awsmod.NamePrefix(m)
	existing := m.Variable("github_oidc_provider_arn", cty.String, "ARN of an existing GitHub OIDC provider in the account (one per account); empty creates it.").WithDefault(cty.StringVal(""))
	uiRepo := m.Variable("ui_repository", cty.String, "GitHub repository of the UI, owner/name.")
	socketRepo := m.Variable("socket_repository", cty.String, "GitHub repository of the socket server, owner/name.")
	for _, v := range []*tf.Variable{uiRepo, socketRepo} {
		v.Validate(tf.Fn("can", tf.Fn("regex", tf.String("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"), v)), "Repositories are owner/name, without wildcards.")
	}
	uiBucket := m.Variable("ui_bucket_arn", cty.String, "ARN of the UI bucket.")
	distribution := m.Variable("distribution_arn", cty.String, "ARN of the UI's CloudFront distribution.")
	ecrRepo := m.Variable("ecr_repository_arn", cty.String, "ARN of the socket server's ECR repository.")
	service := m.Variable("ecs_service_arn", cty.String, "ARN of the socket server's ECS service.")
	passRoles := m.Variable("task_role_arns", cty.List(cty.String), "Execution and task role ARNs CI passes when it registers a task definition.")

	create := m.Local("create_oidc_provider", tf.Op(existing, "==", tf.String("")))
	oidc := aws.NewIamOpenidConnectProvider(m, "github", aws.IamOpenidConnectProviderArgs{
		Url:            aws.String("https://" + issuer),
		ClientIdList:   aws.StringSet("sts.amazonaws.com"),
		ThumbprintList: aws.Strings(cfg.Thumbprints...),
	})
	oidc.Resource.Count = tf.If(create, tf.Number(1), tf.Number(0))
	// The provider is counted: its ARN is taken from the splat of its
	// instances through the untyped model.
	providerARN := m.Local("oidc_provider_arn", tf.If(create, tf.Fn("one", oidc.Resource.Ref().Splat().Attr("arn")), existing))

	trust := func(repo *tf.Variable) tf.Expr {
		return awsmod.Policy(awsmod.Statement{
			Sid:       "GitHubActions",
			Principal: tf.Obj(tf.KV("Federated", providerARN)),
			Actions:   []string{"sts:AssumeRoleWithWebIdentity"},
			Condition: tf.Obj(
				tf.KV("StringEquals", tf.Obj(tf.KV(issuer+":aud", tf.String("sts.amazonaws.com")))),
				tf.KV("StringLike", tf.Obj(tf.KV(issuer+":sub", tf.Tmpl("repo:", repo, ":"+cfg.RefPattern)))),
			),
		})
	}
	role := func(label, name string, repo *tf.Variable, desc string) aws.IamRole {
		return aws.NewIamRole(m, label, aws.IamRoleArgs{
			Name:               aws.StringExpr(awsmod.Name(prefix, name)),
			Description:        aws.String(desc),
			AssumeRolePolicy:   aws.StringExpr(trust(repo)),
			MaxSessionDuration: aws.Number(3600),
		})
	}

	ui := role("ui_deploy", "ui-deploy", uiRepo, "GitHub Actions of the UI repository: sync the UI bucket, invalidate the distribution.")
	awsmod.RolePolicy(m, "ui_deploy", ui.Resource,
		awsmod.Statement{Sid: "ListBucket", Actions: []string{"s3:ListBucket"}, Resources: []tf.Expr{uiBucket}},
		awsmod.Statement{Sid: "SyncObjects", Actions: []string{"s3:DeleteObject", "s3:GetObject", "s3:PutObject"}, Resources: []tf.Expr{tf.Tmpl(uiBucket, "/*")}},
		awsmod.Statement{Sid: "Invalidate", Actions: []string{"cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"}, Resources: []tf.Expr{distribution}},
	)

	socket := role("socket_deploy", "socket-deploy", socketRepo, "GitHub Actions of the socket server repository: push images, register task definitions, roll the ECS service.")
	awsmod.RolePolicy(m, "socket_deploy", socket.Resource,
		awsmod.Statement{Sid: "EcrLogin", Actions: []string{"ecr:GetAuthorizationToken"}, Resources: []tf.Expr{tf.String("*")}},
		awsmod.Statement{Sid: "PushImage", Actions: []string{
			"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
		}, Resources: []tf.Expr{ecrRepo}},
		awsmod.Statement{Sid: "TaskDefinitions", Actions: []string{"ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"}, Resources: []tf.Expr{tf.String("*")}},
		awsmod.Statement{Sid: "RollService", Actions: []string{"ecs:DescribeServices", "ecs:UpdateService"}, Resources: []tf.Expr{service}},
		awsmod.Statement{
			Sid: "PassTaskRoles", Actions: []string{"iam:PassRole"}, Resources: []tf.Expr{passRoles},
			Condition: tf.Obj(tf.KV("StringEquals", tf.Obj(tf.KV("iam:PassedToService", tf.String("ecs-tasks.amazonaws.com"))))),
		},
	).Waive("aws-iam-no-star-resource-write", "ecs:RegisterTaskDefinition supports no resource-level permissions; the role may pass only the two task roles, and update only its service", "2027-06-30")

	m.Output("oidc_provider_arn", providerARN, "ARN of the GitHub OIDC provider.")
	m.Output("ui_deploy_role_arn", ui.Arn().TFExpr(), "Role the UI repository's workflows assume.")
	m.Output("socket_deploy_role_arn", socket.Arn().TFExpr(), "Role the socket server repository's workflows assume.")
	return m
}
