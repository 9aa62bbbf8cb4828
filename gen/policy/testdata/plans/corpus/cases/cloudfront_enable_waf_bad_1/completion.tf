# Added to the case above so that it plans offline with the AWS provider
# 5.100.0: required arguments and referenced objects the example leaves
# out. Not the setting under test.

resource "aws_s3_bucket" "primary" {
  bucket = "trivy-corpus-primary"
}

resource "aws_s3_bucket" "failover" {
  bucket = "trivy-corpus-failover"
}

resource "aws_cloudfront_origin_access_identity" "default" {}
