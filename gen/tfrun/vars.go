package tfrun

import (
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// varFile is a -var-file the runner wrote for one terraform call.
type varFile struct {
	path    string   // "" when there are no values to pass
	secrets []string // values of variables declared sensitive
}

func (v varFile) remove() {
	if v.path != "" {
		os.Remove(v.path)
	}
}

// writeVarFile writes the input variable values terraform needs into a
// file only its owner can read, inside the runner's directory:
// TF_VAR_<name> values from the environment (terraform-exec refuses to
// pass them itself) and Config.Vars. Only variables the root module
// declares are written, as terraform would ignore the others.
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
	return vf, nil
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
