# From aquasecurity/trivy-checks, checks/cloud/aws/s3/enable_versioning.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[1]. Test data: not part of moochat.

resource "aws_s3_bucket" "good_example" {
  bucket = "yournamehere"
}

resource "aws_s3_bucket_versioning" "example" {
  bucket = aws_s3_bucket.good_example.id
  versioning_configuration {
    status = "Enabled"
  }
}
