//go:build rego

package main

import "github.com/runntimeterror/moo-chat-infrastructure/gen/policy/rego"

// useRego makes the gate evaluate -policy directories with OPA. This
// file is built only with the rego tag (make build-rego), so that a plain
// build does not link OPA.
func useRego() error {
	rego.Register()
	return nil
}
