// Package tf is the model of a Terraform configuration that blueprints build
// in Go: modules with their variables, locals, resources, data sources,
// module calls, providers, outputs, terraform settings and moved / import /
// check blocks, and the expressions that stand on the right of `=`.
//
// The model is data. It knows nothing of any provider or platform; the
// render package turns it into HCL or Terraform JSON, and Validate reports
// every problem at once as Diagnostics that name the blueprint's Go
// file:line.
//
// Handles make references: a *Resource's Attr("arn") is an expression that
// renders as aws_s3_bucket.ui.arn and remembers which object it points at,
// so a reference to an object of another module, or to nothing, is caught
// before any file is written.
package tf
