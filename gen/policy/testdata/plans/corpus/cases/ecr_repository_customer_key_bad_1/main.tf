# From aquasecurity/trivy-checks, checks/cloud/aws/ecr/repository_customer_key.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.

resource "aws_ecr_repository" "bad_example" {
  name = "bar"
}
