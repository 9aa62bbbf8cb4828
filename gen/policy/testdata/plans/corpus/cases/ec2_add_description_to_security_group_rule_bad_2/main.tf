# From aquasecurity/trivy-checks, checks/cloud/aws/ec2/add_description_to_security_group_rule.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[1]. Test data: not part of moochat.

resource "aws_security_group" "example" {
  name        = "example"
  description = "example"
}

resource "aws_security_group_rule" "bad_example" {
  type              = "egress"
  security_group_id = aws_security_group.example.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
}
