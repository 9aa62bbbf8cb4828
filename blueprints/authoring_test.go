package blueprints_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// conversions are the calls that only move a value between the typed
// bindings and the untyped model (issue 14 counted 162 of them).
var conversions = map[string]bool{
	"StringExpr": true, "NumberExpr": true, "BoolExpr": true, "AnyExpr": true, "ListExpr": true,
	"SetExpr": true, "MapExpr": true, "ObjectExpr": true, "AnyOf": true, "Of": true, "AsSet": true, "TFExpr": true,
}

// metaFields are the model's meta-argument fields, which issue 14 wants
// set by options at construction, never assigned afterwards.
var metaFields = map[string]bool{
	"Count": true, "ForEach": true, "DependsOn": true, "Lifecycle": true, "Provider": true, "Providers": true,
	"Preconditions": true, "Postconditions": true, "Waivers": true, "IgnoreChanges": true,
}

// authoringFigures counts, over all the Go (not tests) of modules/ and
// blueprints/, the diagram's annotations included: conversion calls,
// hand-built tf.KV trees (outermost tf.Obj or tf.KV calls), and lines;
// mutations lists assignments to meta-argument fields.
func authoringFigures(t *testing.T) (convs, kvTrees, goLines int, files int, where, mutations []string) {
	t.Helper()
	fset := token.NewFileSet()
	for _, dir := range []string{"../modules", "."} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			goLines += bytes.Count(src, []byte("\n"))
			files++
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				return err
			}
			var walk func(n ast.Node, inTree bool)
			walk = func(n ast.Node, inTree bool) {
				ast.Inspect(n, func(c ast.Node) bool {
					call, ok := c.(*ast.CallExpr)
					if !ok {
						return true
					}
					fun := call.Fun
					if ix, ok := fun.(*ast.IndexExpr); ok { // typed.Of[T](x)
						fun = ix.X
					}
					sel, ok := fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					if conversions[sel.Sel.Name] {
						convs++
						where = append(where, fset.Position(call.Pos()).String()+" "+sel.Sel.Name)
					}
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "tf" && (sel.Sel.Name == "KV" || sel.Sel.Name == "Obj") {
						if !inTree {
							kvTrees++
							where = append(where, fset.Position(call.Pos()).String()+" tf."+sel.Sel.Name+" tree")
						}
						for _, a := range call.Args {
							walk(a, true)
						}
						return false
					}
					return true
				})
			}
			walk(f, false)
			ast.Inspect(f, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok {
					for _, lhs := range as.Lhs {
						if sel, ok := lhs.(*ast.SelectorExpr); ok && metaFields[sel.Sel.Name] {
							mutations = append(mutations, fset.Position(as.Pos()).String()+" ."+sel.Sel.Name+" =")
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return convs, kvTrees, goLines, files, where, mutations
}

// hclLines counts the lines of the HCL the Go renders: out/modules and
// out/envs/dev as issue 14 counts them, and also, since their Go is
// counted too, the environment's terraform test file (blueprints/tests.go)
// and tfvars (platform.go), and out/examples (blueprints/examples).
func hclLines(t *testing.T) int {
	t.Helper()
	n := 0
	for _, dir := range []string{"../out/modules", "../out/envs/dev", "../out/examples"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tftest.hcl") || strings.HasSuffix(path, ".tfvars")) {
				return err
			}
			src, err := os.ReadFile(path)
			n += bytes.Count(src, []byte("\n"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// TestBlueprintsReadBetterThanTheirTerraform holds issue 14's proof: in
// modules/ and blueprints/ at most 15 conversion calls, at most 10
// hand-built tf.KV trees, no meta-argument assigned after construction,
// and Go lines at most 0.6 of the HCL they render (go test -v prints the
// figures).
func TestBlueprintsReadBetterThanTheirTerraform(t *testing.T) {
	convs, trees, goLines, files, where, mutations := authoringFigures(t)
	if files < 15 {
		t.Fatalf("only %d Go files found in modules/ and blueprints/", files)
	}
	hcl := hclLines(t)
	ratio := float64(goLines) / float64(hcl)
	t.Logf("conversion calls: %d; tf.KV trees: %d; Go lines %d (%d files) / HCL lines %d = %.3f",
		convs, trees, goLines, files, hcl, ratio)
	for _, w := range where {
		t.Log("  ", w)
	}
	if convs > 15 {
		t.Errorf("%d conversion calls, want at most 15", convs)
	}
	if trees > 10 {
		t.Errorf("%d hand-built tf.KV trees, want at most 10", trees)
	}
	for _, m := range mutations {
		t.Errorf("%s: a meta-argument assigned after construction; pass it as an option (tf.Count, tf.DependsOn, ...)", m)
	}
	if ratio > 0.6 {
		t.Errorf("Go lines / HCL lines = %d / %d = %.3f, want at most 0.6", goLines, hcl, ratio)
	}
}
