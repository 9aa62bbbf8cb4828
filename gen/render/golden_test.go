package render_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// renderAll renders modules into a map of slash paths to bytes, failing
// the test on any diagnostic.
func renderAll(t testing.TB, mods []*tf.Module, format render.Format) map[string][]byte {
	t.Helper()
	if ds := tf.Validate(mods...); ds.HasErrors() {
		t.Fatalf("validate: %v", ds)
	}
	out := map[string][]byte{}
	for _, m := range mods {
		files, ds := render.Module(m, render.Options{Format: format})
		if ds.HasErrors() {
			t.Fatalf("render %s: %v", m.Name, ds)
		}
		for _, f := range files {
			out[m.Name+"/"+f.Name] = f.Data
		}
	}
	return out
}

// writeTree writes rendered files below dir.
func writeTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGoldenFiles(t *testing.T) {
	for _, format := range []render.Format{render.HCL, render.JSON} {
		t.Run(string(format), func(t *testing.T) {
			files := renderAll(t, kitchenSink(), format)
			dir := filepath.Join("testdata", "kitchen-sink-"+string(format))
			if *update {
				os.RemoveAll(dir)
				writeTree(t, dir, files)
				return
			}
			var onDisk []string
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					onDisk = append(onDisk, filepath.ToSlash(rel))
				}
				return nil
			})
			if len(onDisk) != len(files) {
				t.Errorf("golden dir has %d files, render made %d (run go test -update)", len(onDisk), len(files))
			}
			for p, got := range files {
				want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
				if err != nil {
					t.Errorf("%s: %v (run go test ./gen/render -update)", p, err)
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from golden file (run go test ./gen/render -update and review the diff)\n--- got ---\n%s", p, got)
				}
			}
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	for _, format := range []render.Format{render.HCL, render.JSON} {
		first := renderAll(t, kitchenSink(), format)
		for i := 0; i < 20; i++ {
			again := renderAll(t, kitchenSink(), format)
			for p, data := range first {
				if !bytes.Equal(again[p], data) {
					t.Fatalf("%s: render %d differs from the first", p, i)
				}
			}
		}
	}
}
