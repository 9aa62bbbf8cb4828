output "locals" {
  description = "Every local."
  value = {
    by_letter = local.by_letter
    upper     = local.upper
    doubled   = local.doubled
    ports     = local.ports
    legacy    = local.legacy
    joined    = local.joined
    maxport   = local.maxport
    listing   = local.listing
    greet     = local.greet
    heredoc   = local.heredoc
    cond      = local.cond
    math      = local.math
    logic     = local.logic
    pick      = local.pick
    keyed     = local.keyed
    neg       = local.neg
    big       = local.big
    nothing   = local.nothing
    escaped   = local.escaped
    splatidx  = local.splatidx
    seq       = local.seq
    policy    = local.policy
    optional  = var.optional_settings
  }
}

output "counted" {
  description = "Inputs of the counted resources."
  value       = terraform_data.counted[*].input
}

output "child_names" {
  description = "From each call."
  value       = module.child[*].name
}

output "secret" {
  description = "Sensitive."
  value       = var.secret
  sensitive   = true
}

output "with_defaults" {
  description = "The variable with the optional() defaults applied."
  value       = var.with_defaults
}
