// Command hclwritepairs is the baseline of the render benchmark: the
// n aws_s3_bucket + aws_s3_bucket_policy pairs that the pairs command
// declares through the library, written instead as a Terraform user who
// generates HCL from Go would, with hclwrite, then hclwrite.Format, into
// DIR/main.tf.
//
//	hclwritepairs -n 100000 -out DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench/pairs"
)

func main() {
	n := flag.Int("n", 1000, "number of bucket + policy pairs")
	out := flag.String("out", "", "directory to write main.tf into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "hclwritepairs: -out is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "hclwritepairs:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(*out, "main.tf"), pairs.HCLWrite(*n), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "hclwritepairs:", err)
		os.Exit(1)
	}
}
