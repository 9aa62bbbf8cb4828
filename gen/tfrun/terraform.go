package tfrun

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/product"
	"github.com/hashicorp/hc-install/releases"
)

// BinEnv names the environment variable that points at the terraform
// binary to use.
const BinEnv = "TF_BIN"

// NotFoundError says terraform is nowhere to be found and could not be
// installed, and what to do about it.
type NotFoundError struct {
	Looked     string // where the runner looked
	InstallErr error  // why installing failed; nil when installing was off
	Version    string // the version to install
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform not found (%s)", e.Looked)
	if e.InstallErr != nil {
		fmt.Fprintf(&b, " and installing terraform %s failed: %v", e.Version, e.InstallErr)
	}
	fmt.Fprintf(&b, ".\nInstall terraform %s: download it from https://developer.hashicorp.com/terraform/install "+
		"(or https://releases.hashicorp.com/terraform/%s/), unzip it into a directory on PATH, "+
		"or set %s=/path/to/terraform", e.Version, e.Version, BinEnv)
	return b.String()
}

// findTerraform finds terraform and its version: Config.TerraformPath,
// TF_BIN, PATH, an earlier install, then a new install.
func (r *Runner) findTerraform(ctx context.Context) (string, error) {
	path, looked, err := r.locate()
	if err != nil || path != "" {
		return path, err
	}
	if r.cfg.NoInstall {
		return "", &NotFoundError{Looked: looked, Version: r.cfg.TerraformVersion}
	}
	v, err := version.NewVersion(r.cfg.TerraformVersion)
	if err != nil {
		return "", fmt.Errorf("terraform version to install: %w", err)
	}
	ictx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	path, err = r.cfg.Install(ictx, v, r.cfg.InstallDir)
	if err != nil {
		return "", &NotFoundError{Looked: looked, InstallErr: err, Version: r.cfg.TerraformVersion}
	}
	return path, nil
}

// locate returns the terraform binary to use, or "" and where it looked.
func (r *Runner) locate() (string, string, error) {
	if p := r.cfg.TerraformPath; p != "" {
		return p, "", checkExecutable(p, "TerraformPath")
	}
	if p := envValue(r.cfg.Environ, BinEnv); p != "" {
		return p, "", checkExecutable(p, BinEnv)
	}
	pathList := envValue(r.cfg.Environ, "PATH")
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, "terraform")
		if checkExecutable(p, "PATH") == nil {
			return p, "", nil
		}
	}
	installed := filepath.Join(r.cfg.InstallDir, "terraform")
	if checkExecutable(installed, "") == nil {
		return installed, "", nil
	}
	return "", fmt.Sprintf("%s is not set, no terraform on PATH, none installed in %s", BinEnv, r.cfg.InstallDir), nil
}

func checkExecutable(p, from string) error {
	st, err := os.Stat(p)
	if err == nil && st.IsDir() {
		err = errors.New("is a directory")
	}
	if err == nil && st.Mode()&0o111 == 0 {
		err = errors.New("not executable")
	}
	if err != nil {
		return fmt.Errorf("terraform from %s: %s: %w", from, p, err)
	}
	return nil
}

// hcInstall installs terraform v from releases.hashicorp.com into dir,
// verifying its signature and checksum.
func hcInstall(ctx context.Context, v *version.Version, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// A quick look first, so that an offline machine says so in seconds.
	if err := probe(ctx, "https://releases.hashicorp.com/terraform/index.json"); err != nil {
		return "", fmt.Errorf("releases.hashicorp.com is unreachable (offline?): %w", err)
	}
	ev := &releases.ExactVersion{Product: product.Terraform, Version: v, InstallDir: dir}
	return ev.Install(ctx)
}

func probe(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
