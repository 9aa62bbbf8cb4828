package schema

import (
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// MockAccount and MockRegion are the account and region in every mocked
// ARN and host name.
const (
	MockAccount = "123456789012"
	MockRegion  = "us-east-1"
)

// Mocks are mock_resource / mock_data defaults for the resource types one
// provider configuration of a root module manages, derived from the
// provider schema. Without them `terraform test` gives every computed
// string a random value, which the real provider then rejects where
// another resource takes it as an ARN; so every computed attribute named
// arn or *_arn gets an ARN of its service, and computed URLs and host
// names get values of their shape.
type Mocks struct {
	// Resources and Data map a type to its defaults.
	Resources map[string]tf.Object
	Data      map[string]tf.Object
}

// MockDefaults derives the mocks of provider p for the objects of root,
// and of every module it calls through CallModule, that use the provider
// configuration config ("aws" or "aws.us_east_1") of root.
func MockDefaults(p *Provider, root *tf.Module, config string) Mocks {
	ms := Mocks{Resources: map[string]tf.Object{}, Data: map[string]tf.Object{}}
	local := p.LocalName()
	var walk func(m *tf.Module, providers map[string]string)
	walk = func(m *tf.Module, providers map[string]string) {
		for _, r := range m.Resources {
			if providerOf(r) != local {
				continue
			}
			ref := local
			if r.Provider != nil {
				ref = r.Provider.Ref()
			}
			if providers != nil {
				ref = providers[ref]
			}
			if ref != config {
				continue
			}
			if r.Mode == tf.Data {
				if _, ok := ms.Data[r.Type]; !ok {
					if b := p.DataSource(r.Type); b != nil {
						ms.Data[r.Type] = p.mockObject(r.Type, b)
					}
				}
			} else if _, ok := ms.Resources[r.Type]; !ok {
				if b := p.Resource(r.Type); b != nil {
					ms.Resources[r.Type] = p.mockObject(r.Type, b)
				}
			}
		}
		for _, c := range m.Calls {
			if c.Child == nil {
				continue
			}
			// The child sees the caller's default configurations unless
			// the call maps them (providers = { aws = aws.us_east_1 }).
			child := map[string]string{}
			resolve := func(ref string) string {
				if providers == nil {
					return ref
				}
				return providers[ref]
			}
			child[local] = resolve(local)
			for name, pc := range c.Providers {
				child[name] = resolve(pc.Ref())
			}
			walk(c.Child, child)
		}
	}
	walk(root, nil)
	for typ, o := range ms.Resources {
		if len(o.Items) == 0 {
			delete(ms.Resources, typ)
		}
	}
	for typ, o := range ms.Data {
		if len(o.Items) == 0 {
			delete(ms.Data, typ)
		}
	}
	return ms
}

// MockProviders adds to t a mock_provider block for every configuration
// of provider p that t's root module declares (not one a caller passes
// in), each holding its MockDefaults, and returns those mocks by
// configuration ("aws", "aws.us_east_1"), for the overrides that need
// them (Values).
func MockProviders(t *tf.TestFile, p *Provider) map[string]Mocks {
	root := t.Module()
	out := map[string]Mocks{}
	for _, pc := range root.Providers {
		if pc.Passed || pc.Name != p.LocalName() {
			continue
		}
		ms := MockDefaults(p, root, pc.Ref())
		ms.AddTo(t.MockProvider(pc.Name, pc.Alias))
		out[pc.Ref()] = ms
	}
	return out
}

// AddTo adds one mock_resource or mock_data block per type to mp, sorted
// by type.
func (ms Mocks) AddTo(mp *tf.MockProvider) {
	for _, typ := range sortedKeys(ms.Resources) {
		mp.MockResource(typ, ms.Resources[typ])
	}
	for _, typ := range sortedKeys(ms.Data) {
		mp.MockData(typ, ms.Data[typ])
	}
}

// Values is values with the defaults of r's type under it. An override
// replaces its type's mock defaults in Terraform, so an override without
// them would give the ARNs random values again.
func (ms Mocks) Values(r *tf.Resource, values tf.Object) tf.Object {
	defaults := ms.Resources[r.Type]
	if r.Mode == tf.Data {
		defaults = ms.Data[r.Type]
	}
	set := map[string]bool{}
	for _, it := range values.Items {
		set[it.Name] = true
	}
	out := tf.Object{}
	for _, it := range defaults.Items {
		if !set[it.Name] {
			out.Items = append(out.Items, it)
		}
	}
	out.Items = append(out.Items, values.Items...)
	sort.SliceStable(out.Items, func(i, j int) bool { return out.Items[i].Name < out.Items[j].Name })
	return out
}

// mockObject is the defaults of one type: its computed string attributes
// whose names say what they hold. Each type's are made once: whoever
// takes them copies before changing them (see Values).
func (p *Provider) mockObject(typ string, b *Block) tf.Object {
	if o, ok := p.mocks.Load(b); ok {
		return o.(tf.Object)
	}
	o, _ := p.mocks.LoadOrStore(b, mockObjectOf(typ, b))
	return o.(tf.Object)
}

func mockObjectOf(typ string, b *Block) tf.Object {
	var o tf.Object
	for _, a := range b.Attributes {
		if !a.Computed || a.Type != cty.String || a.WriteOnly {
			continue
		}
		if v, ok := MockValue(typ, a.Name); ok {
			o.Items = append(o.Items, tf.KV(a.Name, tf.String(v)))
		}
	}
	return o
}

// MockValue is the mock value of attribute attr of resource type typ, and
// whether the attribute's name says what shape it has: an ARN (arn,
// *_arn), a URL (url, *_url, api_endpoint) or a host name (dns_name, *_dns_name,
// endpoint addresses).
func MockValue(typ, attr string) (string, bool) {
	// The service is looked up only for the names that use it: most of
	// a type's computed strings are none of these.
	switch {
	case attr == "arn" || strings.HasSuffix(attr, "_arn"):
		return mockARN(typ, attr), true
	case typ == "aws_ecr_repository" && attr == "repository_url":
		return MockAccount + ".dkr.ecr." + MockRegion + ".amazonaws.com/mock", true
	case attr == "url" || strings.HasSuffix(attr, "_url") || attr == "api_endpoint":
		return "https://mock." + service(typ).host + "." + MockRegion + ".amazonaws.com/", true
	case attr == "dns_name" || strings.HasSuffix(attr, "_dns_name") || strings.HasSuffix(attr, "endpoint_address"):
		return "mock." + service(typ).host + "." + MockRegion + ".amazonaws.com", true
	}
	return "", false
}

// awsService is how one AWS service writes its ARNs and host names.
type awsService struct {
	// name is the ARN's service; host the host name's.
	name, host string
	// global services have no region in their ARNs; s3 has no account
	// either.
	global, noAccount bool
	// colon separates an ARN's resource kind from its name
	// (secret:name) where the service does so instead of with a slash.
	colon bool
}

// services maps resource type prefixes to their service where the type's
// name does not say it (aws_lb is Elastic Load Balancing). The longest
// matching prefix wins.
var services = map[string]awsService{
	"aws_iam_":                   {name: "iam", host: "iam", global: true},
	"aws_s3_":                    {name: "s3", host: "s3", global: true, noAccount: true},
	"aws_cloudfront_":            {name: "cloudfront", host: "cloudfront", global: true},
	"aws_route53_":               {name: "route53", host: "route53", global: true, noAccount: true},
	"aws_lb":                     {name: "elasticloadbalancing", host: "elb"},
	"aws_alb":                    {name: "elasticloadbalancing", host: "elb"},
	"aws_cloudwatch_log_":        {name: "logs", host: "logs", colon: true},
	"aws_secretsmanager_":        {name: "secretsmanager", host: "secretsmanager", colon: true},
	"aws_lambda_":                {name: "lambda", host: "lambda", colon: true},
	"aws_cognito_":               {name: "cognito-idp", host: "cognito-idp"},
	"aws_apigatewayv2_":          {name: "apigateway", host: "execute-api"},
	"aws_appautoscaling_":        {name: "application-autoscaling", host: "application-autoscaling"},
	"aws_elasticache_":           {name: "elasticache", host: "cache"},
	"aws_vpc_security_group_":    {name: "ec2", host: "ec2"},
	"aws_security_group":         {name: "ec2", host: "ec2"},
	"aws_default_security_group": {name: "ec2", host: "ec2"},
}

func service(typ string) awsService {
	best := ""
	for p := range services {
		if strings.HasPrefix(typ, p) && len(p) > len(best) {
			best = p
		}
	}
	if best != "" {
		return services[best]
	}
	// aws_<service>_...: the service is the type's second word.
	parts := strings.SplitN(strings.TrimPrefix(typ, "aws_"), "_", 2)
	return awsService{name: parts[0], host: parts[0]}
}

// kinds are the ARN resource kinds that are not the type's name.
var kinds = map[string]string{
	"aws_cloudwatch_log_group": "log-group",
	"aws_lambda_function":      "function",
	// A bucket's ARN is arn:aws:s3:::<name>.
	"aws_s3_bucket": "",
}

// attrKinds are attribute name suffixes that name another service's
// object, whatever the resource (a task definition's execution_role_arn
// is an IAM role).
var attrKinds = []struct {
	suffix, typ, kind string
}{
	{"role_arn", "aws_iam_role", "role"},
	{"kms_key_arn", "aws_kms_key", "key"},
	{"certificate_arn", "aws_acm_certificate", "certificate"},
	{"topic_arn", "aws_sns_topic", "topic"},
	{"bucket_arn", "aws_s3_bucket", ""},
	{"log_group_arn", "aws_cloudwatch_log_group", "log-group"},
}

// mockARN is an ARN of the right service for attribute attr of type typ:
// arn:aws:<service>:<region>:<account>:<kind>/mock.
func mockARN(typ, attr string) string {
	kind := strings.ReplaceAll(strings.TrimPrefix(typ, "aws_"), "_", "-")
	owner := typ
	for _, k := range attrKinds {
		if attr == k.suffix || strings.HasSuffix(attr, "_"+k.suffix) {
			owner, kind = k.typ, k.kind
			break
		}
	}
	svc := service(owner)
	if owner == typ {
		// The resource's own ARN: its kind without the service's name.
		kind = strings.TrimPrefix(kind, svc.name+"-")
		if k, ok := kinds[typ]; ok {
			kind = k
		}
	}
	if attr == "execution_arn" && svc.host == "execute-api" {
		return "arn:aws:execute-api:" + MockRegion + ":" + MockAccount + ":mock"
	}
	region, account := MockRegion, MockAccount
	if svc.global {
		region = ""
	}
	if svc.noAccount {
		account = ""
	}
	sep := "/"
	if svc.colon {
		sep = ":"
	}
	res := kind + sep + "mock"
	if kind == "" {
		res = "mock"
	}
	return "arn:aws:" + svc.name + ":" + region + ":" + account + ":" + res
}

// StandIn is a value of v's type for a module input that only a plan of
// the calling root would know (another module's output), for
// tf.Run.UseCall: inputs named for ARNs (*_arn, lists of *_arns) get ARNs
// of their service, since the provider validates them; other strings get
// mock-<name>, numbers 1, bools false, lists and sets two strings.
func StandIn(v *tf.Variable) tf.Expr {
	arn := func(name string) tf.Str {
		s, _ := MockValue("aws_"+strings.TrimSuffix(name, "_arn"), name)
		return tf.String(s)
	}
	list := v.Type.IsListType() || v.Type.IsSetType()
	switch {
	case v.Type == cty.String && strings.HasSuffix(v.Name, "_arn"):
		return arn(v.Name)
	case v.Type == cty.String:
		return tf.String("mock-" + strings.ReplaceAll(v.Name, "_", "-"))
	case list && strings.HasSuffix(v.Name, "_arns"):
		one := strings.TrimSuffix(v.Name, "s")
		return tf.List(arn(one), arn(one))
	case v.Type == cty.Number:
		return tf.Number(1)
	case v.Type == cty.Bool:
		return tf.Bool(false)
	case list:
		return tf.Strings("mock-"+v.Name+"-a", "mock-"+v.Name+"-b")
	}
	return tf.Null()
}

// Warm decodes the schema of every resource and data source type of p's
// provider that mods declare (not the modules they call), ahead of the
// validation and the mocks that will ask for them: a generator can have
// it done on a spare core while it builds the rest of its model.
func (p *Provider) Warm(mods ...*tf.Module) {
	local := p.LocalName()
	for _, m := range mods {
		for _, r := range m.Resources {
			switch {
			case providerOf(r) != local:
			case r.Mode == tf.Data:
				p.DataSource(r.Type)
			default:
				p.Resource(r.Type)
			}
		}
	}
}
