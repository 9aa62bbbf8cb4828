package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/convert"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
)

const convertUsage = `-from DIR -to PKGDIR [-package NAME]

Reads the Terraform module in DIR (.tf and .tf.json) and the local modules
it calls by relative path, and writes Go into PKGDIR: a package main whose
'go run ./PKGDIR -out DIR2' renders the same configuration into DIR2, the
called modules beside it. Each place kept as raw HCL, or not converted,
is printed as a warning.

Exit codes:
  0  converted
  1  error: nothing was written

With -bindings, the resource and data source types of the configuration
that gen/bindings/aws has no bindings for are first added to its
types.txt and the bindings regenerated (as make bindings does); commit
both with the converted package.

flags:`

func init() {
	register(command{name: "convert", summary: "convert Terraform into Go blueprints", run: runConvert})
}

func runConvert(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("convert", convertUsage, stderr)
	from := fs.String("from", "", "Terraform module directory to read")
	to := fs.String("to", "", "directory of the Go package to write")
	pkg := fs.String("package", "main", "Go package name")
	untyped := fs.Bool("untyped", false, "write every resource on the untyped model, not with the typed bindings of gen/bindings/aws")
	addBindings := fs.Bool("bindings", false, "first add the types the configuration uses that gen/bindings/aws lacks to its types.txt and regenerate the bindings")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "moochat convert: -from and -to are required")
		fs.Usage()
		return 2
	}
	opts := convert.Options{Package: *pkg}
	if !*untyped {
		opts.Bindings = convert.DefaultBindings(*to)
	}
	if *addBindings {
		if opts.Bindings == nil {
			fmt.Fprintf(stderr, "moochat convert: -bindings: %s is not inside this repository's Go module, whose gen/bindings/aws it adds to\n", *to)
			return 1
		}
		added, err := addMissingBindings(*from, opts.Bindings)
		if err != nil {
			fmt.Fprintf(stderr, "moochat convert: -bindings: %v\n", err)
			return 1
		}
		if len(added) > 0 {
			fmt.Fprintf(stdout, "convert: added %d type(s) to %s and regenerated the bindings: %s\n", len(added), filepath.Join(opts.Bindings.Dir, "types.txt"), strings.Join(added, " "))
		}
	}
	res, err := convert.Dir(*from, *to, opts)
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, w)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "moochat convert: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "convert: %d Go file(s) in %s, %d warning(s)\n", len(res.Files), *to, len(res.Warnings))
	return 0
}

// addMissingBindings adds the types the configuration in from uses that b
// lacks (and the AWS provider schema has) and regenerates b.
func addMissingBindings(from string, b *convert.Bindings) ([]string, error) {
	cfg, diags := convert.Load(from)
	if diags.HasErrors() {
		return nil, diags
	}
	s, err := schema.Default()
	if err != nil {
		return nil, err
	}
	p := s.Provider("hashicorp/aws")
	if p == nil {
		return nil, fmt.Errorf("the schema snapshot has no hashicorp/aws provider")
	}
	missing := b.Missing(cfg, p)
	if len(missing) == 0 {
		return nil, nil
	}
	if err := b.AddTypes(missing, "added by moochat convert -bindings for "+filepath.ToSlash(from)); err != nil {
		return nil, err
	}
	return missing, b.Regenerate()
}
