# Its precondition fails at plan time: terraform still saves the plan,
# and errored.json is `terraform show -json` of it ("errored": true).
variable "n" {
  default = "x"
}
resource "terraform_data" "a" {
  input = var.n
  lifecycle {
    precondition {
      condition     = length(var.n) > 3
      error_message = "too short"
    }
  }
}
resource "terraform_data" "b" {
  input = "y"
}
