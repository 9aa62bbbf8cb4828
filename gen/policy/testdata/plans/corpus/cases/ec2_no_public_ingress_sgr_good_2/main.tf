# From aquasecurity/trivy-checks, checks/cloud/aws/ec2/no_public_ingress_sgr.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[1]. Test data: not part of moochat.

resource "aws_security_group_rule" "example" {
  type              = "ingress"
  security_group_id = "sg-123456"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks = [
    "1.2.3.4/32",
    "4.5.6.7/32",
  ]
}
