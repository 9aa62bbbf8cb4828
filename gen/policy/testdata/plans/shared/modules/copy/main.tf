variable "name" {
  type = string
}

variable "index" {
  type = number
}

locals {
  actions = ["s3:GetObject"]
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

# The same in every copy but for the bucket it names.
resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_iam_role" "reader" {
  name = "${var.name}-reader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# Names only the copy's own new resources: one evaluation for every copy.
resource "aws_iam_role_policy" "read" {
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = local.actions, Resource = ["${aws_s3_bucket.this.arn}/*", aws_s3_bucket.this.arn] }]
  })
}

# Reads the copy's known name too: each copy its own document. The copy
# with index 2 allows every action: the planted bad one.
resource "aws_iam_role_policy" "named" {
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = replace(var.name, "-", "")
      Effect   = "Allow"
      Action   = var.index == 2 ? "*" : "s3:ListBucket"
      Resource = aws_s3_bucket.this.arn
    }]
  })
}

# Reads its bucket's name as the plan knows it: each copy its own.
resource "aws_iam_role_policy" "prefixed" {
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = aws_s3_bucket.this.arn, Condition = { StringLike = { "s3:prefix" = aws_s3_bucket.this.bucket } } }]
  })
}

# Reads the text of a placeholder: never shared.
resource "aws_iam_role_policy" "measured" {
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = aws_s3_bucket.this.arn, Condition = { NumericLessThan = { "s3:max-keys" = length(aws_s3_bucket.this.arn) } } }]
  })
}

output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
