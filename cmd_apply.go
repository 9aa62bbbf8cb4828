package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfrun"
)

const applyUsage = `[-env dev|prod|all] [flags]

Applies the plan 'moochat plan' saved for each environment, and nothing
else. It refuses when there is no saved plan, when the rendered files
changed since the plan was made (or the plan was made from other files),
when the plan's JSON cannot be read, or when the policy check failed or was
not run, when the plan was made offline, or when its stamp is not
authentic. A plan is used once. A second moochat run on an environment
while one runs fails at once: the environment is busy.

In HCP Terraform (a cloud block), apply checks the rendered files against
the last plan and starts a remote run, which HCP Terraform plans again and
checks with the workspace's policy sets before it applies.

Exit codes:
  0  applied (or the plan had no changes)
  1  error
  3  refused: no plan, stale plan, or the policy check did not pass
  130 interrupted (terraform was asked to stop and released the lock)

flags:`

func init() {
	register(command{name: "apply", summary: "apply the saved, checked plan of an environment", run: runApply})
}

func runApply(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("apply", applyUsage, stderr)
	common := addRunFlags(fs)
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "moochat apply: unexpected argument %q\n", fs.Arg(0))
		return 1
	}
	envs, err := common.envs()
	if err != nil {
		fmt.Fprintf(stderr, "moochat apply: %v\n", err)
		return 1
	}
	ctx, stop := interruptContext(stderr)
	defer stop()
	errs := common.each(ctx, "apply", envs, stdout, stderr, func(ctx context.Context, r *tfrun.Runner, p *printer) error {
		res, err := r.Apply(ctx, tfrun.ApplyOptions{})
		if err != nil {
			return err
		}
		switch {
		case res.Applied:
			p.printf("applied\n")
		default:
			p.printf("the plan had no changes: nothing applied\n")
		}
		return nil
	})
	return applyCode(errs)
}

// applyCode is the exit code of apply and destroy.
func applyCode(errs map[string]error) int {
	if c := interruptedCode(errs); c != 0 {
		return c
	}
	code := 0
	for _, err := range errs {
		var refused *tfrun.RefusedError
		if errors.As(err, &refused) {
			if code == 0 {
				code = 3
			}
			continue
		}
		code = 1
	}
	return code
}
