# Added to the case above so that it plans offline with the AWS provider
# 5.100.0: required arguments and referenced objects the example leaves
# out. Not the setting under test.

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
