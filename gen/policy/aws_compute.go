package policy

import (
	"errors"
	"slices"
	"sort"
	"strings"
)

// secretName matches environment variable names that hold secrets.
var secretName = lazyRegexp(`(?i)(password|passwd|secret|token|api_?key|private_?key|access_?key|credential)`)

// A container is what the rules read of one ECS container definition.
type container struct {
	name       string // "(unnamed)" when the definition has no string name
	privileged bool
	// readonlyRoot is readonlyRootFilesystem set to true.
	readonlyRoot bool
	// env holds the environment entries with a string value that is not
	// empty.
	env []envVar
}

type envVar struct{ name, value string }

// containers decodes an ECS task definition's container_definitions.
func containers(r *Resource) ([]container, Verdict, bool) {
	cd := r.Get("container_definitions")
	if cd.Unknown() {
		return nil, Unknownf("container_definitions known only after apply"), false
	}
	v, err := r.parsed("containers", cd.Str(), func(t *tree, text string) (any, error) { return parseContainers(t, text) })
	if err != nil {
		return nil, Unknownf("container_definitions is not a JSON list of containers"), false
	}
	cs, _ := v.([]container)
	return cs, Verdict{}, true
}

// parseContainers decodes container definitions with t to parse into,
// with the outcome json.Unmarshal into a []map[string]any has: a list
// (or null) of objects (or nulls).
func parseContainers(t *tree, text string) ([]container, error) {
	l, err := t.parseDoc(text)
	if err != nil {
		return nil, err
	}
	n := t.at(l)
	switch {
	case n.kind == kNull || n.kind == kArray && n.b == 0:
		return nil, nil
	case n.kind != kArray:
		return nil, errNotContainers
	}
	cs := make([]container, n.b)
	for i := range cs {
		c := ref(n.a) + ref(i)
		switch t.kind(c) {
		case kNull:
		case kObject:
		default:
			return nil, errNotContainers
		}
		cs[i] = container{name: "(unnamed)", privileged: t.kind(t.member(c, "privileged")) == kTrue,
			readonlyRoot: t.kind(t.member(c, "readonlyRootFilesystem")) == kTrue}
		if s, ok := t.string(t.member(c, "name")); ok {
			cs[i].name = s
		}
		if env := t.at(t.member(c, "environment")); env.kind == kArray {
			for j := env.a; j < env.a+env.b; j++ {
				name, _ := t.string(t.member(ref(j), "name"))
				if val, _ := t.string(t.member(ref(j), "value")); val != "" {
					cs[i].env = append(cs[i].env, envVar{name, val})
				}
			}
		}
	}
	return cs, nil
}

var errNotContainers = errors.New("not a list of container definitions")

func ecsRules() []*Rule {
	td := []string{"aws_ecs_task_definition"}
	return []*Rule{{
		ID: "aws-ecs-no-public-ip", Title: "ECS services give tasks no public IP",
		Severity: High, Enforcement: HardMandatory, Types: []string{"aws_ecs_service"}, Reads: []string{"network_configuration"},
		Doc: "network_configuration.assign_public_ip is false: tasks sit in private subnets behind the load " +
			"balancer. checkov CKV_AWS_333; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			ip := r.Get("network_configuration", 0, "assign_public_ip")
			switch {
			case ip.Unknown():
				return Unknownf("assign_public_ip known only after apply")
			case ip.True():
				return Failf("assign_public_ip = true")
			}
			return Passf("no public IP")
		},
	}, {
		ID: "aws-ecs-no-privileged", Title: "ECS containers are not privileged",
		Severity: High, Enforcement: HardMandatory, Types: td, Reads: []string{"container_definitions"},
		Doc: "No container definition sets privileged. checkov CKV_AWS_334; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			cs, v, ok := containers(r)
			if !ok {
				return v
			}
			for _, c := range cs {
				if c.privileged {
					return Failf("container %s is privileged", c.name)
				}
			}
			return Passf("no privileged container")
		},
	}, {
		ID: "aws-ecs-readonly-root", Title: "ECS containers have a read-only root filesystem",
		Severity: Medium, Enforcement: SoftMandatory, Types: td, Reads: []string{"container_definitions"},
		Doc: "Every container sets readonlyRootFilesystem. checkov CKV_AWS_336; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			cs, v, ok := containers(r)
			if !ok {
				return v
			}
			var bad []string
			for _, c := range cs {
				if !c.readonlyRoot {
					bad = append(bad, c.name)
				}
			}
			if len(bad) > 0 {
				return Failf("containers %s have a writable root filesystem", strings.Join(bad, ", "))
			}
			return Passf("every root filesystem is read-only")
		},
	}, {
		ID: "aws-ecs-no-plaintext-secrets", Title: "ECS containers take secrets from Secrets Manager or SSM, not plain environment",
		Severity: Critical, Enforcement: HardMandatory, Types: td, Reads: []string{"container_definitions"},
		Doc: "No container has a secret-looking environment variable (PASSWORD, SECRET, TOKEN, API_KEY, ...) with " +
			"a literal value; use secrets/valueFrom. tfsec aws-ecs-no-plaintext-secrets (AVD-AWS-0036); checkov " +
			"has no exact equivalent (CKV_AWS_45 is Lambda's).",
		Check: func(r *Resource) Verdict {
			cs, v, ok := containers(r)
			if !ok {
				return v
			}
			var bad []string
			for _, c := range cs {
				for _, e := range c.env {
					if secretName().MatchString(e.name) {
						bad = append(bad, c.name+"/"+e.name)
					}
				}
			}
			if len(bad) == 0 {
				return Passf("no secret in plain environment")
			}
			if r.Get("container_definitions").Sensitive() {
				// Even names are part of the sensitive value.
				return Failf("a container sets a secret-looking environment variable in plain text (details withheld: the definition is sensitive)")
			}
			return Failf("plain-text secrets in environment: %s", strings.Join(bad, ", "))
		},
	}, {
		ID: "aws-ecs-container-insights", Title: "ECS clusters have Container Insights",
		Severity: Low, Enforcement: SoftMandatory, Types: []string{"aws_ecs_cluster"}, Reads: []string{"setting"},
		Doc: "The cluster's containerInsights setting is enabled (or enhanced). checkov CKV_AWS_65; tfsec " +
			"aws-ecs-enable-container-insight (AVD-AWS-0034).",
		Check: func(r *Resource) Verdict {
			s := r.Get("setting")
			if s.Unknown() && !r.Unset("setting") {
				return Unknownf("setting known only after apply")
			}
			for _, e := range s.Elems() {
				if e.Get("name").Str() == "containerInsights" {
					if v := e.Get("value").Str(); v == "enabled" || v == "enhanced" {
						return Passf("Container Insights %s", v)
					}
					return Failf("containerInsights is %s", e.Get("value").Show())
				}
			}
			return Failf("no containerInsights setting")
		},
	}}
}

func ecrRules() []*Rule {
	repo := []string{"aws_ecr_repository"}
	return []*Rule{{
		ID: "aws-ecr-scan-on-push", Title: "ECR repositories scan images on push",
		Severity: Medium, Enforcement: SoftMandatory, Types: repo, Reads: []string{"image_scanning_configuration"},
		Doc: "image_scanning_configuration.scan_on_push is true. checkov CKV_AWS_163; tfsec " +
			"aws-ecr-enable-image-scans (AVD-AWS-0030).",
		Check: func(r *Resource) Verdict {
			return allTrueAt(r, "image_scanning_configuration", "scan_on_push")
		},
	}, {
		ID: "aws-ecr-immutable-tags", Title: "ECR repositories have immutable tags",
		Severity: Medium, Enforcement: SoftMandatory, Types: repo, Reads: []string{"image_tag_mutability"},
		Doc: "image_tag_mutability is IMMUTABLE, so a deployed tag cannot be swapped underneath a service. checkov " +
			"CKV_AWS_51; tfsec aws-ecr-enforce-immutable-repository (AVD-AWS-0031).",
		Check: func(r *Resource) Verdict {
			return oneOf(r.Get("image_tag_mutability"), "image_tag_mutability", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION")
		},
	}, {
		ID: "aws-ecr-kms", Title: "ECR repositories encrypt with KMS",
		Severity: Low, Enforcement: Advisory, Types: repo, Reads: []string{"encryption_configuration"},
		Doc: "encryption_configuration.encryption_type is KMS. checkov CKV_AWS_136; tfsec " +
			"aws-ecr-repository-customer-key (AVD-AWS-0033).",
		Check: func(r *Resource) Verdict {
			return oneOf(r.Get("encryption_configuration", 0, "encryption_type"), "encryption_type", "KMS")
		},
	}}
}

// allTrueAt passes when block[0].attr is known true.
func allTrueAt(r *Resource, block, attr string) Verdict {
	v := r.Get(block, 0, attr)
	switch {
	case v.Unknown() || r.Get(block).Unknown():
		return Unknownf("%s.%s known only after apply", block, attr)
	case v.True():
		return Passf("%s.%s = true", block, attr)
	}
	return Failf("%s.%s is %s", block, attr, v.Show())
}

func elastiCacheRules() []*Rule {
	rg := []string{"aws_elasticache_replication_group"}
	return []*Rule{{
		ID: "aws-elasticache-at-rest-encryption", Title: "ElastiCache encrypts data at rest",
		Severity: High, Enforcement: HardMandatory, Types: rg, Reads: []string{"at_rest_encryption_enabled"},
		Doc: "at_rest_encryption_enabled is true. checkov CKV_AWS_29; tfsec " +
			"aws-elasticache-enable-at-rest-encryption (AVD-AWS-0045).",
		Check: func(r *Resource) Verdict { return allTrue(r, "at_rest_encryption_enabled") },
	}, {
		ID: "aws-elasticache-in-transit-encryption", Title: "ElastiCache encrypts data in transit",
		Severity: High, Enforcement: HardMandatory, Types: rg, Reads: []string{"transit_encryption_enabled"}, UnknownFails: true,
		Doc: "transit_encryption_enabled is true; a value known only after apply counts as a failure, since " +
			"turning it on later replaces the cluster. checkov CKV_AWS_30; tfsec " +
			"aws-elasticache-enable-in-transit-encryption (AVD-AWS-0051).",
		Check: func(r *Resource) Verdict { return allTrue(r, "transit_encryption_enabled") },
	}, {
		ID: "aws-elasticache-auth-token", Title: "ElastiCache requires an auth token or RBAC users",
		Severity: High, Enforcement: HardMandatory, Types: rg, Reads: []string{"auth_token", "user_group_ids"},
		Doc: "auth_token is set (its value is never shown) or user_group_ids names an RBAC user group. checkov " +
			"CKV_AWS_31; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			t := r.Get("auth_token")
			if s, _ := t.String(); s != "" {
				return Passf("auth token set")
			}
			if ug, _ := r.Get("user_group_ids").Strings(); len(ug) > 0 {
				return Passf("RBAC user groups")
			}
			if t.Unknown() || r.Get("user_group_ids").HasUnknown() {
				return Unknownf("auth token known only after apply")
			}
			return Failf("no auth token and no user group: anyone in the network can connect")
		},
	}, {
		ID: "aws-elasticache-failover", Title: "Production ElastiCache fails over automatically across AZs",
		Severity: Medium, Enforcement: SoftMandatory, Types: rg, Reads: []string{"automatic_failover_enabled", "multi_az_enabled"},
		Doc: "A replication group tagged Environment=prod sets automatic_failover_enabled and multi_az_enabled. No " +
			"checkov or tfsec equivalent (AWS Security Hub ElastiCache.3).",
		Check: func(r *Resource) Verdict {
			if !r.Prod() {
				return notProd(r)
			}
			return allTrue(r, "automatic_failover_enabled", "multi_az_enabled")
		},
	}, {
		ID: "aws-elasticache-backup-retention", Title: "ElastiCache keeps snapshots",
		Severity: Low, Enforcement: Advisory, Types: append(rg, "aws_elasticache_cluster"),
		Reads: []string{"snapshot_retention_limit", "engine", "replication_group_id", "node_type"},
		Doc: "snapshot_retention_limit is above 0 on a Redis replication group or cluster (Memcached and " +
			"cache.t1.micro nodes keep no snapshots; a cluster in a replication group follows the group). tfsec " +
			"aws-elasticache-enable-backup-retention (AVD-AWS-0050); checkov has no equivalent.",
		Check: func(r *Resource) Verdict {
			if r.Type == "aws_elasticache_cluster" {
				if e := r.Get("engine").Str(); e == "memcached" {
					return Passf("a Memcached cluster keeps no snapshots")
				}
				if r.Get("node_type").Str() == "cache.t1.micro" {
					return Passf("cache.t1.micro nodes cannot keep snapshots")
				}
				if g := r.Get("replication_group_id"); g.Str() != "" || (g.Unknown() && !r.Unset("replication_group_id")) {
					return Passf("snapshots follow its replication group")
				}
			}
			n, ok := num(r.Get("snapshot_retention_limit"))
			switch {
			case r.Get("snapshot_retention_limit").Unknown():
				return Unknownf("snapshot_retention_limit known only after apply")
			case ok && n > 0:
				return Passf("keeps snapshots for %d days", n)
			}
			return Failf("keeps no snapshots")
		},
	}}
}

func cognitoRules() []*Rule {
	pool := []string{"aws_cognito_user_pool"}
	return []*Rule{{
		ID: "aws-cognito-password-policy", Title: "Cognito user pools require strong passwords",
		Severity: Medium, Enforcement: HardMandatory, Types: pool, Reads: []string{"password_policy"},
		Doc: "password_policy has minimum_length of at least 8 and requires lower case, upper case, numbers and " +
			"symbols. No checkov or tfsec equivalent (CIS password guidance).",
		Check: func(r *Resource) Verdict {
			pp := r.Get("password_policy", 0)
			if r.Get("password_policy").Unknown() {
				return Unknownf("password_policy known only after apply")
			}
			var bad []string
			if n, ok := num(pp.Get("minimum_length")); !ok || n < 8 {
				bad = append(bad, "minimum_length "+pp.Get("minimum_length").Show()+" < 8")
			}
			for _, a := range []string{"require_lowercase", "require_uppercase", "require_numbers", "require_symbols"} {
				if !pp.Get(a).True() {
					bad = append(bad, a+" off")
				}
			}
			if len(bad) > 0 {
				return Failf("weak password policy: %s", strings.Join(bad, ", "))
			}
			return Passf("strong password policy")
		},
	}, {
		ID: "aws-cognito-mfa", Title: "Cognito user pools offer MFA",
		Severity: Medium, Enforcement: SoftMandatory, Types: pool, Reads: []string{"mfa_configuration"},
		Doc: "mfa_configuration is ON or OPTIONAL. No checkov or tfsec equivalent (AWS Security Hub Cognito.1 " +
			"asks for the related threat protection).",
		Check: func(r *Resource) Verdict {
			return oneOf(r.Get("mfa_configuration"), "mfa_configuration", "ON", "OPTIONAL")
		},
	}, {
		ID: "aws-cognito-threat-protection", Title: "Cognito user pools enforce threat protection",
		Severity: Low, Enforcement: Advisory, Types: pool, Reads: []string{"user_pool_add_ons"},
		Doc: "user_pool_add_ons.advanced_security_mode is ENFORCED (or AUDIT). No checkov or tfsec equivalent " +
			"(AWS Security Hub Cognito.1).",
		Check: func(r *Resource) Verdict {
			return oneOf(r.Get("user_pool_add_ons", 0, "advanced_security_mode"), "advanced_security_mode", "ENFORCED", "AUDIT")
		},
	}}
}

func logRules() []*Rule {
	lg := []string{"aws_cloudwatch_log_group"}
	return []*Rule{{
		ID: "aws-log-group-retention", Title: "Log groups expire their logs",
		Severity: Low, Enforcement: SoftMandatory, Types: lg, Reads: []string{"retention_in_days"},
		Doc: "retention_in_days is set (0 keeps logs forever, at growing cost). checkov CKV_AWS_338 (which also " +
			"wants at least a year); tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			d := r.Get("retention_in_days")
			n, ok := num(d)
			switch {
			case d.Unknown():
				return Unknownf("retention_in_days known only after apply")
			case ok && n > 0:
				return Passf("keeps logs %d days", n)
			}
			return Failf("keeps logs forever (retention_in_days %s)", d.Show())
		},
	}, {
		ID: "aws-log-group-kms", Title: "Log groups encrypt with a customer key",
		Severity: Low, Enforcement: Advisory, Types: lg, Reads: []string{"kms_key_id"},
		Doc: "kms_key_id is set. checkov CKV_AWS_158; tfsec aws-cloudwatch-log-group-customer-key (AVD-AWS-0017).",
		Check: func(r *Resource) Verdict {
			k := r.Get("kms_key_id")
			switch {
			case k.Unknown():
				return Passf("kms_key_id set (known after apply)")
			case k.Str() != "":
				return Passf("encrypted with a customer key")
			}
			return Failf("no kms_key_id")
		},
	}, {
		ID: "aws-waf-logging", Title: "WAF web ACLs log their requests",
		Severity: Low, Enforcement: Advisory, Types: []string{"aws_wafv2_web_acl"},
		Uses: map[string][]string{"aws_wafv2_web_acl_logging_configuration": {"resource_arn"}},
		Doc: "An aws_wafv2_web_acl_logging_configuration's resource_arn is the web ACL, so that a blocked or " +
			"allowed request can be traced to its rule and client afterwards (metrics and sampled requests keep " +
			"only counts and a 3-hour sample). checkov CKV2_AWS_31; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			return companion(r, "aws_wafv2_web_acl_logging_configuration", "resource_arn", "web ACL", func(l *Resource) Verdict {
				return Passf("%s logs its requests", l.Address)
			})
		},
	}}
}

func lambdaRules() []*Rule {
	fn := []string{"aws_lambda_function"}
	return []*Rule{{
		ID: "aws-lambda-tracing", Title: "Lambda functions trace with X-Ray",
		Severity: Low, Enforcement: SoftMandatory, Types: fn, Reads: []string{"tracing_config"},
		Doc: "tracing_config.mode is Active. checkov CKV_AWS_50; tfsec aws-lambda-enable-tracing (AVD-AWS-0066).",
		Check: func(r *Resource) Verdict {
			m := r.Get("tracing_config", 0, "mode")
			switch {
			case r.Unset("tracing_config"):
				return Failf("no tracing_config: tracing is PassThrough")
			case m.Unknown():
				return Unknownf("tracing mode known only after apply")
			case m.Str() == "Active":
				return Passf("active tracing")
			}
			return Failf("tracing mode %s", m.Show())
		},
	}, {
		ID: "aws-lambda-concurrency", Title: "Lambda functions have a concurrency limit",
		Severity: Low, Enforcement: SoftMandatory, Types: fn, Reads: []string{"reserved_concurrent_executions"},
		Doc: "reserved_concurrent_executions is set (not -1), so one function cannot exhaust the account's " +
			"concurrency or run up unbounded cost. checkov CKV_AWS_115; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			c := r.Get("reserved_concurrent_executions")
			n, ok := num(c)
			switch {
			case c.Unknown():
				return Unknownf("reserved_concurrent_executions known only after apply")
			case ok && n >= 0:
				return Passf("at most %d concurrent executions", n)
			}
			return Failf("no concurrency limit")
		},
	}, {
		ID: "aws-lambda-dlq", Title: "Lambda functions have a dead-letter queue",
		Severity: Low, Enforcement: Advisory, Types: fn, Reads: []string{"dead_letter_config"},
		Doc: "dead_letter_config.target_arn is set, so failed async invocations are kept. checkov CKV_AWS_116; " +
			"tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			t := r.Get("dead_letter_config", 0, "target_arn")
			if t.Unknown() || t.Str() != "" {
				return Passf("dead-letter queue set")
			}
			return Failf("no dead-letter queue")
		},
	}, {
		ID: "aws-lambda-no-plaintext-secrets", Title: "Lambda environments hold no plain-text secrets",
		Severity: High, Enforcement: SoftMandatory, Types: fn, Reads: []string{"environment"},
		Doc: "No environment variable with a secret-looking name (PASSWORD, SECRET, TOKEN, API_KEY, ...) has a " +
			"literal value; read secrets from Secrets Manager or SSM at run time. checkov CKV_AWS_45; tfsec has no " +
			"equivalent.",
		Check: func(r *Resource) Verdict {
			vars := r.Get("environment", 0, "variables")
			m, _ := vars.Raw().(map[string]any)
			var bad []string
			for name := range m {
				if secretName().MatchString(name) {
					bad = append(bad, name)
				}
			}
			sort.Strings(bad)
			if len(bad) > 0 {
				return Failf("secret-looking environment variables: %s", strings.Join(bad, ", "))
			}
			if vars.Unknown() {
				return Unknownf("environment known only after apply")
			}
			return Passf("no secret-looking environment variable")
		},
	}, {
		ID: "aws-lambda-permission-source-arn", Title: "Lambda permissions for AWS services name the source",
		Severity: High, Enforcement: HardMandatory, Types: []string{"aws_lambda_permission"}, Reads: []string{"principal", "source_arn"},
		Doc: "A permission granted to an AWS service principal sets source_arn, so no other account's resource of " +
			"that service can invoke the function. checkov CKV_AWS_364; tfsec aws-lambda-restrict-source-arn " +
			"(AVD-AWS-0067).",
		Check: func(r *Resource) Verdict {
			p := r.Get("principal")
			if p.Unknown() {
				return Unknownf("principal known only after apply")
			}
			if !strings.HasSuffix(p.Str(), ".amazonaws.com") {
				return Passf("principal %s is not a service", p.Show())
			}
			s := r.Get("source_arn")
			if s.Unknown() || s.Str() != "" {
				return Passf("restricted to a source ARN")
			}
			return Failf("service principal %s may invoke from any source", p.Show())
		},
	}}
}

// oneOf judges a string attribute that must hold one of allowed: unknown
// while the plan does not know it, which the rule's UnknownFails decides.
func oneOf(v Value, name string, allowed ...string) Verdict {
	if v.Unknown() {
		return Unknownf("%s known only after apply", name)
	}
	if slices.Contains(allowed, v.Str()) {
		return Passf("%s is %s", name, v.Show())
	}
	return Failf("%s is %s, not %s", name, v.Show(), strings.Join(allowed, " or "))
}
