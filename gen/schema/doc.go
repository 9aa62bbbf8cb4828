// Package schema holds Terraform provider schemas and checks modules
// against them before anything is rendered.
//
// The schemas come from `terraform providers schema -json`. A snapshot of
// that output is committed under snapshot/ (aws-5.100.0.json.gz, the exact
// bytes Terraform printed, gzipped) together with a compact form derived
// from it (aws-5.100.0.compact) that drops descriptions and is decoded
// lazily, one resource type at a time: Default reads the index of the
// compact form embedded in the binary in place, in under a millisecond,
// and inflates each type's schema only when it is asked for, so validation needs
// neither Terraform nor a provider process. `go run ./gen/schema/schemagen`
// (make schemas) refreshes both files from the installed provider, and a
// test fails when the compact form is not what the JSON snapshot derives.
//
// Validate (or Validator, for the generate pipeline) reports, for every
// resource, data source and provider block of a module: unknown attributes
// and blocks with a did-you-mean, missing required attributes and blocks,
// computed-only attributes that are set, literals that cannot convert to
// the attribute's type, references whose type the schema or a variable
// declaration knows and that cannot convert either, references to
// attributes a resource type does not have, nested block counts against
// min_items / max_items, deprecated attributes and blocks (warnings), and a
// provider version constraint in required_providers that the snapshot's
// version does not satisfy. Conflicting attributes (conflicts_with,
// exactly_one_of) are not part of the JSON schema Terraform exports, so they
// are left to `terraform validate`.
package schema
