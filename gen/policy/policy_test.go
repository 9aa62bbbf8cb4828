package policy

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	reportsMu sync.Mutex
	reports   = map[string]*Report{}
)

// fixture returns the report of a committed plan with no options, computed
// once per test binary.
func fixture(t *testing.T, name string) *Report {
	t.Helper()
	reportsMu.Lock()
	defer reportsMu.Unlock()
	if r, ok := reports[name]; ok {
		return r
	}
	r, err := CheckFile(planPath(name), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	reports[name] = r
	return r
}

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func planPath(name string) string { return filepath.Join("testdata", "plans", name+".json") }

func find(r *Report, rule, addr string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.Rule == rule && f.Address == addr {
			return f, true
		}
	}
	return Finding{}, false
}

// ruleCases holds, for every rule, results on resources of the fixture
// plans; every rule has at least one passing and one failing case (checked
// by TestEveryRuleHasCases).
var ruleCases = []struct {
	plan, rule, addr string
	want             Result
}{
	{"storage", "aws-s3-public-access-block", "aws_s3_bucket.good", Pass},
	{"storage", "aws-s3-public-access-block", "aws_s3_bucket.bad", Fail},
	{"storage", "aws-s3-public-access-block", "module.site.aws_s3_bucket.this", Pass}, // through a module output
	{"storage", "aws-s3-public-access-block", "aws_s3_bucket.logs", Pass},             // through a module input
	{"storage", "aws-s3-encryption", "aws_s3_bucket.good", Pass},
	{"storage", "aws-s3-encryption", "module.site.aws_s3_bucket.this", Pass},
	{"storage", "aws-s3-encryption", "aws_s3_bucket.bad", Fail},
	{"storage", "aws-s3-kms", "aws_s3_bucket_server_side_encryption_configuration.good", Pass},
	{"storage", "aws-s3-kms", "module.site.aws_s3_bucket_server_side_encryption_configuration.this", Fail},
	{"storage", "aws-s3-versioning", "aws_s3_bucket.good", Pass},
	{"storage", "aws-s3-versioning", "aws_s3_bucket.bad", Fail},
	{"storage", "aws-s3-versioning", "aws_s3_bucket.logs", Fail},
	{"storage", "aws-s3-access-logging", "aws_s3_bucket.good", Pass},
	{"storage", "aws-s3-access-logging", "aws_s3_bucket.bad", Fail},
	{"storage", "aws-s3-no-public-acl", "aws_s3_bucket_acl.good", Pass},
	{"storage", "aws-s3-no-public-acl", "aws_s3_bucket_acl.bad", Fail},
	{"storage", "aws-cloudfront-https-only", "aws_cloudfront_distribution.good", Pass},
	{"storage", "aws-cloudfront-https-only", "aws_cloudfront_distribution.bad", Fail},
	{"storage", "aws-cloudfront-tls12", "aws_cloudfront_distribution.good", Pass},
	{"storage", "aws-cloudfront-tls12", "aws_cloudfront_distribution.bad", Fail},
	{"storage", "aws-cloudfront-logging", "aws_cloudfront_distribution.good", Pass},
	{"storage", "aws-cloudfront-logging", "aws_cloudfront_distribution.bad", Fail},
	{"storage", "aws-cloudfront-origin-access-control", "aws_cloudfront_distribution.good", Pass},
	{"storage", "aws-cloudfront-origin-access-control", "aws_cloudfront_distribution.bad", Fail},
	{"storage", "aws-cloudfront-waf", "aws_cloudfront_distribution.good", Pass},
	{"storage", "aws-cloudfront-waf", "aws_cloudfront_distribution.bad", Fail},
	{"storage", "aws-log-group-retention", "aws_cloudwatch_log_group.good", Pass},
	{"storage", "aws-log-group-retention", "aws_cloudwatch_log_group.bad", Fail},
	{"storage", "aws-log-group-kms", "aws_cloudwatch_log_group.good", Pass},
	{"storage", "aws-log-group-kms", "aws_cloudwatch_log_group.bad", Fail},
	{"storage", "aws-waf-logging", "aws_wafv2_web_acl.good", Pass},
	{"storage", "aws-waf-logging", "aws_wafv2_web_acl.bad", Fail},
	{"storage", "aws-ecr-scan-on-push", "aws_ecr_repository.good", Pass},
	{"storage", "aws-ecr-scan-on-push", "aws_ecr_repository.bad", Fail},
	{"storage", "aws-ecr-immutable-tags", "aws_ecr_repository.good", Pass},
	{"storage", "aws-ecr-immutable-tags", "aws_ecr_repository.bad", Fail},
	{"storage", "aws-ecr-kms", "aws_ecr_repository.good", Pass},
	{"storage", "aws-ecr-kms", "aws_ecr_repository.bad", Fail},
	{"storage", "aws-cognito-password-policy", "aws_cognito_user_pool.good", Pass},
	{"storage", "aws-cognito-password-policy", "aws_cognito_user_pool.bad", Fail},
	{"storage", "aws-cognito-mfa", "aws_cognito_user_pool.good", Pass},
	{"storage", "aws-cognito-mfa", "aws_cognito_user_pool.bad", Fail},
	{"storage", "aws-cognito-threat-protection", "aws_cognito_user_pool.good", Pass},
	{"storage", "aws-cognito-threat-protection", "aws_cognito_user_pool.bad", Fail},

	{"service", "aws-sg-public-ingress", "aws_vpc_security_group_ingress_rule.alb_https", Pass}, // 443 on the ALB's group
	{"service", "aws-sg-public-ingress", "aws_vpc_security_group_ingress_rule.alb_http", Pass},  // ::/0 on 80
	{"service", "aws-sg-public-ingress", "aws_security_group.tasks", Pass},
	{"service", "aws-sg-public-ingress", "aws_vpc_security_group_ingress_rule.tasks_open", Fail},
	{"service", "aws-sg-public-ingress", "aws_security_group.bad", Fail},            // inline 22
	{"service", "aws-sg-public-ingress", "aws_security_group_rule.bad_https", Fail}, // 443, no load balancer
	{"service", "aws-sg-public-egress", "aws_vpc_security_group_egress_rule.tasks_redis", Pass},
	{"service", "aws-sg-public-egress", "aws_vpc_security_group_egress_rule.tasks_all", Fail},
	{"service", "aws-sg-description", "aws_security_group.alb", Pass},
	{"service", "aws-sg-description", "aws_security_group.bad", Fail},
	{"service", "aws-sg-description", "aws_security_group_rule.bad_https", Fail},
	{"service", "aws-elb-https-listener", "aws_lb_listener.https", Pass},
	{"service", "aws-elb-https-listener", "aws_lb_listener.http_redirect", Pass},
	{"service", "aws-elb-https-listener", "aws_lb_listener.http_forward", Fail},
	{"service", "aws-elb-tls-policy", "aws_lb_listener.https", Pass},
	{"service", "aws-elb-tls-policy", "aws_lb_listener.https_weak", Fail},
	{"service", "aws-elb-drop-invalid-headers", "aws_lb.good", Pass},
	{"service", "aws-elb-drop-invalid-headers", "aws_lb.bad", Fail},
	{"service", "aws-elb-internal", "aws_lb.dev", Pass},
	{"service", "aws-elb-internal", "aws_lb.bad", Fail},
	{"service", "aws-elb-internal", "aws_lb.good", Unknown}, // not set: internet-facing
	{"service", "aws-elb-deletion-protection", "aws_lb.good", Pass},
	{"service", "aws-elb-deletion-protection", "aws_lb.dev", Pass}, // not prod
	{"service", "aws-elb-deletion-protection", "aws_lb.bad", Fail},
	{"service", "aws-elb-access-logs", "aws_lb.good", Pass},
	{"service", "aws-elb-access-logs", "aws_lb.bad", Fail},
	{"service", "aws-elb-target-group-health-check", "aws_lb_target_group.good", Pass},
	{"service", "aws-elb-target-group-health-check", "aws_lb_target_group.bad", Fail},
	{"service", "aws-ecs-no-public-ip", "aws_ecs_service.good", Pass},
	{"service", "aws-ecs-no-public-ip", "aws_ecs_service.bad", Fail},
	{"service", "aws-ecs-no-privileged", "aws_ecs_task_definition.good", Pass},
	{"service", "aws-ecs-no-privileged", "aws_ecs_task_definition.bad", Fail},
	{"service", "aws-ecs-readonly-root", "aws_ecs_task_definition.good", Pass},
	{"service", "aws-ecs-readonly-root", "aws_ecs_task_definition.bad", Fail},
	{"service", "aws-ecs-no-plaintext-secrets", "aws_ecs_task_definition.good", Pass},
	{"service", "aws-ecs-no-plaintext-secrets", "aws_ecs_task_definition.bad", Fail},
	{"service", "aws-ecs-no-plaintext-secrets", "aws_ecs_task_definition.sensitive", Fail},
	{"service", "aws-ecs-container-insights", "aws_ecs_cluster.good", Pass},
	{"service", "aws-ecs-container-insights", "aws_ecs_cluster.bad", Fail},
	{"service", "aws-elasticache-at-rest-encryption", "aws_elasticache_replication_group.good", Pass},
	{"service", "aws-elasticache-at-rest-encryption", "aws_elasticache_replication_group.bad", Fail},
	{"service", "aws-elasticache-in-transit-encryption", "aws_elasticache_replication_group.good", Pass},
	{"service", "aws-elasticache-in-transit-encryption", "aws_elasticache_replication_group.bad", Fail},
	{"service", "aws-elasticache-in-transit-encryption", "aws_elasticache_replication_group.unknown", Unknown},
	{"service", "aws-elasticache-auth-token", "aws_elasticache_replication_group.good", Pass},
	{"service", "aws-elasticache-auth-token", "aws_elasticache_replication_group.bad", Fail},
	{"service", "aws-elasticache-failover", "aws_elasticache_replication_group.good", Pass},
	{"service", "aws-elasticache-failover", "aws_elasticache_replication_group.unknown", Pass}, // dev
	{"service", "aws-elasticache-failover", "aws_elasticache_replication_group.bad", Fail},
	{"service", "aws-elasticache-backup-retention", "aws_elasticache_replication_group.good", Pass},
	{"service", "aws-elasticache-backup-retention", "aws_elasticache_replication_group.bad", Fail},
	{"service", "aws-iam-no-star-action", "aws_iam_policy.good", Pass},
	{"service", "aws-iam-no-star-action", "aws_iam_role.lambda", Pass},
	{"service", "aws-iam-no-star-action", "aws_iam_policy.bad_action", Fail},
	{"service", "aws-iam-no-star-action", "aws_iam_role_policy.unknown", Unknown},
	{"service", "aws-iam-no-star-resource-write", "aws_iam_policy.good", Pass}, // read on "*" is fine
	{"service", "aws-iam-no-star-resource-write", "aws_iam_role_policy.bad_resource", Fail},
	{"service", "aws-iam-no-star-resource-write", "aws_iam_role.deploy_bad", Fail}, // inline_policy block
	{"service", "aws-iam-oidc-trust-scoped", "aws_iam_role.deploy_good", Pass},
	{"service", "aws-iam-oidc-trust-scoped", "aws_iam_role.lambda", Pass},
	{"service", "aws-iam-oidc-trust-scoped", "aws_iam_role.deploy_bad", Fail},
	{"service", "aws-lambda-tracing", "aws_lambda_function.good", Pass},
	{"service", "aws-lambda-tracing", "aws_lambda_function.bad", Fail},
	{"service", "aws-lambda-concurrency", "aws_lambda_function.good", Pass},
	{"service", "aws-lambda-concurrency", "aws_lambda_function.bad", Fail},
	{"service", "aws-lambda-dlq", "aws_lambda_function.good", Pass},
	{"service", "aws-lambda-dlq", "aws_lambda_function.bad", Fail},
	{"service", "aws-lambda-no-plaintext-secrets", "aws_lambda_function.good", Pass},
	{"service", "aws-lambda-no-plaintext-secrets", "aws_lambda_function.bad", Fail},
	{"service", "aws-lambda-permission-source-arn", "aws_lambda_permission.good", Pass},
	{"service", "aws-lambda-permission-source-arn", "aws_lambda_permission.bad", Fail},

	{"destroy", "change-no-data-loss", "aws_s3_bucket.old", Fail},
	{"destroy", "change-no-data-loss", "aws_s3_bucket.renamed", Fail},
	{"destroy", "change-no-data-loss", "aws_cloudwatch_log_group.old", Fail},
	{"destroy", "change-destroy-share", "", Fail},
}

func TestRules(t *testing.T) {
	for _, c := range ruleCases {
		t.Run(c.rule+"/"+c.addr, func(t *testing.T) {
			f, ok := find(fixture(t, c.plan), c.rule, c.addr)
			if !ok {
				t.Fatalf("no finding of %s on %q in %s", c.rule, c.addr, c.plan)
			}
			if f.Result != c.want {
				t.Errorf("result %s (%s), want %s", f.Result, f.Message, c.want)
			}
		})
	}
}

func TestEveryRuleHasCases(t *testing.T) {
	rules := DefaultRules()
	if n := len(AWSRules()); n < 30 {
		t.Errorf("AWS rule pack has %d rules, want at least 30", n)
	}
	seen := map[string]map[Result]bool{}
	for _, c := range ruleCases {
		if seen[c.rule] == nil {
			seen[c.rule] = map[Result]bool{}
		}
		seen[c.rule][c.want] = true
	}
	// Change rules' passing cases are in TestDestroyRules.
	seen["change-no-data-loss"][Pass] = true
	seen["change-destroy-share"][Pass] = true
	ids := map[string]bool{}
	for _, r := range rules {
		if ids[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		ids[r.ID] = true
		if !seen[r.ID][Pass] || !seen[r.ID][Fail] {
			t.Errorf("rule %s lacks a passing or a failing case", r.ID)
		}
		if !strings.Contains(r.Doc, "checkov") || !strings.Contains(r.Doc, "tfsec") {
			t.Errorf("rule %s: doc names no checkov/tfsec equivalent", r.ID)
		}
		if r.Severity == 0 || r.Enforcement == 0 || r.Title == "" {
			t.Errorf("rule %s: missing severity, enforcement or title", r.ID)
		}
	}
}

func TestUnknownIsNeverAPass(t *testing.T) {
	rep := fixture(t, "service")
	// transit encryption counts unknown as failure: blocks.
	f, _ := find(rep, "aws-elasticache-in-transit-encryption", "aws_elasticache_replication_group.unknown")
	if f.Result != Unknown || !f.Blocking {
		t.Errorf("in-transit unknown: %s blocking=%v, want unknown and blocking", f.Result, f.Blocking)
	}
	// the IAM rule does not: reported, not blocking.
	f, _ = find(rep, "aws-iam-no-star-action", "aws_iam_role_policy.unknown")
	if f.Result != Unknown || f.Blocking {
		t.Errorf("IAM unknown: %s blocking=%v, want unknown, not blocking", f.Result, f.Blocking)
	}
}

func TestWaivers(t *testing.T) {
	waiver := func(expires string) Waiver {
		return Waiver{Address: "aws_s3_bucket_acl.bad", Rule: "aws-s3-no-public-acl", Reason: "public test bucket", Expires: expires}
	}
	tests := []struct {
		name    string
		w       Waiver
		want    Result
		used    int
		expired int
	}{
		{"no expiry", waiver(""), Waived, 1, 0},
		{"expires later", waiver("2026-06-01"), Waived, 1, 0}, // the expiry day itself still counts
		{"expired", waiver("2026-05-31"), Fail, 0, 1},
		{"other rule", Waiver{Address: "aws_s3_bucket_acl.bad", Rule: "aws-s3-versioning", Reason: "x"}, Fail, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := CheckFile(planPath("storage"), Options{Now: testNow, Waivers: []Waiver{tt.w}})
			if err != nil {
				t.Fatal(err)
			}
			f, _ := find(rep, "aws-s3-no-public-acl", "aws_s3_bucket_acl.bad")
			if f.Result != tt.want {
				t.Errorf("result %s, want %s", f.Result, tt.want)
			}
			if (f.Result == Waived) != (f.Waiver != nil) || f.Blocking == (f.Result == Waived) {
				t.Errorf("waiver %v, blocking %v for result %s", f.Waiver, f.Blocking, f.Result)
			}
			if len(rep.WaiversUsed) != tt.used || len(rep.WaiversExpired) != tt.expired {
				t.Errorf("used %d expired %d, want %d and %d", len(rep.WaiversUsed), len(rep.WaiversExpired), tt.used, tt.expired)
			}
			var buf bytes.Buffer
			rep.WriteText(&buf)
			if tt.used > 0 && !regexp.MustCompile(`(?m)^aws_s3_bucket_acl\.bad\n  WAIVED +aws-s3-no-public-acl .*\n +.*\n +waived( until [0-9-]+)?: public test bucket$`).MatchString(buf.String()) {
				t.Errorf("text report does not list the waiver:\n%s", buf.String())
			}
			if tt.expired > 0 && !strings.Contains(buf.String(), "waiver EXPIRED on 2026-05-31, no longer applied: aws-s3-no-public-acl for aws_s3_bucket_acl.bad. To pass: fix") {
				t.Errorf("text report does not list the expired waiver")
			}
		})
	}
}

func TestWaiverAddressWithoutKeysCoversInstances(t *testing.T) {
	w := Waiver{Address: "module.static_ui.aws_s3_bucket.ui", Rule: "r", Reason: "x"}
	for addr, want := range map[string]bool{
		"module.static_ui.aws_s3_bucket.ui":               true,
		`module.static_ui[0].aws_s3_bucket.ui["a.b"]`:     true,
		"module.static_ui.aws_s3_bucket.ui_logs":          false,
		"module.other.aws_s3_bucket.ui":                   false,
		`module.static_ui["x"].module.y.aws_s3_bucket.ui`: false,
	} {
		if got := w.covers(addr); got != want {
			t.Errorf("covers(%s) = %v, want %v", addr, got, want)
		}
	}
	exact := Waiver{Address: "aws_s3_bucket.ui[0]", Rule: "r", Reason: "x"}
	if exact.covers("aws_s3_bucket.ui[1]") {
		t.Error("an instance waiver covers another instance")
	}
}

func TestLoadWaivers(t *testing.T) {
	dir := t.TempDir()
	if ws, err := LoadWaivers(filepath.Join(dir, "missing.json")); err != nil || ws != nil {
		t.Errorf("missing file: %v %v, want no waivers", ws, err)
	}
	write := func(s string) string {
		p := filepath.Join(dir, "w.json")
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	ws, err := LoadWaivers(write(`[{"address":"aws_s3_bucket.a","rule":"aws-s3-versioning","reason":"logs","expires":"2027-01-01"}]`))
	if err != nil || len(ws) != 1 || ws[0].Expires != "2027-01-01" {
		t.Errorf("got %v %v", ws, err)
	}
	for _, bad := range []string{
		`[{"address":"aws_s3_bucket.a","rule":"aws-s3-versioning"}]`,
		`[{"address":"aws_s3_bucket.a","rule":"aws-s3-versioning","reason":"x","expires":"soon"}]`,
		`{`,
	} {
		if _, err := LoadWaivers(write(bad)); err == nil {
			t.Errorf("LoadWaivers(%s): want an error", bad)
		}
	}
}

func TestOverrides(t *testing.T) {
	rep, err := CheckFile(planPath("storage"), Options{Now: testNow, Overrides: map[string]string{
		"aws-s3-versioning":    "log buckets are write-once", // soft-mandatory
		"aws-s3-no-public-acl": "please",                     // hard-mandatory: refused
	}})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := find(rep, "aws-s3-versioning", "aws_s3_bucket.bad")
	if f.Result != Overridden || f.Blocking || f.OverrideReason != "log buckets are write-once" {
		t.Errorf("soft-mandatory: %+v", f)
	}
	f, _ = find(rep, "aws-s3-no-public-acl", "aws_s3_bucket_acl.bad")
	if f.Result != Fail || !f.Blocking {
		t.Errorf("hard-mandatory overridden: %+v", f)
	}
	got := map[string]Override{}
	for _, o := range rep.Overrides {
		got[o.Rule] = o
	}
	if o := got["aws-s3-versioning"]; o.Findings != 3 || o.Refused != 0 {
		t.Errorf("versioning override: %+v, want 3 let through", o)
	}
	if o := got["aws-s3-no-public-acl"]; o.Findings != 0 || o.Refused != 1 {
		t.Errorf("ACL override: %+v, want 1 refused", o)
	}
	if _, err := CheckFile(planPath("storage"), Options{Overrides: map[string]string{"aws-s3-versioning": " "}}); err == nil {
		t.Error("an override without a reason was accepted")
	}
}

func TestDestroyRules(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		want   map[string]Result // address -> result of change-no-data-loss
		share  Result
		failed bool
	}{
		{"default", Options{}, map[string]Result{"aws_s3_bucket.old": Fail, "aws_s3_bucket.renamed": Fail, "aws_cloudwatch_log_group.old": Fail}, Fail, true},
		{"allowed", Options{AllowDestroy: []string{"aws_s3_bucket.old", "aws_s3_bucket.renamed", "aws_cloudwatch_log_group.old"}, MaxDestroyShare: 0.5},
			map[string]Result{"aws_s3_bucket.old": Pass, "aws_s3_bucket.renamed": Pass, "aws_cloudwatch_log_group.old": Pass}, Pass, true},
		{"share overridden", Options{AllowDestroy: []string{"aws_s3_bucket.old"}, Overrides: map[string]string{"change-destroy-share": "cleanup"}},
			map[string]Result{"aws_s3_bucket.old": Pass, "aws_s3_bucket.renamed": Fail}, Overridden, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := CheckFile(planPath("destroy"), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			for addr, want := range tt.want {
				if f, _ := find(rep, "change-no-data-loss", addr); f.Result != want {
					t.Errorf("%s: %s (%s), want %s", addr, f.Result, f.Message, want)
				}
			}
			if _, ok := find(rep, "change-no-data-loss", "terraform_data.gone"); ok {
				t.Error("terraform_data is not data-bearing")
			}
			if f, _ := find(rep, "change-destroy-share", ""); f.Result != tt.share {
				t.Errorf("share: %s (%s), want %s", f.Result, f.Message, tt.share)
			}
			// The replaced bucket still fails the S3 rules.
			if rep.Failed() != tt.failed {
				t.Errorf("Failed() = %v", rep.Failed())
			}
		})
	}
}

const secret = "s3cr3t-do-not-print"

// leaky reads the sensitive auth token and quotes it raw, as a careless
// rule might: the report must still not show it.
var leaky = &Rule{
	ID: "test-leaky", Title: "leaks", Severity: High, Enforcement: HardMandatory,
	Types: []string{"aws_elasticache_replication_group"}, Reads: []string{"auth_token"},
	Check: func(r *Resource) Verdict { return Failf("token is %v", r.Get("auth_token").Raw()) },
}

func TestSensitiveValuesNeverReported(t *testing.T) {
	f, err := os.Open(planPath("service"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Check(f, append(DefaultRules(), leaky), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if x, _ := find(rep, "test-leaky", "aws_elasticache_replication_group.good"); !strings.Contains(x.Message, "(sensitive)") {
		t.Errorf("leaky message not redacted: %q", x.Message)
	}
	for name, w := range map[string]func(*Report, *bytes.Buffer) error{
		"text":  func(r *Report, b *bytes.Buffer) error { return r.WriteText(b) },
		"json":  func(r *Report, b *bytes.Buffer) error { return r.WriteJSON(b) },
		"junit": func(r *Report, b *bytes.Buffer) error { return r.WriteJUnit(b) },
		"sarif": func(r *Report, b *bytes.Buffer) error { return r.WriteSARIF(b) },
	} {
		var buf bytes.Buffer
		if err := w(rep, &buf); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), secret) {
			t.Errorf("%s report shows a sensitive value", name)
		}
		if strings.Contains(buf.String(), "REDIS_PASSWORD") {
			t.Errorf("%s report names an env var inside a sensitive container definition", name)
		}
	}
	// The plan itself does carry the value, so the check above can fail.
	b, _ := os.ReadFile(planPath("service"))
	if !bytes.Contains(b, []byte(secret)) {
		t.Fatal("fixture lost its sensitive value; this test proves nothing")
	}
}

func TestSARIFShape(t *testing.T) {
	var buf bytes.Buffer
	if err := fixture(t, "service").WriteSARIF(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string }
						Properties       map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
					LogicalLocations []struct{ FullyQualifiedName string }
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-2.1.0") || len(doc.Runs) != 1 {
		t.Fatalf("version %q schema %q runs %d", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name == "" || len(run.Tool.Driver.Rules) < 30 {
		t.Errorf("driver %q with %d rules", run.Tool.Driver.Name, len(run.Tool.Driver.Rules))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ShortDescription.Text == "" || r.Properties["security-severity"] == nil {
			t.Errorf("rule %s lacks a description or security-severity", r.ID)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, r := range run.Results {
		if r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s: ruleIndex %d does not point at its rule", r.RuleID, r.RuleIndex)
		}
		if r.Level != "error" && r.Level != "warning" && r.Level != "note" {
			t.Errorf("result %s: level %q", r.RuleID, r.Level)
		}
		if r.Message.Text == "" || len(r.Locations) == 0 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" ||
			len(r.Locations[0].LogicalLocations) == 0 {
			t.Errorf("result %s lacks a message or a location", r.RuleID)
		}
	}
}

func TestJUnitAndJSON(t *testing.T) {
	rep := fixture(t, "service")
	blocking := 0
	for _, f := range rep.Findings {
		if f.Blocking {
			blocking++
		}
	}
	var buf bytes.Buffer
	if err := rep.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &suites); err != nil {
		t.Fatal(err)
	}
	if suites.Tests != len(rep.Findings) || suites.Failures != blocking || blocking == 0 {
		t.Errorf("junit: %d tests %d failures, want %d and %d", suites.Tests, suites.Failures, len(rep.Findings), blocking)
	}
	buf.Reset()
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Failed   bool
		Findings []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	if !js.Failed || len(js.Findings) != len(rep.Findings) {
		t.Errorf("json: failed %v, %d findings", js.Failed, len(js.Findings))
	}
	for _, k := range []string{"rule_id", "severity", "enforcement_level", "address", "result", "message"} {
		if _, ok := js.Findings[0][k]; !ok {
			t.Errorf("json finding lacks %s", k)
		}
	}
}

func TestTextReportWorstFirst(t *testing.T) {
	var buf bytes.Buffer
	fixture(t, "storage").WriteText(&buf)
	lines := strings.Split(buf.String(), "\n")
	if !strings.HasPrefix(lines[1], "  FAIL!") || !strings.Contains(lines[1], "critical") {
		t.Errorf("first finding is not the worst:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "policy check FAILED") {
		t.Error("no verdict line")
	}
}

func TestBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"empty":          ``,
		"not an object":  `[]`,
		"truncated":      `{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":["create"]`,
		"no version":     `{"resource_changes":[]}`,
		"future version": `{"format_version":"2.0","resource_changes":[]}`,
		"trailing data":  `{"format_version":"1.2"} {}`,
		"bad entry":      `{"format_version":"1.2","resource_changes":[{"address":1,"change":{}}]}`,
	} {
		if _, err := Check(strings.NewReader(in), DefaultRules(), Options{}); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	// Documents that parse but are not a plan to judge: real terraform
	// output (make policy-testdata) and hand-made shapes.
	for _, tt := range []struct{ name, file, in, want string }{
		{name: "state", file: "testdata/inputs/state.json", want: "JSON of a state"},
		{name: "errored plan", file: "testdata/inputs/errored.json", want: `the plan errored ("errored": true)`},
		{name: "neither", in: `{"format_version":"1.2","resource_changes":[]}`, want: "neither planned_values nor configuration"},
		{name: "no configuration", in: `{"format_version":"1.2","planned_values":{},"resource_changes":[]}`, want: "configuration is missing"},
		{name: "no planned_values", in: `{"format_version":"1.2","configuration":{},"resource_changes":[]}`, want: "planned_values is missing"},
		{name: "unknown action", in: `{"format_version":"1.2","planned_values":{},"configuration":{},"resource_changes":[` +
			`{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","change":{"actions":["obliterate"],"after":{}}}]}`,
			want: `unknown action "obliterate"`},
		{name: "no actions", in: `{"format_version":"1.2","planned_values":{},"configuration":{},"resource_changes":[` +
			`{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","change":{"after":{}}}]}`,
			want: `no actions`},
	} {
		var err error
		if tt.file != "" {
			_, err = CheckFile(tt.file, Options{})
		} else {
			_, err = Check(strings.NewReader(tt.in), DefaultRules(), Options{})
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.want)
		}
	}
	if _, err := CheckFile(filepath.Join(t.TempDir(), "none.json"), Options{}); err == nil {
		t.Error("missing file: want an error")
	}
	if _, err := CheckFile(planPath("storage"), Options{PolicyDirs: []string{"x"}}); err == nil {
		t.Error("policy dirs without an evaluator: want an error (fail closed)")
	}
}

func TestTextReportWithin120Columns(t *testing.T) {
	long := strings.Repeat("a reason that goes on and on about why this bucket may be public ", 5) +
		"https://example.com/" + strings.Repeat("x", 150)
	rep, err := CheckFile(planPath("storage"), Options{Now: testNow, Waivers: []Waiver{
		{Address: "aws_s3_bucket_acl.bad", Rule: "aws-s3-no-public-acl", Reason: long, Expires: "2026-06-20", Source: "modules/x/x.go:12"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for _, l := range lines {
		if len(l) > TextWidth {
			t.Errorf("line of %d columns: %q", len(l), l)
		}
	}
	if !strings.HasPrefix(lines[len(lines)-1], "policy check FAILED: ") || strings.Count(text, "policy check ") != 1 {
		t.Errorf("want exactly one summary line, last:\n%s", text)
	}
	// The reason is all there, outside the table row.
	if got := strings.Join(strings.Fields(text), " "); !strings.Contains(strings.ReplaceAll(got, " ", ""), strings.ReplaceAll(long, " ", "")) {
		t.Errorf("the waiver reason is not all in the report:\n%s", text)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "  WAIVED") && strings.Contains(l, "reason") {
			t.Errorf("the reason is on the table row: %q", l)
		}
	}
	if !strings.Contains(text, "warning: waiver of aws-s3-no-public-acl for aws_s3_bucket_acl.bad expires on 2026-06-20 (in 19 day(s))") ||
		!strings.Contains(strings.Join(strings.Fields(text), " "), "expires on 2026-06-20 (in 19 day(s)); declared at modules/x/x.go:12") {
		t.Errorf("no warning for the waiver that expires soon, naming where it is declared:\n%s", text)
	}
	if len(rep.WaiversExpiring) != 1 {
		t.Errorf("WaiversExpiring = %v", rep.WaiversExpiring)
	}
	// Groups: worst resource first; a resource's rows stay together.
	seen := map[string]bool{}
	last := ""
	for _, l := range lines {
		if l == "" || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "policy check") || strings.HasPrefix(l, "warning:") {
			continue
		}
		if seen[l] && l != last {
			t.Errorf("resource %s appears in two groups", l)
		}
		seen[l], last = true, l
	}
}
