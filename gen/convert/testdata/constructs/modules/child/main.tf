terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.other]
    }
  }
}

variable "name" {
  description = "Name."
  type        = string
}

resource "terraform_data" "this" {
  input = var.name
}

output "name" {
  description = "The name."
  value       = terraform_data.this.output
}
