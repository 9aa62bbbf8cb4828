package main

import "github.com/runntimeterror/moo-chat-infrastructure/gen/render"

// renderOptions names this command in the header of every generated file.
func renderOptions() render.Options {
	return render.Options{Generator: "go run example.com/external"}
}
