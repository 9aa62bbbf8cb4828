# Added to the case above so that it plans offline with the AWS provider
# 5.100.0: required arguments and referenced objects the example leaves
# out. Not the setting under test; where a block has to be restated (an
# override replaces the whole block), its tested values are kept as they
# are in main.tf.

resource "aws_security_group_rule" "bad_example" {
  cidr_blocks = ["10.0.0.0/16"]
}
