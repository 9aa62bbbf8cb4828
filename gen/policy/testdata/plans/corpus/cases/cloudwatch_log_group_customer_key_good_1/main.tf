# From aquasecurity/trivy-checks, checks/cloud/aws/cloudwatch/log_group_customer_key.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.

resource "aws_kms_key" "cloudwatch" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "cloudwatch" {
  name          = "alias/cloudwatch"
  target_key_id = aws_kms_key.cloudwatch.key_id
}
resource "aws_cloudwatch_log_group" "good_example" {
  name = "good_example"

  kms_key_id = aws_kms_alias.cloudwatch.arn
}
