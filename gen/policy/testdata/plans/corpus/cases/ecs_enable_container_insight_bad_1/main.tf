# From aquasecurity/trivy-checks, checks/cloud/aws/ecs/enable_container_insight.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.

resource "aws_ecs_cluster" "bad_example" {
  name = "services-cluster"
}
