package tfrun

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// Destroy applies a destroy plan (from Plan with Destroy set); a plain
	// apply refuses one, so that a destroy planned and not confirmed is
	// never applied by accident.
	Destroy bool
}

// ApplyResult says what Apply did.
type ApplyResult struct {
	// Applied is false when the saved plan had no changes.
	Applied bool
	Cloud   bool
}

// Apply applies the saved plan, and only it. It refuses, with a
// *RefusedError, when there is no saved plan, when the rendered files
// changed since it was made, when the plan file or its JSON are not the
// ones the stamp records, or when the gate did not pass it. After a good
// apply the plan is used up: applying again needs a new plan.
//
// For a configuration that runs in HCP Terraform, Apply starts a remote
// run (terraform apply -auto-approve, after the rendered files are checked
// against the last plan); HCP Terraform plans it again and runs the
// workspace's policy sets before it applies.
func (r *Runner) Apply(ctx context.Context, opts ApplyOptions) (*ApplyResult, error) {
	var res *ApplyResult
	err := r.exclusive("apply", func() error {
		var err error
		res, err = r.apply(ctx, opts)
		return err
	})
	return res, err
}

func (r *Runner) apply(ctx context.Context, opts ApplyOptions) (*ApplyResult, error) {
	var stamp *Stamp
	err := r.step(ctx, "verify", func(context.Context) error {
		var err error
		stamp, err = r.verifyPlan(opts.Destroy)
		return err
	})
	if err != nil {
		return nil, err
	}
	res := &ApplyResult{Cloud: stamp.Cloud}
	if !stamp.HasChanges {
		r.skip("apply", "the plan has no changes")
		return res, r.consumePlan()
	}
	var vars varFile
	if stamp.Cloud {
		// A remote apply plans again, with the variable values it is given.
		if vars, err = r.writeVarFile(); err != nil {
			return nil, r.stepError("apply", err)
		}
		defer vars.remove()
	}
	err = r.step(ctx, "apply", func(ctx context.Context) error {
		if !stamp.Cloud {
			// The plan is used up the moment its apply starts: a killed
			// apply's plan must never run a second time.
			if err := os.Remove(r.StampFile()); err != nil {
				return err
			}
			if err := r.beginApply(stamp.Destroy); err != nil {
				return err
			}
			defer r.endApply()
		}
		tf := r.terraform(nil)
		return tf.Apply(ctx, r.applyOptions(stamp, vars)...)
	})
	if err != nil {
		return nil, err
	}
	res.Applied = true
	return res, r.consumePlan()
}

// applyOptions builds the terraform apply call: the saved plan file
// locally; a remote run with the same planning options in HCP Terraform,
// which does not take a local plan file for a speculative plan.
func (r *Runner) applyOptions(stamp *Stamp, vars varFile) []tfexec.ApplyOption {
	opts := []tfexec.ApplyOption{
		tfexec.LockTimeout(r.lockTimeout()),
		tfexec.Parallelism(r.cfg.Parallelism),
	}
	if stamp.Cloud {
		opts = append(opts, tfexec.Destroy(stamp.Destroy))
		if vars.path != "" {
			opts = append(opts, tfexec.VarFile(vars.path))
		}
		return opts
	}
	return append(opts, tfexec.DirOrPlan(r.PlanFile()))
}

// consumePlan removes a plan that has been applied.
func (r *Runner) consumePlan() error {
	for _, f := range []string{r.StampFile(), r.PlanFile()} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return r.stepError("apply", err)
		}
	}
	return nil
}
