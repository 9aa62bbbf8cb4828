# From aquasecurity/trivy-checks, checks/cloud/aws/lambda/enable_tracing.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: tracing mode "Passthrough" spelt "PassThrough", as the provider wants.

resource "aws_lambda_function" "bad_example" {
  filename         = "lambda_function_payload.zip"
  function_name    = "lambda_function_name"
  role             = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
  handler          = "exports.test"
  source_code_hash = filebase64sha256("lambda_function_payload.zip")

  runtime = "nodejs12.x"

  tracing_config {
    mode = "PassThrough"
  }
}
