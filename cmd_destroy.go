package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfrun"
)

const destroyUsage = `[-env dev|prod|all] [-auto-approve] [flags]

Plans the destruction of everything in an environment, prints the plan
(every resource to destroy by name) and, once confirmed, applies exactly
that saved destroy plan. Confirm by typing the environment's name, or pass
-auto-approve. An unconfirmed destroy plan is never applied by 'moochat
apply'.

Exit codes:
  0  destroyed (or nothing to destroy)
  1  error
  3  not confirmed
  130 interrupted (terraform was asked to stop and released the lock)

flags:`

func init() {
	register(command{name: "destroy", summary: "destroy an environment through a shown, confirmed destroy plan", run: runDestroy})
}

func runDestroy(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("destroy", destroyUsage, stderr)
	common := addRunFlags(fs)
	autoApprove := fs.Bool("auto-approve", false, "destroy without asking")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "moochat destroy: unexpected argument %q\n", fs.Arg(0))
		return 1
	}
	envs, err := common.envs()
	if err != nil {
		fmt.Fprintf(stderr, "moochat destroy: %v\n", err)
		return 1
	}
	if len(envs) > 1 && !*autoApprove {
		fmt.Fprintln(stderr, "moochat destroy: -env all needs -auto-approve")
		return 1
	}
	ctx, stop := interruptContext(stderr)
	defer stop()
	declined := false
	errs := common.each(ctx, "destroy", envs, stdout, stderr, func(ctx context.Context, r *tfrun.Runner, p *printer) error {
		env := envName(r)
		res, err := r.Destroy(ctx, tfrun.DestroyOptions{Confirm: func(plan *tfrun.PlanResult) bool {
			if plan.Cloud {
				p.printf("remote destroy plan in HCP Terraform: %s\n", changesWord(plan.HasChanges))
			} else {
				p.printf("destroy plan:\n")
				plan.Summary.WriteText(p)
			}
			if *autoApprove {
				return true
			}
			return confirm(stderr, env)
		}})
		if err != nil {
			return err
		}
		switch {
		case !res.Confirmed:
			declined = true
			p.printf("not confirmed: nothing destroyed\n")
		case res.Applied:
			p.printf("destroyed\n")
		default:
			p.printf("nothing to destroy\n")
		}
		return nil
	})
	if code := applyCode(errs); code != 0 {
		return code
	}
	if declined {
		return 3
	}
	return 0
}

func envName(r *tfrun.Runner) string {
	d := r.Dir()
	return d[strings.LastIndexAny(d, `/\`)+1:]
}

// confirm asks for the environment's name on the terminal.
func confirm(stderr io.Writer, env string) bool {
	if !isTerminal(os.Stdin.Fd()) {
		fmt.Fprintln(stderr, "moochat destroy: stdin is not a terminal; pass -auto-approve to destroy without asking")
		return false
	}
	fmt.Fprintf(stderr, "Destroy every resource above in %s? Type the environment's name to confirm: ", env)
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	return strings.TrimSpace(line) == env
}
