package tf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// A plan run of a child module takes the inputs the root passes it: the
// root's variables and locals become the test file's values (or their
// defaults), and what only a plan of the root knows gets a stand-in.
func ExampleRun_UseCall() {
	child := tf.NewModule("modules/cache")
	nodes := child.Variable("nodes", cty.Number, "Nodes.")
	nodes.Validate(tf.Op(nodes, ">=", tf.Number(1)), "At least one node.")
	child.Variable("name", cty.String, "Name.")
	child.Variable("subnet_id", cty.String, "Subnet.")

	root := tf.NewModule("envs/dev")
	env := root.Variable("env", cty.String, "Environment.")
	prefix := root.Local("prefix", tf.Tmpl(env, "-app"))
	subnet := root.Resource("aws_subnet", "a")
	cache := root.CallModule("cache", child).
		Set("nodes", tf.If(tf.Op(env, "==", tf.String("prod")), tf.Number(3), tf.Number(1))).
		Set("name", prefix).
		Set("subnet_id", subnet.Attr("id"))

	t := root.Test("platform")
	t.Set("env", tf.String("dev"))
	standIn := func(v *tf.Variable) tf.Expr { return tf.String("mock-" + v.Name) }
	t.Run("cache").Plan().UseCall(cache, standIn)
	t.Run("cache_rejects_nodes").Plan().UseCall(cache, standIn).Replace("nodes", tf.Number(0)).ExpectFailure(nodes)

	files, _ := render.Module(root, render.Options{})
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".tftest.hcl") {
			text := string(f.Data)
			fmt.Print(text[strings.Index(text, "\nrun ")+1:])
		}
	}
	// Output:
	// run "cache" {
	//   command = plan
	//
	//   module {
	//     source = "../../modules/cache"
	//   }
	//
	//   variables {
	//     nodes     = 1
	//     name      = "dev-app"
	//     subnet_id = "mock-subnet_id"
	//   }
	// }
	//
	// run "cache_rejects_nodes" {
	//   command = plan
	//
	//   module {
	//     source = "../../modules/cache"
	//   }
	//
	//   variables {
	//     nodes     = 0
	//     name      = "dev-app"
	//     subnet_id = "mock-subnet_id"
	//   }
	//
	//   expect_failures = [var.nodes]
	// }
}

func TestUseCallResolvesWhatTheTestKnows(t *testing.T) {
	child := tf.NewModule("modules/c")
	for _, n := range []string{"lit", "byvar", "bydefault", "unset", "tmpl", "list", "cmp", "cond", "other"} {
		child.Variable(n, cty.String, "x")
	}
	root := tf.NewModule("envs/dev")
	set := root.Variable("set", cty.String, "x")
	def := root.Variable("def", cty.String, "x").WithDefault(cty.StringVal("d"))
	unset := root.Variable("unset", cty.String, "x")
	loc := root.Local("loc", tf.Tmpl(set, "-", def))
	r := root.Resource("aws_thing", "x")
	c := root.CallModule("c", child).
		Set("lit", tf.String("a")).
		Set("byvar", set).
		Set("bydefault", def).
		Set("unset", unset).
		Set("tmpl", loc).
		Set("list", tf.List(set, def)).
		Set("cmp", tf.Op(set, "!=", tf.String("s"))).
		Set("cond", tf.If(tf.Op(def, "==", tf.String("d")), set, tf.String("z"))).
		Set("other", tf.Tmpl(r.Attr("id"), set))
	file := root.Test("t")
	file.Set("set", tf.String("s"))
	run := file.Run("r").UseCall(c, func(v *tf.Variable) tf.Expr { return tf.String("stand-in") })
	want := map[string]string{
		"lit": `"a"`, "byvar": `"s"`, "bydefault": `"d"`, "unset": `"stand-in"`, "tmpl": `"s-d"`,
		"list": `["s", "d"]`, "cmp": `false`, "cond": `"s"`, "other": `"stand-in"`,
	}
	if run.Module != child {
		t.Error("the run does not use the child module")
	}
	if len(run.Variables.Items) != len(want) {
		t.Fatalf("%d variables, want %d", len(run.Variables.Items), len(want))
	}
	run.Replace("lit", tf.String("b")).Replace("extra", tf.Number(1))
	want["lit"], want["extra"] = `"b"`, "1"
	files, ds := render.Module(root, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	var text string
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".tftest.hcl") {
			text = string(f.Data)
		}
	}
	got := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), " = "); ok {
			got[strings.TrimSpace(k)] = v
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %s, want %s\n%s", k, got[k], v, text)
		}
	}
}

func TestFind(t *testing.T) {
	m := tf.NewModule("modules/m")
	v := m.Variable("v", cty.String, "x")
	r := m.Resource("aws_thing", "a")
	m.Data("aws_thing", "d")
	o := m.Output("o", v, "x")
	c := m.CallModule("c", tf.NewModule("modules/c"))
	if m.FindVariable("v") != v || m.FindResource("aws_thing", "a") != r || m.FindOutput("o") != o || m.FindCall("c") != c {
		t.Error("a declared object is not found")
	}
	if m.FindVariable("w") != nil || m.FindResource("aws_thing", "d") != nil || m.FindOutput("v") != nil || m.FindCall("o") != nil {
		t.Error("found an object that is not declared (or a data source as a managed resource)")
	}
}
