package policy

import "fmt"

// DataBearing lists the resource types whose delete or replace loses data.
var DataBearing = map[string]bool{
	"aws_s3_bucket":                     true,
	"aws_elasticache_replication_group": true,
	"aws_elasticache_cluster":           true,
	"aws_elasticache_serverless_cache":  true,
	"aws_cognito_user_pool":             true,
	"aws_ecr_repository":                true,
	"aws_cloudwatch_log_group":          true,
	"aws_db_instance":                   true,
	"aws_rds_cluster":                   true,
	"aws_dynamodb_table":                true,
	"aws_efs_file_system":               true,
	"aws_kms_key":                       true,
	"aws_secretsmanager_secret":         true,
}

// ChangeRules returns the rules on the plan's actions, which configuration
// scanners cannot check: deleting data, and destroying much at once.
func ChangeRules() []*Rule {
	return []*Rule{{
		ID: "change-no-data-loss", Title: "Data-bearing resources are not deleted or replaced unless allowed",
		Severity: Critical, Enforcement: HardMandatory,
		Doc: "Deleting or replacing an S3 bucket, ElastiCache cluster, Cognito user pool, ECR repository, log " +
			"group (or database, table, file system, key, secret) fails unless the run allows that address " +
			"(-allow-destroy ADDR). No checkov or tfsec equivalent: they read configuration, not plans.",
		CheckPlan: func(p *Plan, opts *Options) []Finding {
			var out []Finding
			for _, r := range p.Resources {
				if !DataBearing[r.Type] || !r.Deletes() {
					continue
				}
				what := "deletes"
				if r.Change.Actions.Replace() {
					what = "replaces"
				}
				if reason := string(r.ActionReason); reason != "" {
					what += " (" + reason + ")"
				}
				f := Finding{Address: r.Address, ResourceType: r.Type, Result: Fail,
					Message: "plan " + what + " " + r.Type + " and its data"}
				if allowed(opts.AllowDestroy, r.Address) {
					f.Result = Pass
					f.Message += "; allowed for this run"
				}
				out = append(out, f)
			}
			return out
		},
	}, {
		ID: "change-destroy-share", Title: "A plan destroys at most a set share of its resources",
		Severity: High, Enforcement: SoftMandatory,
		Doc: "The share of managed resources the plan deletes or replaces is at most Options.MaxDestroyShare " +
			"(default 20%); a larger one is usually a wrong workspace, variable or refactoring. Override for a " +
			"run that means it. No checkov or tfsec equivalent.",
		CheckPlan: func(p *Plan, opts *Options) []Finding {
			total, gone := len(p.Resources), 0
			for _, r := range p.Resources {
				if r.Deletes() {
					gone++
				}
			}
			max := opts.MaxDestroyShare
			if max == 0 {
				max = DefaultMaxDestroyShare
			}
			f := Finding{Result: Pass}
			share := 0.0
			if total > 0 {
				share = float64(gone) / float64(total)
			}
			f.Message = fmt.Sprintf("plan deletes or replaces %d of %d resources (%.0f%%, limit %.0f%%)", gone, total, share*100, max*100)
			if share > max {
				f.Result = Fail
			}
			return []Finding{f}
		},
	}}
}

// allowed reports whether addr, or addr without instance keys, is listed.
func allowed(list []string, addr string) bool {
	for _, a := range list {
		if a == addr || a == stripKeys(addr) {
			return true
		}
	}
	return false
}
