# From aquasecurity/trivy-checks, checks/cloud/aws/elb/drop_invalid_headers.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.

resource "aws_alb" "bad_example" {
  drop_invalid_header_fields = false
}
