package policy

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
)

// A statement is one IAM policy statement, reduced to what the rules read.
type statement struct {
	Effect    string
	Actions   []string
	Resources []string
	Principal any
	Condition map[string]map[string]any
}

// policyDoc is one policy document of a resource: where it sits and its
// JSON text.
type policyDoc struct {
	where string
	v     Value
}

// policyDocs returns the permission policy documents of an IAM resource:
// policy for the policy resources, every inline_policy of a role.
func policyDocs(r *Resource) []policyDoc {
	if r.Type == "aws_iam_role" {
		var out []policyDoc
		for i, p := range r.Get("inline_policy").Elems() {
			out = append(out, policyDoc{"inline_policy " + nameOr(p.Get("name"), i), p.Get("policy")})
		}
		if r.Get("inline_policy").Unknown() && !r.Unset("inline_policy") {
			out = append(out, policyDoc{"inline_policy", r.Get("inline_policy")})
		}
		return out
	}
	return []policyDoc{{"policy", r.Get("policy")}}
}

func nameOr(v Value, i int) string {
	if s := v.Str(); s != "" {
		return strconvQuote(s)
	}
	return strconv.Itoa(i)
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// statements returns parseStatements(text), parsed once per resource.
func (r *Resource) statements(text string) ([]statement, error) {
	v, err := r.parsed("iam", text, func(t *tree, text string) (any, error) { return parseStatements(t, text) })
	sts, _ := v.([]statement)
	return sts, err
}

// parseStatements decodes an IAM policy JSON string, with t to parse
// into, as parseStatementsJSON does with encoding/json: the Statement
// field (matched as encoding/json matches a struct field: case folded,
// the last one) is one statement object or a list of them, null ones
// included.
func parseStatements(t *tree, text string) ([]statement, error) {
	var st ref
	if doc, err := t.parseDoc(text); err != nil {
		// encoding/json skips what it does not decode (a number too
		// large for a float64 outside Statement is no error there): it
		// decides, and the Statement it finds is read here.
		var d struct{ Statement json.RawMessage }
		if err := json.Unmarshal([]byte(text), &d); err != nil {
			return nil, err
		}
		if len(d.Statement) == 0 {
			return nil, nil
		}
		if st, err = t.parseDoc(string(d.Statement)); err != nil {
			return nil, err
		}
	} else {
		n := t.at(doc)
		switch n.kind {
		case kNull:
			return nil, nil
		case kObject:
		default:
			return nil, errNotPolicy
		}
		for i := n.a; i < n.a+n.b; i++ {
			if strings.EqualFold(t.keys[t.node(ref(i)).key], "Statement") {
				st = ref(i)
			}
		}
	}
	var raws []ref
	switch sn := t.at(st); sn.kind {
	case kNull:
		return nil, nil
	case kObject:
		raws = []ref{st}
	case kArray:
		raws = make([]ref, sn.b)
		for i := range raws {
			e := ref(sn.a) + ref(i)
			switch t.kind(e) {
			case kObject:
				raws[i] = e
			case kNull: // a statement of nothing, as a nil map
			default:
				return nil, errNotPolicy
			}
		}
	default:
		return nil, errNotPolicy
	}
	var out []statement
	for _, raw := range raws {
		s := statement{
			Principal: t.raw(t.member(raw, "Principal")),
			Actions:   t.strings(t.member(raw, "Action")),
			Resources: t.strings(t.member(raw, "Resource")),
		}
		if e := t.at(t.member(raw, "Effect")); e.kind == kString || e.kind == kLongString {
			s.Effect = t.str(e)
		}
		if c, ok := t.raw(t.member(raw, "Condition")).(map[string]any); ok {
			s.Condition = make(map[string]map[string]any, len(c))
			for op, kv := range c {
				m, _ := kv.(map[string]any)
				s.Condition[op] = m
			}
		}
		out = append(out, s)
	}
	return out, nil
}

var errNotPolicy = errors.New("not a policy document")

func stringsOf(x any) []string {
	switch t := x.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// readVerbs start the names of IAM actions that only read.
var readVerbs = []string{"Get", "List", "Describe", "Head", "BatchGet", "Query", "Scan", "Select", "View", "Search", "Lookup", "Read"}

// writeAction reports whether an action (possibly with wildcards) can
// change something.
func writeAction(a string) bool {
	i := strings.IndexByte(a, ':')
	if a == "*" || i < 0 {
		return true
	}
	verb := a[i+1:]
	if verb == "" || verb[0] == '*' {
		return true
	}
	for _, r := range readVerbs {
		if strings.HasPrefix(verb, r) {
			return false
		}
	}
	return true
}

// eachPolicy runs fn over every statement of every policy document; it
// returns a verdict for documents that are unknown or unreadable.
func eachPolicy(r *Resource, fn func(where string, s statement) string) Verdict {
	var fails []string
	var unknown []string
	for _, d := range policyDocs(r) {
		if d.v.Unknown() {
			unknown = append(unknown, d.where)
			continue
		}
		text, ok := d.v.String()
		if !ok || text == "" {
			continue
		}
		sts, err := r.statements(text)
		if err != nil {
			return Unknownf("%s is not a readable policy document", d.where)
		}
		for i, s := range sts {
			if s.Effect != "Allow" {
				continue
			}
			if a := r.plan.placeholderAmong(s.Actions); a != "" {
				// An action only apply knows could be anything.
				unknown = append(unknown, d.where+" statement "+strconv.Itoa(i)+" action ("+a+")")
				continue
			}
			if msg := fn(d.where, s); msg != "" {
				w := d.where + " statement " + strconv.Itoa(i) + ": " + msg
				if d.v.Sensitive() {
					w = d.where + " statement " + strconv.Itoa(i) + " (details withheld: the policy is sensitive)"
				}
				fails = append(fails, w)
			}
		}
	}
	switch {
	case len(fails) > 0:
		return Failf("%s", strings.Join(fails, "; "))
	case len(unknown) > 0:
		return Unknownf("%s known only after apply", strings.Join(unknown, ", "))
	}
	return Passf("ok")
}

var iamTypes = []string{"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"}

// githubSub matches a GitHub OIDC subject pinned to one repository.
var githubSub = lazyRegexp(`^repo:[^*?/:]+/[^*?/:]+:`)

func iamRules() []*Rule {
	reads := []string{"policy", "inline_policy"}
	return []*Rule{{
		ID: "aws-iam-no-star-action", Title: "IAM policies grant no \"*\" action",
		Severity: Critical, Enforcement: HardMandatory, Types: iamTypes, Reads: reads,
		Doc: "No Allow statement has Action \"*\" (administrator access). checkov CKV_AWS_62, CKV_AWS_63, " +
			"CKV_AWS_286..289; tfsec aws-iam-no-policy-wildcards (AVD-AWS-0057).",
		Check: func(r *Resource) Verdict {
			v := eachPolicy(r, func(_ string, s statement) string {
				for _, a := range s.Actions {
					if a == "*" {
						return "allows every action (\"*\")"
					}
				}
				return ""
			})
			if v.Result == Pass {
				v.Message = "no \"*\" action"
			}
			return v
		},
	}, {
		ID: "aws-iam-no-star-resource-write", Title: "IAM policies grant write actions only on named resources",
		Severity: High, Enforcement: SoftMandatory, Types: iamTypes, Reads: reads,
		Doc: "An Allow statement with a write action (anything but Get*, List*, Describe*, ...) names its " +
			"resources instead of \"*\". checkov CKV_AWS_111, CKV_AWS_290, CKV_AWS_355; tfsec " +
			"aws-iam-no-policy-wildcards (AVD-AWS-0057).",
		Check: func(r *Resource) Verdict {
			v := eachPolicy(r, func(_ string, s statement) string {
				star := false
				for _, res := range s.Resources {
					star = star || res == "*"
				}
				if !star {
					return ""
				}
				var w []string
				for _, a := range s.Actions {
					if writeAction(a) {
						w = append(w, a)
					}
				}
				if len(w) == 0 {
					return ""
				}
				sort.Strings(w)
				return "write actions " + strings.Join(w, ", ") + " on every resource"
			})
			if v.Result == Pass {
				v.Message = "write actions name their resources"
			}
			return v
		},
	}, {
		ID: "aws-iam-oidc-trust-scoped", Title: "GitHub OIDC roles trust only named repositories",
		Severity: Critical, Enforcement: HardMandatory, Types: []string{"aws_iam_role"}, Reads: []string{"assume_role_policy"},
		Uses: map[string][]string{"aws_iam_openid_connect_provider": {"url"}},
		Doc: "A role that trusts token.actions.githubusercontent.com has a condition on " +
			"token.actions.githubusercontent.com:sub, and every allowed subject names one repository " +
			"(repo:owner/name:...), so no other repository can assume it. checkov CKV_AWS_358; tfsec has no " +
			"equivalent.",
		Check: func(r *Resource) Verdict {
			p := r.Get("assume_role_policy")
			if p.Unknown() {
				return Unknownf("assume_role_policy known only after apply")
			}
			sts, err := r.statements(p.Str())
			if err != nil {
				return Unknownf("assume_role_policy is not a readable policy document")
			}
			github := false
			for i, s := range sts {
				if s.Effect != "Allow" || !trustsGitHub(r, s) {
					continue
				}
				github = true
				var subs []string
				for _, kv := range s.Condition {
					subs = append(subs, stringsOf(kv["token.actions.githubusercontent.com:sub"])...)
				}
				if len(subs) == 0 {
					return Failf("statement %d trusts GitHub OIDC without a condition on the subject", i)
				}
				for _, sub := range subs {
					if !githubSub().MatchString(sub) {
						return Failf("statement %d trusts subject %q, not one repository", i, sub)
					}
				}
			}
			if !github {
				return Passf("does not trust GitHub OIDC")
			}
			return Passf("trusts named repositories only")
		},
	}}
}

// trustsGitHub reports whether a statement trusts GitHub's OIDC issuer:
// by the provider ARN, by a condition on the issuer's claims, or through
// the placeholder ARN of an OIDC provider being created for that issuer.
func trustsGitHub(r *Resource, s statement) bool {
	const host = "token.actions.githubusercontent.com"
	fed := stringsOf(principalField(s.Principal, "Federated"))
	if containsSub(fed, host) {
		return true
	}
	for _, kv := range s.Condition {
		for k := range kv {
			if strings.HasPrefix(k, host+":") {
				return true
			}
		}
	}
	for _, f := range fed {
		for _, o := range r.plan.placeholderOrigins(f) {
			if o.Type == "aws_iam_openid_connect_provider" && strings.Contains(o.Get("url").Str(), host) {
				return true
			}
		}
	}
	return false
}

func principalField(p any, k string) any {
	m, _ := p.(map[string]any)
	return m[k]
}

func containsSub(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
