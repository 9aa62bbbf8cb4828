package tfrun

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// PlanOptions tune Plan.
type PlanOptions struct {
	// Destroy plans the destruction of everything (terraform plan -destroy).
	Destroy bool
	// Check is the gate: it reads the saved, redacted plan JSON and says
	// whether the plan may be applied. An error means it could not decide,
	// and counts as a failure. Apply refuses a plan the gate did not pass;
	// a nil Check leaves the plan unchecked, which apply refuses too
	// (destroy plans excepted). It is not called for a remote (cloud) plan:
	// HCP Terraform runs the workspace's policy sets itself.
	Check func(planJSONPath string) (passed bool, err error)
}

// PlanResult is what Plan found.
type PlanResult struct {
	HasChanges bool
	// Summary counts the changes per module; empty for a remote plan,
	// whose details stay in HCP Terraform.
	Summary Summary
	// Plan is the saved plan as terraform-json reads it, sensitive values
	// redacted; nil for a remote plan.
	Plan         *tfjson.Plan
	PlanFile     string // "" for a remote plan
	PlanJSONFile string // "" for a remote plan
	Init         *InitResult
	Check        CheckResult
	Cloud        bool
}

// Plan runs init when needed, then terraform plan to a saved plan file,
// reads it back once with `terraform show -json`, saves that JSON with
// sensitive values redacted next to the plan file, runs the gate on it and
// writes the stamp apply trusts.
//
// For a configuration that runs in HCP Terraform (a cloud block) the plan
// is a speculative remote run: no plan file is saved and the stamp records
// only the rendered files it was made from.
func (r *Runner) Plan(ctx context.Context, opts PlanOptions) (*PlanResult, error) {
	var res *PlanResult
	err := r.exclusive("plan", func() error {
		var err error
		res, err = r.plan(ctx, opts)
		return err
	})
	return res, err
}

func (r *Runner) plan(ctx context.Context, opts PlanOptions) (*PlanResult, error) {
	ini, err := r.Init(ctx, InitOptions{})
	if err != nil {
		return nil, err
	}
	res := &PlanResult{Init: ini, Cloud: r.root.cloud}
	// A plan that fails half-way must not leave an older plan looking
	// current.
	for _, f := range []string{r.StampFile(), r.PlanFile(), r.PlanJSONFile()} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return nil, r.stepError("plan", err)
		}
	}
	before, err := r.root.contentHash()
	if err != nil {
		return nil, r.stepError("plan", err)
	}
	vars, err := r.writeVarFile()
	if err != nil {
		return nil, r.stepError("plan", err)
	}
	defer vars.remove()

	// plan and show -json share one running copy of each provider; when
	// that cannot be had, each starts its own, as terraform does alone.
	var servers *providerServers
	if why := r.canShareProviders(); why != nil {
		r.skip("providers", "not shared, terraform starts its own: "+why.Error())
	} else {
		var serr error
		r.step(ctx, "providers", func(ctx context.Context) error {
			servers, serr = r.startProviders(ctx)
			return nil
		})
		if serr != nil {
			servers = nil
			r.emit(StepEvent{Step: "providers", Kind: StepSkipped, Reason: "not shared, terraform starts its own: " + serr.Error()})
		}
	}
	defer servers.stop()

	var planSum string
	err = r.step(ctx, "plan", func(ctx context.Context) error {
		tf := r.terraform(nil)
		popts := []tfexec.PlanOption{
			tfexec.LockTimeout(r.lockTimeout()),
			tfexec.Parallelism(r.cfg.Parallelism),
			tfexec.Destroy(opts.Destroy),
		}
		if !r.root.cloud {
			popts = append(popts, tfexec.Out(r.PlanFile()))
		}
		if vars.path != "" {
			popts = append(popts, tfexec.VarFile(vars.path))
		}
		for _, o := range servers.options() {
			popts = append(popts, o)
		}
		res.HasChanges, err = tf.Plan(ctx, popts...)
		if err != nil {
			return err
		}
		if !r.root.cloud {
			// The plan file holds variable values in clear, as Terraform's
			// plan files do: keep it to its owner.
			if err := os.Chmod(r.PlanFile(), 0o600); err != nil {
				return err
			}
			// The stamp binds this exact plan file, hashed before anything
			// else reads it.
			if planSum, err = fileSum(r.PlanFile()); err != nil {
				return err
			}
		}
		after, err := r.root.contentHash()
		if err != nil {
			return err
		}
		if after != before {
			return fmt.Errorf("the rendered files changed while terraform was planning: plan again")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	stamp := &Stamp{
		Format:      stampFormat,
		ContentHash: before,
		Destroy:     opts.Destroy,
		HasChanges:  res.HasChanges,
		Cloud:       r.root.cloud,
		Offline:     r.cfg.Offline,
		Terraform:   r.tfVer.String(),
		Created:     time.Now().UTC().Truncate(time.Second),
	}
	if r.root.cloud {
		return res, r.writeStamp(stamp)
	}

	res.PlanFile, res.PlanJSONFile = r.PlanFile(), r.PlanJSONFile()
	err = r.step(ctx, "show", func(ctx context.Context) error {
		var raw bytes.Buffer
		tf := r.terraform(&raw)
		var sopts []tfexec.ShowOption
		for _, o := range servers.options() {
			sopts = append(sopts, o)
		}
		if _, err := tf.ShowPlanFile(ctx, r.PlanFile(), sopts...); err != nil {
			return err
		}
		red, err := redactPlanJSON(raw.Bytes(), r.root.variables, vars.secrets)
		if err != nil {
			return err
		}
		var p tfjson.Plan
		if err := p.UnmarshalJSON(red); err != nil {
			return fmt.Errorf("reading the redacted plan back: %w", err)
		}
		res.Plan = &p
		res.Summary = Summarize(&p)
		if err := writeFile(r.PlanJSONFile(), red, 0o600); err != nil {
			return err
		}
		sum := sha256.Sum256(red)
		stamp.PlanJSONSHA256 = hex.EncodeToString(sum[:])
		stamp.PlanSHA256 = planSum
		// The JSON must have been read from the plan the stamp names.
		if now, err := fileSum(r.PlanFile()); err != nil || now != planSum {
			return fmt.Errorf("the plan file %s changed while it was read back: plan again", r.PlanFile())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	if opts.Check == nil {
		r.skip("check", "no policy gate configured")
	} else {
		err = r.step(ctx, "check", func(ctx context.Context) error {
			passed, err := opts.Check(r.PlanJSONFile())
			res.Check = CheckResult{Run: true, Passed: passed && err == nil}
			if err != nil {
				res.Check.Error = err.Error()
			}
			return err
		})
		stamp.Check = res.Check
	}
	if werr := r.writeStamp(stamp); werr != nil && err == nil {
		err = r.stepError("stamp", werr)
	}
	if err != nil {
		return res, err
	}
	return res, nil
}

func (r *Runner) writeStamp(s *Stamp) error {
	key, err := r.stampKey()
	if err != nil {
		return err
	}
	if s.MAC, err = stampMAC(key, r.dir, *s); err != nil {
		return err
	}
	return writeJSON(r.StampFile(), s, 0o644)
}

// stampKey loads the stamp key once per Runner.
func (r *Runner) stampKey() ([]byte, error) {
	if r.key != nil {
		return r.key, nil
	}
	path, err := r.cfg.stampKeyFile()
	if err != nil {
		return nil, err
	}
	if r.key, err = loadStampKey(path); err != nil {
		return nil, err
	}
	return r.key, nil
}

func (r *Runner) lockTimeout() string {
	return fmt.Sprintf("%ds", int(r.cfg.LockTimeout/time.Second))
}
