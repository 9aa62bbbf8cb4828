# From aquasecurity/trivy-checks, checks/cloud/aws/s3/enable_logging.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.

resource "aws_s3_bucket" "this" {
  bucket = "test-bucket"
}
