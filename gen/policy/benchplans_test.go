package policy

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

var (
	benchPlans = flag.String("bench-plans", "", "write the replicated plans of BenchmarkCheckVsDecode, with their configurations, into this directory (for make bench)")
	benchSizes = flag.String("bench-sizes", "1000,10000,100000", "with -bench-plans: the numbers of resource changes, comma-separated")
)

// TestBenchPlans writes, with -bench-plans DIR, the plans that
// BenchmarkCheckVsDecode and BenchmarkCheckWithConfig measure as DIR/<n>/plan.json
// with their configuration in DIR/<n>/config, so that make bench times the
// whole moochat check process on the same inputs. Without the flag it
// checks a small one: it decodes into tfjson.Plan with the changes asked
// for, and the check with its configuration fails as the replicated
// fixtures should.
func TestBenchPlans(t *testing.T) {
	dir, sizes := *benchPlans, []int{300}
	if dir == "" {
		dir = t.TempDir()
	} else {
		sizes = nil
		for _, s := range strings.Split(*benchSizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				t.Fatalf("-bench-sizes: %q is not a positive number", s)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		sub := filepath.Join(dir, strconv.Itoa(n))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(sub, "plan.json")
		_, changes := writeBigPlan(t, path, n)
		cfg := benchConfig(t, sub, changes)
		if *benchPlans != "" {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var p tfjson.Plan
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if len(p.ResourceChanges) != n || changes != n {
			t.Errorf("plan of %d changes has %d (writeBigPlan says %d)", n, len(p.ResourceChanges), changes)
		}
		rep, err := CheckFile(path, Options{ConfigDir: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Failed() {
			t.Errorf("the replicated plan of %d changes passes; its bad fixtures should fail", n)
		}
	}
}
