package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteSecretsCoversTheSensitiveVariables: the plain terraform plan
// gets a value for each sensitive variable without a default of the dev
// root (so it plans the same configuration moochat plan does), and none
// for the others.
func TestWriteSecretsCoversTheSensitiveVariables(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.tfvars")
	if err := writeSecrets(filepath.Join("..", "..", "..", "..", "out", "envs", "dev"), path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// redis_auth_token is the only one; redis_auth_token_version, domain_name
	// and the other twelve are not sensitive or have defaults.
	if got, want := string(b), "redis_auth_token = \"0123456789abcdef0123456789abcdef\"\n"; got != want {
		t.Errorf("secrets:\n%s\nwant:\n%s", got, want)
	}
}

// TestQuickLeavesOutTheLargeBenchmarks: -quick runs no 100k row and none
// of the benchmarks marked full.
func TestQuickLeavesOutTheLargeBenchmarks(t *testing.T) {
	full, quick := goBenches(false), goBenches(true)
	if len(quick) >= len(full) {
		t.Errorf("quick runs %d benchmarks, full %d", len(quick), len(full))
	}
	for _, g := range quick {
		if g.full || strings.Contains(g.pattern, "100k") {
			t.Errorf("quick runs %s %s", g.pkg, g.pattern)
		}
		for _, r := range g.rows {
			if strings.Contains(r.workload, "100k") {
				t.Errorf("quick has the row %q", r.workload)
			}
		}
	}
}
