# Adopt one existing object per key.
import {
  for_each = local.adopted
  to       = terraform_data.adopted[each.key]
  id       = each.value
}
