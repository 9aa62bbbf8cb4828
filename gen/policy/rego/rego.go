//go:build rego

package rego

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
)

// Register makes policy.CheckFile evaluate Options.PolicyDirs with OPA.
func Register() { policy.RegisterEvaluator("rego", Evaluate) }

// The rule names conftest evaluates, as its engine matches them.
var (
	failureName = regexp.MustCompile(`^(deny|violation)(_[a-zA-Z0-9]+)*$`)
	warningName = regexp.MustCompile(`^warn(_[a-zA-Z0-9]+)*$`)
)

// counted reports whether a rule name is one conftest evaluates.
func counted(name string) bool { return failureName.MatchString(name) || warningName.MatchString(name) }

// exceptionName is the name an exception rule uses for a rule: its name
// without the severity prefix, as conftest strips it.
func exceptionName(rule string) string {
	for _, p := range []string{"violation_", "deny_", "warn_"} {
		rule = strings.TrimPrefix(rule, p)
	}
	return rule
}

// Evaluate runs the Rego policies in opts.PolicyDirs over the plan JSON at
// planPath. Every message becomes a failing finding (deny and violation
// hard-mandatory, warn advisory), or a waived one while an exception names
// its rule; a message object may name the resource in "address" or
// "resource". Values the plan marks sensitive are blanked out of messages.
func Evaluate(planPath string, opts policy.Options) ([]policy.Finding, []string, error) {
	mods, err := loadModules(opts.PolicyDirs)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(planPath)
	if err != nil {
		return nil, nil, err
	}
	var input any
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	dec.UseNumber()
	err = dec.Decode(&input)
	f.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", planPath, err)
	}
	var data map[string]any
	if len(opts.DataPaths) > 0 {
		res, err := loader.NewFileLoader().Filtered(opts.DataPaths, func(_ string, info fs.FileInfo, _ int) bool {
			return !info.IsDir() && strings.HasSuffix(info.Name(), ".rego")
		})
		if err != nil {
			return nil, nil, fmt.Errorf("rego data: %w", err)
		}
		data = res.Documents
	}
	version, pkgs, err := parseModules(mods)
	if err != nil {
		return nil, nil, err
	}
	namespaces := opts.Namespaces
	if opts.AllNamespaces {
		namespaces = slices.Sorted(maps.Keys(pkgs))
	} else if len(namespaces) == 0 {
		namespaces = []string{"main"}
	}
	var warnings []string
	evaluated := 0
	for _, ns := range namespaces {
		n := 0
		for _, r := range pkgs[ns] {
			if counted(r) {
				n++
			}
		}
		if _, ok := pkgs[ns]; !ok && !opts.AllNamespaces {
			warnings = append(warnings, fmt.Sprintf("Rego: no policy in %s declares package %s", strings.Join(opts.PolicyDirs, ", "), ns))
		}
		evaluated += n
	}
	if evaluated == 0 {
		found := slices.Sorted(maps.Keys(pkgs))
		warnings = append(warnings, fmt.Sprintf("Rego: the policies in %s have no deny, violation or warn rule in package(s) %s, so none was evaluated (packages found: %s; "+
			"use -namespace or -all-namespaces)", strings.Join(opts.PolicyDirs, ", "), strings.Join(namespaces, ", "), strings.Join(found, ", ")))
		return nil, warnings, nil
	}
	secrets := sensitiveStrings(input)
	// The plan becomes OPA's value once, for every namespace, and each
	// part of the decoded JSON is let go as soon as it is converted:
	// rego.Input would round-trip the whole plan through JSON again and
	// convert it on every evaluation (7 GB for a 300 MB plan).
	parsed, err := toValue(input)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", planPath, err)
	}
	input = nil
	ctx := context.Background()
	args := []func(*rego.Rego){rego.ParsedInput(parsed), rego.SetRegoVersion(version)}
	for _, m := range mods {
		args = append(args, rego.Module(m.path, m.text))
	}
	if data != nil {
		args = append(args, rego.Store(inmem.NewFromObject(data)))
	}
	var out []policy.Finding
	// One evaluation per namespace: data.<ns> holds every rule's value.
	for _, ns := range namespaces {
		if len(pkgs[ns]) == 0 {
			continue
		}
		rs, err := rego.New(append(args, rego.Query("data."+ns))...).Eval(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("rego: package %s: %w", ns, err)
		}
		var rules map[string]any
		for _, r := range rs {
			for _, e := range r.Expressions {
				if m, ok := e.Value.(map[string]any); ok {
					rules = m
				}
			}
		}
		excepted := exceptions(rules["exception"])
		names := slices.Sorted(maps.Keys(rules))
		for _, name := range names {
			if !counted(name) {
				continue
			}
			enf, sev := policy.HardMandatory, policy.High
			if warningName.MatchString(name) {
				enf, sev = policy.Advisory, policy.Medium
			}
			id := "rego:" + ns + "." + name
			for _, msg := range messages(rules[name]) {
				f := policy.Finding{
					Rule: id, Title: "Rego policy " + ns + "." + name,
					Severity: sev, Enforcement: enf,
					Address: msg.address, Result: policy.Fail,
					Message: scrub(msg.text, secrets), Source: strings.Join(opts.PolicyDirs, ","),
				}
				if excepted[exceptionName(name)] {
					f.Result = policy.Waived
					f.Waiver = &policy.Waiver{Address: msg.address, Rule: id,
						Reason: fmt.Sprintf("Rego exception: data.%s.exception names %q", ns, exceptionName(name))}
				}
				out = append(out, f)
			}
		}
	}
	return out, warnings, nil
}

// toValue converts decoded JSON into an OPA value as ast.InterfaceToValue
// does, emptying x's maps and lists on the way so that the two are never
// both whole in memory.
func toValue(x any) (ast.Value, error) {
	switch t := x.(type) {
	case []any:
		terms := make([]*ast.Term, len(t))
		for i, e := range t {
			v, err := toValue(e)
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(v)
			t[i] = nil
		}
		return ast.NewArray(terms...), nil
	case map[string]any:
		pairs := make([][2]*ast.Term, 0, len(t))
		for k, e := range t {
			v, err := toValue(e)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(v)})
			delete(t, k)
		}
		return ast.NewObject(pairs...), nil
	}
	return ast.InterfaceToValue(x)
}

// exceptions reads an exception rule's value: a set of lists of rule
// names (conftest queries exception[_][_]).
func exceptions(v any) map[string]bool {
	out := map[string]bool{}
	sets, _ := v.([]any)
	for _, s := range sets {
		names, _ := s.([]any)
		for _, n := range names {
			if n, ok := n.(string); ok {
				out[n] = true
			}
		}
	}
	return out
}

type module struct{ path, text string }

func loadModules(dirs []string) ([]module, error) {
	var mods []module
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			mods = append(mods, module{path, string(b)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(mods) == 0 {
		return nil, errors.New("no .rego files in " + strings.Join(dirs, ", "))
	}
	return mods, nil
}

// parseModules parses every module in one Rego syntax, v1 first and then
// v0 (conftest policies come in both), and returns the rule names of each
// package, by package path without "data.".
func parseModules(mods []module) (ast.RegoVersion, map[string][]string, error) {
	var firstErr error
	for _, v := range []ast.RegoVersion{ast.RegoV1, ast.RegoV0} {
		pkgs := map[string][]string{}
		var err error
		for _, m := range mods {
			var pm *ast.Module
			pm, err = ast.ParseModuleWithOpts(m.path, m.text, ast.ParserOptions{RegoVersion: v})
			if err != nil {
				break
			}
			ns := strings.TrimPrefix(pm.Package.Path.String(), "data.")
			rules := pkgs[ns]
			if rules == nil {
				rules = []string{}
			}
			for _, r := range pm.Rules {
				if name := r.Head.Name.String(); name != "" && !slices.Contains(rules, name) {
					rules = append(rules, name)
				} else if len(r.Head.Reference) > 0 {
					if name := r.Head.Reference[0].String(); !slices.Contains(rules, name) {
						rules = append(rules, name)
					}
				}
			}
			pkgs[ns] = rules
		}
		if err == nil {
			return v, pkgs, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return 0, nil, fmt.Errorf("rego: %w", firstErr)
}

type message struct{ text, address string }

// messages reads a rule's value: a set of strings, or of objects with msg.
func messages(v any) []message {
	var out []message
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			out = append(out, messages(e)...)
		}
	case string:
		out = append(out, message{text: t})
	case map[string]any:
		m := message{}
		m.text, _ = t["msg"].(string)
		if m.text == "" {
			b, _ := json.Marshal(t)
			m.text = string(b)
		}
		for _, k := range []string{"address", "resource"} {
			if s, ok := t[k].(string); ok && m.address == "" {
				m.address = s
			}
		}
		out = append(out, m)
	}
	return out
}

// sensitiveStrings collects every value the plan marks sensitive in
// resource changes (before and after) and the root variables the
// configuration declares sensitive.
func sensitiveStrings(plan any) []string {
	set := map[string]bool{}
	p, _ := plan.(map[string]any)
	rcs, _ := p["resource_changes"].([]any)
	for _, rc := range rcs {
		c, _ := rc.(map[string]any)["change"].(map[string]any)
		collect(c["before"], c["before_sensitive"], set)
		collect(c["after"], c["after_sensitive"], set)
	}
	cfg, _ := p["configuration"].(map[string]any)
	root, _ := cfg["root_module"].(map[string]any)
	vars, _ := root["variables"].(map[string]any)
	vals, _ := p["variables"].(map[string]any)
	for name, v := range vars {
		if s, _ := v.(map[string]any)["sensitive"].(bool); s {
			if val, ok := vals[name].(map[string]any); ok {
				collect(val["value"], true, set)
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func collect(v, sens any, out map[string]bool) {
	if sens == true {
		switch t := v.(type) {
		case string:
			if t != "" {
				out[t] = true
			}
		case json.Number:
			out[t.String()] = true
		case []any:
			for _, e := range t {
				collect(e, true, out)
			}
		case map[string]any:
			for _, e := range t {
				collect(e, true, out)
			}
		}
		return
	}
	switch s := sens.(type) {
	case []any:
		l, _ := v.([]any)
		for i := range s {
			if i < len(l) {
				collect(l[i], s[i], out)
			}
		}
	case map[string]any:
		m, _ := v.(map[string]any)
		for k, e := range s {
			collect(m[k], e, out)
		}
	}
}

func scrub(msg string, secrets []string) string {
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, s, "(sensitive)")
	}
	return msg
}
