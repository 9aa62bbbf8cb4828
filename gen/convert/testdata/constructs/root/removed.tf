# Forget the object, keep it.
removed {
  from = terraform_data.forgotten

  lifecycle {
    destroy = false
  }
}

removed {
  from = terraform_data.retired

  provisioner "local-exec" {
    when    = destroy
    command = "echo retired"
  }
}
