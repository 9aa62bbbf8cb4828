# Added to the case above so that it plans offline with the AWS provider
# 5.100.0: required arguments and referenced objects the example leaves
# out. Not the setting under test; where a block has to be restated (an
# override replaces the whole block), its tested values are kept as they
# are in main.tf.

resource "aws_cloudfront_distribution" "bad_example" {
  origin {
    domain_name = "example.s3.amazonaws.com"
    origin_id   = "o"
  }
  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "o"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
