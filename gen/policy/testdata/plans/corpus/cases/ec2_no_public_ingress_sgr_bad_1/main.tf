# From aquasecurity/trivy-checks, checks/cloud/aws/ec2/no_public_ingress_sgr.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required security_group_id added (not under test).

resource "aws_security_group_rule" "bad_example" {
  security_group_id = "sg-12345678"
  type        = "ingress"
  from_port   = 22
  to_port     = 22
  protocol    = "tcp"
  cidr_blocks = ["0.0.0.0/0"]
}
