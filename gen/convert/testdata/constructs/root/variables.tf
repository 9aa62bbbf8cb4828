variable "rules" {
  description = "Ingress rules by name."
  type = map(object({
    port  = number
    cidrs = list(string)
  }))
  default = {
    https = { port = 443, cidrs = ["0.0.0.0/0"] }
    ssh   = { port = 22, cidrs = ["10.0.0.0/8", "192.168.0.0/16"] }
  }
}

variable "names" {
  description = "Names to make things for."
  type        = list(string)
  default     = ["alpha", "beta", "gamma", "alpha"]
  nullable    = false

  validation {
    condition     = length(var.names) > 0
    error_message = "At least one name."
  }
}

variable "secret" {
  description = "Not shown."
  type        = string
  default     = "hunter2"
  sensitive   = true
}

variable "token" {
  description = "Lives for one run."
  type        = string
  default     = "t"
  ephemeral   = true
}

variable "optional_settings" {
  description = "Optional attributes."
  type = object({
    size = optional(number)
    name = string
  })
  default = { name = "x" }
}

variable "with_defaults" {
  description = "Defaults inside optional(), nested and in a collection."
  type = object({
    name    = string
    size    = optional(number, 7)
    enabled = optional(bool, true)
    tags    = optional(map(string), {})
    limits = optional(object({
      cpu    = optional(number, 256)
      memory = optional(number)
    }), {})
    rules = optional(list(object({
      port     = number
      protocol = optional(string, "tcp")
    })), [])
  })
  default = { name = "d", rules = [{ port = 80 }] }
}
