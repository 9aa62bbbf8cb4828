// Package awsdoc holds typed AWS JSON documents that Terraform arguments
// take as strings: IAM policy documents and ECS container definitions.
// Their keys are Go struct fields, so a misspelt key does not compile;
// their values are Go values or expressions (references, templates).
// Policy and Containers render them as readable multi-line
// jsonencode({ ... }) and return a typed.String, which fits a binding's
// string argument as it is.
package awsdoc

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func init() { tf.SkipCallers("github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc") }

// PolicyVersion is the IAM policy language version every document states.
const PolicyVersion = "2012-10-17"

// Effect is Allow or Deny.
type Effect string

const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Statement is one IAM policy statement. Effect defaults to Allow. A
// Resource or NotResource of one element is written as that element, as
// people write policies; Action is always a list. Resource elements are
// strings written as expressions (tf.String("*"), an ARN reference, a
// template) or a list expression.
type Statement struct {
	Sid          string
	Effect       Effect
	Principal    *Principal
	NotPrincipal *Principal
	Action       []string
	NotAction    []string
	Resource     []tf.Expr
	NotResource  []tf.Expr
	// Condition maps an operator (StringEquals, Bool, ...) to condition
	// keys and their value: a string, a list of strings or an expression.
	Condition map[string]map[string]any
}

// Principal is who a resource policy or trust policy lets in. Everyone is
// "*"; otherwise each kind lists its principals, and one is written alone.
// Service principals are expressions too: some services' principals name
// their region (logs.<region>.amazonaws.com).
type Principal struct {
	Everyone  bool
	AWS       []tf.Expr
	Service   []tf.Expr
	Federated []tf.Expr
}

// Everyone is the principal "*".
var Everyone = &Principal{Everyone: true}

// Service is the principal of one or more AWS services.
func Service(services ...string) *Principal {
	es := make([]tf.Expr, len(services))
	for i, s := range services {
		es[i] = tf.String(s)
	}
	return &Principal{Service: es}
}

// TFExpr is the principal's JSON object.
func (p *Principal) TFExpr() tf.Expr {
	if p.Everyone {
		return tf.String("*")
	}
	var items []tf.Item
	add := func(key string, es []tf.Expr) {
		if len(es) > 0 {
			items = append(items, tf.KV(key, one(es)))
		}
	}
	add("AWS", p.AWS)
	add("Service", p.Service)
	add("Federated", p.Federated)
	return tf.Obj(items...)
}

func one(es []tf.Expr) tf.Expr {
	if len(es) == 1 {
		return tf.Unwrap(es[0])
	}
	return tf.List(es...)
}

// TFExpr is the statement's JSON object, keys in the order AWS documents
// them.
func (s Statement) TFExpr() tf.Expr {
	effect := s.Effect
	if effect == "" {
		effect = Allow
	}
	var items []tf.Item
	if s.Sid != "" {
		items = append(items, tf.KV("Sid", tf.String(s.Sid)))
	}
	items = append(items, tf.KV("Effect", tf.String(string(effect))))
	if s.Principal != nil {
		items = append(items, tf.KV("Principal", s.Principal.TFExpr()))
	}
	if s.NotPrincipal != nil {
		items = append(items, tf.KV("NotPrincipal", s.NotPrincipal.TFExpr()))
	}
	if len(s.Action) > 0 {
		items = append(items, tf.KV("Action", tf.Strings(s.Action...)))
	}
	if len(s.NotAction) > 0 {
		items = append(items, tf.KV("NotAction", tf.Strings(s.NotAction...)))
	}
	if len(s.Resource) > 0 {
		items = append(items, tf.KV("Resource", one(s.Resource)))
	}
	if len(s.NotResource) > 0 {
		items = append(items, tf.KV("NotResource", one(s.NotResource)))
	}
	if len(s.Condition) > 0 {
		items = append(items, tf.KV("Condition", tf.ValueOf(s.Condition)))
	}
	return tf.Obj(items...)
}

// Policy is jsonencode of the policy document holding the statements.
func Policy(stmts ...Statement) typed.String {
	list := make([]tf.Expr, len(stmts))
	for i, s := range stmts {
		list[i] = s.TFExpr()
	}
	return typed.Of[typed.String](tf.JSONEncode(tf.Obj(
		tf.KV("Version", tf.String(PolicyVersion)),
		tf.KV("Statement", tf.List(list...)),
	)))
}

// AssumeRole is the trust policy that lets AWS services assume a role.
func AssumeRole(services ...string) typed.String {
	return Policy(Statement{Action: []string{"sts:AssumeRole"}, Principal: Service(services...)})
}
