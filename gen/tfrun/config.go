package tfrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfcli"
)

// DefaultTerraformVersion is the terraform release installed when none is
// found; the blueprints' required_version admits it.
const DefaultTerraformVersion = "1.11.4"

// WorkDirName is the directory, inside a root module, that holds the
// runner's files: the saved plan, its JSON, its stamp, the CLI
// configuration and the init record. Git ignores it.
const WorkDirName = ".moochat"

// Config holds the runner's settings. The zero value is usable: every
// default is written in [Config.withDefaults].
type Config struct {
	// TerraformPath is the terraform binary. Empty means TF_BIN, then
	// terraform on PATH, then an install of TerraformVersion.
	TerraformPath string
	// TerraformVersion is the release to install when none is found.
	// Default DefaultTerraformVersion.
	TerraformVersion string
	// NoInstall forbids installing terraform when none is found.
	NoInstall bool
	// InstallDir receives an installed terraform. Default
	// <user cache dir>/moochat/terraform/<version>.
	InstallDir string
	// Install installs terraform version v into dir and returns the binary's
	// path. Default: hc-install from releases.hashicorp.com.
	Install func(ctx context.Context, v *version.Version, dir string) (string, error)

	// PluginMirror is a filesystem provider mirror. Empty means
	// tfcli.FindMirror (MOOCHAT_PLUGIN_MIRROR, then known places); "-"
	// means none: providers come from the registry.
	PluginMirror string
	// PluginCacheDir is terraform's shared plugin cache. Default
	// <user cache dir>/moochat/plugin-cache; "-" means none.
	PluginCacheDir string

	// Environ is the environment terraform starts from. Default
	// os.Environ(). TF_VAR_* values in it are passed through a var file
	// (terraform-exec refuses them in the environment); variables that
	// terraform-exec manages itself (TF_LOG, TF_CLI_ARGS, ...) are dropped.
	Environ []string
	// Vars are extra input variable values, written as TF_VAR_<name> would
	// carry them: a string, or HCL for a list, map or object.
	Vars map[string]string
	// NoSharedProviders makes plan and show -json start providers
	// themselves, as plain terraform does, instead of sharing providers
	// the runner started once (see providers.go).
	NoSharedProviders bool
	// Offline plans without cloud credentials: dummy AWS keys in the
	// environment, the values of the root's offline.tfvars (which switch
	// the provider's account and credential checks off), and a throwaway
	// random value for every sensitive variable without a default that is
	// not given otherwise. See offline.go.
	Offline bool

	// Output receives terraform's own output, line by line, as it runs.
	// Default io.Discard.
	Output io.Writer
	// OnStep is told when a step starts, ends, is skipped, or has been
	// running without output for Heartbeat. It may be called from several
	// goroutines when several runners share it.
	OnStep func(StepEvent)
	// Heartbeat is how long a step may run without output before OnStep
	// hears that it is still running. Default 15s.
	Heartbeat time.Duration

	// WaitDelay is how long terraform gets, after the context is cancelled
	// and it has been sent an interrupt, to release the lock and exit
	// before it is killed. Default 10m: an interrupted apply waits for the
	// operations in flight, and killing it would lose their state.
	WaitDelay time.Duration
	// LockTimeout is terraform's -lock-timeout. Default 0: a second run on
	// a locked state fails at once with the lock holder's details.
	LockTimeout time.Duration
	// Parallelism is terraform's -parallelism. Default 10.
	Parallelism int
	// StampKeyFile is the key plan stamps are authenticated with. Default
	// $MOOCHAT_STAMP_KEY, then <user config dir>/moochat/stamp.key, made
	// on first use.
	StampKeyFile string
}

func (c Config) withDefaults() Config {
	if c.TerraformVersion == "" {
		c.TerraformVersion = DefaultTerraformVersion
	}
	cache, _ := os.UserCacheDir()
	if cache == "" {
		cache = os.TempDir()
	}
	if c.InstallDir == "" {
		c.InstallDir = filepath.Join(cache, "moochat", "terraform", c.TerraformVersion)
	}
	if c.Install == nil {
		c.Install = hcInstall
	}
	if c.PluginCacheDir == "" {
		c.PluginCacheDir = filepath.Join(cache, "moochat", "plugin-cache")
	}
	if c.Environ == nil {
		c.Environ = os.Environ()
	}
	if c.Output == nil {
		c.Output = io.Discard
	}
	if c.Heartbeat == 0 {
		c.Heartbeat = 15 * time.Second
	}
	if c.WaitDelay == 0 {
		c.WaitDelay = 10 * time.Minute
	}
	if c.Parallelism == 0 {
		c.Parallelism = 10
	}
	return c
}

// Runner runs terraform in one root module directory. Its methods are not
// safe for concurrent use; use one Runner per root module.
type Runner struct {
	cfg             Config
	dir             string // absolute root module directory
	name            string // base name of dir: the environment
	work            string // dir/.moochat
	root            *rootConfig
	tfPath          string
	tf              *tfexec.Terraform
	tfVer           *version.Version
	cliConf         string            // path of the generated CLI configuration
	shim            bool              // terraform-exec starts terraform through the shim
	tokens          map[string]string // host -> token, from the user's CLI configuration
	varContent      string            // variable values handed to the next call through the shim
	usesPluginCache bool

	key     []byte       // stamp key, loaded on first use
	locked  int          // depth of exclusive calls holding the environment lock
	lastOut atomic.Int64 // when terraform last wrote output, in UnixNano
	mu      sync.Mutex
	timings []Timing
}

// Open prepares a Runner for the root module in dir: it reads the
// configuration, finds (or installs) terraform, checks its version and
// writes the CLI configuration.
func Open(ctx context.Context, dir string, cfg Config) (*Runner, error) {
	cfg = cfg.withDefaults()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r := &Runner{cfg: cfg, dir: abs, name: filepath.Base(abs), work: filepath.Join(abs, WorkDirName)}
	err = r.step(ctx, "open", func(ctx context.Context) error {
		st, err := os.Stat(abs)
		if err != nil {
			return fmt.Errorf("root module: %w (render it first: moochat gen)", err)
		}
		if !st.IsDir() {
			return fmt.Errorf("root module %s is not a directory", abs)
		}
		if r.root, err = readRoot(abs); err != nil {
			return err
		}
		if r.tfPath, err = r.findTerraform(ctx); err != nil {
			return err
		}
		launchedPaths.Store(r.tfPath, true)
		if err := r.writeCLIConfig(); err != nil {
			return err
		}
		execPath := r.tfPath
		if self, ok := shimAvailable(); ok {
			execPath, r.shim = self, true
			launchedPaths.Store(self, true)
		}
		if r.tf, err = tfexec.NewTerraform(abs, execPath); err != nil {
			return err
		}
		if err := r.tf.SetEnv(r.environ()); err != nil {
			return err
		}
		if err := r.tf.SetWaitDelay(r.cfg.WaitDelay); err != nil {
			return err
		}
		// terraform-exec asks for the version before commands that depend
		// on it and caches the answer: ask once, here, with the output
		// going nowhere.
		r.tf.SetStdout(io.Discard)
		if r.tfVer, _, err = r.tf.Version(ctx, false); err != nil {
			return fmt.Errorf("%s version: %w", r.tfPath, err)
		}
		return r.root.checkVersion(r.tfPath, r.tfVer)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Dir returns the root module directory.
func (r *Runner) Dir() string { return r.dir }

// WorkDir returns the directory holding the runner's files.
func (r *Runner) WorkDir() string { return r.work }

// TerraformPath returns the terraform binary in use.
func (r *Runner) TerraformPath() string { return r.tfPath }

// TerraformVersion returns the version of the terraform binary in use.
func (r *Runner) TerraformVersion() *version.Version { return r.tfVer }

// Cloud reports whether the root module runs in HCP Terraform (a cloud
// block, or the remote backend): plans and applies are remote runs.
func (r *Runner) Cloud() bool { return r.root.cloud }

// PlanFile, PlanJSONFile and StampFile are where Plan saves its results.
func (r *Runner) PlanFile() string     { return filepath.Join(r.work, "plan.tfplan") }
func (r *Runner) PlanJSONFile() string { return filepath.Join(r.work, "plan.json") }
func (r *Runner) StampFile() string    { return filepath.Join(r.work, "plan.stamp.json") }

func (r *Runner) cliConfigFile() string  { return filepath.Join(r.work, "cli.tfrc") }
func (r *Runner) initRecordFile() string { return filepath.Join(r.work, "init.json") }

// terraformPIDFile holds the pid of the last terraform started through the
// shim, so that a run after a killed moochat can tell whether that
// terraform is still finishing.
func (r *Runner) terraformPIDFile() string { return filepath.Join(r.work, "terraform.pid") }

// Timings returns how long each step run so far took, in order.
func (r *Runner) Timings() []Timing {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Timing(nil), r.timings...)
}

// writeCLIConfig writes the CLI configuration terraform reads through
// TF_CLI_CONFIG_FILE. A configuration the environment names and that
// exists is kept, as the base of the generated one; one that names nothing
// is ignored.
func (r *Runner) writeCLIConfig() error {
	mirror := r.cfg.PluginMirror
	switch mirror {
	case "-":
		mirror = ""
	case "":
		m, err := tfcli.FindMirror()
		if err != nil {
			return err
		}
		mirror = m
	}
	cache := r.cfg.PluginCacheDir
	if cache == "-" {
		cache = ""
	}
	if cache != "" {
		// A read-only HOME (or cache directory) must not stop every
		// command: terraform then runs without a shared plugin cache.
		if err := os.MkdirAll(cache, 0o755); err != nil {
			r.emit(StepEvent{Step: "open", Kind: StepNotice, Reason: fmt.Sprintf(
				"no shared plugin cache (%v): set XDG_CACHE_HOME to a writable directory to share providers between runs", err)})
			cache = ""
		}
	}
	var base string
	if p := envValue(r.cfg.Environ, "TF_CLI_CONFIG_FILE"); p != "" {
		if b, err := os.ReadFile(p); err == nil {
			kept, tokens, err := splitCredentials(b, p)
			if err != nil {
				return err
			}
			base, r.tokens = kept, tokens
		}
	}
	conf := tfcli.Config{Mirror: mirror, PluginCacheDir: cache, Base: base}
	path, err := conf.Write(r.cliConfigFile())
	if err != nil {
		return fmt.Errorf("writing CLI configuration: %w", err)
	}
	r.cliConf = path
	r.usesPluginCache = conf.UsesPluginCache()
	return nil
}

// terraform returns the terraform-exec handle on the root module, with
// terraform's output streamed to w (nil: Config.Output). terraform's stderr
// carries its diagnostics; terraform-exec puts them in the returned error,
// which names the step, so they are not streamed twice.
func (r *Runner) terraform(w io.Writer) *tfexec.Terraform {
	if w == nil {
		w = r.cfg.Output
	}
	r.tf.SetStdout(activityWriter{w: &dumpFilter{w: w}, last: &r.lastOut})
	return r.tf
}

// environ is the environment terraform runs with: Config.Environ without
// the variables terraform-exec manages, without TF_VAR_* (they travel in
// the var file) and with the generated CLI configuration.
func (r *Runner) environ() map[string]string {
	env := map[string]string{}
	for _, kv := range r.cfg.Environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		env[k] = v
	}
	env = tfexec.CleanEnv(env)
	if r.cfg.Offline {
		for k, v := range offlineEnv {
			if _, set := env[k]; !set {
				env[k] = v
			}
		}
	}
	for host, token := range r.tokens {
		// The credentials blocks of the user's CLI configuration reach
		// terraform this way, never through the copy written to disk.
		if k := tokenEnvName(host); env[k] == "" {
			env[k] = token
		}
	}
	env["TF_CLI_CONFIG_FILE"] = r.cliConf
	env["CHECKPOINT_DISABLE"] = "1"
	for k := range env {
		if strings.HasPrefix(k, "MOOCHAT_TFRUN_") {
			delete(env, k)
		}
	}
	if r.shim {
		env[shimExecEnv] = r.tfPath
		env[shimParentEnv] = strconv.Itoa(os.Getpid())
		env[shimPIDEnv] = r.terraformPIDFile()
		if r.varContent != "" {
			env[shimVarsEnv] = r.varContent
		}
	}
	return env
}

func envValue(environ []string, key string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// StepError is a failed step: which root module, which step, and
// terraform's error with its diagnostics.
type StepError struct {
	Dir  string
	Step string
	Err  error
}

func (e *StepError) Error() string {
	msg := strings.TrimSpace(e.Err.Error())
	return fmt.Sprintf("%s: %s: %s", filepath.Base(e.Dir), e.Step, msg)
}

func (e *StepError) Unwrap() error { return e.Err }

// Interrupted reports whether err comes from a cancelled context, that is
// from an interrupt.
func Interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
