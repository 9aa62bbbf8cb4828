package tfrun

import (
	"context"
	"fmt"
	"io"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// ValidateResult is terraform validate's verdict.
type ValidateResult struct {
	Valid       bool
	Diagnostics []tfjson.Diagnostic
}

// Validate runs terraform validate on the root module, after an init
// without the backend (validation needs no state, and so works offline
// for a cloud configuration too).
func (r *Runner) Validate(ctx context.Context) (*ValidateResult, error) {
	var res *ValidateResult
	err := r.exclusive("validate", func() error {
		var err error
		res, err = r.validate(ctx)
		return err
	})
	return res, err
}

func (r *Runner) validate(ctx context.Context) (*ValidateResult, error) {
	if _, err := r.Init(ctx, InitOptions{NoBackend: r.root.cloud}); err != nil {
		return nil, err
	}
	res := &ValidateResult{}
	err := r.step(ctx, "validate", func(ctx context.Context) error {
		tf := r.terraform(io.Discard)
		out, err := tf.Validate(ctx)
		if err != nil {
			return err
		}
		res.Valid = out.Valid
		res.Diagnostics = out.Diagnostics
		if !out.Valid {
			return &InvalidError{Diagnostics: out.Diagnostics}
		}
		return nil
	})
	return res, err
}

// InvalidError is a configuration terraform validate rejected; its text
// holds terraform's diagnostics.
type InvalidError struct {
	Diagnostics []tfjson.Diagnostic
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString("terraform validate found errors:")
	for _, d := range e.Diagnostics {
		fmt.Fprintf(&b, "\n  %s: %s", d.Severity, d.Summary)
		if d.Range != nil {
			fmt.Fprintf(&b, " (%s:%d)", d.Range.Filename, d.Range.Start.Line)
		}
		if d.Detail != "" {
			fmt.Fprintf(&b, "\n    %s", strings.ReplaceAll(d.Detail, "\n", "\n    "))
		}
	}
	return b.String()
}
