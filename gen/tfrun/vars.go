package tfrun

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// varFile is a -var-file the runner made for one terraform call.
type varFile struct {
	path    string   // "" when there are no values to pass
	secrets []string // values of variables declared sensitive
	done    func()   // forgets the values once the call is over
}

func (v varFile) remove() {
	if v.done != nil {
		v.done()
	}
}

// writeVarFile hands terraform the input variable values it needs:
// TF_VAR_<name> values from the environment (terraform-exec refuses to
// pass them itself), the offline values and Config.Vars. Only variables
// the root module declares are passed, as terraform would ignore the
// others. They travel as a -var-file, which keeps -var-file's precedence
// over *.auto.tfvars; through the shim (see shim_linux.go) that file is a
// memory file terraform reads at /dev/fd/N and nothing reaches a disk.
// Without the shim it is a file only its owner can read, removed after
// the call and, should moochat be killed, at the start of the next run.
func (r *Runner) writeVarFile() (varFile, error) {
	values := map[string]string{}
	for _, kv := range r.cfg.Environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(k, "TF_VAR_") {
			values[strings.TrimPrefix(k, "TF_VAR_")] = v
		}
	}
	if r.cfg.Offline {
		offline, err := r.offlineVars(values)
		if err != nil {
			return varFile{}, err
		}
		for k, v := range offline {
			values[k] = v
		}
	}
	for k, v := range r.cfg.Vars {
		values[k] = v
	}
	var names []string
	for k := range values {
		if _, declared := r.root.variables[k]; declared {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return varFile{}, nil
	}
	sort.Strings(names)
	f := hclwrite.NewEmptyFile()
	var vf varFile
	for _, name := range names {
		raw := values[name]
		if r.root.variables[name] {
			vf.secrets = append(vf.secrets, raw)
		}
		f.Body().SetAttributeRaw(name, valueTokens(raw))
	}
	// An environment string has a kernel limit (128 KiB); bigger values
	// take the file route.
	if r.shim && len(f.Bytes()) < 96<<10 {
		r.varContent = string(f.Bytes())
		if err := r.tf.SetEnv(r.environ()); err != nil {
			return varFile{}, err
		}
		vf.path = fmt.Sprintf("/dev/fd/%d", shimVarFD)
		vf.done = func() {
			r.varContent = ""
			r.tf.SetEnv(r.environ())
		}
		return vf, nil
	}
	if err := os.MkdirAll(r.work, 0o755); err != nil {
		return varFile{}, err
	}
	tmp, err := os.CreateTemp(r.work, "vars-*.tfvars")
	if err != nil {
		return varFile{}, err
	}
	// CreateTemp makes the file 0600: the values never sit readable.
	_, werr := tmp.Write(f.Bytes())
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return varFile{}, werr
	}
	vf.path = tmp.Name()
	vf.done = func() { os.Remove(vf.path) }
	return vf, nil
}

// removeStaleVarFiles removes var files a killed run left behind: they
// hold secrets in clear.
func (r *Runner) removeStaleVarFiles() {
	old, _ := filepath.Glob(filepath.Join(r.work, "vars-*.tfvars"))
	for _, p := range old {
		os.Remove(p)
	}
}

// valueTokens writes a value as TF_VAR_ would carry it: a list, map or
// object written in HCL stays HCL; anything else is a string.
func valueTokens(raw string) hclwrite.Tokens {
	trimmed := strings.TrimSpace(raw)
	if strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "{") {
		if _, diags := hclsyntax.ParseExpression([]byte(trimmed), "value", hcl.InitialPos); !diags.HasErrors() {
			toks, diags := hclwrite.ParseConfig([]byte("v = "+trimmed+"\n"), "value", hcl.InitialPos)
			if !diags.HasErrors() {
				if a := toks.Body().GetAttribute("v"); a != nil {
					return a.Expr().BuildTokens(nil)
				}
			}
		}
	}
	return hclwrite.TokensForValue(cty.StringVal(raw))
}
