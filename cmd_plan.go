package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfcli"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfrun"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

// renderHook renders every blueprint into out before a plan; cmd_gen.go
// sets it. While it is nil, plan uses out/ as it is.
var renderHook func(out string, stderr io.Writer) error

const planUsage = `[-env dev|prod|all] [-no-render] [flags]

Renders the blueprints (unless -no-render), runs terraform init when
anything it depends on changed, plans each environment to a saved plan in
out/envs/<env>/.moochat/, reads it back, prints a summary per module
(destroys and replaces called out), saves the plan JSON (sensitive values
redacted) next to it and runs the policy check on it. 'moochat apply'
applies that saved plan and nothing else.

Exit codes (terraform's -detailed-exitcode convention):
  0  no changes
  2  changes planned (and the policy check passed)
  1  error (usage errors too)
  3  changes planned but the policy check failed: apply will refuse
  130 interrupted

flags:`

func init() {
	register(command{name: "plan", summary: "plan an environment to a saved, checked plan (exit 0 none, 2 changes, 1 error)", run: runPlan})
}

func runPlan(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("plan", planUsage, stderr)
	common := addRunFlags(fs)
	noRender := fs.Bool("no-render", false, "plan the files in out/ as they are, without rendering the blueprints first")
	gf := addGateFlags(fs)
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	if _, err := gf.gate(""); err != nil {
		fmt.Fprintf(stderr, "moochat plan: %v\n", err)
		return 1
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "moochat plan: unexpected argument %q\n", fs.Arg(0))
		return 1
	}
	envs, err := common.envs()
	if err != nil {
		fmt.Fprintf(stderr, "moochat plan: %v\n", err)
		return 1
	}
	if offline, err := common.isOffline(); err != nil {
		fmt.Fprintf(stderr, "moochat plan: %v\n", err)
		return 1
	} else if offline {
		fmt.Fprintln(stderr, "moochat plan: offline plan (no AWS credentials configured, or -offline=true): dummy keys, offline.tfvars, throwaway secrets")
	}
	if !*noRender {
		if renderHook == nil {
			fmt.Fprintln(stderr, "moochat plan: rendering is not wired in yet; planning out/ as it is")
		} else if err := renderHook(*common.out, stderr); err != nil {
			fmt.Fprintf(stderr, "moochat plan: render: %v\n", err)
			if err == errInterrupted {
				return 130
			}
			return 1
		}
		// Rendering may have added or removed environments.
		if envs, err = common.envs(); err != nil {
			fmt.Fprintf(stderr, "moochat plan: %v\n", err)
			return 1
		}
	}

	ctx, stop := interruptContext(stderr)
	defer stop()
	var mu sync.Mutex
	codes := map[string]int{}
	errs := common.each(ctx, "plan", envs, stdout, stderr, func(ctx context.Context, r *tfrun.Runner, p *printer) error {
		opts := tfrun.PlanOptions{}
		if !r.Cloud() {
			// The same gate as `moochat check`, with the environment's rendered waivers.
			g, _ := gf.gate(policy.EnvGate(r.Dir()).WaiverFile)
			g.ConfigDir = r.Dir()
			opts.Check = gateCheck(g, p)
		}
		res, err := r.Plan(ctx, opts)
		if err != nil {
			return err
		}
		code := 0
		if res.HasChanges {
			code = 2
		}
		switch {
		case res.Cloud:
			p.printf("remote plan in HCP Terraform: %s\n", changesWord(res.HasChanges))
		default:
			p.printf("plan summary:\n")
			res.Summary.WriteText(p)
			p.printf("saved plan: %s\nplan JSON:  %s\n", res.PlanFile, res.PlanJSONFile)
			switch {
			case !res.Check.Run:
				p.printf("policy check: not run (no gate configured): apply will refuse this plan\n")
			case res.Check.Passed:
				p.printf("policy check: passed\n")
			default:
				p.printf("policy check: FAILED: apply will refuse this plan\n")
				if res.HasChanges {
					code = 3
				}
			}
		}
		mu.Lock()
		codes[r.Dir()] = code
		mu.Unlock()
		return nil
	})
	if c := interruptedCode(errs); c != 0 {
		return c
	}
	if len(errs) > 0 {
		return 1
	}
	worst := 0
	for _, c := range codes {
		if c == 3 || (c == 2 && worst == 0) {
			worst = c
		}
	}
	return worst
}

func changesWord(changes bool) string {
	if changes {
		return "changes planned"
	}
	return "no changes"
}

// exitUsage is the exit code of a flag error: 0 for -help, 1 otherwise
// (2 means "changes" for plan).
func exitUsage(err error) int {
	if err == flagErrHelp {
		return 0
	}
	return 1
}

// The helpers below are shared by plan, apply, destroy, output and
// validate.

var flagErrHelp = flag.ErrHelp

// runFlags are the flags every terraform-driving command takes.
type runFlags struct {
	env      *string
	out      *string
	mirror   *string
	parallel *int
	offline  *string
}

func addRunFlags(fs *flag.FlagSet) *runFlags {
	return &runFlags{
		env:      fs.String("env", "dev", "environment: a directory under <out>/envs (dev, prod), or all"),
		out:      fs.String("out", "out", "directory the blueprints are rendered into"),
		mirror:   fs.String("plugin-mirror", "", "filesystem provider mirror (default $"+tfcli.MirrorEnv+", then the machine's own, else the registry)"),
		parallel: fs.Int("parallel", 2, "environments run at once with -env all"),
		offline: fs.String("offline", "auto", "plan without cloud credentials (dummy AWS keys, the root's offline.tfvars,\n"+
			"throwaway values for required secrets): true, false, or auto = when no AWS credentials are configured"),
	}
}

// isOffline resolves -offline.
func (f *runFlags) isOffline() (bool, error) {
	switch *f.offline {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "auto":
		return !awsCredentialsConfigured(), nil
	}
	return false, fmt.Errorf("-offline %q: want true, false or auto", *f.offline)
}

// awsCredentialsConfigured reports whether the AWS provider would find
// credentials: keys, a profile, web identity, a container role, or the
// shared credentials and config files.
func awsCredentialsConfigured() bool {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		if os.Getenv(k) != "" {
			return true
		}
	}
	home, _ := os.UserHomeDir()
	files := []string{os.Getenv("AWS_SHARED_CREDENTIALS_FILE"), os.Getenv("AWS_CONFIG_FILE")}
	if home != "" {
		files = append(files, filepath.Join(home, ".aws", "credentials"), filepath.Join(home, ".aws", "config"))
	}
	for _, f := range files {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err == nil {
			return true
		}
	}
	return false
}

// envs resolves -env to the environments' root module directories' names.
func (f *runFlags) envs() ([]string, error) {
	base := filepath.Join(*f.out, "envs")
	if *f.env != "all" {
		if strings.ContainsAny(*f.env, "/\\ \t\r\n") || *f.env == "" || strings.HasPrefix(*f.env, ".") {
			return nil, fmt.Errorf("-env %q: want an environment name (dev, prod; no slashes or spaces) or all", *f.env)
		}
		if st, err := os.Stat(filepath.Join(base, *f.env)); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("-env %q: no rendered environment %s (run 'moochat gen' first)", *f.env, filepath.Join(base, *f.env))
		}
		return []string{*f.env}, nil
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil, fmt.Errorf("-env all: %v (run 'moochat gen' first)", err)
	}
	var envs []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			envs = append(envs, e.Name())
		}
	}
	if len(envs) == 0 {
		return nil, fmt.Errorf("-env all: no environments under %s", base)
	}
	return envs, nil
}

func (f *runFlags) config(p *printer) tfrun.Config {
	offline, _ := f.isOffline()
	return tfrun.Config{
		PluginMirror: *f.mirror,
		Output:       p,
		OnStep:       p.step,
		Offline:      offline,
	}
}

// each opens a runner on every environment and runs fn on it, several at
// once, printing each one's failure (naming the environment and step) and
// timings. It returns the errors of the environments that failed.
func (f *runFlags) each(ctx context.Context, verb string, envs []string, stdout, stderr io.Writer,
	fn func(ctx context.Context, r *tfrun.Runner, p *printer) error) map[string]error {
	// A render killed half-way leaves a journal: complete it first, so
	// that terraform never reads a mixed tree.
	if rec, err := write.Recover(*f.out); err != nil {
		fmt.Fprintf(stderr, "moochat %s: %v\n", verb, err)
		return map[string]error{"": err}
	} else if rec.Recovered {
		fmt.Fprintf(stderr, "moochat %s: completed an interrupted render of %s first\n", verb, *f.out)
	}
	var mu sync.Mutex
	multi := len(envs) > 1
	errs := tfrun.Each(ctx, envs, *f.parallel, func(ctx context.Context, env string) error {
		p := &printer{mu: &mu, w: stdout, prefix: prefixFor(env, multi)}
		progress := &printer{mu: &mu, w: stderr, prefix: p.prefix}
		r, err := tfrun.Open(ctx, filepath.Join(*f.out, "envs", env), f.config(progress))
		if err == nil {
			err = fn(ctx, r, p)
			progress.timings(r.Timings())
		}
		if err != nil {
			progress.printf("moochat %s: %s\n", verb, strings.TrimSpace(err.Error()))
		}
		return err
	})
	for env, err := range errs {
		if err == nil {
			delete(errs, env)
		}
	}
	return errs
}

func prefixFor(env string, multi bool) string {
	if multi {
		return "[" + env + "] "
	}
	return ""
}

// printer writes whole lines, prefixed with the environment when several
// run at once, under a lock shared by every environment's printers.
type printer struct {
	mu     *sync.Mutex
	w      io.Writer
	prefix string
}

func (p *printer) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.prefix == "" {
		return p.w.Write(b)
	}
	s := strings.TrimSuffix(string(b), "\n")
	out := p.prefix + strings.ReplaceAll(s, "\n", "\n"+p.prefix) + "\n"
	if _, err := io.WriteString(p.w, out); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (p *printer) printf(format string, a ...any) {
	fmt.Fprintf(p, format, a...)
}

// step prints the runner's progress: a line per step, and a line when a
// step has been silent for a while.
func (p *printer) step(ev tfrun.StepEvent) {
	switch ev.Kind {
	case tfrun.StepStart:
		p.printf("==> %s\n", ev.Step)
	case tfrun.StepSkipped:
		p.printf("==> %s skipped: %s\n", ev.Step, ev.Reason)
	case tfrun.StepNotice:
		p.printf("==> %s: %s\n", ev.Step, ev.Reason)
	case tfrun.StepRunning:
		p.printf("... %s still running (%s)\n", ev.Step, ev.Elapsed.Round(time.Second))
	case tfrun.StepDone:
		if ev.Err != nil {
			p.printf("==> %s failed after %s\n", ev.Step, ev.Elapsed.Round(10*time.Millisecond))
		}
	}
}

// timings prints how long each step took.
func (p *printer) timings(ts []tfrun.Timing) {
	if len(ts) == 0 {
		return
	}
	var parts []string
	var total time.Duration
	for _, t := range ts {
		switch {
		case t.Skipped:
			parts = append(parts, t.Step+" skipped")
		case t.Failed:
			parts = append(parts, fmt.Sprintf("%s %s (failed)", t.Step, t.Duration.Round(10*time.Millisecond)))
		default:
			parts = append(parts, fmt.Sprintf("%s %s", t.Step, t.Duration.Round(10*time.Millisecond)))
		}
		total += t.Duration
	}
	p.printf("timings: %s; total %s\n", strings.Join(parts, ", "), total.Round(10*time.Millisecond))
}

// interruptContext is cancelled by the first Ctrl-C (SIGINT, SIGTERM, or
// SIGHUP when the terminal goes away): terraform-exec then interrupts
// terraform, which stops, releases the state lock and writes its state. A
// second one kills terraform.
func interruptContext(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		fmt.Fprintln(stderr, "\nmoochat: interrupt: asking terraform to stop; it releases the state lock and exits (Ctrl-C again to kill it)")
		cancel()
		select {
		case <-sigs:
		case <-done:
			return
		}
		n := tfrun.KillRunning()
		fmt.Fprintf(stderr, "\nmoochat: second interrupt: killed %d terraform process(es); the state may be locked: see 'terraform force-unlock'\n", n)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// interruptedCode is 130 when any environment was interrupted.
func interruptedCode(errs map[string]error) int {
	for _, err := range errs {
		if tfrun.Interrupted(err) {
			return 130
		}
	}
	return 0
}
