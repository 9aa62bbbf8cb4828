# From aquasecurity/trivy-checks, checks/cloud/aws/cloudfront/use_secure_tls_policy.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required enabled added (not under test).

resource "aws_cloudfront_distribution" "bad_example" {
  enabled = true
  viewer_certificate {
    cloudfront_default_certificate = false
    minimum_protocol_version       = "TLSv1.0"
  }
}
