package tfrun

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// OfflineVarsFile is the file in a root module that holds the input values
// an offline plan needs (such as a switch for the provider's checks). It is
// not a *.auto.tfvars file, so real runs never load it.
const OfflineVarsFile = "offline.tfvars"

// offlineEnv are dummy AWS credentials: the provider needs some, and with
// its checks switched off it never sends them anywhere.
var offlineEnv = map[string]string{
	"AWS_ACCESS_KEY_ID":         "offline-plan",
	"AWS_SECRET_ACCESS_KEY":     "offline-plan",
	"AWS_EC2_METADATA_DISABLED": "true",
}

// offlineVars returns the values an offline plan adds: offline.tfvars, and
// a throwaway value for each sensitive variable without a default that
// given does not already set.
func (r *Runner) offlineVars(given map[string]string) (map[string]string, error) {
	out := map[string]string{}
	path := filepath.Join(r.dir, OfflineVarsFile)
	src, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		vals, err := parseTfvars(src, path)
		if err != nil {
			return nil, err
		}
		for k, v := range vals {
			out[k] = v
		}
	}
	for name, sensitive := range r.root.variables {
		if !sensitive || !r.root.required[name] {
			continue
		}
		if _, ok := given[name]; ok {
			continue
		}
		if _, ok := out[name]; ok {
			continue
		}
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		out[name] = hex.EncodeToString(b)
	}
	return out, nil
}

// parseTfvars reads literal values from a .tfvars file, as TF_VAR_ text:
// strings raw, anything else as HCL.
func parseTfvars(src []byte, path string) (map[string]string, error) {
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %w", path, diags)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %w", path, diags)
	}
	out := map[string]string{}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: %s must be a literal: %w", path, name, diags)
		}
		if v.Type() == cty.String && !v.IsNull() {
			out[name] = v.AsString()
			continue
		}
		out[name] = strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes()))
	}
	return out, nil
}
