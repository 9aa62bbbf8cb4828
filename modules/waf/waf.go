// Package waf builds modules/waf: a CLOUDFRONT-scope WAFv2 web ACL that
// allows by default and blocks what AWS's managed rule groups match (common
// exploits, known bad inputs such as Log4j, IPs of bad reputation) and any
// IP over a request rate, and logs every request to CloudWatch Logs.
// CloudFront takes web ACLs only from us-east-1: the caller passes that
// region's provider, and the logs live there too.
package waf

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Config shapes the module.
type Config struct {
	// ManagedRuleGroups are the AWS managed rule groups the ACL runs, in
	// priority order after the rate limit; each blocks what it matches.
	ManagedRuleGroups []string
}

// Defaults is the configuration the platform uses: the baseline groups
// (no extra fee, unlike Bot Control or the fraud groups).
var Defaults = Config{ManagedRuleGroups: []string{
	"AWSManagedRulesAmazonIpReputationList",
	"AWSManagedRulesCommonRuleSet",
	"AWSManagedRulesKnownBadInputsRuleSet",
}}

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix       typed.String `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	RateLimit        typed.Number `tf:"rate_limit" description:"Requests one IP may make in 5 minutes before it is blocked." default:"2000"`
	LogRetentionDays typed.Number `tf:"log_retention_days" description:"Days to keep the web ACL's request logs." default:"30"`
}

// Outputs are the module's outputs.
type Outputs struct {
	WebACLARN typed.String `tf:"web_acl_arn" description:"ARN of the web ACL: a CloudFront distribution's web_acl_id."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

type rule = aws.Wafv2WebAcl_Rule

// Module builds the waf module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/waf", "A CLOUDFRONT-scope WAFv2 web ACL (create it in us-east-1): AWS managed rule groups and a per-IP rate limit; everything else is allowed. Every request is logged to the CloudWatch log group aws-waf-logs-<name_prefix>, authorization and cookie headers redacted.")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	// AWS WAF's bounds on a rate-based rule's limit.
	typed.Validate(in.RateLimit, typed.And(typed.Ge(in.RateLimit, aws.Number(10)), typed.Le(in.RateLimit, aws.Number(2000000000))), "rate_limit is 10 to 2,000,000,000 requests per 5 minutes.")

	// Every rule and the ACL itself report CloudWatch metrics and keep
	// sampled requests, so a block can be traced to its rule.
	visible := func(metric typed.String) *aws.Wafv2WebAcl_VisibilityConfig {
		return &aws.Wafv2WebAcl_VisibilityConfig{CloudwatchMetricsEnabled: aws.Bool(true), MetricName: metric, SampledRequestsEnabled: aws.Bool(true)}
	}
	// Counting every request, the rate limit comes first.
	rules := []rule{{
		Name: aws.String("RateLimitPerIP"), Priority: aws.Number(0),
		Action: &aws.Wafv2WebAcl_Rule_Action{Block: &aws.Wafv2WebAcl_Rule_Action_Block{}},
		Statement: &aws.Wafv2WebAcl_Rule_Statement{RateBasedStatement: &aws.Wafv2WebAcl_Rule_Statement_RateBasedStatement{
			Limit: in.RateLimit, AggregateKeyType: aws.String("IP"), EvaluationWindowSec: aws.Number(300),
		}},
		VisibilityConfig: visible(aws.String("RateLimitPerIP")),
	}}
	// A managed group's rules carry their own actions (block); override
	// none leaves them so.
	for i, group := range cfg.ManagedRuleGroups {
		rules = append(rules, rule{
			Name: aws.String(group), Priority: aws.Number(i + 1),
			OverrideAction: &aws.Wafv2WebAcl_Rule_OverrideAction{None: &aws.Wafv2WebAcl_Rule_OverrideAction_None{}},
			Statement: &aws.Wafv2WebAcl_Rule_Statement{ManagedRuleGroupStatement: &aws.Wafv2WebAcl_Rule_Statement_ManagedRuleGroupStatement{
				VendorName: aws.String("AWS"), Name: aws.String(group),
			}},
			VisibilityConfig: visible(aws.String(group)),
		})
	}
	name := awsmod.Name(prefix, "web-acl")
	acl := aws.NewWafv2WebAcl(m, "this", aws.Wafv2WebAclArgs{
		Name:             name,
		Description:      aws.String("MooChat CloudFront: AWS managed rule groups and a per-IP rate limit."),
		Scope:            aws.String("CLOUDFRONT"),
		DefaultAction:    &aws.Wafv2WebAcl_DefaultAction{Allow: &aws.Wafv2WebAcl_DefaultAction_Allow{}},
		Rule:             rules,
		VisibilityConfig: visible(name),
		Tags:             awsmod.NameTag(name),
	})

	// Request logs: WAF writes only to log groups named aws-waf-logs-*,
	// through CloudWatch Logs' delivery service. Declaring the group's
	// resource policy keeps WAF from adding the group to the account's
	// shared AWSWAF-LOGS policy, which fails once it reaches 5,120
	// characters. Account and region come from the key's ARN, like the
	// key policy's.
	logsName := typed.Tmpl("aws-waf-logs-", prefix)
	key := awsmod.LogsKey(m, prefix, "waf", logsName)
	logs := awsmod.LogGroup(m, "this", logsName, in.LogRetentionDays, key)
	account := awsmod.KeyAccount(key.Key)
	delivery := aws.NewCloudwatchLogResourcePolicy(m, "this", aws.CloudwatchLogResourcePolicyArgs{
		PolicyName: awsmod.Name(prefix, "waf-logs"),
		PolicyDocument: awsdoc.Policy(awsdoc.Statement{
			Sid: "WAFLogDelivery", Principal: awsdoc.Service("delivery.logs.amazonaws.com"),
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: []tf.Expr{typed.Tmpl(logs.Arn(), ":*")},
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": account},
				"ArnLike": {"aws:SourceArn": awsmod.LogsARN(key.Key, "*")}},
		}),
	})
	// Sign-in tokens and session cookies stay out of the logs.
	redact := func(header string) aws.Wafv2WebAclLoggingConfiguration_RedactedFields {
		return aws.Wafv2WebAclLoggingConfiguration_RedactedFields{SingleHeader: &aws.Wafv2WebAclLoggingConfiguration_RedactedFields_SingleHeader{Name: aws.String(header)}}
	}
	aws.NewWafv2WebAclLoggingConfiguration(m, "this", aws.Wafv2WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn(),
		LogDestinationConfigs: aws.SetOf(logs.Arn()), // the provider's log group ARN has no :* suffix
		RedactedFields:        []aws.Wafv2WebAclLoggingConfiguration_RedactedFields{redact("authorization"), redact("cookie")},
	}, tf.DependsOn(delivery.Resource))

	typed.Outputs(m, Outputs{WebACLARN: acl.Arn()})
	return m
}
