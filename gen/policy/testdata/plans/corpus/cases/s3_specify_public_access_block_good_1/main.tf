# From aquasecurity/trivy-checks, checks/cloud/aws/s3/specify_public_access_block.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: acl "private-read" (not a canned ACL) changed to "private".

resource "aws_s3_bucket" "example" {
  bucket = "example"
  acl    = "private"
}

resource "aws_s3_bucket_public_access_block" "example" {
  bucket              = aws_s3_bucket.example.id
  block_public_acls   = true
  block_public_policy = true
}
