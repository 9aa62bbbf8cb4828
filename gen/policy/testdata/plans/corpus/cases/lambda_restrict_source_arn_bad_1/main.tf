# From aquasecurity/trivy-checks, checks/cloud/aws/lambda/restrict_source_arn.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.

resource "aws_lambda_permission" "bad_example" {
  statement_id  = "AllowExecutionFromSNS"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.func.function_name
  principal     = "sns.amazonaws.com"
}
