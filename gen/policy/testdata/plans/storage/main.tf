# Policy test fixture: S3, CloudFront, CloudWatch Logs, ECR and Cognito.
# Every rule has a passing ("good") and a failing ("bad") resource here.

# --- S3 --------------------------------------------------------------------

resource "aws_s3_bucket" "good" {
  bucket = "moochat-policy-good"
  tags   = { Environment = "prod" }
}

# Linked to its bucket only through configuration references: the bucket id
# is unknown until apply.
resource "aws_s3_bucket_public_access_block" "good" {
  bucket                  = aws_s3_bucket.good.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "good" {
  bucket = aws_s3_bucket.good.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    }
  }
}

resource "aws_s3_bucket_versioning" "good" {
  bucket = aws_s3_bucket.good.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "good" {
  bucket        = aws_s3_bucket.good.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "good/"
}

resource "aws_s3_bucket_acl" "good" {
  bucket = aws_s3_bucket.good.id
  acl    = "private"
}

resource "aws_s3_bucket" "bad" {
  bucket = "moochat-policy-bad"
}

# Linked by a known bucket name, not by reference.
resource "aws_s3_bucket_public_access_block" "bad" {
  bucket                  = "moochat-policy-bad"
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "bad" {
  bucket = aws_s3_bucket.bad.id
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket_acl" "bad" {
  bucket = aws_s3_bucket.bad.id
  acl    = "public-read"
}

resource "aws_s3_bucket" "logs" {
  bucket = "moochat-policy-logs"
}

# The site bucket lives in a module; the public access block outside it
# reaches it through the module's output.
module "site" {
  source = "./modules/site"
  name   = "moochat-policy-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = module.site.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# The logs bucket's public access block lives in a module and reaches the
# bucket through the module call's input variable.
module "guard" {
  source = "./modules/guard"
  bucket = aws_s3_bucket.logs.id
}

# --- CloudFront --------------------------------------------------------------

resource "aws_cloudfront_origin_access_control" "ui" {
  name                              = "moochat-policy-ui"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "good" {
  enabled             = true
  default_root_object = "index.html"
  aliases             = ["chat.example.com"]

  origin {
    domain_name              = aws_s3_bucket.good.bucket_regional_domain_name
    origin_id                = "ui"
    origin_access_control_id = aws_cloudfront_origin_access_control.ui.id
  }

  default_cache_behavior {
    target_origin_id       = "ui"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "ui"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  logging_config {
    bucket = "moochat-policy-logs.s3.amazonaws.com"
    prefix = "cdn/"
  }

  restrictions {
    geo_restriction {
      restriction_type = "whitelist"
      locations        = ["US", "CA"]
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  web_acl_id = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/moochat/00000000-0000-0000-0000-000000000000"
}

resource "aws_cloudfront_distribution" "bad" {
  enabled = true

  origin {
    domain_name = "moochat-policy-bad.s3.us-east-1.amazonaws.com"
    origin_id   = "ui"
  }

  default_cache_behavior {
    target_origin_id       = "ui"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "ui"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
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

# --- CloudWatch Logs ---------------------------------------------------------

resource "aws_cloudwatch_log_group" "good" {
  name              = "/moochat/policy/good"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
}

resource "aws_cloudwatch_log_group" "bad" {
  name = "/moochat/policy/bad"
}

# --- WAF -----------------------------------------------------------------------

resource "aws_wafv2_web_acl" "good" {
  name  = "moochat-policy-good"
  scope = "CLOUDFRONT"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "moochat-policy-good"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_logging_configuration" "good" {
  resource_arn            = aws_wafv2_web_acl.good.arn
  log_destination_configs = ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-moochat-policy-good"]
}

resource "aws_wafv2_web_acl" "bad" {
  name  = "moochat-policy-bad"
  scope = "CLOUDFRONT"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "moochat-policy-bad"
    sampled_requests_enabled   = true
  }
}

# --- ECR -----------------------------------------------------------------------

resource "aws_ecr_repository" "good" {
  name                 = "moochat-policy-good"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_repository" "bad" {
  name                 = "moochat-policy-bad"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = false
  }
}

# --- Cognito ---------------------------------------------------------------------

resource "aws_cognito_user_pool" "good" {
  name                     = "moochat-policy-good"
  auto_verified_attributes = ["email"]
  mfa_configuration        = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length    = 12
    require_lowercase = true
    require_uppercase = true
    require_numbers   = true
    require_symbols   = true
  }

  user_pool_add_ons {
    advanced_security_mode = "ENFORCED"
  }
}

resource "aws_cognito_user_pool" "bad" {
  name              = "moochat-policy-bad"
  mfa_configuration = "OFF"

  password_policy {
    minimum_length    = 6
    require_lowercase = false
    require_uppercase = false
    require_numbers   = false
    require_symbols   = false
  }
}
