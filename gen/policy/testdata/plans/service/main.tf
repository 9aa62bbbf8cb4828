# Policy test fixture: security groups, ALB, ECS, ElastiCache, Lambda and
# IAM. Every rule has a passing ("good") and a failing ("bad") resource here.

variable "redis_password" {
  type      = string
  sensitive = true
  default   = "s3cr3t-do-not-print"
}

locals {
  vpc_id  = "vpc-0123456789abcdef0"
  subnets = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  account = "123456789012"
}

# --- Security groups ---------------------------------------------------------------

resource "aws_security_group" "alb" {
  name        = "moochat-policy-alb"
  description = "Load balancer: HTTPS from the internet"
  vpc_id      = local.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from anywhere, redirected"
  cidr_ipv6         = "::/0"
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
}

resource "aws_security_group" "tasks" {
  name        = "moochat-policy-tasks"
  description = "Chat tasks: port 8000 from the load balancer"
  vpc_id      = local.vpc_id

  ingress {
    description     = "From the load balancer"
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_vpc_security_group_egress_rule" "tasks_redis" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "To Redis"
  referenced_security_group_id = aws_security_group.redis.id
  from_port                    = 6379
  to_port                      = 6379
  ip_protocol                  = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "tasks_all" {
  security_group_id = aws_security_group.tasks.id
  description       = "Anywhere"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

# Open to the world on the app port: not a load balancer's 80/443.
resource "aws_vpc_security_group_ingress_rule" "tasks_open" {
  security_group_id = aws_security_group.tasks.id
  description       = "Debug port from anywhere"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 8000
  to_port           = 8000
  ip_protocol       = "tcp"
}

resource "aws_security_group" "redis" {
  name        = "moochat-policy-redis"
  description = "Redis: 6379 from the tasks"
  vpc_id      = local.vpc_id
}

# SSH from anywhere, inline, and no description.
resource "aws_security_group" "bad" {
  name   = "moochat-policy-bad"
  vpc_id = local.vpc_id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# HTTPS from anywhere, but to a group no load balancer uses.
resource "aws_security_group_rule" "bad_https" {
  type              = "ingress"
  security_group_id = aws_security_group.bad.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

# --- Load balancer -------------------------------------------------------------------

resource "aws_lb" "good" {
  name                       = "moochat-policy-good"
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb.id]
  subnets                    = local.subnets
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  idle_timeout               = 3600
  access_logs {
    bucket  = "moochat-policy-logs"
    enabled = true
  }
  tags = { Environment = "prod" }
}

resource "aws_lb" "bad" {
  name                       = "moochat-policy-bad"
  internal                   = false
  load_balancer_type         = "application"
  subnets                    = local.subnets
  drop_invalid_header_fields = false
  enable_deletion_protection = false
  tags                       = { Environment = "prod" }
}

# Deletion protection is required in prod only. Internal, unlike the others.
resource "aws_lb" "dev" {
  name                       = "moochat-policy-dev"
  internal                   = true
  load_balancer_type         = "application"
  subnets                    = local.subnets
  drop_invalid_header_fields = true
  tags                       = { Environment = "dev" }
}

resource "aws_lb_target_group" "good" {
  name        = "moochat-policy-good"
  port        = 8000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = local.vpc_id
  health_check {
    enabled = true
    path    = "/health"
  }
  stickiness {
    type    = "lb_cookie"
    enabled = true
  }
}

resource "aws_lb_target_group" "bad" {
  name        = "moochat-policy-bad"
  port        = 8000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = local.vpc_id
  health_check {
    enabled = false
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.good.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.good.arn
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.good.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "http_forward" {
  load_balancer_arn = aws_lb.bad.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.bad.arn
  }
}

resource "aws_lb_listener" "https_weak" {
  load_balancer_arn = aws_lb.bad.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.bad.arn
  }
}

# --- ECS -----------------------------------------------------------------------------

resource "aws_ecs_cluster" "good" {
  name = "moochat-policy-good"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster" "bad" {
  name = "moochat-policy-bad"
}

resource "aws_ecs_task_definition" "good" {
  family                   = "moochat-policy-good"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.us-east-1.amazonaws.com/moochat:1.0.0"
    essential              = true
    privileged             = false
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = 8000 }]
    environment            = [{ name = "PORT", value = "8000" }]
    secrets                = [{ name = "REDIS_AUTH", valueFrom = "arn:aws:ssm:us-east-1:123456789012:parameter/redis" }]
  }])
}

resource "aws_ecs_task_definition" "bad" {
  family                   = "moochat-policy-bad"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name        = "app"
    image       = "123456789012.dkr.ecr.us-east-1.amazonaws.com/moochat:latest"
    essential   = true
    privileged  = true
    environment = [{ name = "DB_PASSWORD", value = "plaintext-in-plan" }]
  }])
}

# The whole container definition becomes sensitive through the variable.
resource "aws_ecs_task_definition" "sensitive" {
  family                   = "moochat-policy-sensitive"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.us-east-1.amazonaws.com/moochat:1.0.0"
    essential              = true
    readonlyRootFilesystem = true
    environment            = [{ name = "REDIS_PASSWORD", value = var.redis_password }]
  }])
}

resource "aws_ecs_service" "good" {
  name            = "moochat-policy-good"
  cluster         = aws_ecs_cluster.good.id
  task_definition = aws_ecs_task_definition.good.arn
  desired_count   = 2
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = local.subnets
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}

resource "aws_ecs_service" "bad" {
  name            = "moochat-policy-bad"
  cluster         = aws_ecs_cluster.bad.id
  task_definition = aws_ecs_task_definition.bad.arn
  desired_count   = 1
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = local.subnets
    assign_public_ip = true
  }
}

# --- ElastiCache -----------------------------------------------------------------------

resource "aws_elasticache_replication_group" "good" {
  replication_group_id       = "moochat-policy-good"
  description                = "socket.io adapter"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.micro"
  num_cache_clusters         = 2
  port                       = 6379
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.redis_password
  automatic_failover_enabled = true
  multi_az_enabled           = true
  snapshot_retention_limit   = 5
  security_group_ids         = [aws_security_group.redis.id]
  tags                       = { Environment = "prod" }
}

resource "aws_elasticache_replication_group" "bad" {
  replication_group_id       = "moochat-policy-bad"
  description                = "no encryption"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.micro"
  num_cache_clusters         = 1
  port                       = 6379
  at_rest_encryption_enabled = false
  transit_encryption_enabled = false
  automatic_failover_enabled = false
  snapshot_retention_limit   = 0
  tags                       = { Environment = "prod" }
}

# Encryption in transit depends on a value known only after apply.
resource "aws_elasticache_replication_group" "unknown" {
  replication_group_id       = "moochat-policy-unknown"
  description                = "decided at apply"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.micro"
  num_cache_clusters         = 1
  port                       = 6379
  at_rest_encryption_enabled = true
  transit_encryption_enabled = aws_security_group.redis.id != ""
  tags                       = { Environment = "dev" }
}

# --- Lambda ------------------------------------------------------------------------------

resource "aws_iam_role" "lambda" {
  name = "moochat-policy-lambda"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "good" {
  function_name                  = "moochat-policy-good"
  role                           = aws_iam_role.lambda.arn
  runtime                        = "nodejs20.x"
  handler                        = "index.handler"
  s3_bucket                      = "moochat-artifacts"
  s3_key                         = "moderation.zip"
  reserved_concurrent_executions = 10
  tracing_config {
    mode = "Active"
  }
  dead_letter_config {
    target_arn = "arn:aws:sqs:us-east-1:123456789012:moochat-dlq"
  }
}

resource "aws_lambda_function" "bad" {
  function_name = "moochat-policy-bad"
  role          = aws_iam_role.lambda.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  s3_bucket     = "moochat-artifacts"
  s3_key        = "translate.zip"
  environment {
    variables = {
      API_TOKEN = var.redis_password
    }
  }
}

resource "aws_lambda_permission" "good" {
  statement_id  = "api"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.good.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*"
}

resource "aws_lambda_permission" "bad" {
  statement_id  = "api"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.bad.function_name
  principal     = "apigateway.amazonaws.com"
}

# --- IAM -----------------------------------------------------------------------------------

resource "aws_iam_policy" "good" {
  name = "moochat-policy-good"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = "arn:aws:s3:::moochat-policy-good/*" },
      { Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" },
    ]
  })
}

resource "aws_iam_policy" "bad_action" {
  name = "moochat-policy-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::moochat-policy-good" }]
  })
}

resource "aws_iam_role_policy" "bad_resource" {
  name = "write-anything"
  role = aws_iam_role.lambda.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:PutObject", "ecs:UpdateService"], Resource = "*" }]
  })
}

# The policy document depends on an ARN known only after apply.
resource "aws_iam_role_policy" "unknown" {
  name = "deploy"
  role = aws_iam_role.lambda.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ecs:UpdateService", Resource = aws_ecs_service.good.id }]
  })
}

resource "aws_iam_role" "deploy_good" {
  name = "moochat-policy-deploy-good"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::${local.account}:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:runntimeterror/moo-chat-ui:ref:refs/tags/*" }
      }
    }]
  })
}

resource "aws_iam_role" "deploy_bad" {
  name = "moochat-policy-deploy-bad"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::${local.account}:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringLike = { "token.actions.githubusercontent.com:sub" = "repo:*" }
      }
    }]
  })
  inline_policy {
    name = "everything"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }]
    })
  }
}
