# Policy test fixture for resolving many instances of one resource: a
# module called with count and one called with for_each, and a resource
# with count. Instances mostly resolve an argument to the same value but
# for the placeholders' origins; where one reads a value of its own (its
# bucket's known name, its index), it must get its own.

module "copy" {
  source = "./modules/copy"
  count  = 3
  name   = "moochat-shared-${count.index}"
  index  = count.index
}

module "each" {
  source = "./modules/copy"
  for_each = {
    a = 10
    b = 11
  }
  name  = "moochat-shared-${each.key}"
  index = each.value
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/shared/app"
}

resource "aws_iam_role" "app" {
  count = 2
  name  = "shared-app-${count.index}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# Every instance names the same log group: one evaluation does.
resource "aws_iam_role_policy" "logs" {
  count = 2
  name  = "logs"
  role  = aws_iam_role.app[count.index].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "${aws_cloudwatch_log_group.app.arn}:*" }]
  })
}

# Each instance has its own: the planted bad one is instance 1.
resource "aws_iam_role_policy" "indexed" {
  count = 2
  name  = "indexed"
  role  = aws_iam_role.app[count.index].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = count.index == 0 ? "logs:PutLogEvents" : "*", Resource = aws_cloudwatch_log_group.app.arn }]
  })
}
