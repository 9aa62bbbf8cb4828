# From aquasecurity/trivy-checks, checks/cloud/aws/cloudfront/enable_logging.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[1]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required delivery_destination_arn, enabled, name added (not under test).

resource "aws_cloudfront_distribution" "good_v2_example" {
  enabled = true
  default_cache_behavior {
    viewer_protocol_policy = "redirect-to-https"
  }
  viewer_certificate {
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudwatch_log_delivery_source" "example" {
  name         = "corpus-delivery-source-good-2"
  log_type     = "ACCESS_LOGS"
  resource_arn = aws_cloudfront_distribution.good_v2_example.arn
}

resource "aws_cloudwatch_log_delivery" "example" {
  delivery_destination_arn = "arn:aws:logs:us-east-1:123456789012:delivery-destination:example"
  delivery_source_name = aws_cloudwatch_log_delivery_source.example.name
}
