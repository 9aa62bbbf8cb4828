package tfrun

import (
	"context"
	"encoding/json"
	"io"
)

// OutputValue is one root module output. The value of a sensitive output
// is never read into it.
type OutputValue struct {
	Sensitive bool
	Type      json.RawMessage
	// Value is the JSON value; nil for a sensitive output.
	Value json.RawMessage
}

// Output reads the root module's outputs from the state (terraform output
// -json). Init runs first when needed, since a remote state is reached
// through the backend.
func (r *Runner) Output(ctx context.Context) (map[string]OutputValue, error) {
	var res map[string]OutputValue
	err := r.exclusive("output", func() error {
		var err error
		res, err = r.output(ctx)
		return err
	})
	return res, err
}

func (r *Runner) output(ctx context.Context) (map[string]OutputValue, error) {
	if _, err := r.Init(ctx, InitOptions{}); err != nil {
		return nil, err
	}
	out := map[string]OutputValue{}
	err := r.step(ctx, "output", func(ctx context.Context) error {
		tf := r.terraform(io.Discard)
		metas, err := tf.Output(ctx)
		if err != nil {
			return err
		}
		for name, m := range metas {
			v := OutputValue{Sensitive: m.Sensitive, Type: m.Type}
			if !m.Sensitive {
				v.Value = m.Value
			}
			out[name] = v
		}
		return nil
	})
	return out, err
}
