# From aquasecurity/trivy-checks, checks/cloud/aws/cloudwatch/log_group_customer_key.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.

resource "aws_cloudwatch_log_group" "bad_example" {
  name = "bad_example"

}
