// Package render turns a tf.Module into the files of one Terraform module
// directory: HCL already in `terraform fmt` form, or Terraform JSON
// (.tf.json) following Terraform's JSON syntax, plus a README.md whose
// inputs and outputs are what terraform-docs writes.
//
// Rendering is a pure function of the model: the same module gives the same
// bytes, whatever Go's map order. HCL is written straight to bytes in the
// canonical layout that hclwrite's formatter (and so `terraform fmt`) would
// produce, which is what makes it fast: nothing is re-tokenised or
// re-formatted after it is written.
package render
