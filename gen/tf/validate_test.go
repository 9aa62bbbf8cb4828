package tf_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// here returns this file's name and the line after the call, where each
// case declares the object at fault.
func next() string {
	_, file, line, _ := runtime.Caller(1)
	return fmt.Sprintf("%s:%d", filepath.Base(file), line+1)
}

// wantDiagnosticAt reports whether ds holds a diagnostic saying want at
// at (file:line, from next), and fails t when it does not.
func wantDiagnosticAt(t *testing.T, ds tf.Diagnostics, want, at string) bool {
	t.Helper()
	var found []string
	for _, d := range ds {
		s := d.String()
		found = append(found, s)
		if strings.Contains(s, want) && strings.Contains(s, at+":") {
			return true
		}
	}
	t.Errorf("no diagnostic %q at %s; got:\n%s", want, at, strings.Join(found, "\n"))
	return false
}

func TestValidateReportsEachProblemAtItsDeclaration(t *testing.T) {
	cases := []struct {
		name  string
		build func() (*tf.Module, string)
		want  string
	}{
		{"invalid resource name", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Resource("aws_s3_bucket", "bad name")
			return m, at
		}, `invalid resource name "bad name"`},
		{"duplicate resource", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			m.Resource("aws_s3_bucket", "a")
			at := next()
			m.Resource("aws_s3_bucket", "a")
			return m, at
		}, "duplicate declaration of aws_s3_bucket.a"},
		{"reference to another module", func() (*tf.Module, string) {
			other := tf.NewModule("other")
			b := other.Resource("aws_s3_bucket", "b")
			m := tf.NewModule("m")
			at := next()
			m.Resource("aws_s3_bucket_policy", "p").Set("bucket", b.Attr("id"))
			return m, at
		}, "refers to aws_s3_bucket.b, which is declared in module other"},
		{"undeclared variable by name", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			m.Variable("bucket_name", cty.String, "d")
			at := next()
			m.Resource("aws_s3_bucket", "b").Set("bucket", tf.VarRef("buckt_name"))
			return m, at
		}, `refers to var.buckt_name, which is not declared in this module; did you mean "var.bucket_name"?`},
		{"local cycle", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			a := m.Local("a", tf.LocalRef("b"))
			m.Local("b", tf.Tmpl(a, "x"))
			return m, at
		}, "reference cycle: local.a -> local.b -> local.a"},
		{"resource refers to itself", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			r := m.Resource("terraform_data", "r")
			r.Set("input", r.Attr("id"))
			return m, at
		}, "terraform_data.r refers to itself"},
		{"invalid raw HCL", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Local("x", tf.RawHCL("1 +"))
			return m, at
		}, `invalid raw HCL expression "1 +"`},
		{"raw HCL refers to nothing", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Local("x", tf.RawHCL("upper(var.missing)"))
			return m, at
		}, "raw HCL \"upper(var.missing)\" refers to var.missing"},
		{"attribute set twice", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			r := m.Resource("aws_s3_bucket", "b").Set("bucket", tf.String("a"))
			at := next()
			r.Set("bucket", tf.String("b"))
			return m, at
		}, `attribute "bucket" is set twice`},
		{"module input that the child lacks", func() (*tf.Module, string) {
			child := tf.NewModule("child")
			child.Variable("name", cty.String, "d")
			m := tf.NewModule("m")
			c := m.CallModule("c", child).Set("name", tf.String("x"))
			at := next()
			c.Set("nmae", tf.String("y"))
			return m, at
		}, `module child has no variable "nmae"; did you mean "name"?`},
		{"required module input not set", func() (*tf.Module, string) {
			child := tf.NewModule("child")
			child.Variable("name", cty.String, "d")
			m := tf.NewModule("m")
			at := next()
			m.CallModule("c", child)
			return m, at
		}, `required input "name" of module child is not set`},
		{"module output that does not exist", func() (*tf.Module, string) {
			child := tf.NewModule("child")
			child.Output("vpc_id", tf.String("x"), "d")
			m := tf.NewModule("m")
			c := m.CallModule("c", child)
			at := next()
			m.Output("o", c.Output("vpcid"), "d")
			return m, at
		}, `module c has no output "vpcid"; did you mean "vpc_id"?`},
		{"reserved variable name", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Variable("count", cty.Number, "d")
			return m, at
		}, `variable name "count" is reserved`},
		{"count and for_each", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			r := m.Resource("terraform_data", "r")
			r.Count = tf.Number(1)
			r.ForEach = tf.Strings("a")
			return m, at
		}, "count and for_each cannot both be set"},
		{"provider of another module", func() (*tf.Module, string) {
			other := tf.NewModule("other")
			p := other.Provider("aws", "west")
			m := tf.NewModule("m")
			at := next()
			r := m.Resource("aws_s3_bucket", "b")
			r.Provider = p
			return m, at
		}, "provider aws.west is configured in another module"},
		{"reserved file name", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.InFile("outputs.tf")
			m.Resource("aws_s3_bucket", "b")
			return m, at
		}, `InFile("outputs.tf"): the standard module structure reserves outputs.tf`},
		{"file name that is not a .tf name", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.InFile("net/alb.tf")
			return m, at
		}, `InFile("net/alb.tf"): a file name is a name`},
		{"count.index without count", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			r := m.Resource("aws_s3_bucket", "b")
			at := next()
			r.Set("bucket", tf.Tmpl("b-", tf.CountIndex))
			return m, at
		}, "count.index is used, but aws_s3_bucket.b has no count"},
		{"each.value without for_each", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			r := m.Resource("aws_s3_bucket", "b")
			r.Count = tf.Number(2)
			at := next()
			r.Set("bucket", tf.EachValue)
			return m, at
		}, "each.key / each.value is used, but aws_s3_bucket.b has no for_each"},
		{"each.key in raw HCL of a nested block", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			r := m.Resource("aws_s3_bucket", "b")
			at := next()
			r.Body.Block("tag").Set("key", tf.RawHCL(`upper(each.key)`))
			return m, at
		}, "each.key / each.value is used, but aws_s3_bucket.b has no for_each"},
		{"count.index in a local", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Local("i", tf.Op(tf.CountIndex, "+", tf.Number(1)))
			return m, at
		}, "count.index is used, but a local value has no count"},
		{"each.value in a module call without for_each", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Call("c", "./c").Set("name", tf.EachValue)
			return m, at
		}, "each.key / each.value is used, but module.c has no for_each"},
		{"default of the wrong type", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Variable("ports", cty.List(cty.Number), "Ports.").WithDefault(cty.ListVal([]cty.Value{cty.StringVal("http")}))
			return m, at
		}, "default value does not fit type list of number"},
		{"default object missing a required attribute", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Variable("cfg", cty.Object(map[string]cty.Type{"name": cty.String, "size": cty.Number}), "Config.").
				WithDefault(cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("x")}))
			return m, at
		}, `default value does not fit type object: attribute "size" is required`},
		{"removed block for a resource still declared", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			m.Resource("terraform_data", "old")
			at := next()
			m.Remove("terraform_data.old", false)
			return m, at
		}, "removed block names terraform_data.old, which is still declared"},
		{"removed block with an instance key", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Remove("terraform_data.old[0]", true)
			return m, at
		}, "has an instance key"},
		{"import for_each without a key", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			r := m.Resource("terraform_data", "x")
			r.ForEach = tf.Fn("toset", tf.Strings("a"))
			at := next()
			m.ImportEach(r, tf.Fn("toset", tf.Strings("a")), nil, tf.EachValue)
			return m, at
		}, "import with for_each needs a key"},
		{"each.value in an import without for_each", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			r := m.Resource("terraform_data", "x")
			at := next()
			m.Import(r, tf.EachValue)
			return m, at
		}, "each.key / each.value is used, but the import block has no for_each"},
		{"provider function of a provider not required", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Local("p", tf.ProviderFn("aws", "arn_parse", tf.String("arn:aws:s3:::b")))
			return m, at
		}, `provider::aws::arn_parse calls a function of provider "aws", which is not in this module's required_providers`},
		{"ephemeral value in an output that is not ephemeral", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			e := m.Ephemeral("aws_secretsmanager_secret_version", "s").Set("secret_id", tf.String("x"))
			l := m.Local("secret", tf.Fn("upper", e.Attr("secret_string")))
			at := next()
			m.Output("secret", tf.Tmpl("s=", l), "The secret.")
			return m, at
		}, "output uses the ephemeral value ephemeral.aws_secretsmanager_secret_version.s"},
		{"ephemeral value in for_each", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			e := m.Ephemeral("aws_secretsmanager_secret_version", "s").Set("secret_id", tf.String("x"))
			m.Resource("terraform_data", "plain")
			at := next()
			m.Resource("terraform_data", "each", tf.ForEach(tf.Fn("toset", tf.List(e.Attr("secret_string")))))
			return m, at
		}, "count and for_each cannot use the ephemeral value ephemeral.aws_secretsmanager_secret_version.s"},
		{"ephemeral value in count", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			e := m.Ephemeral("aws_secretsmanager_secret_version", "s").Set("secret_id", tf.String("x"))
			m.Resource("terraform_data", "plain")
			at := next()
			m.Resource("terraform_data", "counted", tf.Count(tf.Fn("length", e.Attr("secret_string"))))
			return m, at
		}, "count and for_each cannot use the ephemeral value ephemeral.aws_secretsmanager_secret_version.s"},
		{"ephemeral variable referred to in count", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			v := m.Variable("token", cty.Object(map[string]cty.Type{"n": cty.Number}), "T.")
			v.Ephemeral = true
			m.Resource("terraform_data", "plain")
			at := next()
			m.Resource("terraform_data", "counted", tf.Count(v.Attr("n")))
			return m, at
		}, "count and for_each cannot use the ephemeral value var.token"},
		{"local of an ephemeral variable referred to in for_each", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			v := m.Variable("token", cty.Object(map[string]cty.Type{"names": cty.Set(cty.String)}), "T.")
			v.Ephemeral = true
			l := m.Local("names", v.Attr("names"))
			m.Resource("terraform_data", "plain")
			at := next()
			m.Resource("terraform_data", "each", tf.ForEach(l.Ref()))
			return m, at
		}, "count and for_each cannot use the ephemeral value var.token"},
		{"ephemeral output of a root module", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			m.Provider("aws", "")
			v := m.Variable("t", cty.String, "T.")
			v.Ephemeral = true
			at := next()
			m.Output("t", v, "T.").Ephemeral = true
			return m, at
		}, "a root module cannot have ephemeral outputs"},
		{"invalid moved address", func() (*tf.Module, string) {
			m := tf.NewModule("m")
			at := next()
			m.Move("aws_s3_bucket.", "aws_s3_bucket.b")
			return m, at
		}, `invalid address "aws_s3_bucket." in moved block`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, at := c.build()
			ds := tf.Validate(m)
			var found *tf.Diagnostic
			for i, d := range ds {
				if d.Severity == tf.Error && strings.Contains(d.Summary, c.want) {
					found = &ds[i]
				}
			}
			if found == nil {
				t.Fatalf("no error containing %q in:\n%v", c.want, ds)
			}
			got := fmt.Sprintf("%s:%d", filepath.Base(found.Pos.File()), found.Pos.Line())
			if got != at {
				t.Errorf("diagnostic points at %s, want %s (%s)", got, at, found)
			}
		})
	}
}

func TestValidateReportsEveryProblemInOneRun(t *testing.T) {
	m := tf.NewModule("m")
	m.Resource("aws_s3_bucket", "bad name")
	m.Local("x", tf.VarRef("nope"))
	m.Variable("count", cty.Number, "d")
	ds := tf.Validate(m)
	if n := len(ds); n < 3 {
		t.Fatalf("want 3 errors, got %d: %v", n, ds)
	}
	if !strings.Contains(ds.Error(), "validate_test.go:") {
		t.Errorf("diagnostics do not name this file: %v", ds)
	}
}

func TestValidModulePasses(t *testing.T) {
	child := tf.NewModule("child")
	name := child.Variable("name", cty.String, "d")
	b := child.Resource("aws_s3_bucket", "b").Set("bucket", name)
	child.Output("arn", b.Attr("arn"), "d")
	root := tf.NewModule("root")
	c := root.CallModule("c", child).Set("name", tf.String("x"))
	root.Output("arn", c.Output("arn"), "d")
	if ds := tf.Validate(child, root); len(ds) != 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
}

func TestSharedModuleUsesAPassedAliasedProvider(t *testing.T) {
	cert := tf.NewModule("modules/cert")
	cert.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	east := cert.ExpectProvider("aws", "us_east_1")
	cert.Resource("aws_acm_certificate", "cf").Set("domain_name", tf.String("example.com")).Provider = east
	if cert.IsRoot() {
		t.Fatal("a module that only expects providers is not a root module")
	}
	if got := cert.Terraform.RequiredProviders[0].ConfigurationAliases; len(got) != 1 || got[0] != "aws.us_east_1" {
		t.Fatalf("configuration_aliases = %v", got)
	}
	root := tf.NewModule("envs/dev")
	p := root.Provider("aws", "east")
	call := root.CallModule("cert", cert)
	if ds := tf.Validate(cert, root); !strings.Contains(ds.Error(), "expects provider aws.us_east_1 to be passed") {
		t.Fatalf("missing provider mapping not reported: %v", ds)
	}
	call.Providers = map[string]*tf.Provider{"aws.us_east_1": p}
	if ds := tf.Validate(cert, root); ds.HasErrors() {
		t.Fatalf("unexpected: %v", ds)
	}
}

func TestCountedModuleOutputsNeedAnInstance(t *testing.T) {
	child := tf.NewModule("child")
	child.Output("id", tf.String("x"), "d")
	root := tf.NewModule("root")
	c := root.CallModule("c", child)
	c.Count = tf.Number(1)
	root.Output("ok", c.InstanceOutput(tf.Number(0), "id"), "d")
	if ds := tf.Validate(child, root); ds.HasErrors() {
		t.Fatalf("unexpected: %v", ds)
	}
	root.Output("bad", c.Output("id"), "d")
	root.Output("typo", c.InstanceOutput(tf.Number(0), "idd"), "d")
	ds := tf.Validate(child, root)
	if !strings.Contains(ds.Error(), "use InstanceOutput") || !strings.Contains(ds.Error(), `no output "idd"`) {
		t.Fatalf("want both errors, got %v", ds)
	}
}

func TestSharedModuleStatesOnlyMinimumProviderVersions(t *testing.T) {
	m := tf.NewModule("modules/x")
	m.RequireProvider("aws", "hashicorp/aws", "5.100.0")
	if ds := tf.Validate(m); !strings.Contains(ds.Error(), `pins provider aws to "5.100.0"`) {
		t.Fatalf("exact pin in a shared module not reported: %v", ds)
	}
	root := tf.NewModule("envs/dev")
	root.RequireProvider("aws", "hashicorp/aws", "5.100.0")
	root.Provider("aws", "")
	ok := tf.NewModule("modules/y")
	ok.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	if ds := tf.Validate(root, ok); ds.HasErrors() {
		t.Fatalf("unexpected: %v", ds)
	}
}

func TestCountedResourceAttributesNeedAnInstance(t *testing.T) {
	m := tf.NewModule("m")
	subnets := m.Resource("aws_subnet", "public")
	subnets.Count = tf.Number(2)
	m.Output("first", subnets.Ref().At(0).Attr("id"), "d")
	m.Output("all", subnets.Ref().Splat().Attr("id"), "d")
	m.Output("whole", tf.Fn("length", subnets.Ref()), "d")
	if ds := tf.Validate(m); ds.HasErrors() {
		t.Fatalf("unexpected: %v", ds)
	}
	m.Output("bad", subnets.Attr("id"), "d")
	if ds := tf.Validate(m); !strings.Contains(ds.Error(), "aws_subnet.public has count: pick an instance before .id") {
		t.Fatalf("unindexed attribute of a counted resource not reported: %v", ds)
	}
}

type typedValue struct{ e tf.Expr }

func (v typedValue) TFExpr() tf.Expr { return v.e }

func TestTemplatesAcceptTypedValues(t *testing.T) {
	m := tf.NewModule("m")
	b := m.Resource("aws_s3_bucket", "b")
	tmpl := tf.Tmpl(typedValue{b.Attr("arn")}, "/*")
	if len(tmpl.Parts) != 2 {
		t.Fatalf("parts: %v", tmpl.Parts)
	}
	if r, ok := tmpl.Parts[0].(tf.Ref); !ok || r.Target != b {
		t.Fatalf("first part %#v is not the reference", tmpl.Parts[0])
	}
}

func TestCalledModulesConfigureNoProviders(t *testing.T) {
	child := tf.NewModule("modules/c")
	child.Provider("aws", "")
	root := tf.NewModule("envs/dev")
	root.CallModule("c", child)
	if ds := tf.Validate(child, root); !strings.Contains(ds.Error(), "configures providers or a backend, so it cannot be called") {
		t.Fatalf("not reported: %v", ds)
	}
}

// TestRepetitionObjectsWhereTerraformDefinesThem: count.index, each.* and
// defaults that fit pass, including an optional attribute left out.
func TestRepetitionObjectsWhereTerraformDefinesThem(t *testing.T) {
	m := tf.NewModule("m")
	counted := m.Resource("terraform_data", "counted")
	counted.Count = tf.Number(2)
	counted.Set("input", tf.Tmpl("n-", tf.CountIndex))
	counted.Lifecycle = &tf.Lifecycle{Postconditions: []tf.Condition{{Cond: tf.Op(tf.CountIndex, ">=", tf.Number(0)), Message: tf.String("x")}}}
	each := m.Resource("terraform_data", "each")
	each.ForEach = tf.Fn("toset", tf.Strings("a"))
	each.Set("input", tf.RawHCL(`"${each.key}=${each.value}"`))
	each.Provisioner("local-exec").Set("command", tf.Tmpl("echo ", tf.EachKey))
	m.Variable("cfg", cty.ObjectWithOptionalAttrs(map[string]cty.Type{"name": cty.String, "size": cty.Number}, []string{"size"}), "Config.").
		WithDefault(cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("x")}))
	m.Variable("n", cty.Number, "A number.").WithDefault(cty.StringVal("3"))
	m.Variable("none", cty.String, "Nothing.").WithDefault(cty.NullVal(cty.String))
	if ds := tf.Validate(m); len(ds) > 0 {
		t.Fatalf("want no diagnostics, got:\n%v", ds)
	}
}

// TestMissingDescriptionsAreWarnings: a module ported from HCL without
// descriptions validates, with one warning per variable and output at
// its declaration.
func TestMissingDescriptionsAreWarnings(t *testing.T) {
	m := tf.NewModule("m")
	atVar := next()
	v := m.Variable("name", cty.String, "")
	atOut := next()
	m.Output("name", v, "")
	ds := tf.Validate(m)
	if ds.HasErrors() {
		t.Fatalf("a missing description is an error: %v", ds)
	}
	if len(ds) != 2 {
		t.Fatalf("want 2 warnings, got %v", ds)
	}
	for i, at := range []string{atVar, atOut} {
		d := ds[i]
		if d.Severity != tf.Warning || !strings.Contains(d.Summary, "no description") {
			t.Errorf("diagnostic %d: %v", i, d)
		}
		if got := fmt.Sprintf("%s:%d", filepath.Base(d.Pos.File()), d.Pos.Line()); got != at {
			t.Errorf("warning points at %s, want %s", got, at)
		}
	}
}

// TestEphemeralValuesWhereTerraformAllowsThem: an ephemeral output of a
// shared module, fed by an ephemeral resource through a local, passes.
func TestEphemeralValuesWhereTerraformAllowsThem(t *testing.T) {
	m := tf.NewModule("modules/secret")
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	e := m.Ephemeral("aws_secretsmanager_secret_version", "s").Set("secret_id", tf.String("x"))
	l := m.Local("secret", e.Attr("secret_string"))
	m.Output("secret", l, "The secret.").Ephemeral = true
	m.Local("region", tf.GetAttr(tf.ProviderFn("aws", "arn_parse", tf.String("arn:aws:s3:us-east-1:1:b")), "region"))
	m.Remove("terraform_data.gone", false)
	if ds := tf.Validate(m); len(ds) > 0 {
		t.Fatalf("want no diagnostics, got:\n%v", ds)
	}
}

// TestValidateKeepsTheOrderOfItsPasses: problems of different kinds in
// several resources come in the order of the checks that find them
// (references, count/each scope, provider functions, cycles), each check
// in declaration order, as when each check walked the module on its own.
// The resource walk checks them all in one pass.
func TestValidateKeepsTheOrderOfItsPasses(t *testing.T) {
	m := tf.NewModule("m")
	other := tf.NewModule("other")
	foreign := other.Resource("aws_s3_bucket", "foreign")
	m.Local("l", tf.Tmpl("x-", tf.EachKey))
	a := m.Resource("aws_s3_bucket", "a").
		Set("bucket", tf.Tmpl("a-", tf.CountIndex)).
		Set("policy", tf.ProviderFn("aws", "arn_parse", foreign.Attr("arn")))
	b := m.Resource("aws_s3_bucket", "b")
	c := m.Resource("aws_s3_bucket", "c", tf.DependsOn(b), tf.ReplaceTriggeredBy(a.Attr("id"))).
		Set("bucket", tf.Tmpl(tf.EachValue, "-c"))
	b.Set("bucket", c.Attr("id")).Set("tags", tf.Obj(tf.KV("n", tf.ProviderFn("aws", "x", tf.CountIndex))))
	c.Provisioner("local-exec").Set("command", tf.Tmpl(c.Attr("id"), tf.EachKey))
	d := m.Resource("aws_s3_bucket", "d").Set("bucket", tf.RawHCL("aws_s3_bucket.d.id"))
	_ = d
	var got []string
	for _, d := range tf.Validate(m) {
		got = append(got, d.Address+": "+d.Summary)
	}
	want := []string{
		"m: aws_s3_bucket.a: refers to aws_s3_bucket.foreign, which is declared in module other at " + foreign.Pos().String() + "; pass it in as a variable",
		"m: local.l: each.key / each.value is used, but a local value has no for_each (they are defined only in a resource, data source, module call or import with for_each)",
		"m: aws_s3_bucket.a: count.index is used, but aws_s3_bucket.a has no count (it is defined only in a resource, data source or module call with count)",
		"m: aws_s3_bucket.b: count.index is used, but aws_s3_bucket.b has no count (it is defined only in a resource, data source or module call with count)",
		"m: aws_s3_bucket.c: each.key / each.value is used, but aws_s3_bucket.c has no for_each (they are defined only in a resource, data source, module call or import with for_each)",
		"m: aws_s3_bucket.c: each.key / each.value is used, but aws_s3_bucket.c has no for_each (they are defined only in a resource, data source, module call or import with for_each)",
		`m: aws_s3_bucket.a: provider::aws::arn_parse calls a function of provider "aws", which is not in this module's required_providers (Terraform resolves provider functions only through it)`,
		`m: aws_s3_bucket.b: provider::aws::x calls a function of provider "aws", which is not in this module's required_providers (Terraform resolves provider functions only through it)`,
		"m: aws_s3_bucket.b: reference cycle: aws_s3_bucket.b -> aws_s3_bucket.c -> aws_s3_bucket.b",
		"m: aws_s3_bucket.d: aws_s3_bucket.d refers to itself",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestValidateFollowsEditedResourceLists: a blueprint may reorder or cut
// Module.Resources after declaring; references are judged by the list as
// it is, not as it was built.
func TestValidateFollowsEditedResourceLists(t *testing.T) {
	m := tf.NewModule("m")
	a := m.Resource("aws_s3_bucket", "a")
	b := m.Resource("aws_s3_bucket", "b").Set("bucket", a.Attr("id"))
	gone := m.Resource("aws_s3_bucket", "gone")
	c := m.Resource("aws_s3_bucket", "c").Set("bucket", gone.Attr("id")).Set("tags", tf.Obj(tf.KV("b", b.Attr("id"))))
	m.Resources = []*tf.Resource{c, b, a}
	var got []string
	for _, d := range tf.Validate(m) {
		got = append(got, d.Address+": "+d.Summary)
	}
	want := "m: aws_s3_bucket.c: refers to aws_s3_bucket.gone, which is not declared in module m"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want [%q]", got, want)
	}
}

// TestIsNameByteByByte: IsName's table agrees with the rule it states, a
// letter or underscore, then letters, digits, underscores and dashes, for
// every byte first, second and last in a name.
func TestIsNameByteByByte(t *testing.T) {
	letter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
	rest := func(c byte) bool { return letter(c) || c >= '0' && c <= '9' || c == '-' }
	if tf.IsName("") {
		t.Error(`tf.IsName("") = true`)
	}
	for i := 0; i < 256; i++ {
		c := byte(i)
		if got := tf.IsName(string([]byte{c})); got != letter(c) {
			t.Errorf("tf.IsName(%q) = %v, want %v", []byte{c}, got, letter(c))
		}
		if got, want := tf.IsName(string([]byte{'a', c})), rest(c); got != want {
			t.Errorf("tf.IsName(%q) = %v, want %v", []byte{'a', c}, got, want)
		}
		if got, want := tf.IsName(string([]byte{'a', c, 'b'})), rest(c); got != want {
			t.Errorf("tf.IsName(%q) = %v, want %v", []byte{'a', c, 'b'}, got, want)
		}
	}
}
