# From aquasecurity/trivy-checks, checks/cloud/aws/ecr/enforce_immutable_repository.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.

resource "aws_ecr_repository" "good_example" {
  name                 = "bar"
  image_tag_mutability = "IMMUTABLE"
}
