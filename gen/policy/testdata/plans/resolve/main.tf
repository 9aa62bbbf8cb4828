# Policy test fixture for resolving what the plan leaves unknown from the
# configuration: every value below names a resource being created, so its
# planned value is "known after apply" as a whole. Each case has a good and
# a planted bad variant.

locals {
  log_actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/resolve/app"
  retention_in_days = 30
}

# 1. An IAM role policy that names a new log group's ARN.
resource "aws_iam_role" "app" {
  name = "resolve-app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "logs_good" {
  name = "logs"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = local.log_actions, Resource = "${aws_cloudwatch_log_group.app.arn}:*" }]
  })
}

resource "aws_iam_role_policy" "logs_bad" {
  name = "logs-bad"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = aws_cloudwatch_log_group.app.arn }]
  })
}

# 2. Container definitions that embed a new ECR repository's URL.
resource "aws_ecr_repository" "app" {
  name                 = "resolve-app"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecs_task_definition" "good" {
  family                   = "resolve-good"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.app.arn
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "${aws_ecr_repository.app.repository_url}:v1"
    essential              = true
    readonlyRootFilesystem = true
    environment            = [{ name = "LOG_GROUP", value = aws_cloudwatch_log_group.app.name }]
  }])
}

resource "aws_ecs_task_definition" "bad" {
  family                   = "resolve-bad"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.app.arn
  container_definitions = jsonencode([{
    name        = "app"
    image       = "${aws_ecr_repository.app.repository_url}:v1"
    essential   = true
    privileged  = true
    environment = [{ name = "DB_PASSWORD", value = "hunter2" }]
  }])
}

# 3. OIDC trust policies that name a new provider's ARN.
resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

resource "aws_iam_role" "deploy_good" {
  name = "resolve-deploy-good"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:moochat/ui:ref:refs/tags/v*" } }
    }]
  })
}

resource "aws_iam_role" "deploy_bad" {
  name = "resolve-deploy-bad"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}

# 4. for_each resources: each.key and each.value decide the document.
resource "aws_cloudwatch_log_group" "per" {
  for_each          = toset(["read", "all"])
  name              = "/resolve/${each.key}"
  retention_in_days = 30
}

resource "aws_iam_role_policy" "per" {
  for_each = { read = "logs:GetLogEvents", all = "*" }
  name     = "per-${each.key}"
  role     = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = each.value, Resource = aws_cloudwatch_log_group.per[each.key].arn }]
  })
}

# 5. A value passed through two module levels.
module "outer_good" {
  source  = "./modules/outer"
  name    = "good"
  log_arn = aws_cloudwatch_log_group.app.arn
  actions = local.log_actions
}

module "outer_bad" {
  source  = "./modules/outer"
  name    = "bad"
  log_arn = aws_cloudwatch_log_group.app.arn
  actions = ["*"]
}

# Left open by the configuration itself: a placeholder decides nothing
# that needs a literal.
resource "aws_ecr_repository" "open" {
  name                 = "resolve-open"
  image_tag_mutability = upper(element(split(":", aws_cloudwatch_log_group.app.arn), 0))
}

# Links: a for_each over buckets, and counted buckets linked by index.
resource "aws_s3_bucket" "each" {
  for_each = toset(["one", "two"])
  bucket   = "resolve-each-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "each" {
  for_each                = aws_s3_bucket.each
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "cnt" {
  count  = 2
  bucket = "resolve-cnt-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "cnt" {
  bucket                  = aws_s3_bucket.cnt[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
