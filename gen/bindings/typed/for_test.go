package typed_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// listener is an object type a variable can hold.
type listener struct {
	Port typed.Number `tf:"port"`
	Name typed.String `tf:"name"`
}

// portsByName is an object of one port per listener name.
type portsByName struct {
	HTTP  typed.Number `tf:"http"`
	HTTPS typed.Number `tf:"https"`
}

// forModule uses every typed for-expression over typed variables, and
// outputs the results.
func forModule() *tf.Module {
	m := tf.NewModule("envs/for")
	m.SetBackend("local").Set("path", tf.String("terraform.tfstate"))
	zones := typed.Var[typed.List[typed.String]](m, "zones", "Zones.", typed.Default([]string{"a", "b", "c"}))
	sizes := typed.Var[typed.Map[typed.Number]](m, "sizes", "Sizes.", typed.Default(map[string]int{"web": 2, "db": 3}))
	tags := typed.Var[typed.Set[typed.String]](m, "tags", "Tags.", typed.Default([]string{"x", "y"}))
	ls := typed.Var[typed.List[typed.Object[listener]]](m, "listeners", "Listeners.")

	named := typed.ForList(zones, func(i typed.Number, z typed.String) typed.String {
		return typed.Tmpl("subnet-", z, "-", typed.ToString(i))
	})
	big := typed.ForMap(sizes, func(k typed.String, n typed.Number) typed.String { return k },
		func(k typed.String, n typed.Number) typed.Number { return typed.Mul(n, typed.NumberVal(10)) },
		func(k typed.String, n typed.Number) typed.Bool { return typed.Gt(n, typed.NumberVal(2)) })
	ports := typed.ForMap(ls, func(i typed.Number, l typed.Object[listener]) typed.String { return l.Fields().Name },
		func(i typed.Number, l typed.Object[listener]) typed.Number { return l.Fields().Port })
	byFirst := typed.ForGroup(tags, func(k, t typed.String) typed.String {
		return typed.Fn[typed.String]("substr", t, typed.NumberVal(0), typed.NumberVal(1))
	},
		func(k, t typed.String) typed.String { return typed.Tmpl(t, "!") })
	// Nested: every zone with every tag; the inner variables get new names.
	pairs := typed.ForList(zones, func(i typed.Number, z typed.String) typed.List[typed.String] {
		return typed.ForList(tags, func(k, t typed.String) typed.String { return typed.Tmpl(z, "/", t) })
	})
	// An inner body that ignores its own element still must not hide the
	// outer one.
	repeat := typed.ForList(zones, func(i typed.Number, z typed.String) typed.List[typed.String] {
		return typed.ForList(tags, func(k, t typed.String) typed.String { return z })
	})
	// An object whose attributes are the listeners' names, read by field.
	byName := typed.ForObject[portsByName](ls, func(i typed.Number, l typed.Object[listener]) typed.String { return l.Fields().Name },
		func(i typed.Number, l typed.Object[listener]) typed.Number { return l.Fields().Port })
	m.Output("by_name", byName, "x")
	m.Output("https_port", byName.Fields().HTTPS, "x")
	m.Output("repeat", repeat, "x")
	m.Output("named", named, "x")
	m.Output("big", big, "x")
	m.Output("ports", ports, "x")
	m.Output("by_first", byFirst, "x")
	m.Output("pairs", pairs, "x")
	return m
}

func Example_forExpressions() {
	files, _ := render.Module(forModule(), render.Options{})
	for _, f := range files {
		if f.Name == "outputs.tf" {
			for _, line := range strings.Split(string(f.Data), "\n") {
				if strings.Contains(line, "value") {
					fmt.Println(strings.TrimSpace(line))
				}
			}
		}
	}
	// Output:
	// value       = { for k, v in var.sizes : k => v * 10 if v > 2 }
	// value       = { for v in var.tags : substr(v, 0, 1) => "${v}!"... }
	// value       = { for v in var.listeners : v.name => v.port }
	// value       = { for v in var.listeners : v.name => v.port }.https
	// value       = [for i, v in var.zones : "subnet-${v}-${tostring(i)}"]
	// value       = [for v2 in var.zones : [for v in var.tags : "${v2}/${v}"]]
	// value       = { for v in var.listeners : v.name => v.port }
	// value       = [for v2 in var.zones : [for v in var.tags : v2]]
}

// TestForExpressionsApplyWithTerraform: the typed for-expressions render
// to HCL that terraform validates and evaluates to what the Go says.
func TestForExpressionsApplyWithTerraform(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	tftest.Env(t)
	dir := t.TempDir()
	if _, err := generate.Run(generate.Options{Out: dir, Modules: []*tf.Module{forModule()}}); err != nil {
		t.Fatal(err)
	}
	env := filepath.Join(dir, "envs", "for")
	tftest.Run(t, dir, "fmt", "-check", "-recursive")
	tftest.Run(t, env, "init", "-input=false", "-no-color")
	tftest.Run(t, env, "validate", "-no-color")
	tftest.Run(t, env, "apply", "-input=false", "-no-color", "-auto-approve",
		`-var=listeners=[{port = 80, name = "http"}, {port = 443, name = "https"}]`)
	var outputs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(tftest.Run(t, env, "output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"named":      []any{"subnet-a-0", "subnet-b-1", "subnet-c-2"},
		"big":        map[string]any{"db": 30.0},
		"ports":      map[string]any{"http": 80.0, "https": 443.0},
		"by_first":   map[string]any{"x": []any{"x!"}, "y": []any{"y!"}},
		"pairs":      []any{[]any{"a/x", "a/y"}, []any{"b/x", "b/y"}, []any{"c/x", "c/y"}},
		"repeat":     []any{[]any{"a", "a"}, []any{"b", "b"}, []any{"c", "c"}},
		"by_name":    map[string]any{"http": 80.0, "https": 443.0},
		"https_port": 443.0,
	}
	for name, w := range want {
		if got := outputs[name].Value; !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", name, got, w)
		}
	}
}

// TestForObjectOfMixedAttributes: an object type whose attributes are not
// all of the body's value type is reported once, at the ForObject call.
func TestForObjectOfMixedAttributes(t *testing.T) {
	type mixed struct {
		HTTP typed.Number `tf:"http"`
		Name typed.String `tf:"name"`
	}
	m := tf.NewModule("envs/mixed")
	m.SetBackend("local")
	ls := typed.Var[typed.List[typed.Object[listener]]](m, "listeners", "Listeners.")
	_, file, line, _ := runtime.Caller(0)
	bad := typed.ForObject[mixed](ls, func(i typed.Number, l typed.Object[listener]) typed.String { return l.Fields().Name },
		func(i typed.Number, l typed.Object[listener]) typed.Number { return l.Fields().Port })
	m.Output("bad", bad, "x")
	// Any takes attributes of every type.
	m.Output("fine", typed.ForObject[mixed](ls, func(i typed.Number, l typed.Object[listener]) typed.String { return l.Fields().Name },
		func(i typed.Number, l typed.Object[listener]) typed.Any { return typed.AnyOf(l.Fields().Port) }), "x")
	ds := tf.Validate(m)
	var errs []string
	for _, d := range ds {
		errs = append(errs, d.String())
	}
	at := fmt.Sprintf("%s:%d", filepath.Base(file), line+1)
	want := `typed.ForObject: attribute "name" of object is string, but every value is number`
	if len(errs) != 1 || !strings.Contains(errs[0], want) || !strings.Contains(errs[0], at+":") {
		t.Errorf("want one error %q at %s, got:\n%s", want, at, strings.Join(errs, "\n"))
	}
}
