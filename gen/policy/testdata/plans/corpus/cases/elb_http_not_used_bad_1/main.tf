# From aquasecurity/trivy-checks, checks/cloud/aws/elb/http_not_used.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.

resource "aws_lb" "example" {}

resource "aws_alb_listener" "bad_example" {
  load_balancer_arn = aws_lb.example.arn
  protocol          = "HTTP"
}
