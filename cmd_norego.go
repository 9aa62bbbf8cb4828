//go:build !rego

package main

import "errors"

// errNoRego is what -policy gives in a build without the rego tag.
var errNoRego = errors.New("-policy needs Rego, which this moochat was built without: " +
	"build it with `make build-rego` (go build -tags rego -o bin/moochat .)")

// useRego fails: OPA is linked only into builds with the rego tag.
func useRego() error { return errNoRego }
