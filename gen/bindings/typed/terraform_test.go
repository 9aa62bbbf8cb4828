package typed_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// data is a handle of the shape bindgen generates, for terraform_data,
// which needs no provider and can really be applied.
type data struct {
	Resource *tf.Resource
	Instance typed.Instance
}

func newData(m *tf.Module, name string, input typed.Value, opts ...tf.Option) data {
	return data{Resource: m.Resource("terraform_data", name, opts...).Set("input", input)}
}
func (d data) At(i int) data        { return data{d.Resource, typed.AtIndex(i)} }
func (d data) Instances() data      { return data{d.Resource, typed.AllInstances()} }
func (d data) Output() typed.String { return typed.StringAttr(d.Resource, d.Instance, "output") }

// svcInputs and svcOutputs are a component module's typed interface.
type svcInputs struct {
	Name  typed.String             `tf:"name" description:"Name of the service."`
	Ports typed.List[typed.Number] `tf:"ports" description:"Ports it listens on." default:"[80, 443]"`
	Token typed.String             `tf:"token,sensitive" description:"A secret."`
	Tier  typed.String             `tf:"tier" description:"Tier." default:"web"`
}

type svcOutputs struct {
	Listeners typed.List[typed.String] `tf:"listeners" description:"One name per port."`
	First     typed.String             `tf:"first" description:"The first listener."`
	Policy    typed.String             `tf:"policy" description:"A policy document naming the listeners."`
	Secret    typed.String             `tf:"secret,sensitive" description:"The token, passed through."`
}

var callSvc = typed.ModuleCaller[svcInputs, svcOutputs]()

func svcModule() *tf.Module {
	m := tf.NewModule("modules/svc")
	in := typed.Vars[svcInputs](m)
	listener := newData(m, "listener", typed.Tmpl(in.Name, ":", typed.ToString(in.Ports.Index(typed.Of[typed.Number](tf.CountIndex)))),
		tf.Count(typed.Length(in.Ports)))
	policy := newData(m, "policy", awsdoc.Policy(awsdoc.Statement{
		Sid:       "Listen",
		Principal: awsdoc.Service("ecs-tasks.amazonaws.com"),
		Action:    []string{"ec2:AuthorizeSecurityGroupIngress"},
		Resource:  []tf.Expr{typed.Splat(listener, data.Output), listener.At(0).Output()},
		Condition: map[string]map[string]any{"StringEquals": {"aws:RequestTag/Tier": in.Tier}},
	}), tf.DependsOn(listener.Resource))
	typed.Outputs(m, svcOutputs{
		Listeners: typed.Splat(listener, data.Output),
		First:     listener.At(0).Output(),
		Policy:    policy.Output(),
		Secret:    in.Token,
	})
	return m
}

// TestTypedModuleAppliesWithTerraform declares a module and its caller
// only through the typed API (Vars, Outputs, ModuleCaller, counted
// instances, a splat, a typed IAM document) and applies it with the real
// terraform: the outputs are what the Go says.
func TestTypedModuleAppliesWithTerraform(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	tftest.Env(t)
	svc := svcModule()
	root := tf.NewModule("envs/test")
	root.SetBackend("local").Set("path", tf.String("terraform.tfstate"))
	out := callSvc(root, "svc", svc, svcInputs{
		Name:  typed.StringVal("chat"),
		Ports: typed.ListVal(typed.NumberVal(8000), typed.NumberVal(8001)),
		Token: typed.StringVal("s3cret"),
	})
	typed.Outputs(root, svcOutputs{Listeners: out.Listeners, First: out.First, Policy: out.Policy, Secret: out.Secret})

	dir := t.TempDir()
	if _, err := generate.Run(generate.Options{Out: dir, Modules: []*tf.Module{svc, root}}); err != nil {
		t.Fatal(err)
	}
	env := filepath.Join(dir, "envs", "test")
	tftest.Run(t, dir, "fmt", "-check", "-recursive")
	tftest.Run(t, env, "init", "-input=false", "-no-color")
	tftest.Run(t, env, "apply", "-input=false", "-no-color", "-auto-approve")
	var outputs map[string]struct {
		Value     any  `json:"value"`
		Sensitive bool `json:"sensitive"`
	}
	if err := json.Unmarshal([]byte(tftest.Run(t, env, "output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if got := outputs["listeners"].Value; !reflect.DeepEqual(got, []any{"chat:8000", "chat:8001"}) {
		t.Errorf("listeners = %v", got)
	}
	if got := outputs["first"].Value; got != "chat:8000" {
		t.Errorf("first = %v", got)
	}
	if s := outputs["secret"]; s.Value != "s3cret" || !s.Sensitive {
		t.Errorf("secret = %+v, want sensitive s3cret", s)
	}
	var policy any
	if err := json.Unmarshal([]byte(outputs["policy"].Value.(string)), &policy); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "Listen",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "ecs-tasks.amazonaws.com"},
			"Action":    []any{"ec2:AuthorizeSecurityGroupIngress"},
			"Resource":  []any{[]any{"chat:8000", "chat:8001"}, "chat:8000"},
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:RequestTag/Tier": "web"}},
		}},
	}
	if !reflect.DeepEqual(policy, want) {
		t.Errorf("policy = %v\nwant %v", policy, want)
	}
}
