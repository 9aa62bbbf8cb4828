package policy

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var (
	resolvedOnce sync.Once
	resolvedRep  *Report
	resolvedErr  error
)

// resolved is the report of the resolve fixture's real offline plan,
// checked with its configuration.
func resolved(t *testing.T) *Report {
	t.Helper()
	resolvedOnce.Do(func() {
		resolvedRep, resolvedErr = CheckFile(planPath("resolve"), Options{Now: testNow, ConfigDir: filepath.Join("testdata", "plans", "resolve")})
	})
	if resolvedErr != nil {
		t.Fatal(resolvedErr)
	}
	return resolvedRep
}

// TestResolveDecidesWhatThePlanLeavesUnknown: every case of the issue's
// proof, planned by terraform, is unknown from the plan alone and pass
// or fail (the planted bad variant fails) once the configuration is read.
func TestResolveDecidesWhatThePlanLeavesUnknown(t *testing.T) {
	cases := []struct {
		rule, addr string
		want       Result
		msg        string
	}{
		// An IAM role policy naming a new log group's ARN.
		{"aws-iam-no-star-action", "aws_iam_role_policy.logs_good", Pass, ""},
		{"aws-iam-no-star-resource-write", "aws_iam_role_policy.logs_good", Pass, ""},
		{"aws-iam-no-star-action", "aws_iam_role_policy.logs_bad", Fail, `allows every action ("*")`},
		// The placeholder ARN is a named resource, not "*".
		{"aws-iam-no-star-resource-write", "aws_iam_role_policy.logs_bad", Pass, ""},
		// Container definitions embedding a new ECR repository URL.
		{"aws-ecs-no-privileged", "aws_ecs_task_definition.good", Pass, ""},
		{"aws-ecs-readonly-root", "aws_ecs_task_definition.good", Pass, ""},
		{"aws-ecs-no-plaintext-secrets", "aws_ecs_task_definition.good", Pass, ""},
		{"aws-ecs-no-privileged", "aws_ecs_task_definition.bad", Fail, "container app is privileged"},
		{"aws-ecs-readonly-root", "aws_ecs_task_definition.bad", Fail, ""},
		{"aws-ecs-no-plaintext-secrets", "aws_ecs_task_definition.bad", Fail, "DB_PASSWORD"},
		// OIDC trust naming a new provider's ARN.
		{"aws-iam-oidc-trust-scoped", "aws_iam_role.deploy_good", Pass, "trusts named repositories only"},
		{"aws-iam-oidc-trust-scoped", "aws_iam_role.deploy_bad", Fail, "without a condition on the subject"},
		// for_each: each.key and each.value.
		{"aws-iam-no-star-action", `aws_iam_role_policy.per["read"]`, Pass, ""},
		{"aws-iam-no-star-action", `aws_iam_role_policy.per["all"]`, Fail, ""},
		// Two module levels.
		{"aws-iam-no-star-action", "module.outer_good.module.inner.aws_iam_role_policy.this", Pass, ""},
		{"aws-iam-no-star-resource-write", "module.outer_good.module.inner.aws_iam_role_policy.this", Pass, ""},
		{"aws-iam-no-star-action", "module.outer_bad.module.inner.aws_iam_role_policy.this", Fail, ""},
	}
	plain := fixture(t, "resolve")
	rep := resolved(t)
	for _, c := range cases {
		t.Run(c.rule+"/"+c.addr, func(t *testing.T) {
			before, ok := find(plain, c.rule, c.addr)
			if !ok {
				t.Fatalf("no finding without configuration")
			}
			if before.Result != Unknown {
				t.Errorf("without configuration: %s (%s), want unknown: the case proves nothing", before.Result, before.Message)
			}
			f, ok := find(rep, c.rule, c.addr)
			if !ok {
				t.Fatalf("no finding")
			}
			if f.Result != c.want || !strings.Contains(f.Message, c.msg) {
				t.Errorf("got %s %q, want %s containing %q", f.Result, f.Message, c.want, c.msg)
			}
		})
	}
}

// TestResolveLeavesOpenOnlyWhatTheConfigurationDoesNotDecide: a literal
// the rule needs cannot come from a placeholder; the result stays unknown
// and names the expression and its position.
func TestResolveLeavesOpenOnlyWhatTheConfigurationDoesNotDecide(t *testing.T) {
	f, _ := find(resolved(t), "aws-ecr-immutable-tags", "aws_ecr_repository.open")
	if f.Result != Unknown {
		t.Fatalf("got %s %q, want unknown", f.Result, f.Message)
	}
	for _, want := range []string{"upper(element(split(\":\", aws_cloudwatch_log_group.app.arn), 0))", "main.tf:151"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q does not name %q", f.Message, want)
		}
	}
	for _, f := range resolved(t).Findings {
		if f.Result == Unknown && f.Address != "aws_ecr_repository.open" && f.Enforcement.Mandatory() {
			t.Errorf("%s %s still unknown: %s", f.Rule, f.Address, f.Message)
		}
	}
}

// TestLinks: for_each buckets linked through each.value.id, and
// cnt[0]'s public access block not credited to cnt[1], with and without
// the configuration.
func TestLinks(t *testing.T) {
	for name, rep := range map[string]*Report{"plan only": fixture(t, "resolve"), "with configuration": resolved(t)} {
		t.Run(name, func(t *testing.T) {
			for addr, want := range map[string]Result{
				`aws_s3_bucket.each["one"]`: Pass, `aws_s3_bucket.each["two"]`: Pass,
				"aws_s3_bucket.cnt[0]": Pass, "aws_s3_bucket.cnt[1]": Fail,
			} {
				f, _ := find(rep, "aws-s3-public-access-block", addr)
				if f.Result != want {
					t.Errorf("%s: %s %q, want %s", addr, f.Result, f.Message, want)
				}
			}
		})
	}
}

// evalHCL evaluates one HCL expression with the resolver's functions and
// a placeholder ARN in scope as arn.
func evalHCL(t *testing.T, src string) (cty.Value, *placeholders) {
	t.Helper()
	ph := &placeholders{}
	e, diags := hclsyntax.ParseExpression([]byte(src), "t.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	rv := &resolver{ph: ph, funcs: functions(ph, nil)}
	ctx := &hcl.EvalContext{Functions: rv.funcs, Variables: map[string]cty.Value{
		"arn":  cty.StringVal(ph.sentinel(placeholder{origin: "aws_sns_topic.t", attr: "arn"})),
		"list": cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}),
	}}
	v, diags := e.Value(ctx)
	if rv.unsafe(e, ctx) {
		strict := &hcl.EvalContext{Functions: ctx.Functions, Variables: map[string]cty.Value{}}
		for n, x := range ctx.Variables {
			strict.Variables[n] = ph.strict(x)
		}
		v, diags = e.Value(strict)
	}
	if diags.HasErrors() {
		t.Fatalf("%s: %s", src, diags)
	}
	return v, ph
}

func TestResolveFunctions(t *testing.T) {
	cases := []struct {
		src, want string // want: JSON form, ⟨...⟩ for placeholders; "unknown" for unknown
	}{
		{`jsonencode({Resource = "${arn}:*", Action = ["s3:GetObject"]})`, `{"Action":["s3:GetObject"],"Resource":"⟨ARN of aws_sns_topic.t⟩:*"}`},
		{`format("%s/%s", arn, "x")`, `⟨ARN of aws_sns_topic.t⟩/x`},
		{`join(",", [arn, "b"])`, `⟨ARN of aws_sns_topic.t⟩,b`},
		{`one([arn])`, `⟨ARN of aws_sns_topic.t⟩`},
		{`one([])`, `null`},
		{`upper(arn)`, `unknown`},
		{`length(split(":", arn))`, `unknown`},
		{`arn == "*" ? "star" : "named"`, `unknown`},
		{`startswith("arn:aws:s3", "arn:")`, `true`},
		{`cidrsubnet("10.0.0.0/16", 8, 2)`, `10.0.2.0/24`},
		{`cidrhost("10.0.0.0/24", -2)`, `10.0.0.254`},
		{`replace("a-b-c", "/-(b)-/", "+$1+")`, `a+b+c`},
		{`index(list, "b")`, `1`},
		{`alltrue([true, startswith("ab", "a")])`, `true`},
		{`sum([1, 2.5])`, `3.5`},
		{`tostring(8000)`, `8000`},
		{`try(upper(1), "fallback")`, `1`},
		{`jsonencode({a = upper(arn)})`, `{"a":"⟨ARN of aws_sns_topic.t⟩"}`},
	}
	for _, c := range cases {
		v, ph := evalHCL(t, c.src)
		got := ""
		switch u, _ := v.Unmark(); {
		case !u.IsKnown():
			got = "unknown"
		case u.IsNull():
			got = "null"
		case u.Type() == cty.String:
			got = ph.humanize(u.AsString())
		case u.Type() == cty.Number:
			got = u.AsBigFloat().Text('f', -1)
		case u.Type() == cty.Bool:
			got = map[bool]string{true: "true", false: "false"}[u.True()]
		}
		if got != c.want {
			t.Errorf("%s = %s, want %s", c.src, got, c.want)
		}
	}
}

// TestLoadConfigErrorsNameFileAndLine: every syntax error, with its
// position, at once.
func TestLoadConfigErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.tf"), []byte("resource \"x\" \"y\" {\n  a = \n}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.tf.json"), []byte(`{"resource": [}`), 0o644)
	_, err := LoadConfig(dir)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"a.tf:2", "b.tf.json:1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

// TestCheckRenderedJudgesTheConfigurationAlone: the same rules over the
// resolve fixture's configuration, with no plan at all, decide the same
// cases as the plan check does.
func TestCheckRenderedJudgesTheConfigurationAlone(t *testing.T) {
	files := map[string][]byte{}
	root := filepath.Join("testdata", "plans", "resolve")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			files[filepath.ToSlash(p)] = b
		}
		return nil
	})
	rep, err := CheckRendered(files, filepath.ToSlash(root), DefaultRules(), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rule, addr string
		want       Result
	}{
		{"aws-iam-no-star-action", "aws_iam_role_policy.logs_good", Pass},
		{"aws-iam-no-star-action", "aws_iam_role_policy.logs_bad", Fail},
		{"aws-ecs-no-privileged", "aws_ecs_task_definition.bad", Fail},
		{"aws-ecs-no-privileged", "aws_ecs_task_definition.good", Pass},
		{"aws-iam-oidc-trust-scoped", "aws_iam_role.deploy_good", Pass},
		{"aws-iam-oidc-trust-scoped", "aws_iam_role.deploy_bad", Fail},
		{"aws-iam-no-star-action", `aws_iam_role_policy.per["all"]`, Fail},
		{"aws-iam-no-star-action", `aws_iam_role_policy.per["read"]`, Pass},
		{"aws-iam-no-star-action", "module.outer_bad.module.inner.aws_iam_role_policy.this", Fail},
		{"aws-iam-no-star-action", "module.outer_good.module.inner.aws_iam_role_policy.this", Pass},
		{"aws-s3-public-access-block", `aws_s3_bucket.each["two"]`, Pass},
		{"aws-s3-public-access-block", "aws_s3_bucket.cnt[1]", Fail},
	} {
		f, ok := find(rep, c.rule, c.addr)
		if !ok || f.Result != c.want {
			t.Errorf("%s %s: %s %q, want %s", c.rule, c.addr, f.Result, f.Message, c.want)
		}
	}
}

// TestOneExpressionReadsTwoOutputsOfOneCall: a policy document whose
// Action and Resource are two outputs of the same module call is judged
// on both. The resolver used to give the expression only the last output
// it read, which left the other open and the rule unknown.
func TestOneExpressionReadsTwoOutputsOfOneCall(t *testing.T) {
	for _, c := range []struct {
		action string
		want   Result
	}{{"s3:GetObject", Pass}, {"*", Fail}} {
		files := map[string][]byte{
			"root/main.tf": []byte(`module "doc" {
  source = "./doc"
}

resource "aws_iam_policy" "read" {
  name = "read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = module.doc.action, Resource = module.doc.resource }]
  })
}
`),
			"root/doc/outputs.tf": []byte(`output "action" {
  value = "` + c.action + `"
}

output "resource" {
  value = "arn:aws:s3:::reports/*"
}
`),
		}
		rep, err := CheckRendered(files, "root", DefaultRules(), Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		f, ok := find(rep, "aws-iam-no-star-action", "aws_iam_policy.read")
		if !ok || f.Result != c.want {
			t.Errorf("Action %q: %s %q, want %s", c.action, f.Result, f.Message, c.want)
		}
	}
}

// TestResolutionEvaluatesOnlyWhatRulesRead: an unknown value is
// evaluated from the configuration when a rule reads it, and only then.
// A rule that reads no policy document costs no evaluation at all; one
// that reads the document of one resource resolves that one, and every
// other document stays as the plan has it.
func TestResolutionEvaluatesOnlyWhatRulesRead(t *testing.T) {
	const reader = "aws_iam_role_policy.logs_good"
	for _, c := range []struct {
		name  string
		reads bool
	}{{"reads nothing", false}, {"reads one document", true}} {
		t.Run(c.name, func(t *testing.T) {
			rules := []*Rule{{ID: "t", Types: []string{"aws_iam_role_policy"}, Reads: []string{"policy"}, Check: func(r *Resource) Verdict {
				if c.reads && r.Address == reader {
					r.Get("policy")
				}
				return Passf("judged")
			}}}
			p, cfg := planFor(t, "resolve", rules)
			p.ensureIndex()
			docs := p.Of("aws_iam_role_policy")
			for _, r := range docs {
				if !asPlanned(r, "policy").Unknown() {
					t.Fatalf("%s: the plan knows the document: the case proves nothing", r.Address)
				}
			}
			p.resolve(cfg)
			Evaluate(p, rules, Options{Now: testNow})
			evals := p.res.rv.evals
			if !c.reads && evals != 0 {
				t.Errorf("%d expressions evaluated for a rule that reads none", evals)
			}
			if c.reads && evals == 0 {
				t.Errorf("no expression evaluated, though the rule read an unknown document")
			}
			for _, r := range docs {
				want := !(c.reads && r.Address == reader)
				if got := asPlanned(r, "policy").Unknown(); got != want {
					t.Errorf("%s: policy unknown = %v after the check, want %v", r.Address, got, want)
				}
			}
		})
	}
}

// planFor decodes the fixture's plan for rules, with the configuration
// it is to be resolved against.
func planFor(t *testing.T, name string, rules []*Rule) (*Plan, *Config) {
	t.Helper()
	return planAt(t, planPath(name), filepath.Join("testdata", "plans", name), rules)
}

// planAt decodes the plan at path for rules, with the configuration in
// dir it is to be resolved against.
func planAt(t *testing.T, path, dir string, rules []*Rule) (*Plan, *Config) {
	t.Helper()
	cfg, err := LoadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep := attrsFor(rules)
	cfg.keep(keep)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := decodePlan(f, func(typ string) *attrSet { return keep[typ] })
	if err != nil {
		t.Fatal(err)
	}
	return p, cfg
}

// asPlanned reads attr of r as it stands, without resolving it.
func asPlanned(r *Resource, attr string) Value {
	return Value{r.plan.t, r.after, r.unknown, r.sen}.Get(attr)
}

// TestResolvedSensitiveValuesNeverReported: a value resolved from a
// sensitive variable when a rule reads it (after the report gathered the
// plan's sensitive values) is still kept out of the report.
func TestResolvedSensitiveValuesNeverReported(t *testing.T) {
	files := map[string][]byte{"root/main.tf": []byte(`variable "token" {
  type      = string
  sensitive = true
  default   = "` + secret + `"
}

resource "aws_elasticache_replication_group" "r" {
  replication_group_id = "r"
  description          = "r"
  auth_token           = var.token
}
`)}
	rep, err := CheckRendered(files, "root", []*Rule{leaky}, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := find(rep, "test-leaky", "aws_elasticache_replication_group.r")
	if !ok || !strings.Contains(f.Message, "(sensitive)") || strings.Contains(f.Message, secret) {
		t.Errorf("leaky message %q (found %v), want the token redacted", f.Message, ok)
	}
}

// TestQuickAgreesWithHCL: every expression of the fixtures' resources,
// locals and outputs that the resolver evaluates without an evaluation
// context has the value HCL gives it in the context eval builds (strict
// where an operator sees a placeholder).
func TestQuickAgreesWithHCL(t *testing.T) {
	quick, checked, strict := 0, 0, 0
	shapes := map[string]int{}
	for _, name := range []string{"resolve", "service", "storage", "corpus"} {
		t.Run(name, func(t *testing.T) {
			p, cfg := planFor(t, name, DefaultRules())
			p.resolve(cfg)
			rv := p.res.rv
			compare := func(in *modInst, e hcl.Expression, k instKey) {
				checked++
				got, ok := rv.quick(in, e, k)
				if !ok {
					return
				}
				quick++
				if _, r := rv.quickIn(in, e, k, false); r == quickUnsafe {
					strict++
				}
				hclsyntax.VisitAll(e.(hclsyntax.Node), func(n hclsyntax.Node) hcl.Diagnostics {
					shapes[fmt.Sprintf("%T", n)]++
					return nil
				})
				want, diags := rv.full(in, e, k)
				if diags.HasErrors() || !got.RawEquals(want) {
					r := e.Range()
					t.Errorf("%s:%d: quick gives %#v, HCL %#v (%v)", r.Filename, r.Start.Line, got, want, diags)
				}
			}
			var body func(in *modInst, b *hclsyntax.Body, k instKey)
			body = func(in *modInst, b *hclsyntax.Body, k instKey) {
				for _, a := range b.Attributes {
					compare(in, a.Expr, k)
				}
				for _, blk := range b.Blocks {
					if blk.Type != "dynamic" {
						body(in, blk.Body, k)
					}
				}
			}
			for _, r := range p.Resources {
				lr := p.res.prepare(r)
				if lr == noLazy {
					continue
				}
				if sb, ok := lr.cr.body.(*hclsyntax.Body); ok {
					body(lr.in, sb, lr.k())
				}
			}
			for _, in := range rv.insts {
				if in.mod == nil {
					continue
				}
				for _, e := range in.mod.locals {
					compare(in, e, instKey{})
				}
				for _, e := range in.mod.outputs {
					compare(in, e, instKey{})
				}
			}
		})
	}
	// Some expressions need the full evaluation (functions, operators),
	// and most do not.
	if quick == 0 || quick == checked {
		t.Errorf("%d of %d expressions quick: the case proves nothing", quick, checked)
	}
	// The fixtures hold every shape quick evaluates, and operators that
	// see a placeholder.
	for _, shape := range []string{"*hclsyntax.FunctionCallExpr", "*hclsyntax.BinaryOpExpr", "*hclsyntax.TemplateExpr", "*hclsyntax.ObjectConsExpr", "*hclsyntax.TupleConsExpr", "*hclsyntax.ScopeTraversalExpr"} {
		if shapes[shape] == 0 {
			t.Errorf("no quick expression holds a %s", shape)
		}
	}
	if strict == 0 {
		t.Error("no quick expression was evaluated the strict way")
	}
	t.Logf("%d of %d expressions quick, %d of them strict; shapes %v", quick, checked, strict, shapes)
}

// TestQuickShapesAgreeWithFull: operators, calls and templates that
// quick evaluates give what the evaluation in a context gives, the
// strict way wherever an operator or a condition anywhere in the
// expression sees a placeholder (then the whole expression is strict: the
// ARN beside the comparison in the document is open too); shapes quick
// leaves alone (try, an unknown function, a bad operand, a condition only
// apply knows, results of no common type, a null result) go to the full
// evaluation.
func TestQuickShapesAgreeWithFull(t *testing.T) {
	p, cfg := planFor(t, "resolve", DefaultRules())
	p.resolve(cfg)
	rv := p.res.rv
	in := rv.inst(nil)
	arn := "aws_cloudwatch_log_group.app.arn"
	cases := []struct {
		src           string
		quick, strict bool
	}{
		{arn + ` == ""`, true, true},
		{`jsonencode({a = ` + arn + `, b = ` + arn + ` != ""})`, true, true},
		{`jsonencode({a = ` + arn + `, b = "x" != ""})`, true, false},
		{`[` + arn + `, aws_ecr_repository.app.repository_url != ""]`, true, true},
		{`"${` + arn + `}:*"`, true, false},
		{`"n=${1 + 2} b=${true} ${local.log_actions[0]}"`, true, false},
		{`!(` + arn + ` == "x")`, true, true},
		{`-(2 * 3) % 4`, true, false},
		{`upper(` + arn + `)`, true, false},
		{`format("%s-%d", "a", 3)`, true, false},
		{`concat(["a"], [` + arn + `], local.log_actions)`, true, false},
		{`true || ` + arn + ` == ""`, true, true},
		{`false && (1 > 2)`, true, false},
		{`length(local.log_actions) > 1 ? "many" : "one"`, true, false},
		{`length(local.log_actions) > 1 ? [` + arn + `] : ["x"]`, true, false},
		{`true ? toset(local.log_actions) : toset([])`, true, false},
		{`false ? toset(local.log_actions) : toset([])`, true, false},
		{`false ? {a = 1} : {}`, true, false},
		{`true ? 1 : "2"`, true, false},
		{arn + ` == "" ? "a" : "b"`, false, true},
		{`true ? 1 : ["one"]`, false, false},
		{`true ? null : "one"`, false, false},
		{`local.nosuch ? "a" : "b"`, false, false},
		{`try(` + arn + `, "x")`, false, false},
		{`nosuchfunction(1)`, false, false},
		{`1 + "a"`, false, false},
		{`format("%s")`, false, false},
		{`concat(local.log_actions...)`, false, false},
	}
	for _, c := range cases {
		e, diags := hclsyntax.ParseExpression([]byte(c.src), "case.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.src, diags)
		}
		_, first := rv.quickIn(in, e, instKey{}, false)
		got, ok := rv.quick(in, e, instKey{})
		want, diags := rv.full(in, e, instKey{})
		switch {
		case ok != c.quick:
			t.Errorf("%s: quick %v, want %v", c.src, ok, c.quick)
		case ok && (diags.HasErrors() || !got.RawEquals(want)):
			t.Errorf("%s: quick gives %#v, the full evaluation %#v (%v)", c.src, got, want, diags)
		case ok && (first == quickUnsafe) != c.strict:
			t.Errorf("%s: strict %v, want %v", c.src, first == quickUnsafe, c.strict)
		case !ok && c.src == "1 + \"a\"" && !diags.HasErrors():
			t.Errorf("%s: no error from the full evaluation", c.src)
		}
	}
}

// TestFillsAgreesWithMerge: where fills says a resolved value brings
// nothing the plan leaves unknown, merging it gives the planned value
// back, on every configured attribute the fixtures' plans leave partly
// unknown.
func TestFillsAgreesWithMerge(t *testing.T) {
	noop, filled := 0, 0
	for _, name := range []string{"resolve", "service", "storage", "corpus"} {
		p, cfg := planFor(t, name, DefaultRules())
		p.resolve(cfg)
		res := p.res
		tr := p.t
		for _, r := range p.Resources {
			lr := res.prepare(r)
			if lr == noLazy || !res.key(r, lr) {
				continue
			}
			for attr := range lr.cr.sets {
				um := tr.member(lr.unknown, attr)
				if !tr.anyTrue(um) || tr.kind(um) == kTrue {
					continue
				}
				val, _ := res.rv.attribute(lr.in, lr.cr, attr, lr.k())
				after, unk := tr.raw(tr.member(lr.after, attr)), tr.raw(um)
				na, nu, _ := res.rv.merge(after, unk, val)
				if fills(tr, um, val) {
					filled++
					continue
				}
				noop++
				if !reflect.DeepEqual(na, after) || !slices.Equal(openPaths(nu, ""), openPaths(unk, "")) {
					t.Errorf("%s %s.%s: fills says no, but merge changes %v / %v into %v / %v", name, r.Address, attr, after, unk, na, nu)
				}
			}
		}
	}
	if noop == 0 || filled == 0 {
		t.Errorf("%d attributes merge to nothing, %d fill something: the case proves little", noop, filled)
	}
}

// openPaths lists the paths an after_unknown value marks unknown.
func openPaths(u any, at string) []string {
	var out []string
	switch x := u.(type) {
	case bool:
		if x {
			out = append(out, at)
		}
	case []any:
		for i, e := range x {
			out = append(out, openPaths(e, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			out = append(out, openPaths(x[k], at+"."+k)...)
		}
	}
	return out
}

// TestValueThatRefersToItselfStaysOpen: a local that refers to itself,
// through another, leaves the document open and says so; the same name
// in another module instance, read while the first is evaluated, is no
// cycle and decides the verdict.
func TestValueThatRefersToItselfStaysOpen(t *testing.T) {
	policy := func(action string) []byte {
		return []byte(`resource "aws_iam_policy" "read" {
  name = "read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ` + action + `, Resource = "arn:aws:s3:::reports/*" }]
  })
}
`)
	}
	type tc struct {
		name  string
		files map[string][]byte
		want  Result
		says  string
	}
	cases := []tc{{
		name: "cycle",
		files: map[string][]byte{
			"root/main.tf":   policy("local.a"),
			"root/locals.tf": []byte("locals {\n  a = local.b\n  b = local.a\n}\n"),
		},
		want: Unknown, says: "local.a refers to itself",
	}}
	for _, action := range []struct {
		text string
		want Result
	}{{"s3:GetObject", Pass}, {"*", Fail}} {
		cases = append(cases, tc{
			name: "same name in a module, " + action.text,
			files: map[string][]byte{
				"root/main.tf":     policy("local.a"),
				"root/locals.tf":   []byte("locals {\n  a = module.doc.a\n}\n\nmodule \"doc\" {\n  source = \"./doc\"\n}\n"),
				"root/doc/main.tf": []byte("locals {\n  a = \"" + action.text + "\"\n}\n\noutput \"a\" {\n  value = local.a\n}\n"),
			},
			want: action.want,
		})
	}
	for _, c := range cases {
		rep, err := CheckRendered(c.files, "root", DefaultRules(), Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		f, ok := find(rep, "aws-iam-no-star-action", "aws_iam_policy.read")
		if !ok || f.Result != c.want || !strings.Contains(f.Message, c.says) {
			t.Errorf("%s: %s %q, want %s saying %q", c.name, f.Result, f.Message, c.want, c.says)
		}
		t.Logf("%s: %s %q", c.name, f.Result, f.Message)
	}
}

// TestPlaceholderIDs: equal placeholders get one id and different ones
// their own, also when their hashes collide (narrowed to one bit here).
func TestPlaceholderIDs(t *testing.T) {
	for _, narrow := range []uint{0, 63} {
		ph := &placeholders{narrow: narrow}
		ids := map[placeholder]int{}
		for round := 0; round < 2; round++ {
			for i := 0; i < 300; i++ {
				for _, p := range []placeholder{
					{origin: fmt.Sprintf("module.m[%d].aws_s3_bucket.b", i), attr: "id"},
					{origin: fmt.Sprintf("module.m[%d].aws_s3_bucket.b", i), attr: "arn"},
					{why: fmt.Sprintf("local.x%d is not in the configuration", i)},
				} {
					id := ph.id(p)
					if want, seen := ids[p]; seen && id != want {
						t.Fatalf("narrow %d: %+v has id %d, before %d", narrow, p, id, want)
					}
					ids[p] = id
					if ph.list[id] != p {
						t.Fatalf("narrow %d: id %d is %+v, want %+v", narrow, id, ph.list[id], p)
					}
				}
			}
		}
		if len(ph.list) != len(ids) {
			t.Errorf("narrow %d: %d placeholders made for %d different ones", narrow, len(ph.list), len(ids))
		}
	}
}

// TestResolverMakesFunctionsAsCalled: a resolver makes only the functions
// its expressions call, as functions gives them, when they first call
// them; a call of a name that is none of them is HCL's error, suggesting
// among every function as it would with all of them there.
func TestResolverMakesFunctionsAsCalled(t *testing.T) {
	p, cfg := planFor(t, "resolve", DefaultRules())
	p.resolve(cfg)
	rv := p.res.rv
	in := rv.inst(nil)
	eval := func(src string) (cty.Value, hcl.Diagnostics) {
		e, diags := hclsyntax.ParseExpression([]byte(src), "case.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", src, diags)
		}
		return rv.eval(in, e, instKey{})
	}
	if v, diags := eval(`upper(trimspace(" a "))`); diags.HasErrors() || !v.RawEquals(cty.StringVal("A")) {
		t.Errorf("upper(trimspace(\" a \")) = %#v (%v), want \"A\"", v, diags)
	}
	if _, ok := rv.funcs["upper"]; !ok || len(rv.funcs) >= len(functions(rv.ph, cfg)) {
		t.Errorf("functions made: %d, want upper and not all of them", len(rv.funcs))
	}
	_, diags := eval(`uper("a")`)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), `Did you mean "upper"?`) {
		t.Errorf("uper(\"a\"): %v, want the unknown function suggesting upper", diags)
	}
	if len(rv.funcs) != len(functions(rv.ph, cfg)) {
		t.Errorf("after an unknown function: %d functions made, want all %d", len(rv.funcs), len(functions(rv.ph, cfg)))
	}
}

// TestLinksThroughResolvedPlaceholders: an attribute the plan leaves
// unknown links, once resolved, to the resources its placeholders stand
// for, as a string and as a list of strings.
func TestLinksThroughResolvedPlaceholders(t *testing.T) {
	cfg, err := loadConfig("root", memSource{"root/main.tf": []byte(`
resource "aws_security_group" "a" {
  name = "a"
}
resource "aws_security_group" "b" {
  name = "b"
}
resource "aws_subnet" "s" {
  cidr_block = "10.0.0.0/24"
}
resource "aws_instance" "x" {
  subnet_id              = aws_subnet.s.id
  vpc_security_group_ids = [aws_security_group.a.id, aws_security_group.b.id]
}
`)})
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]*attrSet{}
	for _, typ := range []string{"aws_security_group", "aws_subnet", "aws_instance"} {
		all[typ] = &attrSet{all: true, attrs: map[string]bool{}}
	}
	cfg.keep(all)
	change := func(addr, after, unknown string) string {
		typ, name, _ := strings.Cut(addr, ".")
		return `{"address":"` + addr + `","mode":"managed","type":"` + typ + `","name":"` + name +
			`","change":{"actions":["create"],"before":null,"after":` + after + `,"after_unknown":` + unknown + `}}`
	}
	// The plan's configuration section lists the resources without
	// their expressions: only the placeholders can say.
	var resources []string
	for _, a := range []string{"aws_security_group.a", "aws_security_group.b", "aws_subnet.s", "aws_instance.x"} {
		typ, name, _ := strings.Cut(a, ".")
		resources = append(resources, `{"address":"`+a+`","mode":"managed","type":"`+typ+`","name":"`+name+`"}`)
	}
	plan := `{"format_version":"1.2","planned_values":{},"configuration":{"root_module":{"resources":[` +
		strings.Join(resources, ",") + `]}},"resource_changes":[` + strings.Join([]string{
		change("aws_security_group.a", `{"name":"a"}`, `{"id":true}`),
		change("aws_security_group.b", `{"name":"b"}`, `{"id":true}`),
		change("aws_subnet.s", `{"cidr_block":"10.0.0.0/24"}`, `{"id":true}`),
		change("aws_instance.x", `{}`, `{"id":true,"subnet_id":true,"vpc_security_group_ids":true}`),
	}, ",") + `]}`
	p, err := decodePlan(strings.NewReader(plan), func(typ string) *attrSet { return all[typ] })
	if err != nil {
		t.Fatal(err)
	}
	p.resolve(cfg)
	byAddr := map[string]*Resource{}
	for _, r := range p.Resources {
		byAddr[r.Address] = r
	}
	x := byAddr["aws_instance.x"]
	for _, c := range []struct {
		typ, attr string
		want      []string
	}{
		{"aws_subnet", "subnet_id", []string{"aws_subnet.s"}},
		{"aws_security_group", "vpc_security_group_ids", []string{"aws_security_group.a", "aws_security_group.b"}},
	} {
		linked, ambiguous := x.Linked(c.typ, c.attr)
		var got []string
		for _, r := range linked {
			got = append(got, r.Address)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) || ambiguous {
			t.Errorf("Linked(%s, %s) = %v, ambiguous %v; want %v, not ambiguous", c.typ, c.attr, got, ambiguous, c.want)
		}
	}
}
