package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfrun"
)

const outputUsage = `[-env dev|prod|all] [-json] [NAME]

Prints an environment's outputs (the values the app repositories' CI
needs). A sensitive output is never printed: it shows as (sensitive); read
it with terraform itself where you must. With NAME, prints that output's
value alone (a string without quotes), for scripts.

Exit codes:
  0  printed
  1  error, unknown NAME, or NAME is sensitive

flags:`

func init() {
	register(command{name: "output", summary: "print an environment's outputs (never a sensitive one)", run: runOutput})
}

func runOutput(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("output", outputUsage, stderr)
	common := addRunFlags(fs)
	asJSON := fs.Bool("json", false, "print the outputs as one JSON object (per environment with -env all)")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	name := fs.Arg(0)
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "moochat output: unexpected argument %q\n", fs.Arg(1))
		return 1
	}
	envs, err := common.envs()
	if err != nil {
		fmt.Fprintf(stderr, "moochat output: %v\n", err)
		return 1
	}
	if name != "" && len(envs) > 1 {
		fmt.Fprintln(stderr, "moochat output: NAME needs a single -env")
		return 1
	}
	ctx, stop := interruptContext(stderr)
	defer stop()
	var mu sync.Mutex
	all := map[string]map[string]any{}
	errs := common.each(ctx, "output", envs, stdout, stderr, func(ctx context.Context, r *tfrun.Runner, p *printer) error {
		outs, err := r.Output(ctx)
		if err != nil {
			return err
		}
		env := envName(r)
		if name != "" {
			o, ok := outs[name]
			switch {
			case !ok:
				return fmt.Errorf("%s: no output %q", env, name)
			case o.Sensitive:
				return fmt.Errorf("%s: output %q is sensitive; moochat does not print it", env, name)
			}
			var s string
			if json.Unmarshal(o.Value, &s) == nil {
				p.printf("%s\n", s)
			} else {
				p.printf("%s\n", o.Value)
			}
			return nil
		}
		vals := map[string]any{}
		for k, o := range outs {
			if o.Sensitive {
				vals[k] = "(sensitive)"
			} else {
				vals[k] = json.RawMessage(o.Value)
			}
		}
		if *asJSON {
			mu.Lock()
			all[env] = vals
			mu.Unlock()
			return nil
		}
		keys := make([]string, 0, len(vals))
		for k := range vals {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := vals[k]
			if raw, ok := v.(json.RawMessage); ok {
				v = string(raw)
			}
			p.printf("%s = %s\n", k, v)
		}
		return nil
	})
	if *asJSON && len(errs) == 0 {
		var v any = all
		if len(envs) == 1 {
			v = all[envs[0]]
		}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "moochat output: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", b)
	}
	if c := interruptedCode(errs); c != 0 {
		return c
	}
	if len(errs) > 0 {
		return 1
	}
	return 0
}
