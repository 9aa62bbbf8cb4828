variable "role" {
  type = string
}

variable "resources" {
  type = list(string)
}

variable "actions" {
  type = list(string)
}

resource "aws_iam_role_policy" "this" {
  name = "inner"
  role = var.role
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = var.resources }]
  })
}
