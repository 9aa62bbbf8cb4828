# From aquasecurity/trivy-checks, checks/cloud/aws/ec2/no_public_ingress_sgr.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required from_port, protocol, security_group_id, to_port added (not under test).

resource "aws_security_group_rule" "good_example" {
  security_group_id = "sg-12345678"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  type        = "ingress"
  cidr_blocks = ["10.0.0.0/16"]
}
