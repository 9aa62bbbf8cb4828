// Package rego evaluates conftest-style Rego policies on a plan JSON with
// OPA, so that a team's existing conftest policies keep working next to
// the Go rule pack, with conftest's semantics:
//
//   - rules named deny, violation and warn, or with those names and an
//     underscore suffix (deny_public_bucket), count; the plan JSON is the
//     input;
//   - they are read in package main unless Options.Namespaces names
//     others (conftest --namespace), or in every package the policies
//     declare with Options.AllNamespaces (--all-namespaces);
//   - a package's exception rule lists rule names without their prefix
//     (exception contains ["public_bucket"] if ...): while it does, the
//     named rule's messages are exceptions, reported as waived;
//   - Options.DataPaths are JSON or YAML documents loaded as data, as
//     --data does (a directory's files under their relative path).
//
// Policies that load but contain no deny, violation or warn rule in the
// namespaces read give a warning in the report: a set of policies that
// never runs is not a pass.
//
// The plan is decoded straight into OPA's values, each distinct string,
// number, object and array once, and holding only the top-level members
// the policies can reach (a reference to input with a variable first
// member keeps them all), which takes a small part of the memory and CPU
// of giving OPA the decoded JSON as conftest does (BenchmarkEvaluateMemory).
//
// It lives apart from package policy, and its code builds only with the
// rego build tag (go build -tags rego), so that OPA, which with its
// dependencies is 177 of the 535 packages of a moochat build with it and
// about a third of its cold build (tools/build-cost.sh), is linked only
// where it is asked for: `make build-rego` builds moochat with it,
// and without the tag this package is empty and `moochat check -policy`
// says how to get a build that has it. A program of another module that
// imports it builds with -tags rego as well.
package rego
