package tfrun

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// InitOptions tune Init.
type InitOptions struct {
	// NoBackend runs init with -backend=false: enough for validate, and the
	// only init possible offline for a cloud or remote backend.
	NoBackend bool
	// Force runs init even when nothing it depends on changed.
	Force bool
}

// InitResult says whether init ran.
type InitResult struct {
	Ran    bool
	Reason string // why it ran, or why it was skipped
}

// initRecord is written after a good init: what it was run on.
type initRecord struct {
	Fingerprint string `json:"fingerprint"`
	LockFile    string `json:"lock_file_sha256"` // "" when there is no lock file
}

// pluginCacheMu serialises inits that share terraform's plugin cache,
// which terraform does not guard against concurrent installs.
var pluginCacheMu sync.Mutex

// Init runs terraform init when something init depends on changed since
// the last good init: the terraform version, the CLI configuration, a
// terraform block (providers, backend, cloud), a module call, a provider a
// resource implies, the lock file, or the .terraform directory itself.
func (r *Runner) Init(ctx context.Context, opts InitOptions) (*InitResult, error) {
	var res *InitResult
	err := r.exclusive("init", func() error {
		var err error
		res, err = r.init(ctx, opts)
		return err
	})
	return res, err
}

func (r *Runner) init(ctx context.Context, opts InitOptions) (*InitResult, error) {
	fp := r.initFingerprint(!opts.NoBackend)
	reason := r.initNeeded(fp)
	if opts.Force {
		reason = "forced"
	}
	if reason == "" {
		res := &InitResult{Reason: "nothing init depends on changed since the last init"}
		r.skip("init", res.Reason)
		return res, nil
	}
	err := r.step(ctx, "init", func(ctx context.Context) error {
		if r.usesPluginCache {
			pluginCacheMu.Lock()
			defer pluginCacheMu.Unlock()
		}
		tf := r.terraform(nil)
		os.Remove(r.initRecordFile())
		if err := tf.Init(ctx, tfexec.Backend(!opts.NoBackend)); err != nil {
			return err
		}
		lock, err := lockFileSum(r.dir)
		if err != nil {
			return err
		}
		return writeJSON(r.initRecordFile(), initRecord{Fingerprint: fp, LockFile: lock}, 0o644)
	})
	if err != nil {
		return nil, err
	}
	return &InitResult{Ran: true, Reason: reason}, nil
}

// initFingerprint hashes what terraform init acts on.
func (r *Runner) initFingerprint(backend bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "terraform %s\n", r.tfVer)
	fmt.Fprintf(h, "backend %t\n", backend)
	if b, err := os.ReadFile(r.cliConf); err == nil {
		fmt.Fprintf(h, "cli-config %x\n", sha256.Sum256(b))
	}
	for _, in := range r.root.initInputs {
		fmt.Fprintln(h, in)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// initNeeded returns why init must run, or "" when it need not.
func (r *Runner) initNeeded(fp string) string {
	var rec initRecord
	if err := readJSON(r.initRecordFile(), &rec); err != nil {
		return "no record of a good init"
	}
	if rec.Fingerprint != fp {
		return "providers, modules, backend, CLI configuration or terraform changed"
	}
	if st, err := os.Stat(filepath.Join(r.dir, ".terraform")); err != nil || !st.IsDir() {
		if r.root.installs || rec.LockFile != "" {
			return ".terraform is missing"
		}
	}
	lock, err := lockFileSum(r.dir)
	if err != nil || lock != rec.LockFile {
		return "the dependency lock file changed"
	}
	return ""
}

func lockFileSum(dir string) (string, error) {
	sum, err := fileSum(filepath.Join(dir, ".terraform.lock.hcl"))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	return sum, err
}

func writeJSON(path string, v any, perm os.FileMode) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(b, '\n'), perm)
}

// writeFile writes atomically: a reader sees the old file or the new one.
func writeFile(path string, b []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	cerr := f.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp, perm)); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
