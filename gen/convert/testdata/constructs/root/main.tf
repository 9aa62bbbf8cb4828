locals {
  # Grouping for-expression: names by first letter.
  by_letter = { for n in var.names : substr(n, 0, 1) => n... }
  upper     = [for i, n in var.names : upper(n) if i % 2 == 0]
  doubled   = { for k, v in var.rules : k => v.port * 2 }
  ports     = values(var.rules)[*].port
  legacy    = values(var.rules).*.port
  first_two = slice(var.names, 0, 2)
  joined    = join(",", local.first_two)
  maxport   = max(local.ports...)
  # Templates with directives.
  listing = "%{for n in var.names}<${n}>%{endfor}"
  greet   = "Hello, %{if length(var.names) > 3}crowd%{else}few%{endif}!"
  heredoc = <<-EOT
    line one ${local.joined}
    line two
  EOT
  cond    = length(var.names) > 2 ? "many" : "few"
  math    = (1 + 2) * 3 - -4 / 2 % 3
  logic   = !(true && false) || 1 != 2
  nested  = { a = { b = [1, 2, { c = "d" }] } }
  pick    = local.nested.a.b[2].c
  keyed   = local.nested["a"]["b"][0]
  neg      = -7.5
  big      = 12345678901234567890
  nothing  = null
  escaped  = "literal $${not} %%{interpolated} \"quoted\" \\ back"
  splatidx = (values(var.rules).*.port)[0]
  adopted  = { a = "id-a", b = "id-b" }
  seq      = [for s in setproduct(["a", "b"], [1, 2]) : "${s[0]}${s[1]}"]
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "*"
    }]
  })
}

resource "terraform_data" "counted" {
  count = length(var.names)
  input = "${count.index}-${var.names[count.index]}"
}

resource "terraform_data" "adopted" {
  for_each = local.adopted
  input    = each.key
}

resource "terraform_data" "each" {
  for_each = toset(var.names)
  input    = each.key

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [input]
    replace_triggered_by  = [terraform_data.counted[0]]

    precondition {
      condition     = each.key != ""
      error_message = "Empty name ${each.key}."
    }
  }

  provisioner "local-exec" {
    command = "echo ${self.input}"
  }

  provisioner "local-exec" {
    when       = destroy
    on_failure = continue
    command    = "echo bye"
  }

  depends_on = [terraform_data.counted]
}

resource "aws_security_group" "web" {
  name     = "web"
  provider = aws.west

  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      description = rule.key
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = rule.value.cidrs
    }
  }

  dynamic "egress" {
    for_each = [0]
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  tags = {
    Name         = "web"
    "kubernetes.io/role" = "x"
    (local.joined) = "computed key"
  }
}

module "child" {
  source = "../modules/child"
  count  = 2

  providers = {
    aws      = aws
    aws.other = aws.west
  }

  name = "child-${count.index}"
}

moved {
  from = terraform_data.old
  to   = terraform_data.counted[0]
}

check "names" {
  assert {
    condition     = length(var.names) < 10
    error_message = "Too many names."
  }
}
