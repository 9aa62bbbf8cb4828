# Policy corpus: test cases written by others (cases.json records each one's
# origin and the rule that should catch it), one module per case, planned
# offline by make policy-testdata.

module "cloudfront_enable_logging_bad_1" {
  source = "./cases/cloudfront_enable_logging_bad_1"
}

module "cloudfront_enable_logging_bad_2" {
  source = "./cases/cloudfront_enable_logging_bad_2"
}

module "cloudfront_enable_logging_good_1" {
  source = "./cases/cloudfront_enable_logging_good_1"
}

module "cloudfront_enable_logging_good_2" {
  source = "./cases/cloudfront_enable_logging_good_2"
}

module "cloudfront_enable_waf_bad_1" {
  source = "./cases/cloudfront_enable_waf_bad_1"
}

module "cloudfront_enable_waf_good_1" {
  source = "./cases/cloudfront_enable_waf_good_1"
}

module "cloudfront_enforce_https_bad_1" {
  source = "./cases/cloudfront_enforce_https_bad_1"
}

module "cloudfront_enforce_https_bad_2" {
  source = "./cases/cloudfront_enforce_https_bad_2"
}

module "cloudfront_enforce_https_good_1" {
  source = "./cases/cloudfront_enforce_https_good_1"
}

module "cloudfront_use_secure_tls_policy_bad_1" {
  source = "./cases/cloudfront_use_secure_tls_policy_bad_1"
}

module "cloudfront_use_secure_tls_policy_bad_2" {
  source = "./cases/cloudfront_use_secure_tls_policy_bad_2"
}

module "cloudfront_use_secure_tls_policy_good_3" {
  source = "./cases/cloudfront_use_secure_tls_policy_good_3"
}

module "cloudfront_use_secure_tls_policy_good_4" {
  source = "./cases/cloudfront_use_secure_tls_policy_good_4"
}

module "cloudwatch_log_group_customer_key_bad_1" {
  source = "./cases/cloudwatch_log_group_customer_key_bad_1"
}

module "cloudwatch_log_group_customer_key_good_1" {
  source = "./cases/cloudwatch_log_group_customer_key_good_1"
}

module "ec2_add_description_to_security_group_bad_1" {
  source = "./cases/ec2_add_description_to_security_group_bad_1"
}

module "ec2_add_description_to_security_group_good_1" {
  source = "./cases/ec2_add_description_to_security_group_good_1"
}

module "ec2_add_description_to_security_group_rule_bad_1" {
  source = "./cases/ec2_add_description_to_security_group_rule_bad_1"
}

module "ec2_add_description_to_security_group_rule_bad_2" {
  source = "./cases/ec2_add_description_to_security_group_rule_bad_2"
}

module "ec2_add_description_to_security_group_rule_good_1" {
  source = "./cases/ec2_add_description_to_security_group_rule_good_1"
}

module "ec2_no_public_egress_sgr_bad_1" {
  source = "./cases/ec2_no_public_egress_sgr_bad_1"
}

module "ec2_no_public_egress_sgr_good_1" {
  source = "./cases/ec2_no_public_egress_sgr_good_1"
}

module "ec2_no_public_ingress_sgr_bad_1" {
  source = "./cases/ec2_no_public_ingress_sgr_bad_1"
}

module "ec2_no_public_ingress_sgr_good_1" {
  source = "./cases/ec2_no_public_ingress_sgr_good_1"
}

module "ec2_no_public_ingress_sgr_good_2" {
  source = "./cases/ec2_no_public_ingress_sgr_good_2"
}

module "ecr_enable_image_scans_bad_1" {
  source = "./cases/ecr_enable_image_scans_bad_1"
}

module "ecr_enable_image_scans_good_1" {
  source = "./cases/ecr_enable_image_scans_good_1"
}

module "ecr_enforce_immutable_repository_bad_1" {
  source = "./cases/ecr_enforce_immutable_repository_bad_1"
}

module "ecr_enforce_immutable_repository_good_1" {
  source = "./cases/ecr_enforce_immutable_repository_good_1"
}

module "ecr_repository_customer_key_bad_1" {
  source = "./cases/ecr_repository_customer_key_bad_1"
}

module "ecr_repository_customer_key_bad_2" {
  source = "./cases/ecr_repository_customer_key_bad_2"
}

module "ecr_repository_customer_key_good_1" {
  source = "./cases/ecr_repository_customer_key_good_1"
}

module "ecs_enable_container_insight_bad_1" {
  source = "./cases/ecs_enable_container_insight_bad_1"
}

module "ecs_enable_container_insight_good_1" {
  source = "./cases/ecs_enable_container_insight_good_1"
}

module "ecs_no_plaintext_secrets_bad_1" {
  source = "./cases/ecs_no_plaintext_secrets_bad_1"
}

module "ecs_no_plaintext_secrets_good_1" {
  source = "./cases/ecs_no_plaintext_secrets_good_1"
}

module "elasticache_enable_at_rest_encryption_bad_1" {
  source = "./cases/elasticache_enable_at_rest_encryption_bad_1"
}

module "elasticache_enable_at_rest_encryption_good_1" {
  source = "./cases/elasticache_enable_at_rest_encryption_good_1"
}

module "elasticache_enable_backup_retention_bad_1" {
  source = "./cases/elasticache_enable_backup_retention_bad_1"
}

module "elasticache_enable_backup_retention_good_1" {
  source = "./cases/elasticache_enable_backup_retention_good_1"
}

module "elasticache_enable_backup_retention_good_2" {
  source = "./cases/elasticache_enable_backup_retention_good_2"
}

module "elasticache_enable_backup_retention_good_3" {
  source = "./cases/elasticache_enable_backup_retention_good_3"
}

module "elasticache_enable_in_transit_encryption_bad_1" {
  source = "./cases/elasticache_enable_in_transit_encryption_bad_1"
}

module "elasticache_enable_in_transit_encryption_good_1" {
  source = "./cases/elasticache_enable_in_transit_encryption_good_1"
}

module "elb_drop_invalid_headers_bad_1" {
  source = "./cases/elb_drop_invalid_headers_bad_1"
}

module "elb_drop_invalid_headers_good_1" {
  source = "./cases/elb_drop_invalid_headers_good_1"
}

module "elb_http_not_used_bad_1" {
  source = "./cases/elb_http_not_used_bad_1"
}

module "elb_http_not_used_good_1" {
  source = "./cases/elb_http_not_used_good_1"
}

module "elb_use_secure_tls_policy_bad_1" {
  source = "./cases/elb_use_secure_tls_policy_bad_1"
}

module "elb_use_secure_tls_policy_good_1" {
  source = "./cases/elb_use_secure_tls_policy_good_1"
}

module "iam_no_policy_wildcards_bad_1" {
  source = "./cases/iam_no_policy_wildcards_bad_1"
}

module "iam_no_policy_wildcards_good_1" {
  source = "./cases/iam_no_policy_wildcards_good_1"
}

module "lambda_enable_tracing_bad_1" {
  source = "./cases/lambda_enable_tracing_bad_1"
}

module "lambda_enable_tracing_good_1" {
  source = "./cases/lambda_enable_tracing_good_1"
}

module "lambda_restrict_source_arn_bad_1" {
  source = "./cases/lambda_restrict_source_arn_bad_1"
}

module "lambda_restrict_source_arn_good_1" {
  source = "./cases/lambda_restrict_source_arn_good_1"
}

module "s3_block_public_acls_bad_1" {
  source = "./cases/s3_block_public_acls_bad_1"
}

module "s3_block_public_acls_bad_2" {
  source = "./cases/s3_block_public_acls_bad_2"
}

module "s3_block_public_acls_good_1" {
  source = "./cases/s3_block_public_acls_good_1"
}

module "s3_block_public_policy_bad_1" {
  source = "./cases/s3_block_public_policy_bad_1"
}

module "s3_block_public_policy_bad_2" {
  source = "./cases/s3_block_public_policy_bad_2"
}

module "s3_block_public_policy_good_1" {
  source = "./cases/s3_block_public_policy_good_1"
}

module "s3_enable_bucket_encryption_bad_1" {
  source = "./cases/s3_enable_bucket_encryption_bad_1"
}

module "s3_enable_bucket_encryption_bad_2" {
  source = "./cases/s3_enable_bucket_encryption_bad_2"
}

module "s3_enable_bucket_encryption_good_1" {
  source = "./cases/s3_enable_bucket_encryption_good_1"
}

module "s3_enable_bucket_encryption_good_2" {
  source = "./cases/s3_enable_bucket_encryption_good_2"
}

module "s3_enable_logging_bad_1" {
  source = "./cases/s3_enable_logging_bad_1"
}

module "s3_enable_logging_good_1" {
  source = "./cases/s3_enable_logging_good_1"
}

module "s3_enable_logging_good_2" {
  source = "./cases/s3_enable_logging_good_2"
}

module "s3_enable_versioning_bad_1" {
  source = "./cases/s3_enable_versioning_bad_1"
}

module "s3_enable_versioning_bad_2" {
  source = "./cases/s3_enable_versioning_bad_2"
}

module "s3_enable_versioning_bad_3" {
  source = "./cases/s3_enable_versioning_bad_3"
}

module "s3_enable_versioning_good_1" {
  source = "./cases/s3_enable_versioning_good_1"
}

module "s3_enable_versioning_good_2" {
  source = "./cases/s3_enable_versioning_good_2"
}

module "s3_ignore_public_acls_bad_1" {
  source = "./cases/s3_ignore_public_acls_bad_1"
}

module "s3_ignore_public_acls_bad_2" {
  source = "./cases/s3_ignore_public_acls_bad_2"
}

module "s3_ignore_public_acls_good_1" {
  source = "./cases/s3_ignore_public_acls_good_1"
}

module "s3_no_public_access_with_acl_bad_1" {
  source = "./cases/s3_no_public_access_with_acl_bad_1"
}

module "s3_no_public_access_with_acl_bad_2" {
  source = "./cases/s3_no_public_access_with_acl_bad_2"
}

module "s3_no_public_access_with_acl_good_1" {
  source = "./cases/s3_no_public_access_with_acl_good_1"
}

module "s3_no_public_access_with_acl_good_2" {
  source = "./cases/s3_no_public_access_with_acl_good_2"
}

module "s3_no_public_buckets_bad_1" {
  source = "./cases/s3_no_public_buckets_bad_1"
}

module "s3_no_public_buckets_bad_2" {
  source = "./cases/s3_no_public_buckets_bad_2"
}

module "s3_no_public_buckets_good_1" {
  source = "./cases/s3_no_public_buckets_good_1"
}

module "s3_specify_public_access_block_bad_1" {
  source = "./cases/s3_specify_public_access_block_bad_1"
}

module "s3_specify_public_access_block_good_1" {
  source = "./cases/s3_specify_public_access_block_good_1"
}
