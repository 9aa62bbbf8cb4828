// Package blueprints lists every module the generator renders into out/.
package blueprints

import (
	"github.com/runntimeterror/moo-chat-infrastructure/blueprints/examples"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// All returns every module to render, in a fixed order.
func All() []*tf.Module {
	var mods []*tf.Module
	mods = append(mods, examples.StaticSite()...)
	mods = append(mods, Platform()...)
	return mods
}

// Options is the whole generator run for this repository: every module,
// the validators, and the extra files, rendered into out in format.
// generator names the command for the generated-file headers.
func Options(out string, format render.Format, generator string) (generate.Options, error) {
	if _, err := generate.ParseFormat(string(format)); err != nil {
		return generate.Options{}, err
	}
	return generate.Options{
		Out:     out,
		Modules: All(),
		Render:  render.Options{Format: format, Generator: generator},
		Extra:   platformExtra(generatorOrDefault(generator)),
	}, nil
}

// generatorOrDefault is the command named in generated headers; the
// renderer's own default when empty.
func generatorOrDefault(g string) string {
	if g == "" {
		return "go run ./gen"
	}
	return g
}
