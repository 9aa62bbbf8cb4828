// Package blueprints lists every module the generator renders into out/.
package blueprints

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints/examples"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
	_ "github.com/runntimeterror/moo-chat-infrastructure/internal/blueprintlits" // the literals' key order, without a parse
)

// All returns every module to render, in a fixed order, with the
// environments on the local backend.
func All() []*tf.Module { return AllFor(Backend{}) }

// AllFor is All with the environments' state kept as b says.
func AllFor(b Backend) []*tf.Module {
	var site []*tf.Module
	var wg sync.WaitGroup
	wg.Go(func() { site = examples.StaticSite() }) // built beside the platform: they share nothing
	platform := PlatformFor(b)
	wg.Wait()
	return append(site, platform...)
}

// BackendFromEnv reads the Terraform Cloud organization (and hostname) the
// way terraform does, from TF_CLOUD_ORGANIZATION and TF_CLOUD_HOSTNAME;
// unset means the local backend.
func BackendFromEnv() Backend {
	return Backend{CloudOrganization: os.Getenv("TF_CLOUD_ORGANIZATION"), CloudHostname: os.Getenv("TF_CLOUD_HOSTNAME")}
}

// Options is the whole generator run for this repository: every module,
// the validators, and the extra files, rendered into out in format.
// generator names the command for the generated-file headers.
func Options(out string, format render.Format, generator string) (generate.Options, error) {
	if _, err := generate.ParseFormat(string(format)); err != nil {
		return generate.Options{}, err
	}
	mods := AllFor(BackendFromEnv())
	var waivers []func() []write.File
	for _, m := range mods {
		if strings.HasPrefix(m.Name, "envs/") {
			waivers = append(waivers, func() []write.File { return []write.File{generate.WaiverFile(m, generatorOrDefault(generator))} })
		}
	}
	s, err := schema.Default()
	if err != nil {
		return generate.Options{}, err
	}
	return generate.Options{
		Out: out,
		Validators: []generate.Validator{
			schema.Validator(s, schema.Options{JSON: format == render.JSON}),
			generate.WaiverValidator(time.Now()),
		},
		Checks:  []generate.Check{generate.PolicyCheck(policy.DefaultRules())},
		Modules: mods,
		Render:  render.Options{Format: format, Generator: generator, ScannerIDs: ScannerIDs},
		Derived: waivers,
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

// Generate is what `go run ./gen` and `moochat gen` run: every blueprint
// rendered into out in format and, unless diagramsRoot is empty, the
// pictures into diagramsRoot/diagrams. Nothing is written when any
// blueprint has an error.
func Generate(out string, format render.Format, diagramsRoot string) (generate.Result, error) {
	opts, err := Options(out, format, "go run ./gen")
	if err != nil {
		return generate.Result{}, err
	}
	if diagramsRoot != "" { // drawn from the prod root being rendered, not from a second build
		opts.Trees = []generate.Tree{{Root: filepath.Join(diagramsRoot, "diagrams"), Files: func() []write.File { return diagramFiles(drawPlatform(opts.Modules)) }}}
	}
	return generate.Run(opts)
}
