# From aquasecurity/trivy-checks, checks/cloud/aws/elb/use_secure_tls_policy.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.

resource "aws_lb" "example" {}

resource "aws_alb_listener" "good_example" {
  load_balancer_arn = aws_lb.example.arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  protocol          = "HTTPS"
}
