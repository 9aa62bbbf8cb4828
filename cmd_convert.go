package main

import (
	"fmt"
	"io"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/convert"
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
