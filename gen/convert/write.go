package convert

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// header starts every Go file the converter writes; only files carrying
// it are ever replaced.
const header = "// Converted from Terraform by moochat convert."

// Write puts the converted package into dir, all files or none: each is
// staged beside its target first and renamed into place only when every
// one is staged. A file in the way that the converter did not write is an
// error.
func Write(dir string, res *Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(res.Files))
	for n := range res.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, n)
		old, err := os.ReadFile(p)
		if err == nil && !bytes.Contains(old, []byte(header)) {
			return fmt.Errorf("%s exists and was not written by moochat convert; not overwriting it", p)
		}
	}
	var staged []string
	cleanup := func() {
		for _, s := range staged {
			os.Remove(s)
		}
	}
	for _, n := range names {
		f, err := os.CreateTemp(dir, "."+n+".*")
		if err != nil {
			cleanup()
			return err
		}
		staged = append(staged, f.Name())
		if _, err := f.Write(res.Files[n]); err != nil {
			f.Close()
			cleanup()
			return err
		}
		if err := f.Close(); err != nil {
			cleanup()
			return err
		}
	}
	for i, n := range names {
		if err := os.Rename(staged[i], filepath.Join(dir, n)); err != nil {
			cleanup()
			return err
		}
	}
	// Go files of an earlier conversion that this one no longer makes.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || res.Files[e.Name()] != nil {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(header)) {
			os.Remove(p)
		}
	}
	return nil
}

// Dir converts the module in from and writes the Go package into to.
// Nothing is written when any error is found; the errors name the .tf
// file:line.
func Dir(from, to string, opts Options) (*Result, error) {
	if opts.From == "" {
		opts.From = from
	}
	cfg, diags := Load(from)
	if diags.HasErrors() {
		return nil, diags
	}
	res, cdiags := Convert(cfg, opts)
	diags = append(diags, cdiags...)
	if diags.HasErrors() {
		return res, diags
	}
	return res, Write(to, res)
}
