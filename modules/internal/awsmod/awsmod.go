// Package awsmod holds the conventions every MooChat component module
// shares: the module header, the name_prefix input, IAM policy documents
// written as jsonencode objects, and the private S3 bucket with its
// companion resources.
package awsmod

import (
	"github.com/zclconf/go-cty/cty"

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

// NamePrefix declares the name_prefix input ("<env>-moochat") that every
// resource name starts with.
func NamePrefix(m *tf.Module) *tf.Variable {
	v := m.Variable("name_prefix", cty.String, "Prefix of every resource name, <env>-moochat.")
	v.Validate(tf.Fn("can", tf.Fn("regex", tf.String("^[a-z][a-z0-9-]{2,20}$"), v)),
		"name_prefix is 3-21 lowercase letters, digits and dashes, starting with a letter.")
	return v
}

// Name is "<name_prefix>-<suffix>".
func Name(prefix tf.Expr, suffix string) tf.Expr { return tf.Tmpl(prefix, "-"+suffix) }

// NameTag is the tags map with just a Name; the provider's default_tags
// add Environment, Application and ManagedBy.
func NameTag(name tf.Expr) tf.Expr { return tf.Obj(tf.KV("Name", name)) }

// Statement is one IAM policy statement. Resources, Principal and
// Condition are expressions so they can name other resources.
type Statement struct {
	Sid       string
	Effect    string // Allow when empty
	Actions   []string
	Resources []tf.Expr
	Principal tf.Expr
	Condition tf.Expr
}

func (s Statement) expr() tf.Expr {
	effect := s.Effect
	if effect == "" {
		effect = "Allow"
	}
	items := []tf.Item{}
	if s.Sid != "" {
		items = append(items, tf.KV("Sid", tf.String(s.Sid)))
	}
	items = append(items, tf.KV("Effect", tf.String(effect)))
	if s.Principal != nil {
		items = append(items, tf.KV("Principal", s.Principal))
	}
	items = append(items, tf.KV("Action", tf.Strings(s.Actions...)))
	if len(s.Resources) == 1 {
		items = append(items, tf.KV("Resource", s.Resources[0]))
	} else if len(s.Resources) > 1 {
		items = append(items, tf.KV("Resource", tf.List(s.Resources...)))
	}
	if s.Condition != nil {
		items = append(items, tf.KV("Condition", s.Condition))
	}
	return tf.Obj(items...)
}

// Policy is jsonencode of a policy document holding the statements.
func Policy(stmts ...Statement) tf.Expr {
	list := make([]tf.Expr, len(stmts))
	for i, s := range stmts {
		list[i] = s.expr()
	}
	return tf.JSONEncode(tf.Obj(
		tf.KV("Version", tf.String("2012-10-17")),
		tf.KV("Statement", tf.List(list...)),
	))
}

// ServicePrincipal is {Service = svc}.
func ServicePrincipal(svc string) tf.Expr { return tf.Obj(tf.KV("Service", tf.String(svc))) }

// AssumeRole is the trust policy that lets one AWS service assume a role.
func AssumeRole(service string) tf.Expr {
	return Policy(Statement{Actions: []string{"sts:AssumeRole"}, Principal: ServicePrincipal(service)})
}

// Role declares an IAM role that service may assume, named name.
func Role(m *tf.Module, label string, name tf.Expr, service, description string) *tf.Resource {
	return m.Resource("aws_iam_role", label).
		Set("name", name).
		Set("description", tf.String(description)).
		Set("assume_role_policy", AssumeRole(service))
}

// RolePolicy attaches an inline policy to role.
func RolePolicy(m *tf.Module, label string, role *tf.Resource, stmts ...Statement) *tf.Resource {
	return m.Resource("aws_iam_role_policy", label).
		Set("name", role.Attr("name")).
		Set("role", role.Attr("id")).
		Set("policy", Policy(stmts...))
}

// LogGroup declares a CloudWatch log group with a retention.
func LogGroup(m *tf.Module, label string, name, retentionDays tf.Expr) *tf.Resource {
	return m.Resource("aws_cloudwatch_log_group", label).
		Set("name", name).
		Set("retention_in_days", retentionDays).
		Waive("aws-log-group-kms", "CloudWatch Logs encrypts every group at rest with its own keys; a per-environment customer key needs the account ID in its key policy, which offline plans do not have", "2026-12-31")
}

// Refs turns resources' attribute references into a list for Resources.
func Refs(exprs ...tf.Expr) []tf.Expr { return exprs }
