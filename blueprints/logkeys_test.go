package blueprints

import (
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// The account and region a log key is pretended to live in; its policy
// reads both from the key's ARN.
const (
	logKeyRegion  = "eu-west-1"
	logKeyAccount = "111122223333"
)

// TestLogGroupsCanUseTheirKeys checks what AWS checks when it creates a
// log group with a customer-managed key, which no offline plan does: every
// rendered aws_cloudwatch_log_group sets kms_key_id to a key of its
// module, waits (depends_on) for that key's aws_kms_key_policy, and the
// policy, evaluated with the key in a known region and account, lets
// logs.<region>.amazonaws.com encrypt and decrypt for that group's ARN,
// and not for the same group in another account.
func TestLogGroupsCanUseTheirKeys(t *testing.T) {
	_, files := renderedPlatform(t)
	bodies := map[string][]*hclsyntax.Body{}
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "modules/") || !strings.HasSuffix(f.Path, ".tf") {
			continue
		}
		file, diags := hclsyntax.ParseConfig(f.Data, f.Path, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		bodies[path.Dir(f.Path)] = append(bodies[path.Dir(f.Path)], file.Body.(*hclsyntax.Body))
	}
	groups := 0
	dirs := slices.Sorted(maps.Keys(bodies))
	for _, dir := range dirs {
		bs := bodies[dir]
		res := map[string]*hclsyntax.Block{}
		for _, b := range bs {
			for _, blk := range b.Blocks {
				if blk.Type == "resource" && len(blk.Labels) == 2 {
					res[blk.Labels[0]+"."+blk.Labels[1]] = blk
				}
			}
		}
		for _, addr := range slices.Sorted(maps.Keys(res)) {
			if !strings.HasPrefix(addr, "aws_cloudwatch_log_group.") {
				continue
			}
			groups++
			if msg := checkLogGroup(res, res[addr]); msg != "" {
				t.Errorf("%s: %s: %s", dir, addr, msg)
			}
		}
	}
	if groups < 7 {
		t.Errorf("checked %d log groups; the platform has at least 7 (flow logs, slow log, tasks, media API and functions, WAF requests)", groups)
	}
}

// checkLogGroup returns what keeps AWS from creating the log group blk
// with its key, or "".
func checkLogGroup(res map[string]*hclsyntax.Block, blk *hclsyntax.Block) string {
	attr := func(b *hclsyntax.Block, name string) hclsyntax.Expression {
		if a := b.Body.Attributes[name]; a != nil {
			return a.Expr
		}
		return nil
	}
	key := refTo(attr(blk, "kms_key_id"), "aws_kms_key", "arn")
	if key == "" {
		return "kms_key_id is not the ARN of an aws_kms_key of the module"
	}
	var policy *hclsyntax.Block
	if deps, ok := attr(blk, "depends_on").(*hclsyntax.TupleConsExpr); ok {
		for _, d := range deps.Exprs {
			if p := res["aws_kms_key_policy."+refTo(d, "aws_kms_key_policy", "")]; p != nil && refTo(attr(p, "key_id"), "aws_kms_key", "key_id") == key {
				policy = p
			}
		}
	}
	if policy == nil {
		return "does not depend on the aws_kms_key_policy of aws_kms_key." + key + ": terraform may create the group before AWS lets CloudWatch Logs use the key"
	}
	arn := "arn:aws:kms:" + logKeyRegion + ":" + logKeyAccount + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":         cty.ObjectVal(map[string]cty.Value{"name_prefix": cty.StringVal("dev-moochat")}),
			"aws_kms_key": cty.ObjectVal(map[string]cty.Value{key: cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(arn), "key_id": cty.StringVal("1234abcd-12ab-34cd-56ef-1234567890ab")})}),
		},
		Functions: map[string]function.Function{"split": stdlib.SplitFunc, "jsonencode": stdlib.JSONEncodeFunc},
	}
	name, diags := attr(blk, "name").Value(ctx)
	if diags.HasErrors() {
		return "name: " + diags.Error()
	}
	doc, diags := attr(policy, "policy").Value(ctx)
	if diags.HasErrors() {
		return "key policy: " + diags.Error()
	}
	var pol struct {
		Statement []struct {
			Effect    string
			Principal struct{ Service any }
			Action    []string
			Resource  any
			Condition map[string]map[string]any
		}
	}
	if err := json.Unmarshal([]byte(doc.AsString()), &pol); err != nil {
		return "key policy: " + err.Error()
	}
	groupARN := func(account string) string {
		return "arn:aws:logs:" + logKeyRegion + ":" + account + ":log-group:" + name.AsString()
	}
	// What CloudWatch Logs calls on the key for a log group.
	needs := []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"}
	for _, s := range pol.Statement {
		if s.Effect != "Allow" || s.Principal.Service != "logs."+logKeyRegion+".amazonaws.com" || s.Resource != "*" {
			continue
		}
		var pats []string
		switch v := s.Condition["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].(type) {
		case string:
			pats = []string{v}
		case []any:
			for _, p := range v {
				if p, ok := p.(string); ok {
					pats = append(pats, p)
				}
			}
		}
		if !slices.ContainsFunc(pats, func(p string) bool { return globMatch(p, groupARN(logKeyAccount)) }) {
			continue
		}
		if slices.ContainsFunc(pats, func(p string) bool { return globMatch(p, groupARN("444455556666")) }) {
			return "the key policy lets CloudWatch Logs use the key for this group name in any account"
		}
		var missing []string
		for _, n := range needs {
			if !slices.ContainsFunc(s.Action, func(a string) bool { return globMatch(a, n) }) {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			return "the key policy lets CloudWatch Logs use the key for " + groupARN(logKeyAccount) + " but not " + strings.Join(missing, ", ")
		}
		return ""
	}
	return "no statement of the key policy lets logs." + logKeyRegion + ".amazonaws.com use the key for " + groupARN(logKeyAccount) + ":\n" + doc.AsString()
}

// refTo is the name of the typ resource that e refers to (typ.name.attr;
// any attribute when attr is ""), or "".
func refTo(e hclsyntax.Expression, typ, attr string) string {
	st, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) < 2 || st.Traversal.RootName() != typ {
		return ""
	}
	tr := st.Traversal
	name, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return ""
	}
	if attr == "" && len(tr) == 2 {
		return name.Name
	}
	if a, ok := tr[len(tr)-1].(hcl.TraverseAttr); ok && len(tr) == 3 && a.Name == attr {
		return name.Name
	}
	return ""
}

// globMatch reports whether s matches an IAM wildcard pattern (ArnLike,
// actions): * is any run of characters, ? any one.
func globMatch(pattern, s string) bool {
	re := regexp.QuoteMeta(pattern)
	re = strings.ReplaceAll(re, `\*`, ".*")
	re = strings.ReplaceAll(re, `\?`, ".")
	return regexp.MustCompile("^" + re + "$").MatchString(s)
}
