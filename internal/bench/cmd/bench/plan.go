package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfcli"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

// terraformPlan times make plan's work, moochat plan of the dev
// environment (plan to a file, show -json, the policy check), against
// plain terraform plan of the same rendered files, both offline with the
// machine's provider mirror and both after an untimed first run that
// also initialised the directory. Each side plans its own copy of the
// committed out/ tree.
func (s *suite) terraformPlan() ([]bench.Row, error) {
	row := bench.Row{Workload: "plan of the dev environment", How: "process",
		Ours: bench.Side{Name: "moochat plan"}, Base: bench.Side{Name: "terraform plan"}}
	if _, err := exec.LookPath("terraform"); err != nil {
		row.Ours.Err = "terraform is not on PATH"
		return []bench.Row{row}, nil
	}
	mirror, err := tfcli.FindMirror()
	if err != nil || mirror == "" {
		row.Ours.Err = fmt.Sprintf("no provider mirror on this machine (%v): plans would need the registry", err)
		return []bench.Row{row}, nil
	}
	dir := filepath.Join(s.tmp, "plan")
	ls, err := exec.CommandContext(s.ctx, "git", "ls-files", "out").Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files out: %v", err)
	}
	for _, copyTo := range []string{"moochat", "plain"} {
		for _, f := range strings.Fields(string(ls)) {
			if err := copyFile(f, filepath.Join(dir, copyTo, f)); err != nil {
				return nil, err
			}
		}
	}
	cli, err := tfcli.Config{Mirror: mirror}.Write(filepath.Join(dir, "cli.tfrc"))
	if err != nil {
		return nil, err
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"AWS_ACCESS_KEY_ID=offline-plan", "AWS_SECRET_ACCESS_KEY=offline-plan", "AWS_EC2_METADATA_DISABLED=true"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "TF_") && !strings.HasPrefix(k, "AWS_") {
			env = append(env, kv)
		}
	}
	plain := filepath.Join(dir, "plain", "out", "envs", "dev")
	secrets := filepath.Join(dir, "secrets.tfvars")
	if err := writeSecrets(plain, secrets); err != nil {
		return nil, err
	}
	progress("terraform init of the plain copy")
	initCmd := exec.CommandContext(s.ctx, "terraform", "init", "-input=false", "-no-color")
	initCmd.Dir, initCmd.Env = plain, env
	if out, err := initCmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("terraform init: %v\n%s", err, out)
	}
	progress("moochat plan and terraform plan of the dev environment: %d runs each", s.plan.planRuns)
	base := func() *exec.Cmd {
		c := exec.CommandContext(s.ctx, "terraform", "plan", "-input=false", "-no-color",
			"-var-file=offline.tfvars", "-var-file="+secrets)
		c.Dir, c.Env = plain, env
		return c
	}
	ours := func() *exec.Cmd {
		c := exec.CommandContext(s.ctx, filepath.Join(s.bin, "moochat"), "plan", "-no-render", "-offline", "true",
			"-env", "dev", "-out", filepath.Join(dir, "moochat", "out"))
		c.Env = env
		return c
	}
	// moochat plan exits 2: changes planned, the policy check passed.
	smp, err := s.interleaved([]func() *exec.Cmd{base, ours}, [][]int{{0}, {2}}, []int{s.plan.planRuns, s.plan.planRuns}, true)
	if err != nil {
		return nil, err
	}
	row.Ours.Stats, row.Base.Stats = bench.Summarize(smp[1]), bench.Summarize(smp[0])
	row.Note = "moochat plan also saves the plan, reads it back with show -json and runs the policy check"
	return []bench.Row{row}, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// writeSecrets gives every sensitive variable of the root without a
// default a throwaway value, as moochat plan -offline does, in a var file
// outside the configuration.
func writeSecrets(root, path string) error {
	files, err := filepath.Glob(filepath.Join(root, "*.tf"))
	if err != nil {
		return err
	}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}}
	var names []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() {
			return diags
		}
		content, _, diags := file.Body.PartialContent(schema)
		if diags.HasErrors() {
			return diags
		}
		for _, b := range content.Blocks {
			body, ok := b.Body.(*hclsyntax.Body)
			if !ok {
				continue
			}
			attrs := body.Attributes
			sensitive := false
			if a, ok := attrs["sensitive"]; ok {
				v, _ := a.Expr.Value(nil)
				sensitive = v.IsKnown() && v.True()
			}
			if _, hasDefault := attrs["default"]; sensitive && !hasDefault {
				names = append(names, b.Labels[0])
			}
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		// Hex, as moochat's own throwaway values: long enough for a length
		// validation, and plainly not a real secret.
		fmt.Fprintf(&b, "%s = %q\n", n, "0123456789abcdef0123456789abcdef")
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}
