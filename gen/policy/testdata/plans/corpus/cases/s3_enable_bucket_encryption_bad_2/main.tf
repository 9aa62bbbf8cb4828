# From aquasecurity/trivy-checks, checks/cloud/aws/s3/enable_bucket_encryption.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[1]. Test data: not part of moochat.

resource "aws_s3_bucket" "bad_example" {
  bucket = "mybucket"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "example" {
  bucket = aws_s3_bucket.bad_example.id

  rule {}
}
