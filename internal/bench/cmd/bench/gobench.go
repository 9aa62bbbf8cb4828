package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

// A goBench is one `go test -bench` invocation and the rows read from its
// metrics. The benchmarks are called by name; their bodies belong to
// their packages.
type goBench struct {
	pkg, pattern, benchtime string
	tags                    string // build tags, such as rego
	full                    bool   // only without -quick
	rows                    []benchRow
}

type benchRow struct {
	workload   string
	ours, base bench.Metrics
}

// checkVsDecode reads a BenchmarkCheckVsDecode sub-benchmark.
func checkVsDecode(k string) benchRow {
	b := "BenchmarkCheckVsDecode/" + k
	return benchRow{"check, " + k + " changes",
		bench.Metrics{Name: "CheckFile", Bench: b, Wall: "check-s", CPU: "check-cpu-s", Peak: "check-peak-MB"},
		bench.Metrics{Name: "tfjson.Plan decode", Bench: b, Wall: "decode-s", CPU: "decode-cpu-s", Peak: "decode-peak-MB"}}
}

func checkWithConfig(k string) benchRow {
	b := "BenchmarkCheckWithConfig/" + k
	return benchRow{"check -config, " + k + " changes",
		bench.Metrics{Name: "CheckFile + ConfigDir", Bench: b, Wall: "check-config-s", Peak: "check-config-peak-MB"},
		bench.Metrics{Name: "CheckFile", Bench: b, Wall: "check-s", Peak: "check-peak-MB"}}
}

func reportMemory(format string) benchRow {
	b := "BenchmarkReportMemory"
	return benchRow{"check + " + format + " report, 160k changes",
		bench.Metrics{Name: "CheckFile + Write", Bench: b, Peak: format + "-peak-MB"},
		bench.Metrics{Name: "tfjson.Plan decode", Bench: b, Peak: "decode-peak-MB"}}
}

// regoMemory reads a BenchmarkEvaluateMemory variant: Rego policies with
// a finding on every change, against the way conftest runs them.
func regoMemory(variant, what string) benchRow {
	b := "BenchmarkEvaluateMemory/" + variant
	return benchRow{"Rego on every change, 40k changes, " + what,
		bench.Metrics{Name: "rego.Evaluate", Bench: b, CPU: "ours-cpu-s", Peak: "ours-peak-MB"},
		bench.Metrics{Name: "conftest's way (rego.Input)", Bench: b, CPU: "conftest-cpu-s", Peak: "conftest-peak-MB"}}
}

// pairs reads a BenchmarkPairs variant ("library-hcl", "library-hcl-schema")
// against its hclwrite baseline at n pairs.
func pairs(variant, what, n string) benchRow {
	return benchRow{"render " + n + " pairs, " + what,
		bench.Metrics{Name: variant, Bench: "BenchmarkPairs/" + variant + "/n=" + n, Wall: "ns/op", CPU: "cpu-s/op", Peak: "peak-heap-MB"},
		bench.Metrics{Name: "hclwrite + Format", Bench: "BenchmarkPairs/hclwrite-baseline/n=" + n, Wall: "ns/op", CPU: "cpu-s/op", Peak: "peak-heap-MB"}}
}

func goBenches(quick bool) []goBench {
	sizes := "(1k|10k|100k)"
	pairsN := "10000"
	if quick {
		sizes, pairsN = "(1k|10k)", "1000"
	}
	all := []goBench{
		{pkg: "./gen/policy", pattern: "^BenchmarkCheckVsDecode$/^" + sizes + "$", benchtime: "1x",
			rows: []benchRow{checkVsDecode("1k"), checkVsDecode("10k"), checkVsDecode("100k")}},
		{pkg: "./gen/policy", pattern: "^BenchmarkCheckWithConfig$/^" + sizes + "$", benchtime: "1x",
			rows: []benchRow{checkWithConfig("1k"), checkWithConfig("10k"), checkWithConfig("100k")}},
		{pkg: "./internal/hclfast", pattern: "^BenchmarkParseConfig$", benchtime: "200x",
			rows: []benchRow{{"parse the -config fixtures (22 KB of .tf)",
				bench.Metrics{Name: "hclfast.ParseConfig", Bench: "BenchmarkParseConfig/hclfast", Wall: "ns/op"},
				bench.Metrics{Name: "hclsyntax.ParseConfig", Bench: "BenchmarkParseConfig/hclsyntax", Wall: "ns/op"}}}},
		{pkg: "./gen/policy", pattern: "^BenchmarkReportMemory$", benchtime: "1x", full: true,
			rows: []benchRow{reportMemory("none"), reportMemory("json"), reportMemory("sarif")}},
		{pkg: "./gen/policy/rego", pattern: "^BenchmarkEvaluateMemory$", benchtime: "1x", tags: "rego", full: true,
			rows: []benchRow{regoMemory("changes", "policies read resource_changes"), regoMemory("whole", "and input[k]")}},
		{pkg: "./gen/render", pattern: "^BenchmarkPairs$/^(library-hcl|library-hcl-schema|hclwrite-baseline)$/^n=" + pairsN + "$", benchtime: "1x",
			rows: []benchRow{pairs("library-hcl", "HCL (model, validate, render)", pairsN),
				pairs("library-hcl-schema", "HCL + schema validation", pairsN)}},
		{pkg: "./gen/schema", pattern: "^(BenchmarkLoad|BenchmarkLoadEveryType)$", benchtime: "20x",
			rows: []benchRow{{"schema load (lazy decoding)",
				bench.Metrics{Name: "LoadCompact (index)", Bench: "BenchmarkLoad/index", Wall: "ns/op"},
				bench.Metrics{Name: "decode every type", Bench: "BenchmarkLoadEveryType", Wall: "ns/op"}}}},
		{pkg: "./gen/schema", pattern: "^BenchmarkValidatePlatform$", benchtime: "1x", full: true,
			rows: []benchRow{{"validate 2,000 resources",
				bench.Metrics{Name: "schema.Validate", Bench: "BenchmarkValidatePlatform/schema.Validate", Wall: "ns/op"},
				bench.Metrics{Name: "terraform validate", Bench: "BenchmarkValidatePlatform/terraform-validate", Wall: "ns/op"}}}},
		{pkg: "./gen/tf", pattern: "^BenchmarkDeclare$", benchtime: "200000x",
			rows: []benchRow{{"declare a resource with 2 arguments",
				bench.Metrics{Name: "tf.Module.Resource", Bench: "BenchmarkDeclare", Wall: "ns/op"},
				bench.Metrics{Name: "(no baseline)"}}}},
	}
	var out []goBench
	for _, g := range all {
		if g.full && quick {
			continue
		}
		if quick {
			var rows []benchRow
			for _, r := range g.rows {
				if !strings.Contains(r.workload, "100k") {
					rows = append(rows, r)
				}
			}
			g.rows = rows
		}
		out = append(out, g)
	}
	return out
}

// goBench runs each benchmark and reads its rows; a benchmark that fails
// or no longer reports a metric leaves its rows with the reason.
func (s *suite) goBench() ([]bench.Row, error) {
	var rows []bench.Row
	for _, g := range goBenches(s.plan.benchQuick) {
		progress("go test %s -bench '%s' -benchtime %s", g.pkg, g.pattern, g.benchtime)
		args := []string{"test", g.pkg, "-run", "^$", "-bench", g.pattern, "-benchtime", g.benchtime, "-count", "1", "-timeout", "20m"}
		if g.tags != "" {
			args = append(args, "-tags", g.tags)
		}
		cmd := exec.CommandContext(s.ctx, "go", args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		if err := s.ctx.Err(); err != nil {
			return rows, err
		}
		results, _ := bench.ParseResults(&stdout)
		for _, r := range g.rows {
			row := bench.Row{Workload: r.workload, How: "go test -bench", Ours: r.ours.Side(results), Base: r.base.Side(results)}
			if r.base.Bench == "" {
				row.Base = bench.Side{Name: r.base.Name}
			}
			if runErr != nil {
				row.Note = fmt.Sprintf("go test failed: %v: %s", runErr, lastLine(stdout.String()+stderr.String()))
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
