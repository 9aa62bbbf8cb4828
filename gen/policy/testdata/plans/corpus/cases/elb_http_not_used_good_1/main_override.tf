# Added to the case above so that it plans offline with the AWS provider
# 5.100.0: required arguments and referenced objects the example leaves
# out. Not the setting under test; where a block has to be restated (an
# override replaces the whole block), its tested values are kept as they
# are in main.tf.

resource "aws_lb" "example" {
  subnets = ["subnet-11111111", "subnet-22222222"]
}

resource "aws_alb_listener" "good_example" {
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/corpus/0123456789abcdef"
  }
}
