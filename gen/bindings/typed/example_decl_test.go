package typed_test

import (
	"fmt"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// A component module's interface is two structs; the module declares its
// variables and outputs from them, and a caller's inputs compile only when
// each has the right type.
type webInputs struct {
	Name  typed.String `tf:"name" description:"Name of the site."`
	Count typed.Number `tf:"replicas" description:"How many." default:"2"`
}

type webOutputs struct {
	Label typed.String `tf:"label" description:"The site's label."`
}

var callWeb = typed.ModuleCaller[webInputs, webOutputs]()

func ExampleModuleCaller() {
	web := tf.NewModule("modules/web")
	in := typed.Vars[webInputs](web)
	typed.Outputs(web, webOutputs{Label: typed.Tmpl(in.Name, "-x", typed.ToString(in.Count))})

	root := tf.NewModule("envs/dev")
	env := typed.Var[typed.String](root, "env", "Environment.", typed.Default("dev"))
	out := callWeb(root, "web", web, webInputs{Name: typed.Tmpl(env, "-web")})
	root.Output("label", out.Label, "The label.")

	for _, m := range []*tf.Module{web, root} {
		files, _ := render.Module(m, render.Options{})
		for _, f := range files {
			if f.Name == "main.tf" || f.Name == "outputs.tf" {
				fmt.Print(strings.SplitN(string(f.Data), "\n\n", 2)[1])
			}
		}
	}
	// Output:
	// output "label" {
	//   description = "The site's label."
	//   value       = "${var.name}-x${tostring(var.replicas)}"
	// }
	// module "web" {
	//   source = "../../modules/web"
	//
	//   name = "${var.env}-web"
	// }
	// output "label" {
	//   description = "The label."
	//   value       = module.web.label
	// }
}
