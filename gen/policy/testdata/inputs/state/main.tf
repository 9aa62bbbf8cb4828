# Applied by `make policy-testdata` (terraform_data needs no provider);
# state.json is `terraform show -json` of the resulting state.
resource "terraform_data" "b" {
  input = "y"
}
