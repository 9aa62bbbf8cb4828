// Package awsmod holds the conventions every MooChat component module
// shares: the module header, the name_prefix input, names and Name tags,
// IAM roles with typed policy documents, log groups with their KMS key,
// and the private S3 bucket with its companion resources. Everything
// returns typed handles.
package awsmod

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// New starts a shared module: Terraform and provider minimums only, no
// provider configuration (the env roots configure providers).
func New(name, description string) *tf.Module {
	m := tf.NewModule(name)
	m.Description = description
	m.Terraform.RequiredVersion = ">= 1.5.0"
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	return m
}

// Prefix validates the name_prefix input ("<env>-moochat") that every
// resource name starts with, and returns it.
func Prefix(prefix typed.String) typed.String {
	typed.Validate(prefix, typed.Matches(prefix, "^[a-z][a-z0-9-]{2,20}$"), "name_prefix is 3-21 lowercase letters, digits and dashes, starting with a letter.")
	return prefix
}

// Name is "<name_prefix>-<suffix>".
func Name(prefix typed.String, suffix string) typed.String { return typed.Tmpl(prefix, "-"+suffix) }

// NameTag is the tags map with just a Name; the provider's default_tags
// add Environment, Application and ManagedBy.
func NameTag(name typed.String) typed.Map[typed.String] {
	return aws.MapOf(map[string]typed.String{"Name": name})
}

// SecurityGroup declares the security group <name_prefix>-<name>, Name
// tagged, in vpc; its rules are resources of their own.
func SecurityGroup(m *tf.Module, prefix typed.String, name string, vpc typed.String, description string) aws.SecurityGroup {
	return aws.NewSecurityGroup(m, name, aws.SecurityGroupArgs{Name: Name(prefix, name), Description: aws.String(description), VpcId: vpc, Tags: NameTag(Name(prefix, name))})
}

// Role declares an IAM role that service may assume, named name.
func Role(m *tf.Module, label string, name typed.String, service, description string) aws.IamRole {
	return aws.NewIamRole(m, label, aws.IamRoleArgs{Name: name, Description: aws.String(description), AssumeRolePolicy: awsdoc.AssumeRole(service)})
}

// RolePolicy attaches an inline policy to role.
func RolePolicy(m *tf.Module, label string, role aws.IamRole, stmts []awsdoc.Statement, opts ...tf.Option) aws.IamRolePolicy {
	return aws.NewIamRolePolicy(m, label, aws.IamRolePolicyArgs{Name: role.Name(), Role: role.Id(), Policy: awsdoc.Policy(stmts...)}, opts...)
}

// LogGroup declares a CloudWatch log group with a retention, encrypted
// with key. CloudWatch Logs checks the key policy when it creates the
// group, so the group waits for key.Policy.
func LogGroup(m *tf.Module, label string, name typed.String, retentionDays typed.Number, key LogKey) aws.CloudwatchLogGroup {
	return aws.NewCloudwatchLogGroup(m, label, aws.CloudwatchLogGroupArgs{Name: name, RetentionInDays: retentionDays, KmsKeyId: key.Key.Arn()},
		tf.DependsOn(key.Policy.Resource))
}

// LogKey is a module's customer-managed key for its log groups and the
// key policy that lets CloudWatch Logs use it.
type LogKey struct {
	Key    aws.KmsKey
	Policy aws.KmsKeyPolicy
}

// LogsKey declares the key <name_prefix>-<module>-logs for the module's
// log groups. Its policy lets the CloudWatch Logs service of the key's
// region use it for the groups of the key's account whose names start
// with one of groups, and for nothing else (AWS's documented key policy
// for encrypting log data). Region and account come from the key's ARN.
// AWS refuses a group that none of groups starts, at apply only:
// blueprints' TestLogGroupsCanUseTheirKeys catches one offline.
func LogsKey(m *tf.Module, prefix typed.String, module string, groups ...typed.String) LogKey {
	key := KMSKey(m, "logs", Name(prefix, module+"-logs"), "Encrypts the MooChat "+module+" log groups.")
	arns := make([]typed.String, len(groups))
	for i, g := range groups {
		arns[i] = LogsARN(key, "log-group:", g, "*")
	}
	policy := KeyPolicy(m, "logs", key, awsdoc.Statement{
		Sid:       "CloudWatchLogs",
		Principal: &awsdoc.Principal{Service: []tf.Expr{typed.Tmpl("logs.", KeyRegion(key), ".amazonaws.com")}},
		Action:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
		Resource:  []tf.Expr{aws.String("*")},
		Condition: map[string]map[string]any{"ArnLike": {"kms:EncryptionContext:aws:logs:arn": arns}},
	})
	return LogKey{Key: key, Policy: policy}
}

// KMSKey declares a customer-managed key with yearly rotation and the
// alias alias/<name>. Its policy comes from KeyPolicy, a resource of its
// own, so that the policy can name resources that themselves use the key
// (a CloudFront distribution over a bucket encrypted with it).
func KMSKey(m *tf.Module, label string, name typed.String, description string) aws.KmsKey {
	key := aws.NewKmsKey(m, label, aws.KmsKeyArgs{
		Description:          aws.String(description),
		EnableKeyRotation:    aws.Bool(true),
		DeletionWindowInDays: aws.Number(30),
		Tags:                 NameTag(name),
	})
	aws.NewKmsAlias(m, label, aws.KmsAliasArgs{Name: typed.Tmpl("alias/", name), TargetKeyId: key.KeyId()})
	return key
}

// KeyPolicy sets key's policy: the account's root keeps full control,
// which is also what lets IAM policies grant the key's use to roles, and
// stmts add service principals. The account ID comes from the key's own
// ARN, so a plan needs no STS call (offline plans have no account ID).
func KeyPolicy(m *tf.Module, label string, key aws.KmsKey, stmts ...awsdoc.Statement) aws.KmsKeyPolicy {
	root := awsdoc.Statement{
		Sid:       "AccountAdministers",
		Principal: &awsdoc.Principal{AWS: []tf.Expr{typed.Tmpl("arn:aws:iam::", KeyAccount(key), ":root")}},
		Action:    []string{"kms:*"},
		Resource:  []tf.Expr{aws.String("*")},
	}
	return aws.NewKmsKeyPolicy(m, label, aws.KmsKeyPolicyArgs{KeyId: key.KeyId(), Policy: awsdoc.Policy(append([]awsdoc.Statement{root}, stmts...)...)})
}

// KeyAccount is the account ID of key, read from its ARN
// (arn:aws:kms:<region>:<account>:key/<id>).
func KeyAccount(key aws.KmsKey) typed.String { return keyARNPart(key, 4) }

// KeyRegion is the region of key, read from its ARN like KeyAccount.
func KeyRegion(key aws.KmsKey) typed.String { return keyARNPart(key, 3) }

// keyARNPart is the i-th of the colon-separated parts of key's ARN.
func keyARNPart(key aws.KmsKey, i int) typed.String {
	return typed.Fn[typed.List[typed.String]]("split", aws.String(":"), key.Arn()).At(i)
}

// LogsARN is the ARN of a CloudWatch Logs resource in key's region and
// account: arn:aws:logs:<region>:<account>: followed by resource.
func LogsARN(key aws.KmsKey, resource ...any) typed.String {
	return typed.Tmpl(append([]any{"arn:aws:logs:", KeyRegion(key), ":", KeyAccount(key), ":"}, resource...)...)
}
