package blueprints

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// wantTypes is every resource type the platform creates, component by
// component; each environment's plan must create exactly these.
var wantTypes = []string{
	// network
	"aws_vpc", "aws_default_security_group", "aws_subnet", "aws_internet_gateway", "aws_eip", "aws_nat_gateway",
	"aws_route_table", "aws_route", "aws_route_table_association", "aws_flow_log",
	// static UI (and the buckets of the other components)
	"aws_s3_bucket", "aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration",
	"aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_logging",
	"aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_policy",
	"aws_cloudfront_distribution", "aws_cloudfront_origin_access_control", "aws_cloudfront_response_headers_policy",
	"aws_wafv2_web_acl", "aws_wafv2_web_acl_logging_configuration", "aws_cloudwatch_log_resource_policy",
	// auth
	"aws_cognito_user_pool", "aws_cognito_user_pool_client",
	// chat service
	"aws_ecr_repository", "aws_ecr_lifecycle_policy", "aws_ecs_cluster", "aws_ecs_task_definition", "aws_ecs_service",
	"aws_lb", "aws_lb_listener", "aws_lb_target_group", "aws_security_group",
	"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
	"aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_cloudwatch_log_group",
	"aws_iam_role", "aws_iam_role_policy",
	// redis
	"aws_elasticache_replication_group", "aws_elasticache_subnet_group", "aws_elasticache_parameter_group",
	"aws_secretsmanager_secret", "aws_secretsmanager_secret_version",
	// customer-managed keys (UI, UI logs, media, and each module's log groups)
	"aws_kms_key", "aws_kms_alias", "aws_kms_key_policy",
	// media
	"aws_lambda_function", "aws_lambda_permission", "aws_apigatewayv2_api", "aws_apigatewayv2_stage",
	"aws_apigatewayv2_route", "aws_apigatewayv2_integration", "aws_apigatewayv2_authorizer",
	// cicd
	"aws_iam_openid_connect_provider",
	// dns
	"aws_route53_record", "aws_acm_certificate", "aws_acm_certificate_validation",
}

// capacity is what the plan says about an environment's size.
type capacity struct {
	resources, subnets, natGateways int
	minTasks, maxTasks              float64
	redisNodes                      float64
	redisFailover, redisMultiAZ     bool
	albDeletionProtection           bool
	logRetention                    map[float64]bool
	cognitoAdvancedSecurity         string
}

func TestPlatformModelIsValid(t *testing.T) {
	if ds := tf.Validate(PlatformFor(Backend{})...); ds.HasErrors() {
		t.Fatal(ds)
	}
}

func TestExampleTfvarsHoldNoSecret(t *testing.T) {
	for _, m := range PlatformFor(Backend{}) {
		if !strings.HasPrefix(m.Name, "envs/") {
			continue
		}
		var names []string
		for _, f := range m.VarsFiles {
			names = append(names, f.Name)
			if f.Name == "offline.tfvars" {
				continue // the offline switch lives here on purpose; it is never auto-loaded
			}
			for _, it := range f.Values.Items {
				if it.Attr.Name == "redis_auth_token" || it.Attr.Name == "aws_skip_checks" {
					t.Errorf("%s/%s sets %s", m.Name, f.Name, it.Attr.Name)
				}
			}
		}
		if strings.Join(names, " ") != "offline.tfvars example.auto.tfvars" {
			t.Errorf("%s: vars files %q", m.Name, names)
		}
	}
}

// TestPlatformPlansOffline inits, validates and plans every environment
// with the real AWS provider from the local mirror, in a copy of out/.
func TestPlatformPlansOffline(t *testing.T) {
	t.Parallel() // beside TestPlatformTerraformTest: both mostly wait for terraform
	if testing.Short() {
		t.Skip("plans with terraform; skipped with -short")
	}
	var mu sync.Mutex
	got := map[string]capacity{}
	t.Run("env", func(t *testing.T) {
		for _, e := range Environments {
			t.Run(e.Name, func(t *testing.T) {
				t.Parallel()
				plan, token := planEnv(t, e.Name)
				assertTypes(t, plan)
				assertTokenOnlyInReplicationGroup(t, plan, token)
				assertLogGroupsEncrypted(t, plan)
				assertWebACL(t, plan)
				c := measure(plan)
				if c.subnets != 2*len(e.AvailabilityZones) {
					t.Errorf("%d subnets, want %d (public + private per AZ)", c.subnets, 2*len(e.AvailabilityZones))
				}
				mu.Lock()
				got[e.Name] = c
				mu.Unlock()
			})
		}
		t.Run("cloud", func(t *testing.T) {
			t.Parallel()
			validateCloud(t)
		})
		t.Run("json", func(t *testing.T) {
			t.Parallel()
			validateJSON(t)
		})
	})
	dev, prod := got["dev"], got["prod"]
	if dev.resources == 0 || prod.resources == 0 {
		t.Fatal("an environment did not plan")
	}
	t.Logf("resources to create: dev %d, prod %d", dev.resources, prod.resources)
	checks := []struct {
		what string
		ok   bool
	}{
		{"prod has more subnets (AZs) than dev", prod.subnets > dev.subnets},
		{"prod has more NAT gateways than dev", prod.natGateways > dev.natGateways},
		{"dev shares one NAT gateway", dev.natGateways == 1},
		{"prod has a NAT gateway per AZ", prod.natGateways == prod.subnets/2},
		{"prod runs more tasks at least", prod.minTasks > dev.minTasks},
		{"prod scales to more tasks", prod.maxTasks > dev.maxTasks},
		{"prod has more Redis nodes", prod.redisNodes > dev.redisNodes},
		{"prod Redis fails over automatically", prod.redisFailover && !dev.redisFailover},
		{"prod Redis is multi-AZ", prod.redisMultiAZ && !dev.redisMultiAZ},
		{"prod ALB has deletion protection", prod.albDeletionProtection && !dev.albDeletionProtection},
		{"prod Cognito enforces advanced security", prod.cognitoAdvancedSecurity == "ENFORCED" && dev.cognitoAdvancedSecurity == "OFF"},
		{"prod keeps logs longer", minKey(prod.logRetention) > minKey(dev.logRetention)},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: dev %+v, prod %+v", c.what, dev, prod)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if row := fmt.Sprintf("| resources created (offline plan) | %d | %d |", dev.resources, prod.resources); !strings.Contains(string(readme), row+"\n") {
		t.Errorf("README.md's table of the environments does not count what they plan: want the row %q", row)
	}
}

// planEnv copies out/modules and out/envs/<env> to a temporary directory,
// runs init, validate, plan and show -json there, and returns the plan.
func planEnv(t *testing.T, env string) (*tfjson.Plan, string) {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"modules", filepath.Join("envs", env)} {
		copyTree(t, filepath.Join("..", "out", dir), filepath.Join(root, dir))
	}
	dir := filepath.Join(root, "envs", env)
	terraform(t, dir, "init", "-input=false", "-no-color")
	terraform(t, dir, "validate", "-no-color")
	token := throwawayToken(t)
	terraform(t, dir, "plan", "-input=false", "-no-color", "-lock=false", "-out=plan.bin",
		"-var", "aws_skip_checks=true", "-var", "redis_auth_token="+token)
	out := terraform(t, dir, "show", "-json", "plan.bin")
	var plan tfjson.Plan
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("plan JSON: %v", err)
	}
	return &plan, token
}

// assertTokenOnlyInReplicationGroup checks where the Redis AUTH token
// lands in the plan: the Secrets Manager version takes it write-only (its
// planned values hold nothing), and the only resource that still carries
// it is the replication group, whose auth_token has no write-only form in
// AWS provider 5.100.0.
func assertTokenOnlyInReplicationGroup(t *testing.T, plan *tfjson.Plan, token string) {
	t.Helper()
	var holders []string
	secretVersions := 0
	for _, rc := range plan.ResourceChanges {
		after, err := json.Marshal(rc.Change.After)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(after), token) {
			holders = append(holders, rc.Type)
		}
		if rc.Type == "aws_secretsmanager_secret_version" {
			secretVersions++
			a, _ := rc.Change.After.(map[string]any)
			if a["secret_string_wo"] != nil || a["secret_string"] != nil {
				t.Errorf("%s plans secret_string %v / secret_string_wo %v, want both null (write-only)", rc.Address, a["secret_string"], a["secret_string_wo"])
			}
			if a["secret_string_wo_version"] == nil {
				t.Errorf("%s sets no secret_string_wo_version", rc.Address)
			}
		}
	}
	if secretVersions != 1 {
		t.Errorf("%d secret versions planned, want 1", secretVersions)
	}
	if !slices.Equal(holders, []string{"aws_elasticache_replication_group"}) {
		t.Errorf("the token is in the planned values of %v, want only aws_elasticache_replication_group", holders)
	}
}

// assertLogGroupsEncrypted checks that every planned log group sets
// kms_key_id (the ARN of a key created with it, so known only after
// apply) and that its module plans a key, alias and key policy.
// TestLogGroupsCanUseTheirKeys checks what the policy allows.
func assertLogGroupsEncrypted(t *testing.T, plan *tfjson.Plan) {
	t.Helper()
	keyed := map[string]map[string]bool{}
	var groups []*tfjson.ResourceChange
	for _, rc := range created(plan) {
		switch rc.Type {
		case "aws_kms_key", "aws_kms_alias", "aws_kms_key_policy":
			if keyed[rc.ModuleAddress] == nil {
				keyed[rc.ModuleAddress] = map[string]bool{}
			}
			keyed[rc.ModuleAddress][rc.Type] = true
		case "aws_cloudwatch_log_group":
			groups = append(groups, rc)
		}
	}
	if len(groups) == 0 {
		t.Fatal("no log group planned")
	}
	for _, rc := range groups {
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		if k, _ := after["kms_key_id"].(string); k == "" && unknown["kms_key_id"] != true {
			t.Errorf("%s plans no kms_key_id", rc.Address)
		}
		if k := keyed[rc.ModuleAddress]; len(k) != 3 {
			t.Errorf("%s: its module plans %v of aws_kms_key, aws_kms_alias, aws_kms_key_policy", rc.Address, k)
		}
	}
}

// assertWebACL checks the UI's web ACL in the plan: one CLOUDFRONT-scope
// ACL, created through a provider configured for us-east-1 (CloudFront
// takes web ACLs from no other region), reporting metrics and sampled
// requests on itself and on every rule, the distribution's web_acl_id
// coming from its ARN, and the ACL's requests logged (checkov CKV2_AWS_31)
// to the module's own aws-waf-logs- log group with the authorization and
// cookie headers redacted.
func assertWebACL(t *testing.T, plan *tfjson.Plan) {
	t.Helper()
	var acls []*tfjson.ResourceChange
	for _, rc := range created(plan) {
		if rc.Type == "aws_wafv2_web_acl" {
			acls = append(acls, rc)
		}
	}
	if len(acls) != 1 || acls[0].Address != "module.waf.aws_wafv2_web_acl.this" {
		t.Fatalf("web ACLs planned: %d, want module.waf.aws_wafv2_web_acl.this alone", len(acls))
	}
	after, _ := acls[0].Change.After.(map[string]any)
	if after["scope"] != "CLOUDFRONT" {
		t.Errorf("web ACL scope %v, want CLOUDFRONT", after["scope"])
	}
	visible := func(what string, v any) {
		vc, _ := v.([]any)
		c, _ := firstOf(vc).(map[string]any)
		if c["cloudwatch_metrics_enabled"] != true || c["sampled_requests_enabled"] != true {
			t.Errorf("%s: visibility_config %v, want CloudWatch metrics and sampled requests on", what, v)
		}
	}
	visible("web ACL", after["visibility_config"])
	rules, _ := after["rule"].([]any)
	if len(rules) != 4 {
		t.Errorf("web ACL plans %d rules, want 4 (3 managed rule groups, the rate limit)", len(rules))
	}
	for _, r := range rules {
		r, _ := r.(map[string]any)
		visible(fmt.Sprint("rule ", r["name"]), r["visibility_config"])
	}
	region := func(key string) string {
		pc := plan.Config.ProviderConfigs[key]
		if pc == nil || pc.Expressions["region"] == nil {
			return "unset"
		}
		if r, ok := pc.Expressions["region"].ConstantValue.(string); ok {
			return r
		}
		return fmt.Sprint(pc.Expressions["region"].References)
	}
	for _, r := range plan.Config.RootModule.ModuleCalls["waf"].Module.Resources {
		if got := region(r.ProviderConfigKey); got != "us-east-1" {
			t.Errorf("%s is created through provider %s, region %s; want us-east-1", r.Address, r.ProviderConfigKey, got)
		}
	}
	var refs []string
	if e := plan.Config.RootModule.ModuleCalls["ui"].Expressions["web_acl_id"]; e != nil {
		refs = e.References
	}
	if !slices.Contains(refs, "module.waf.web_acl_arn") {
		t.Errorf("module.ui's web_acl_id references %v, want module.waf.web_acl_arn", refs)
	}
	for _, rc := range created(plan) {
		if rc.Type == "aws_cloudfront_distribution" {
			if unknown, _ := rc.Change.AfterUnknown.(map[string]any); unknown["web_acl_id"] != true {
				t.Errorf("%s: web_acl_id is not the web ACL's ARN, known after apply (after_unknown %v)", rc.Address, unknown["web_acl_id"])
			}
		}
	}
	assertWebACLLogging(t, plan)
}

// assertWebACLLogging checks that module.waf's logging configuration
// names the ACL and, as its only destination, a log group of the module
// that the plan creates with a name WAF accepts (aws-waf-logs-*), and
// redacts the authorization and cookie headers.
func assertWebACLLogging(t *testing.T, plan *tfjson.Plan) {
	t.Helper()
	const addr = "module.waf.aws_wafv2_web_acl_logging_configuration.this"
	var logging *tfjson.ResourceChange
	groups := map[string]string{} // address in module.waf -> planned name
	for _, rc := range created(plan) {
		after, _ := rc.Change.After.(map[string]any)
		switch {
		case rc.Address == addr:
			logging = rc
		case rc.Type == "aws_cloudwatch_log_group" && rc.ModuleAddress == "module.waf":
			name, _ := after["name"].(string)
			groups[strings.TrimPrefix(rc.Address, "module.waf.")] = name
		}
	}
	if logging == nil {
		t.Fatalf("%s is not planned: the web ACL's requests are not logged", addr)
	}
	var cfg *tfjson.ConfigResource
	for _, r := range plan.Config.RootModule.ModuleCalls["waf"].Module.Resources {
		if "module.waf."+r.Address == addr {
			cfg = r
		}
	}
	refs := func(attr string) []string {
		if cfg == nil || cfg.Expressions[attr] == nil {
			return nil
		}
		return cfg.Expressions[attr].References
	}
	if got := refs("resource_arn"); !slices.Contains(got, "aws_wafv2_web_acl.this.arn") {
		t.Errorf("%s: resource_arn references %v, want aws_wafv2_web_acl.this.arn", addr, got)
	}
	var dests []string
	for _, r := range refs("log_destination_configs") {
		if g, ok := strings.CutSuffix(r, ".arn"); ok && strings.HasPrefix(g, "aws_cloudwatch_log_group.") {
			dests = append(dests, g)
		}
	}
	if len(dests) != 1 || !strings.HasPrefix(groups[dests[0]], "aws-waf-logs-") {
		t.Errorf("%s: log_destination_configs references %v (log groups of module.waf: %v), want the ARN of one log group of the module named aws-waf-logs-*", addr, refs("log_destination_configs"), groups)
	}
	var redacted []string
	after, _ := logging.Change.After.(map[string]any)
	fields, _ := after["redacted_fields"].([]any)
	for _, f := range fields {
		f, _ := f.(map[string]any)
		h, _ := f["single_header"].([]any)
		if h, _ := firstOf(h).(map[string]any); h != nil {
			redacted = append(redacted, fmt.Sprint(h["name"]))
		}
	}
	for _, h := range []string{"authorization", "cookie"} {
		if !slices.Contains(redacted, h) {
			t.Errorf("%s: redacts the headers %v, want %s among them", addr, redacted, h)
		}
	}
}

// firstOf is the first element of list, nil when it is empty.
func firstOf(list []any) any {
	if len(list) == 0 {
		return nil
	}
	return list[0]
}

// terraform runs terraform with the mirror's CLI configuration and dummy
// credentials; the provider's skip flags keep it off the network.
func terraform(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("terraform", args...)
	cmd.Dir = dir
	cmd.Env = append(terraformEnv(t), "AWS_ACCESS_KEY_ID=offline-test", "AWS_SECRET_ACCESS_KEY=offline-test", "AWS_EC2_METADATA_DISABLED=true")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// terraformEnv is tftest's environment (a CLI configuration that installs
// providers from the machine's mirror) without the caller's AWS settings.
func terraformEnv(t *testing.T) []string {
	t.Helper()
	var env []string
	for _, kv := range tftest.Env(t) {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return env
}

// throwawayToken is a Redis AUTH token made for one plan and never kept.
func throwawayToken(t *testing.T) string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasSuffix(p, ".tfstate") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func created(plan *tfjson.Plan) []*tfjson.ResourceChange {
	var out []*tfjson.ResourceChange
	for _, rc := range plan.ResourceChanges {
		if rc.Mode == tfjson.ManagedResourceMode && rc.Change != nil && rc.Change.Actions.Create() {
			out = append(out, rc)
		}
	}
	return out
}

func assertTypes(t *testing.T, plan *tfjson.Plan) {
	t.Helper()
	seen := map[string]bool{}
	for _, rc := range created(plan) {
		seen[rc.Type] = true
	}
	var got []string
	for typ := range seen {
		got = append(got, typ)
	}
	want := append([]string(nil), wantTypes...)
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("created resource types differ\nmissing: %v\nunexpected: %v", diff(want, seen), diff(got, toSet(want)))
	}
}

func measure(plan *tfjson.Plan) capacity {
	c := capacity{logRetention: map[float64]bool{}}
	for _, rc := range created(plan) {
		c.resources++
		after, _ := rc.Change.After.(map[string]any)
		switch rc.Type {
		case "aws_subnet":
			c.subnets++
		case "aws_nat_gateway":
			c.natGateways++
		case "aws_appautoscaling_target":
			c.minTasks, _ = after["min_capacity"].(float64)
			c.maxTasks, _ = after["max_capacity"].(float64)
		case "aws_elasticache_replication_group":
			c.redisNodes, _ = after["num_cache_clusters"].(float64)
			c.redisFailover, _ = after["automatic_failover_enabled"].(bool)
			c.redisMultiAZ, _ = after["multi_az_enabled"].(bool)
		case "aws_lb":
			c.albDeletionProtection, _ = after["enable_deletion_protection"].(bool)
		case "aws_cloudwatch_log_group":
			if d, ok := after["retention_in_days"].(float64); ok {
				c.logRetention[d] = true
			}
		case "aws_cognito_user_pool":
			if addOns, ok := after["user_pool_add_ons"].([]any); ok && len(addOns) == 1 {
				m, _ := addOns[0].(map[string]any)
				c.cognitoAdvancedSecurity, _ = m["advanced_security_mode"].(string)
			}
		}
	}
	return c
}

func minKey(m map[float64]bool) float64 {
	first, min := true, 0.0
	for k := range m {
		if first || k < min {
			first, min = false, k
		}
	}
	return min
}

func toSet(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func diff(list []string, set map[string]bool) []string {
	var out []string
	for _, s := range list {
		if !set[s] {
			out = append(out, s)
		}
	}
	return out
}

// validateJSON renders the platform as Terraform JSON and runs terraform
// validate on the dev root: the JSON syntax has its own rules (bare
// references in meta-arguments, every field of attributes written as
// blocks), and the whole platform must pass them too.
func validateJSON(t *testing.T) {
	opts, err := Options(t.TempDir(), render.JSON, "")
	if err != nil {
		t.Fatal(err)
	}
	files, ds := generate.Files(opts)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	root := t.TempDir()
	n := 0
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Path, ".tf.json") {
			n++
		}
	}
	if n == 0 {
		t.Fatal("no .tf.json files rendered")
	}
	dir := filepath.Join(root, "envs", "dev")
	terraform(t, dir, "init", "-backend=false", "-input=false", "-no-color")
	terraform(t, dir, "validate", "-no-color")
}

// validateCloud renders the platform with a Terraform Cloud organization
// and runs terraform validate on the dev root (init without the backend:
// there is no Terraform Cloud here).
func validateCloud(t *testing.T) {
	files, ds := generate.Files(generate.Options{Modules: PlatformFor(Backend{CloudOrganization: "example-org"})})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	root := t.TempDir()
	var terraformTF string
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if f.Path == "envs/dev/terraform.tf" {
			terraformTF = string(f.Data)
		}
	}
	for _, want := range []string{`cloud {`, `organization = "example-org"`, `name = "moochat-dev"`} {
		if !strings.Contains(terraformTF, want) {
			t.Errorf("envs/dev/terraform.tf lacks %q:\n%s", want, terraformTF)
		}
	}
	if strings.Contains(terraformTF, "backend") {
		t.Errorf("envs/dev/terraform.tf keeps a backend next to the cloud block")
	}
	dir := filepath.Join(root, "envs", "dev")
	terraform(t, dir, "init", "-backend=false", "-input=false", "-no-color")
	terraform(t, dir, "validate", "-no-color")
}
