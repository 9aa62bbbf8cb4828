// Package rego evaluates conftest-style Rego policies on a plan JSON with
// OPA, so that a team's existing conftest policies keep working next to
// the Go rule pack: rules named deny, violation and warn (or with those
// prefixes, such as deny_public_bucket) in package main, with the plan
// JSON as input. Their findings join the policy.Report.
//
// It lives apart from package policy so that only programs that import it
// (the moochat check command) link OPA; `go run ./gen` does not.
package rego

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
)

// Register makes policy.CheckFile evaluate Options.PolicyDirs with OPA.
func Register() { policy.RegisterEvaluator("rego", Evaluate) }

// kinds maps conftest rule name prefixes to how their messages count.
var kinds = []struct {
	prefix      string
	enforcement policy.Enforcement
	severity    policy.Severity
}{
	{"deny", policy.HardMandatory, policy.High},
	{"violation", policy.HardMandatory, policy.High},
	{"warn", policy.Advisory, policy.Medium},
}

// Evaluate runs the Rego policies in opts.PolicyDirs over the plan JSON at
// planPath. Every message becomes a failing finding; a message object may
// name the resource in "address" or "resource". Values the plan marks
// sensitive are blanked out of messages.
func Evaluate(planPath string, opts policy.Options) ([]policy.Finding, error) {
	mods, err := loadModules(opts.PolicyDirs)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(planPath)
	if err != nil {
		return nil, err
	}
	var input any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&input); err != nil {
		return nil, fmt.Errorf("%s: %w", planPath, err)
	}
	ctx := context.Background()
	var rs rego.ResultSet
	// conftest policies come in both Rego syntaxes: v1 first, then v0.
	for _, v := range []ast.RegoVersion{ast.RegoV1, ast.RegoV0} {
		args := []func(*rego.Rego){rego.Query("data.main"), rego.Input(input), rego.SetRegoVersion(v)}
		for _, m := range mods {
			args = append(args, rego.Module(m.path, m.text))
		}
		rs, err = rego.New(args...).Eval(ctx)
		if err == nil || v == ast.RegoV0 {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("rego: %w", err)
	}
	secrets := sensitiveStrings(input)
	var out []policy.Finding
	for _, r := range rs {
		for _, e := range r.Expressions {
			rules, _ := e.Value.(map[string]any)
			names := make([]string, 0, len(rules))
			for n := range rules {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, name := range names {
				for _, k := range kinds {
					if name != k.prefix && !strings.HasPrefix(name, k.prefix+"_") {
						continue
					}
					for _, msg := range messages(rules[name]) {
						out = append(out, policy.Finding{
							Rule: "rego:main." + name, Title: "Rego policy main." + name,
							Severity: k.severity, Enforcement: k.enforcement,
							Address: msg.address, Result: policy.Fail,
							Message: scrub(msg.text, secrets), Source: strings.Join(opts.PolicyDirs, ","),
						})
					}
				}
			}
		}
	}
	return out, nil
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
