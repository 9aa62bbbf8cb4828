package typed_test

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func rendered(t *testing.T, m *tf.Module) map[string]string {
	t.Helper()
	if ds := tf.Validate(m); ds.HasErrors() {
		t.Fatal(ds)
	}
	files, ds := render.Module(m, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Name] = string(f.Data)
	}
	return out
}

func contains(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("rendered\n%s\nwant it to contain\n%s", got, want)
	}
}

func TestTypedValuesStandWhereverAnExpressionDoes(t *testing.T) {
	m := tf.NewModule("modules/x")
	name := typed.Var[typed.String](m, "name", "Name.")
	n := typed.Var[typed.Number](m, "n", "Count.", typed.Default(2))
	on := typed.Local(m, "on", typed.Gt(n, typed.NumberVal(0)))
	label := typed.Local(m, "label", typed.If(on, typed.Tmpl(name, "-", typed.ToString(n)), typed.StringVal("off")))
	m.Resource("terraform_data", "d").
		Set("input", tf.Obj(tf.KV("name", name), tf.KV("all", tf.List(name, label)))).
		Set("triggers_replace", tf.Fn("upper", label))
	m.Local("sum", tf.Op(n, "+", typed.NumberVal(1)))
	m.Local("text", tf.Tmpl("[", name, "]"))
	m.Local("pick", tf.If(on, name, label))
	m.Output("label", label, "The label.")
	m.Call("c", "./child").Set("name", label)
	files := rendered(t, m)
	contains(t, files["locals.tf"], `locals {
  on    = var.n > 0
  label = local.on ? "${var.name}-${tostring(var.n)}" : "off"
  sum   = var.n + 1
  text  = "[${var.name}]"
  pick  = local.on ? var.name : local.label
}`)
	contains(t, files["main.tf"], `  input = {
    name = var.name
    all  = [var.name, local.label]
  }
  triggers_replace = upper(local.label)`)
	contains(t, files["main.tf"], `  name = local.label`)
	contains(t, files["outputs.tf"], `  value       = local.label`)
	contains(t, files["variables.tf"], `variable "n" {
  description = "Count."
  type        = number
  default     = 2
}`)
}

type portObj struct {
	From typed.Number `tf:"from"`
	Note typed.String `tf:"note,optional"`
}

func TestVarTakesItsTerraformTypeFromTheGoType(t *testing.T) {
	cases := []struct {
		decl func(m *tf.Module)
		want cty.Type
	}{
		{func(m *tf.Module) { typed.Var[typed.String](m, "v", "x") }, cty.String},
		{func(m *tf.Module) { typed.Var[typed.Bool](m, "v", "x") }, cty.Bool},
		{func(m *tf.Module) { typed.Var[typed.Any](m, "v", "x") }, cty.DynamicPseudoType},
		{func(m *tf.Module) { typed.Var[typed.List[typed.String]](m, "v", "x") }, cty.List(cty.String)},
		{func(m *tf.Module) { typed.Var[typed.Map[typed.Set[typed.Number]]](m, "v", "x") }, cty.Map(cty.Set(cty.Number))},
		{func(m *tf.Module) { typed.Var[typed.List[portObj]](m, "v", "x") },
			cty.List(cty.ObjectWithOptionalAttrs(map[string]cty.Type{"from": cty.Number, "note": cty.String}, []string{"note"}))},
	}
	for _, c := range cases {
		m := tf.NewModule("modules/x")
		c.decl(m)
		if got := m.Variables[0].Type; !got.Equals(c.want) {
			t.Errorf("type %s, want %s", got.GoString(), c.want.GoString())
		}
	}
	m := tf.NewModule("modules/x")
	typed.Var[typed.List[typed.String]](m, "zones", "x", typed.Default([]string{"a", "b"}), typed.Sensitive(),
		typed.Check(func(v typed.List[typed.String]) typed.Bool { return typed.Eq(typed.Length(v), typed.NumberVal(2)) }, "two zones"))
	v := m.Variables[0]
	if !v.Default.Equals(cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})).True() || !v.Sensitive {
		t.Errorf("default %#v sensitive %v", v.Default, v.Sensitive)
	}
	contains(t, rendered(t, m)["variables.tf"], `  validation {
    condition     = length(var.zones) == 2
    error_message = "two zones"
  }`)
}

func TestElementsAndFieldsOfTypedCollectionsAreTypedReferences(t *testing.T) {
	m := tf.NewModule("modules/x")
	ports := typed.Var[typed.List[portObj]](m, "ports", "Ports.")
	byName := typed.Var[typed.Map[typed.String]](m, "names", "Names.")
	one := typed.Var[typed.Object[portObj]](m, "one", "One.")
	var from typed.Number = ports.At(1).From
	m.Output("from", from, "x")
	m.Output("note", ports.Index(typed.NumberVal(0)).Note, "x")
	m.Output("name", byName.Key("web"), "x")
	m.Output("one", one.Fields().From, "x")
	out := rendered(t, m)["outputs.tf"]
	for _, want := range []string{"var.ports[1].from", "var.ports[0].note", `var.names["web"]`, "var.one.from"} {
		contains(t, out, "value       = "+want+"\n")
	}
}

func TestModuleInputsKeepTheAuthorsOrder(t *testing.T) {
	root := tf.NewModule("envs/x")
	callSvc(root, "svc", svcModule(), svcInputs{
		Tier:  typed.StringVal("api"),
		Token: typed.StringVal("t"),
		Name:  typed.StringVal("n"),
	})
	contains(t, rendered(t, root)["main.tf"], `  tier  = "api"
  token = "t"
  name  = "n"
}`)
}
