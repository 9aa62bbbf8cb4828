# From aquasecurity/trivy-checks, checks/cloud/aws/ec2/add_description_to_security_group.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.

resource "aws_security_group" "good_example" {
  name        = "http"
  description = "Allow inbound HTTP traffic"

  ingress {
    description = "HTTP from VPC"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}
