package main

import (
	"context"
	"fmt"
	"io"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfrun"
)

const validateUsage = `[-env dev|prod|all] [-no-render] [flags]

Renders the blueprints (unless -no-render) and runs terraform validate on
each environment's root module, after an init when one is needed (without
the backend for an HCP Terraform configuration, so it works offline).

Exit codes:
  0  valid
  1  invalid, or error
  130 interrupted

flags:`

func init() {
	register(command{name: "validate", summary: "terraform validate the rendered environments", run: runValidate})
}

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("validate", validateUsage, stderr)
	common := addRunFlags(fs)
	noRender := fs.Bool("no-render", false, "validate the files in out/ as they are, without rendering the blueprints first")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "moochat validate: unexpected argument %q\n", fs.Arg(0))
		return 1
	}
	if !*noRender && renderHook != nil {
		if err := renderHook(*common.out, stderr); err != nil {
			fmt.Fprintf(stderr, "moochat validate: render: %v\n", err)
			return 1
		}
	}
	envs, err := common.envs()
	if err != nil {
		fmt.Fprintf(stderr, "moochat validate: %v\n", err)
		return 1
	}
	ctx, stop := interruptContext(stderr)
	defer stop()
	errs := common.each(ctx, "validate", envs, stdout, stderr, func(ctx context.Context, r *tfrun.Runner, p *printer) error {
		res, err := r.Validate(ctx)
		if err != nil {
			return err
		}
		if n := len(res.Diagnostics); n > 0 {
			p.printf("valid, with %d warning(s):\n", n)
			for _, d := range res.Diagnostics {
				p.printf("  %s: %s\n", d.Severity, d.Summary)
			}
			return nil
		}
		p.printf("valid\n")
		return nil
	})
	if c := interruptedCode(errs); c != 0 {
		return c
	}
	if len(errs) > 0 {
		return 1
	}
	return 0
}
