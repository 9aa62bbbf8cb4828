package tfrun

import "context"

// DestroyOptions tune Destroy.
type DestroyOptions struct {
	// Confirm is shown the destroy plan and says whether to go on. Nil
	// means do not ask: the caller has confirmed already.
	Confirm func(*PlanResult) bool
}

// DestroyResult says what Destroy did.
type DestroyResult struct {
	Plan      *PlanResult
	Confirmed bool
	Applied   bool
}

// Destroy plans the destruction of every object in the root module's
// state, asks Confirm, and applies that saved destroy plan: the same
// plan-then-apply path as a change, so what is destroyed is what was
// shown. An unconfirmed destroy plan stays saved but a plain Apply
// refuses it.
func (r *Runner) Destroy(ctx context.Context, opts DestroyOptions) (*DestroyResult, error) {
	var res *DestroyResult
	err := r.exclusive("destroy", func() error {
		var err error
		res, err = r.destroy(ctx, opts)
		return err
	})
	return res, err
}

func (r *Runner) destroy(ctx context.Context, opts DestroyOptions) (*DestroyResult, error) {
	p, err := r.Plan(ctx, PlanOptions{Destroy: true})
	if err != nil {
		return nil, err
	}
	res := &DestroyResult{Plan: p}
	if opts.Confirm != nil && p.HasChanges && !opts.Confirm(p) {
		return res, nil
	}
	res.Confirmed = true
	a, err := r.Apply(ctx, ApplyOptions{Destroy: true})
	if err != nil {
		return res, err
	}
	res.Applied = a.Applied
	return res, nil
}
