//go:build rego

package rego

import (
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
//
// As conftest does, each rule is its own query (data.<namespace>.<rule>),
// over one compilation of the policies. The plan becomes OPA's input once,
// for every query, decoded straight into OPA's values (readInput) and
// holding only the top-level members some policy can reach (inputKeys);
// rule values are read as OPA's values, without a conversion to Go.
func Evaluate(planPath string, opts policy.Options) ([]policy.Finding, []string, error) {
	mods, err := loadModules(opts.PolicyDirs)
	if err != nil {
		return nil, nil, err
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
	version, parsed, pkgs, err := parseModules(mods)
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
	// The compiler is set up as package rego sets up its own.
	c := ast.NewCompiler().WithDefaultRegoVersion(version).WithUseTypeCheckAnnotations(true)
	if c.Compile(parsed); c.Failed() {
		return nil, nil, fmt.Errorf("rego: %w", c.Errors)
	}
	var keep func(string) bool
	if keys, all := inputKeys(c.Modules); !all {
		keep = func(k string) bool { return keys[k] }
	}
	f, err := os.Open(planPath)
	if err != nil {
		return nil, nil, err
	}
	input, secrets, err := readInput(f, keep)
	f.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", planPath, err)
	}
	ctx := context.Background()
	args := []func(*rego.Rego){rego.Compiler(c), rego.ParsedInput(input),
		// Results stay OPA's values: messages reads them as they are.
		rego.GenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil })}
	if data != nil {
		args = append(args, rego.Store(inmem.NewFromObject(data)))
	}
	query := func(ns, rule string) (ast.Value, error) {
		rs, err := rego.New(append(args, rego.Query("data."+ns+"."+rule))...).Eval(ctx)
		if err != nil {
			return nil, fmt.Errorf("rego: package %s: %w", ns, err)
		}
		for _, r := range rs {
			for _, e := range r.Expressions {
				if t, ok := e.Value.(*ast.Term); ok {
					return t.Value, nil
				}
			}
		}
		return nil, nil
	}
	source := strings.Join(opts.PolicyDirs, ",")
	var out []policy.Finding
	for _, ns := range namespaces {
		rules := slices.Sorted(slices.Values(pkgs[ns]))
		if len(rules) == 0 {
			continue
		}
		var excepted map[string]bool
		if slices.Contains(rules, "exception") {
			v, err := query(ns, "exception")
			if err != nil {
				return nil, nil, err
			}
			excepted = exceptions(v)
		}
		for _, name := range rules {
			if !counted(name) {
				continue
			}
			v, err := query(ns, name)
			if err != nil {
				return nil, nil, err
			}
			enf, sev := policy.HardMandatory, policy.High
			if warningName.MatchString(name) {
				enf, sev = policy.Advisory, policy.Medium
			}
			id := "rego:" + ns + "." + name
			title := "Rego policy " + ns + "." + name
			messages(v, func(msg message) {
				f := policy.Finding{
					Rule: id, Title: title,
					Severity: sev, Enforcement: enf,
					Address: msg.address, Result: policy.Fail,
					Message: scrub(msg.text, secrets), Source: source,
				}
				if excepted[exceptionName(name)] {
					f.Result = policy.Waived
					f.Waiver = &policy.Waiver{Address: msg.address, Rule: id,
						Reason: fmt.Sprintf("Rego exception: data.%s.exception names %q", ns, exceptionName(name))}
				}
				out = append(out, f)
			})
		}
	}
	return out, warnings, nil
}

// exceptions reads an exception rule's value: a set of lists of rule
// names (conftest queries exception[_][_]).
func exceptions(v ast.Value) map[string]bool {
	out := map[string]bool{}
	each(v, func(names *ast.Term) {
		each(names.Value, func(n *ast.Term) {
			if n, ok := n.Value.(ast.String); ok {
				out[string(n)] = true
			}
		})
	})
	return out
}

// each calls f on the elements of a set or an array, in order.
func each(v ast.Value, f func(*ast.Term)) {
	switch t := v.(type) {
	case ast.Set:
		t.Foreach(f)
	case *ast.Array:
		t.Foreach(f)
	}
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
// v0 (conftest policies come in both), and returns the parsed modules by
// path and the rule names of each package, by package path without
// "data.".
func parseModules(mods []module) (ast.RegoVersion, map[string]*ast.Module, map[string][]string, error) {
	var firstErr error
	for _, v := range []ast.RegoVersion{ast.RegoV1, ast.RegoV0} {
		pkgs := map[string][]string{}
		parsed := map[string]*ast.Module{}
		var err error
		for _, m := range mods {
			var pm *ast.Module
			pm, err = ast.ParseModuleWithOpts(m.path, m.text, ast.ParserOptions{RegoVersion: v})
			if err != nil {
				break
			}
			parsed[m.path] = pm
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
			return v, parsed, pkgs, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return 0, nil, nil, fmt.Errorf("rego: %w", firstErr)
}

type message struct{ text, address string }

// messages calls f on each message of a rule's value: a set of strings,
// or of objects with msg (an object without one is its JSON).
func messages(v ast.Value, f func(message)) {
	switch t := v.(type) {
	case ast.Set, *ast.Array:
		each(t, func(e *ast.Term) { messages(e.Value, f) })
	case ast.String:
		f(message{text: string(t)})
	case ast.Object:
		m := message{}
		if s, ok := valueOf(t.Get(keyMsg)).(ast.String); ok {
			m.text = string(s)
		}
		if m.text == "" {
			j, err := ast.JSON(t)
			if err == nil {
				b, _ := json.Marshal(j)
				m.text = string(b)
			}
		}
		for _, k := range []*ast.Term{keyAddress, keyResource} {
			if s, ok := valueOf(t.Get(k)).(ast.String); ok && m.address == "" {
				m.address = string(s)
			}
		}
		f(m)
	}
}

var (
	keyMsg      = ast.StringTerm("msg")
	keyAddress  = ast.StringTerm("address")
	keyResource = ast.StringTerm("resource")
)
