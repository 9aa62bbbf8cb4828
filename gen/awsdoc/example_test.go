package awsdoc_test

import (
	"fmt"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func Example() {
	m := tf.NewModule("modules/app")
	repo := aws.NewEcrRepository(m, "app", aws.EcrRepositoryArgs{Name: aws.String("app")})
	role := aws.NewIamRole(m, "task", aws.IamRoleArgs{AssumeRolePolicy: awsdoc.AssumeRole("ecs-tasks.amazonaws.com")})
	aws.NewIamRolePolicy(m, "task", aws.IamRolePolicyArgs{
		Role: role.Id(),
		Policy: awsdoc.Policy(awsdoc.Statement{
			Sid:      "Pull",
			Action:   []string{"ecr:BatchGetImage"},
			Resource: []tf.Expr{repo.Arn()},
		}),
	})
	aws.NewEcsTaskDefinition(m, "app", aws.EcsTaskDefinitionArgs{
		Family: aws.String("app"),
		ContainerDefinitions: awsdoc.Containers(awsdoc.Container{
			Name:         aws.String("app"),
			Image:        repo.RepositoryUrl(),
			PortMappings: []awsdoc.PortMapping{{ContainerPort: aws.Number(8000)}},
		}),
	})
	files, _ := render.Module(m, render.Options{})
	for _, f := range files {
		if f.Name == "main.tf" {
			fmt.Print(strings.SplitN(string(f.Data), "\n\n", 2)[1])
		}
	}
	// Output:
	// resource "aws_ecr_repository" "app" {
	//   name = "app"
	// }
	//
	// resource "aws_iam_role" "task" {
	//   assume_role_policy = jsonencode({
	//     Version = "2012-10-17"
	//     Statement = [
	//       {
	//         Effect = "Allow"
	//         Principal = {
	//           Service = "ecs-tasks.amazonaws.com"
	//         }
	//         Action = ["sts:AssumeRole"]
	//       },
	//     ]
	//   })
	// }
	//
	// resource "aws_iam_role_policy" "task" {
	//   role = aws_iam_role.task.id
	//   policy = jsonencode({
	//     Version = "2012-10-17"
	//     Statement = [
	//       {
	//         Sid      = "Pull"
	//         Effect   = "Allow"
	//         Action   = ["ecr:BatchGetImage"]
	//         Resource = aws_ecr_repository.app.arn
	//       },
	//     ]
	//   })
	// }
	//
	// resource "aws_ecs_task_definition" "app" {
	//   family = "app"
	//   container_definitions = jsonencode([
	//     {
	//       name  = "app"
	//       image = aws_ecr_repository.app.repository_url
	//       portMappings = [
	//         {
	//           containerPort = 8000
	//         },
	//       ]
	//     },
	//   ])
	// }
}

// An ECR lifecycle policy is a document of typed rules: a misspelt key does
// not compile.
func ExampleLifecycle() {
	m := tf.NewModule("modules/repo")
	repo := aws.NewEcrRepository(m, "app", aws.EcrRepositoryArgs{Name: aws.String("app")})
	aws.NewEcrLifecyclePolicy(m, "app", aws.EcrLifecyclePolicyArgs{Repository: repo.Name(), Policy: awsdoc.Lifecycle(awsdoc.LifecycleRule{
		RulePriority: aws.Number(1),
		Selection:    awsdoc.Selection{TagStatus: aws.String("untagged"), CountType: aws.String("sinceImagePushed"), CountUnit: aws.String("days"), CountNumber: aws.Number(14)},
		Action:       awsdoc.LifecycleAction{Type: aws.String("expire")},
	})})
	files, _ := render.Module(m, render.Options{})
	for _, f := range files {
		if f.Name == "main.tf" {
			text := string(f.Data)
			fmt.Print(text[strings.Index(text, `resource "aws_ecr_lifecycle_policy"`):])
		}
	}
	// Output:
	// resource "aws_ecr_lifecycle_policy" "app" {
	//   repository = aws_ecr_repository.app.name
	//   policy = jsonencode({
	//     rules = [
	//       {
	//         rulePriority = 1
	//         selection = {
	//           tagStatus   = "untagged"
	//           countType   = "sinceImagePushed"
	//           countUnit   = "days"
	//           countNumber = 14
	//         }
	//         action = {
	//           type = "expire"
	//         }
	//       },
	//     ]
	//   })
	// }
}
