# Added to the case above so that it plans offline with the AWS provider
# 5.100.0: required arguments and referenced objects the example leaves
# out. Not the setting under test.

resource "aws_lambda_function" "func" {
  function_name = "trivy-corpus-func"
  role          = "arn:aws:iam::123456789012:role/lambda"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  s3_bucket     = "artifacts"
  s3_key        = "func.zip"
}

resource "aws_sns_topic" "default" {
  name = "trivy-corpus-topic"
}
