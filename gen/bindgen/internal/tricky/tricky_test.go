package tricky_test

import (
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindgen/internal/tricky"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestTrickyShapesRender uses the golden bindings: keyword-named fields, a
// map of lists, a nested set of objects, nested attributes, a map block
// and a dynamic value all render as Terraform expects.
func TestTrickyShapesRender(t *testing.T) {
	m := tf.NewModule("modules/tricky")
	s := tricky.NewShapes(m, "x", tricky.ShapesArgs{
		Name:    tricky.String("x"),
		Type:    tricky.String("t"),
		Func:    tricky.Bool(true),
		Range:   tricky.ListOf(tricky.Number(1), tricky.Number(2)),
		Default: tricky.AnyOf(tricky.Strings("a")),
		Routes:  tricky.MapOf(map[string]typed.List[typed.String]{"b": tricky.Strings("2"), "a": tricky.Strings("1")}),
		Rules: tricky.SetOf(tricky.Shapes_Rules{
			Cidrs: tricky.StringSet("10.0.0.0/8"),
			Ports: tricky.SetOf(tricky.Shapes_Rules_Ports{From: tricky.Number(80), To: tricky.Number(81)}),
		}),
		Settings: tricky.SetOf(tricky.Shapes_Settings{Key: tricky.String("k")}),
		Config:   &tricky.Shapes_Config{Enabled: tricky.Bool(true)},
		Labelled: map[string]tricky.Shapes_Labelled{"one": {Value: tricky.String("1")}},
		Listener: []tricky.Shapes_Listener{{Port: tricky.Number(443), Action: []tricky.Shapes_Listener_Action{{Type: tricky.String("forward")}}}},
	})
	m.Output("name", s.Name().TFExpr(), "name")
	files, ds := render.Module(m, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	var main string
	for _, f := range files {
		if f.Name == "main.tf" {
			main = string(f.Data)
		}
	}
	for _, want := range []string{
		`type    = "t"`,
		`func    = true`,
		`range   = [1, 2]`,
		`default = ["a"]`,
		`a = ["1"]`,
		`ports = [`,
		`from = 80`,
		`settings = [`,
		`key = "k"`,
		`labelled "one" {`,
		`action {`,
	} {
		if !strings.Contains(main, want) {
			t.Errorf("main.tf lacks %q:\n%s", want, main)
		}
	}
	if strings.Contains(main, "value = null") {
		t.Errorf("an unset optional nested attribute was rendered:\n%s", main)
	}
}
