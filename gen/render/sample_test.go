package render_test

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// kitchenSink builds a root module and a shared module that together use
// every construct the model has: each variable option, locals, resources
// and data sources with every meta-argument, dynamic and nested blocks,
// provisioners, module calls, outputs, moved / import / check blocks, and
// expressions of every kind.
func kitchenSink() []*tf.Module {
	child := tf.NewModule("modules/child")
	child.Description = "A shared module: no provider blocks, >= constraints only."
	child.Terraform.RequiredVersion = ">= 1.5.0"
	child.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
	prefix := child.Variable("prefix", cty.String, "Name prefix.")
	child.Variable("ports", cty.List(cty.Number), "Ports to open.").WithDefault(cty.ListVal([]cty.Value{cty.NumberIntVal(80), cty.NumberIntVal(443)}))
	sg := child.Resource("aws_security_group", "this").
		Set("name", tf.Tmpl(prefix, "-sg")).
		Set("description", tf.String("Managed by moochat"))
	dyn := sg.Body.Dynamic("ingress", tf.VarRef("ports"), "port")
	dyn.Set("from_port", tf.IterVar("port").Attr("value"))
	dyn.Set("to_port", tf.IterVar("port").Attr("value"))
	dyn.Set("protocol", tf.String("tcp"))
	dyn.Set("cidr_blocks", tf.Strings("10.0.0.0/8"))
	dyn.Set("description", tf.Null())
	dyn.Set("ipv6_cidr_blocks", tf.List())
	dyn.Set("prefix_list_ids", tf.List())
	dyn.Set("security_groups", tf.List())
	dyn.Set("self", tf.Bool(false))
	child.Output("security_group_id", sg.Attr("id"), "ID of the security group.")
	childWest := child.ExpectProvider("aws", "west")
	logs := child.Resource("aws_cloudwatch_log_group", "west").Set("name", tf.Tmpl(prefix, "-west"))
	logs.Provider = childWest

	m := tf.NewModule("root")
	m.Description = "Kitchen sink root module."
	m.Terraform.RequiredVersion = ">= 1.5.0"
	m.RequireProvider("aws", "hashicorp/aws", "5.100.0")
	m.SetBackend("local").Set("path", tf.String("state/terraform.tfstate"))
	aws := m.Provider("aws", "")
	aws.Set("region", tf.String("us-east-1"))
	aws.Set("access_key", tf.String("offline"))
	aws.Set("secret_key", tf.String("offline"))
	aws.Set("skip_credentials_validation", tf.Bool(true))
	aws.Set("skip_requesting_account_id", tf.Bool(true))
	aws.Set("skip_metadata_api_check", tf.Bool(true))
	west := m.Provider("aws", "west")
	west.Set("region", tf.String("us-west-2"))
	west.Set("access_key", tf.String("offline"))
	west.Set("secret_key", tf.String("offline"))
	west.Set("skip_credentials_validation", tf.Bool(true))
	west.Set("skip_requesting_account_id", tf.Bool(true))
	west.Set("skip_metadata_api_check", tf.Bool(true))

	env := m.Variable("environment", cty.String, "Environment: dev or prod.").WithDefault(cty.StringVal("dev"))
	env.Validate(tf.Fn("contains", tf.Strings("dev", "prod"), env), "Environment must be dev or prod.")
	token := m.Variable("token", cty.String, "A secret.").WithDefault(cty.StringVal("not-a-secret")).MarkSensitive()
	notNull := false
	settings := m.Variable("settings", cty.ObjectWithOptionalAttrs(map[string]cty.Type{
		"size":  cty.Number,
		"name":  cty.String,
		"flags": cty.Map(cty.Bool),
	}, []string{"flags"}), "Settings with an optional attribute.")
	settings.Default = cty.ObjectVal(map[string]cty.Value{
		"size":  cty.NumberIntVal(3),
		"name":  cty.StringVal("literal ${not} %{interpolated}"),
		"flags": cty.MapVal(map[string]cty.Value{"a": cty.True}),
	})
	settings.Nullable = &notNull
	m.Variable("anything", cty.DynamicPseudoType, "Any value.").WithDefault(cty.NullVal(cty.DynamicPseudoType))
	m.Variable("pair", cty.Tuple([]cty.Type{cty.String, cty.Number}), "A tuple.").WithDefault(cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NumberIntVal(1)}))
	m.Variable("names", cty.Set(cty.String), "A set of names.").WithDefault(cty.SetVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")}))

	name := m.Local("name", tf.Tmpl(env, "-kitchen"))
	tags := m.Local("tags", tf.Obj(
		tf.KV("Environment", env),
		tf.KV("Name", name),
		tf.KV("kebab-key", tf.String("quoted key")),
		tf.KV("null", tf.String("keyword key")),
	))
	m.Local("numbers", tf.Obj(
		tf.KV("int", tf.Number(42)),
		tf.KV("negative", tf.Number(-7)),
		tf.KV("float", tf.Number(3.25)),
		tf.KV("big", tf.Lit(cty.MustParseNumberVal("123456789012345678901234567890"))),
	))
	m.Local("strings", tf.Obj(
		tf.KV("multi_line", tf.String("line one\nline two\ttabbed \"quoted\" back\\slash")),
		tf.KV("template_like", tf.String("${var.not_a_ref} and %{ if true }x%{ endif }")),
		tf.KV("dollar", tf.String("$$${x} $ % $x %x")),
		tf.KV("unicode", tf.String("héllo wörld ✓ 日本")),
		tf.KV("control", tf.String("bell\x07")),
	))
	m.Local("exprs", tf.Obj(
		tf.KV("cond", tf.If(tf.Op(env, "==", tf.String("prod")), tf.Number(3), tf.Number(1))),
		tf.KV("arith", tf.Op(tf.Op(tf.Number(1), "+", tf.Number(2)), "*", tf.Neg(tf.Number(3)))),
		tf.KV("logic", tf.Op(tf.Not(tf.Bool(false)), "&&", tf.Op(tf.Bool(true), "||", tf.Bool(false)))),
		tf.KV("upper", tf.ForList("", "s", tf.Strings("a", "b"), tf.Fn("upper", tf.IterVar("s")), nil)),
		tf.KV("by_key", tf.ForMap("k", "v", tf.Map(tf.Attrs{"a": tf.Number(1), "b": tf.Number(2)}), tf.IterVar("k"), tf.Op(tf.IterVar("v"), "*", tf.Number(10)), tf.Op(tf.IterVar("v"), ">", tf.Number(1)))),
		tf.KV("expand", tf.Call{Name: "max", Args: []tf.Expr{tf.List(tf.Number(1), tf.Number(5))}, Expand: true}),
		tf.KV("index", tf.Index(tf.Strings("x", "y"), tf.Number(1))),
		tf.KV("workspace", tf.TerraformWorkspace),
		tf.KV("module_path", tf.PathModule),
		tf.KV("raw", tf.RawHCL(`lookup({a = 1}, "a", 0)`)),
		tf.KV("paren", tf.Paren{X: tf.Op(tf.Number(1), "+", tf.Number(1))}),
		tf.KV(`"computed"`, tf.String("odd key")),
	))
	// Readable output: heredocs and a wrapped list.
	script := m.Local("script", tf.String("#!/bin/sh\necho \"hello\" \\\n  indented ${literal}\n\nlast\n"))
	m.Local("long_list", tf.Strings("arn:aws:s3:::kitchen-sink-one", "arn:aws:s3:::kitchen-sink-two", "arn:aws:s3:::kitchen-sink-three"))
	m.Local("computed_key", tf.Obj(tf.KeyExpr(env, tf.Bool(true))))
	m.Local("merged", tf.Fn("merge", tags, tf.Obj(tf.KV("Extra", tf.String("yes")))))
	m.Local("nested_args", tf.Fn("concat", tf.List(tf.Obj(tf.KV("a", tf.Number(1)))), tf.Strings()))

	first := m.Resource("terraform_data", "first").
		Set("input", tf.Obj(tf.KV("name", name), tf.KV("token_length", tf.Fn("length", token))))
	first.Lifecycle = &tf.Lifecycle{
		CreateBeforeDestroy: true,
		IgnoreChanges:       []string{"input"},
		Preconditions:       []tf.Condition{{Cond: tf.Op(tf.Fn("length", name), ">", tf.Number(0)), Message: tf.String("Name must not be empty.")}},
	}
	second := m.Resource("terraform_data", "second")
	second.Count = tf.Number(2)
	second.Set("input", tf.Tmpl("copy-", tf.CountIndex, "-of-", first.Attr("id")))
	second.Lifecycle = &tf.Lifecycle{
		ReplaceTriggeredBy: []tf.Expr{first.Ref()},
		Postconditions:     []tf.Condition{{Cond: tf.Op(tf.Self.Attr("output"), "!=", tf.Null()), Message: tf.Tmpl("Output of copy ", tf.CountIndex, " is null.")}},
	}
	second.DependOn(first)
	m.Resource("terraform_data", "script").Set("input", tf.Tmpl("#!/bin/sh\necho ", name, "\n"))
	each := m.Resource("terraform_data", "each")
	each.ForEach = tf.Fn("toset", tf.Strings("a", "b"))
	each.Set("input", tf.Tmpl(tf.EachKey, "=", tf.EachValue))
	each.Provisioner("local-exec").Set("command", tf.Tmpl("echo ", tf.Self.Attr("input")))
	read := m.Data("aws_iam_policy_document", "read")
	read.Body.Block("statement").
		Set("actions", tf.Strings("s3:GetObject")).
		Set("resources", tf.Strings("arn:aws:s3:::example/*"))
	bucket := m.Resource("aws_s3_bucket", "logs").
		Set("bucket", tf.Tmpl(name, "-logs")).
		Set("tags", tags)
	bucket.Provider = west
	bucket.Lifecycle = &tf.Lifecycle{PreventDestroy: false}
	bucket.Waive("S3-LOGGING", "This is the log bucket.", "")
	m.InFile("storage.tf")
	m.Resource("aws_s3_bucket_versioning", "logs").
		Set("bucket", bucket.Attr("id")).
		Body.Block("versioning_configuration").Set("status", tf.String("Enabled"))
	m.InFile("")
	call := m.CallModule("child", child).Set("prefix", name)
	call.Providers = map[string]*tf.Provider{"aws": aws, "aws.west": west}
	m.Output("child_sg", call.Output("security_group_id"), "Security group from the child module.")
	m.Output("token", token, "The secret, passed through.").MarkSensitive()
	m.Output("copies", second.Ref().Splat().Attr("id"), "IDs of the copies.").DependsOn = []tf.Referenceable{second}
	m.Output("policy", read.Attr("json"), "The policy document.")
	m.Output("script", script, "A heredoc, read back by terraform.")
	m.Move("terraform_data.old", "terraform_data.first")
	m.Import(bucket, tf.String("existing-bucket-name"))
	m.Check("name_is_short").Assert(tf.Op(tf.Fn("length", name), "<", tf.Number(64)), tf.String("Name is too long."))
	return []*tf.Module{child, m}
}
