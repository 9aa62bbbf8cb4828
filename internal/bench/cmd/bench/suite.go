package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/bench"
)

// sizes says how much each workload does and how often it runs.
type sizes struct {
	checkSizes []int // resource changes per plan
	checkRuns  func(n int) int
	pairs      int // bucket + policy pairs
	pairsRuns  int
	hclRuns    int // the hclwrite baseline is about 15x slower
	genRuns    int
	planRuns   int
	benchQuick bool
}

func planFor(quick bool) sizes {
	if quick {
		return sizes{checkSizes: []int{1_000, 10_000}, checkRuns: func(int) int { return 1 },
			pairs: 10_000, pairsRuns: 1, hclRuns: 1, genRuns: 3, planRuns: 1, benchQuick: true}
	}
	return sizes{checkSizes: []int{1_000, 10_000, 100_000},
		// A run at 1k changes or of gen is tens of milliseconds, where
		// one slow run on a shared machine moves a median of five: they
		// run more often (seconds in all), the large plans less.
		checkRuns: func(n int) int {
			switch {
			case n >= 100_000:
				return 3
			case n >= 10_000:
				return 7
			}
			return 21
		},
		pairs: 100_000, pairsRuns: 3, hclRuns: 2, genRuns: 31, planRuns: 3}
}

type suite struct {
	ctx  context.Context
	tmp  string
	plan sizes
	bin  string
}

func (s *suite) all() ([]bench.Row, error) {
	if err := s.build(); err != nil {
		return nil, err
	}
	var rows []bench.Row
	for _, step := range []func() ([]bench.Row, error){s.check, s.render, s.gen, s.terraformPlan, s.goBench} {
		r, err := step()
		rows = append(rows, r...)
		if err != nil {
			return rows, err
		}
	}
	return rows, nil
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// build compiles the binaries under test once, as a user would run them.
func (s *suite) build() error {
	s.bin = filepath.Join(s.tmp, "bin")
	progress("building moochat, gen and the baseline programs")
	pkgs := []string{".", "./gen", "./internal/bench/cmd/tfjsondecode", "./internal/bench/cmd/pairs",
		"./internal/bench/cmd/hclwritepairs", "./internal/bench/cmd/schemaload"}
	if out, err := exec.CommandContext(s.ctx, "go", append([]string{"build", "-o", s.bin + string(os.PathSeparator)}, pkgs...)...).CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	// The root package's binary is named after the module.
	return os.Rename(filepath.Join(s.bin, "moo-chat-infrastructure"), filepath.Join(s.bin, "moochat"))
}

func (s *suite) exe(name string, args ...string) func() *exec.Cmd {
	return func() *exec.Cmd { return exec.CommandContext(s.ctx, filepath.Join(s.bin, name), args...) }
}

// interleaved measures the commands in turn, runs[i] times each, so that
// a change of load meets both sides alike. With warm, each runs once
// untimed first: where the first run does other work than the later ones
// (gen writes its tree, a plan initialises its directory). Elsewhere the
// inputs were just written and the binaries just built, so they are in
// the page cache already.
func (s *suite) interleaved(cmds []func() *exec.Cmd, codes [][]int, runs []int, warm bool) ([][]bench.Sample, error) {
	out := make([][]bench.Sample, len(cmds))
	most := 0
	for i, mk := range cmds {
		if warm {
			if _, err := bench.Process(mk(), codes[i]...); err != nil {
				return out, err
			}
		}
		most = max(most, runs[i])
	}
	for r := 0; r < most; r++ {
		for i, mk := range cmds {
			if r >= runs[i] {
				continue
			}
			if err := s.ctx.Err(); err != nil {
				return out, err
			}
			smp, err := bench.Process(mk(), codes[i]...)
			if err != nil {
				return out, err
			}
			out[i] = append(out[i], smp)
		}
	}
	return out, nil
}

func side(name string, samples []bench.Sample) bench.Side {
	return bench.Side{Name: name, Stats: bench.Summarize(samples)}
}

// check times moochat check on replicated plans against decoding them
// into tfjson.Plan, and against itself with -config.
func (s *suite) check() ([]bench.Row, error) {
	dir := filepath.Join(s.tmp, "plans")
	var list []string
	for _, n := range s.plan.checkSizes {
		list = append(list, strconv.Itoa(n))
	}
	progress("writing plans of %s resource changes", strings.Join(list, ", "))
	cmd := exec.CommandContext(s.ctx, "go", "test", "./gen/policy", "-run", "^TestBenchPlans$", "-count=1",
		"-args", "-bench-plans", dir, "-bench-sizes", strings.Join(list, ","))
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("writing plans: %v\n%s", err, out)
	}
	var rows []bench.Row
	for _, n := range s.plan.checkSizes {
		plan := filepath.Join(dir, strconv.Itoa(n), "plan.json")
		cfg := filepath.Join(dir, strconv.Itoa(n), "config")
		st, err := os.Stat(plan)
		if err != nil {
			return rows, err
		}
		runs := s.plan.checkRuns(n)
		progress("moochat check, %d changes: %d runs", n, runs)
		// The replicated fixtures hold failing resources: check exits 1.
		smp, err := s.interleaved(
			[]func() *exec.Cmd{s.exe("tfjsondecode", plan), s.exe("moochat", "check", "-plan", plan, "-format", "json"),
				s.exe("moochat", "check", "-plan", plan, "-config", cfg, "-format", "json")},
			[][]int{{0}, {1}, {1}}, []int{runs, runs, runs}, false)
		if err != nil {
			return rows, err
		}
		k := fmt.Sprintf("%dk", n/1000)
		mb := float64(st.Size()) / (1 << 20)
		rows = append(rows,
			bench.Row{Workload: fmt.Sprintf("check, %s changes (%.0f MiB plan)", k, mb), How: "process",
				Ours: side("moochat check", smp[1]), Base: side("tfjson.Plan decode", smp[0])},
			bench.Row{Workload: fmt.Sprintf("check -config, %s changes", k), How: "process",
				Ours: side("check -config", smp[2]), Base: side("check", smp[1])})
	}
	return rows, nil
}

// render times generating n bucket+policy pairs through the library, with
// and without schema validation, against hclwrite with Format. Each run
// writes into a fresh directory, removed after it.
func (s *suite) render() ([]bench.Row, error) {
	n := s.plan.pairs
	progress("rendering %d bucket+policy pairs: %d runs, hclwrite %d", n, s.plan.pairsRuns, s.plan.hclRuns)
	run := 0
	fresh := func(name string, args ...string) func() *exec.Cmd {
		return func() *exec.Cmd {
			run++
			out := filepath.Join(s.tmp, "render", strconv.Itoa(run))
			os.RemoveAll(filepath.Join(s.tmp, "render"))
			return exec.CommandContext(s.ctx, filepath.Join(s.bin, name), append(args, "-out", out)...)
		}
	}
	ns := strconv.Itoa(n)
	// pairs sets the collector as gen does (internal/batchgc); the last
	// command runs it at Go's default, as a program of a user's own that
	// calls generate.Run would.
	defaultGC := func() *exec.Cmd {
		c := fresh("pairs", "-n", ns)()
		c.Env = append(os.Environ(), "GOGC=100")
		return c
	}
	smp, err := s.interleaved(
		[]func() *exec.Cmd{fresh("hclwritepairs", "-n", ns), fresh("pairs", "-n", ns), fresh("pairs", "-schema", "-n", ns), defaultGC},
		[][]int{{0}, {0}, {0}, {0}}, []int{s.plan.hclRuns, s.plan.pairsRuns, s.plan.pairsRuns, s.plan.pairsRuns}, false)
	os.RemoveAll(filepath.Join(s.tmp, "render"))
	if err != nil {
		return nil, err
	}
	k := fmt.Sprintf("%dk", n/1000)
	base := side("hclwrite + Format", smp[0])
	return []bench.Row{
		{Workload: "render " + k + " pairs, HCL", How: "process", Ours: side("generate.Run", smp[1]), Base: base},
		{Workload: "render " + k + " pairs, HCL + schema", How: "process", Ours: side("generate.Run + schema", smp[2]), Base: base},
		{Workload: "render " + k + " pairs, HCL, Go's default GOGC=100", How: "process", Ours: side("generate.Run", smp[3]), Base: base},
	}, nil
}

// gen times the built gen binary on the whole platform, writing into a
// directory of its own (after the untimed first run, the files are
// unchanged, as on a clean checkout), against a process that only loads
// the schema snapshot.
func (s *suite) gen() ([]bench.Row, error) {
	dir := filepath.Join(s.tmp, "gen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	progress("gen of the platform: %d runs", s.plan.genRuns)
	genCmd := s.exe("gen", "-out", filepath.Join(dir, "out"), "-diagrams", dir)
	smp, err := s.interleaved([]func() *exec.Cmd{s.exe("schemaload"), genCmd}, [][]int{{0}, {0}},
		[]int{s.plan.genRuns, s.plan.genRuns}, true)
	if err != nil {
		return nil, err
	}
	return []bench.Row{{Workload: "gen of the whole platform", How: "process",
		Ours: side("gen (binary)", smp[1]), Base: side("schema load only", smp[0])}}, nil
}
