// Command pairs is the library side of the render benchmark: the n
// bucket + policy pairs of internal/bench/pairs, declared through gen/tf
// and generated into DIR by generate.Run (the model's own checks, the
// render, the write), with validation against the embedded AWS provider
// schema when -schema is set. Its collector is set as gen's is
// (internal/batchgc), unless GOGC or GOMEMLIMIT say otherwise.
//
//	pairs -n 100000 [-schema] -out DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/batchgc"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench/pairs"
)

func main() {
	batchgc.Tune()
	n := flag.Int("n", 1000, "number of bucket + policy pairs")
	withSchema := flag.Bool("schema", false, "validate against the AWS provider schema too")
	out := flag.String("out", "", "output root")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "pairs: -out is required")
		os.Exit(2)
	}
	opts := generate.Options{Out: *out, Modules: []*tf.Module{pairs.Model("pairs", *n)}}
	if *withSchema {
		s, err := schema.Default()
		if err != nil {
			fmt.Fprintln(os.Stderr, "pairs:", err)
			os.Exit(1)
		}
		opts.Validators = []generate.Validator{schema.Validator(s, schema.Options{})}
	}
	res, err := generate.Run(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, generate.Describe(err))
		os.Exit(1)
	}
	fmt.Println("pairs:", res.Summary())
}
