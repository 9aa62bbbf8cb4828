package tfrun

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// splitCredentials reads the user's CLI configuration (the file
// TF_CLI_CONFIG_FILE names) and returns it without its credentials blocks,
// and their tokens by host. The runner writes the rest into the root
// module's .moochat/cli.tfrc, so no token ever lands in the repository;
// the tokens reach terraform as TF_TOKEN_<host> in its environment,
// which terraform reads as it reads those blocks. credentials_helper
// blocks are kept: they name a program, not a secret. A file that is not
// a CLI configuration is an error naming it.
func splitCredentials(src []byte, path string) (string, map[string]string, error) {
	bad := func(d hcl.Diagnostics) error {
		return fmt.Errorf("TF_CLI_CONFIG_FILE=%s is not a valid Terraform CLI configuration: %s", path, strings.TrimSpace(d.Error()))
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return "", nil, bad(diags)
	}
	tokens := map[string]string{}
	body := f.Body.(*hclsyntax.Body)
	for _, b := range body.Blocks {
		if b.Type != "credentials" || len(b.Labels) != 1 {
			continue
		}
		a, ok := b.Body.Attributes["token"]
		if !ok {
			continue
		}
		v, d := a.Expr.Value(nil)
		if d.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
			return "", nil, bad(append(d, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "credentials token must be a literal string", Subject: a.Expr.Range().Ptr()}))
		}
		tokens[b.Labels[0]] = v.AsString()
	}
	wf, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return "", nil, bad(diags)
	}
	for _, b := range wf.Body().Blocks() {
		if b.Type() == "credentials" {
			wf.Body().RemoveBlock(b)
		}
	}
	return string(wf.Bytes()), tokens, nil
}

// tokenEnvName is the variable terraform reads a host's token from:
// TF_TOKEN_ and the host with dots as underscores and dashes as double
// underscores.
func tokenEnvName(host string) string {
	return "TF_TOKEN_" + strings.NewReplacer(".", "_", "-", "__").Replace(host)
}
