variable "name" {
  type = string
}

variable "log_arn" {
  type = string
}

variable "actions" {
  type = list(string)
}

resource "aws_iam_role" "this" {
  name = "resolve-outer-${var.name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

module "inner" {
  source    = "../inner"
  role      = aws_iam_role.this.id
  resources = ["${var.log_arn}:*"]
  actions   = var.actions
}
