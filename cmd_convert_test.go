package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertCommand: warnings on stderr with the .tf file:line, the
// package written, exit 0; bad input exits 1 and writes nothing.
func TestConvertCommand(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "main.tf"), []byte("resource \"terraform_data\" \"x\" {\n  provisioner \"local-exec\" {\n    when    = destroy\n    command = \"true\"\n  }\n}\n"), 0o644)
	pkg := filepath.Join(t.TempDir(), "pkg")
	var stdout, stderr bytes.Buffer
	if code := runConvert([]string{"-from", src, "-to", pkg}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "main.tf:3: warning: the keyword destroy") {
		t.Errorf("stderr %q", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(pkg, "main.go")); err != nil {
		t.Error(err)
	}

	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "main.tf"), []byte("resource {\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	stderr.Reset()
	if code := runConvert([]string{"-from", bad, "-to", out}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d for bad input", code)
	}
	if !strings.Contains(stderr.String(), "main.tf:1") {
		t.Errorf("stderr %q does not name main.tf:1", stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output directory made for bad input")
	}
	// -bindings adds to this repository's bindings only.
	stderr.Reset()
	if code := runConvert([]string{"-bindings", "-from", src, "-to", filepath.Join(t.TempDir(), "elsewhere")}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "not inside this repository's Go module") {
		t.Errorf("exit %d, stderr %q for -bindings outside the module", code, stderr.String())
	}
	if code := runConvert(nil, &stdout, &stderr); code != 2 {
		t.Errorf("exit %d without flags", code)
	}
}
