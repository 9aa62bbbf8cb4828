//go:build rego

package rego

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

var benchPlan = flag.String("rego-plan", "", "BenchmarkEvaluateMemory's plan JSON (such as a plan gen/policy's TestBenchPlans writes); by default one made of the storage fixture's changes, 40,000 of them")

// BenchmarkEvaluateMemory measures Evaluate with conftest-style policies
// that find something in every resource change (testdata/bench), against
// the way conftest runs the same policies in the same run: the plan
// decoded by encoding/json, given as rego.Input, one query per rule over
// one compilation. Variants: policies that read resource_changes only,
// and with one more that reads input[k], which keeps the whole plan.
// Both sides must find the same number of messages. Run it alone:
// go test -tags rego ./gen/policy/rego -run '^$' -bench EvaluateMemory -benchtime 1x [-args -rego-plan FILE]
func BenchmarkEvaluateMemory(b *testing.B) {
	path := *benchPlan
	if path == "" {
		path = filepath.Join(b.TempDir(), "plan.json")
		writeReplicatedPlan(b, path, 40_000)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name string
		dirs []string
	}{
		{"changes", []string{"testdata/bench/changes"}},
		{"whole", []string{"testdata/bench/changes", "testdata/bench/members"}},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
			for range b.N {
				var ours, theirs int
				o := bench.InProcess(func() {
					fs, _, err := Evaluate(path, policy.Options{PolicyDirs: v.dirs})
					if err != nil {
						b.Fatal(err)
					}
					ours = len(fs)
				})
				c := bench.InProcess(func() { theirs = conftestWay(b, path, v.dirs) })
				if ours != theirs || ours == 0 {
					b.Fatalf("Evaluate found %d messages, the conftest way %d", ours, theirs)
				}
				b.ReportMetric(float64(ours), "findings")
				b.ReportMetric(o.CPU.Seconds(), "ours-cpu-s")
				b.ReportMetric(float64(o.Peak)/(1<<20), "ours-peak-MB")
				b.ReportMetric(c.CPU.Seconds(), "conftest-cpu-s")
				b.ReportMetric(float64(c.Peak)/(1<<20), "conftest-peak-MB")
			}
		})
	}
}

// conftestWay evaluates the counted rules of package main as conftest's
// engine does, and counts their messages.
func conftestWay(tb testing.TB, path string, dirs []string) int {
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var input any
	if err := json.Unmarshal(raw, &input); err != nil {
		tb.Fatal(err)
	}
	raw = nil
	mods, err := loadModules(dirs)
	if err != nil {
		tb.Fatal(err)
	}
	texts := map[string]string{}
	for _, m := range mods {
		texts[m.path] = m.text
	}
	c, err := ast.CompileModulesWithOpt(texts, ast.CompileOpts{ParserOptions: ast.ParserOptions{RegoVersion: ast.RegoV1}})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, rule := range []string{"deny", "warn_members", "warn_unowned"} {
		rs, err := rego.New(rego.Query("data.main."+rule), rego.Compiler(c), rego.Input(input)).Eval(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range rs {
			for _, e := range r.Expressions {
				if l, ok := e.Value.([]any); ok {
					n += len(l)
				}
			}
		}
	}
	return n
}

// writeReplicatedPlan writes a plan of n resource changes: the storage
// fixture's changes over and over, each copy in a module instance of its
// own (addresses and bucket names apart, as instances have them), with
// the fixture's other members once.
func writeReplicatedPlan(tb testing.TB, path string, n int) {
	b, err := os.ReadFile("../testdata/plans/storage.json")
	if err != nil {
		tb.Fatal(err)
	}
	var plan map[string]json.RawMessage
	if err := json.Unmarshal(b, &plan); err != nil {
		tb.Fatal(err)
	}
	var changes []map[string]json.RawMessage
	if err := json.Unmarshal(plan["resource_changes"], &changes); err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	out.WriteString(`{"resource_changes":[`)
	for i := range n {
		c := changes[i%len(changes)]
		mod := fmt.Sprintf("module.copy[%d]", i/len(changes))
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteByte('{')
		first := true
		for k, v := range c {
			switch k {
			case "address":
				var a string
				json.Unmarshal(v, &a)
				v, _ = json.Marshal(mod + "." + a)
			case "change":
				v = bytes.ReplaceAll(v, []byte("moochat-policy-"), fmt.Appendf(nil, "moochat-policy-%d-", i/len(changes)))
			}
			if !first {
				out.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&out, "%q:%s", k, v)
		}
		out.WriteByte('}')
	}
	out.WriteString(`]`)
	for k, v := range plan {
		if k != "resource_changes" {
			fmt.Fprintf(&out, ",%q:%s", k, v)
		}
	}
	out.WriteString(`}`)
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}
