package examples

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Hello is a provider-free environment made of Terraform's built-in
// terraform_data: a shared module and a root envs/<env> on the local
// backend, with a sensitive input. It can be planned, applied and
// destroyed anywhere, which is what the runner's end-to-end tests do.
func Hello(env string) []*tf.Module {
	app := tf.NewModule("modules/hello")
	app.Description = "Greets an environment; made of terraform_data only."
	app.Terraform.RequiredVersion = ">= 1.6.0"
	name := app.Variable("name", cty.String, "Name of the environment.")
	token := app.Variable("token", cty.String, "A secret the greeting carries.").MarkSensitive()
	greeting := app.Resource("terraform_data", "greeting").
		Set("input", tf.Obj(tf.KV("text", tf.Tmpl("hello, ", name)), tf.KV("token_length", tf.Fn("length", token))))
	app.Output("greeting", greeting.Attr("output").Attr("text"), "The greeting.")
	app.Output("token", token, "The secret, passed through.").MarkSensitive()

	root := tf.NewModule("envs/" + env)
	root.Description = "Example environment of terraform_data, planned, applied and destroyed by the tests."
	root.Terraform.RequiredVersion = ">= 1.6.0"
	root.SetBackend("local").Set("path", tf.String("terraform.tfstate"))
	secret := root.Variable("token", cty.String, "A secret: no default, given at plan time.").MarkSensitive()
	call := root.CallModule("hello", app).
		Set("name", tf.String(env)).
		Set("token", secret)
	root.Output("greeting", call.Output("greeting"), "The greeting.")
	root.Output("token", call.Output("token"), "The secret, passed through.").MarkSensitive()
	return []*tf.Module{app, root}
}
