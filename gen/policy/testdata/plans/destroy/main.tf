# Policy test fixture for change rules, planned with -refresh=false against
# the hand-written terraform.tfstate beside it: aws_s3_bucket.old,
# aws_cloudwatch_log_group.old and terraform_data.gone are gone from the
# configuration (delete), aws_s3_bucket.renamed changes its name (replace),
# the rest stays.

resource "aws_s3_bucket" "renamed" {
  bucket = "moochat-policy-renamed-v2"
}

resource "aws_ecr_repository" "keep" {
  name                 = "moochat-policy-keep"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "terraform_data" "keep" {
  count = 6
  input = "keep-${count.index}"
}
