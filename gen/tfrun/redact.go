package tfrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Redacted replaces every value Terraform marks sensitive in the plan JSON
// the runner saves.
const Redacted = "(sensitive value)"

// redactPlanJSON removes sensitive values from `terraform show -json`
// output. That output holds them in clear: input variables declared
// sensitive (in "variables" and as defaults in "configuration"), literals
// passed to sensitive module variables, and every value the plan marks
// sensitive in resource changes, planned values, prior state and outputs.
// The masks Terraform writes beside each value (before_sensitive,
// after_sensitive, sensitive_values, sensitive) say which, before and
// after, at every depth. Redaction goes by provenance: every value found
// under a mask (an old one in "before" as much as a new one) is then
// scrubbed wherever else it appears, as a whole string, a number, a map
// key, or inside a longer string, so that a copy Terraform did not mark
// (through nonsensitive(), or an attribute the provider does not flag)
// does not leak it. extraSecrets are further values to scrub.
func redactPlanJSON(raw []byte, sensitiveVars map[string]bool, extraSecrets []string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("reading plan JSON: %w", err)
	}
	sensitive := map[string]bool{}
	for k, v := range sensitiveVars {
		sensitive[k] = v
	}
	secrets := append([]string(nil), extraSecrets...)
	if conf, ok := doc["configuration"].(map[string]any); ok {
		if rm, ok := conf["root_module"].(map[string]any); ok {
			if vars, ok := rm["variables"].(map[string]any); ok {
				for name, v := range vars {
					if vm, ok := v.(map[string]any); ok && vm["sensitive"] == true {
						sensitive[name] = true
					}
				}
			}
		}
		secrets = redactConfigModule(conf["root_module"], secrets)
	}
	if vars, ok := doc["variables"].(map[string]any); ok {
		for name, v := range vars {
			vm, ok := v.(map[string]any)
			if !ok || !sensitive[name] {
				continue
			}
			secrets = appendStrings(secrets, vm["value"])
			vm["value"] = Redacted
		}
	}
	for _, key := range []string{"resource_changes", "resource_drift"} {
		if list, ok := doc[key].([]any); ok {
			for _, rc := range list {
				if m, ok := rc.(map[string]any); ok {
					secrets = redactChange(m["change"], secrets)
				}
			}
		}
	}
	if oc, ok := doc["output_changes"].(map[string]any); ok {
		for _, c := range oc {
			secrets = redactChange(c, secrets)
		}
	}
	for _, key := range []string{"planned_values", "prior_state"} {
		secrets = redactValues(doc[key], secrets)
	}
	scrub(doc, secrets)

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// redactChange masks a change's before and after values, collecting
// what it masks.
func redactChange(c any, secrets []string) []string {
	m, ok := c.(map[string]any)
	if !ok {
		return secrets
	}
	m["before"], secrets = mask(m["before"], m["before_sensitive"], secrets)
	if _, ok := m["after"]; ok {
		m["after"], secrets = mask(m["after"], m["after_sensitive"], secrets)
	}
	return secrets
}

// redactValues masks the values of a state or planned-values document.
func redactValues(v any, secrets []string) []string {
	doc, ok := v.(map[string]any)
	if !ok {
		return secrets
	}
	if vals, ok := doc["values"].(map[string]any); ok {
		doc = vals // prior_state nests its values
	}
	if outs, ok := doc["outputs"].(map[string]any); ok {
		for _, o := range outs {
			if om, ok := o.(map[string]any); ok && om["sensitive"] == true {
				if _, has := om["value"]; has {
					secrets = appendStrings(secrets, om["value"])
					om["value"] = Redacted
				}
			}
		}
	}
	return redactStateModule(doc["root_module"], secrets)
}

func redactStateModule(v any, secrets []string) []string {
	mod, ok := v.(map[string]any)
	if !ok {
		return secrets
	}
	if rs, ok := mod["resources"].([]any); ok {
		for _, r := range rs {
			if rm, ok := r.(map[string]any); ok {
				rm["values"], secrets = mask(rm["values"], rm["sensitive_values"], secrets)
			}
		}
	}
	if cs, ok := mod["child_modules"].([]any); ok {
		for _, c := range cs {
			secrets = redactStateModule(c, secrets)
		}
	}
	return secrets
}

// redactConfigModule drops, in every module of the configuration part of
// the plan, the defaults of sensitive variables and the literals a module
// call passes to a sensitive variable of the module it calls.
func redactConfigModule(v any, secrets []string) []string {
	mod, ok := v.(map[string]any)
	if !ok {
		return secrets
	}
	if vars, ok := mod["variables"].(map[string]any); ok {
		for _, vv := range vars {
			if vm, ok := vv.(map[string]any); ok && vm["sensitive"] == true {
				if _, has := vm["default"]; has {
					secrets = appendStrings(secrets, vm["default"])
					vm["default"] = Redacted
				}
			}
		}
	}
	if calls, ok := mod["module_calls"].(map[string]any); ok {
		for _, c := range calls {
			cm, ok := c.(map[string]any)
			if !ok {
				continue
			}
			callee, _ := cm["module"].(map[string]any)
			vars, _ := callee["variables"].(map[string]any)
			exprs, _ := cm["expressions"].(map[string]any)
			for name, e := range exprs {
				vm, _ := vars[name].(map[string]any)
				em, _ := e.(map[string]any)
				if vm["sensitive"] == true && em != nil {
					if cv, has := em["constant_value"]; has {
						secrets = appendStrings(secrets, cv)
						em["constant_value"] = Redacted
					}
				}
			}
			secrets = redactConfigModule(cm["module"], secrets)
		}
	}
	return secrets
}

// mask replaces the parts of v that the sensitivity mask s marks true,
// and collects the values it replaces.
func mask(v, s any, secrets []string) (any, []string) {
	switch sm := s.(type) {
	case bool:
		if sm && v != nil {
			return Redacted, appendStrings(secrets, v)
		}
	case map[string]any:
		if vm, ok := v.(map[string]any); ok {
			for k, sub := range sm {
				if _, has := vm[k]; has {
					vm[k], secrets = mask(vm[k], sub, secrets)
				}
			}
		}
	case []any:
		if vl, ok := v.([]any); ok {
			for i := range vl {
				if i < len(sm) {
					vl[i], secrets = mask(vl[i], sm[i], secrets)
				}
			}
		}
	}
	return v, secrets
}

// appendStrings collects the string leaves of a value.
func appendStrings(out []string, v any) []string {
	switch t := v.(type) {
	case string:
		if t != "" {
			out = append(out, t)
		}
	case json.Number:
		out = append(out, t.String())
	case map[string]any:
		// The keys of a sensitive map are as secret as its values.
		for k, x := range t {
			out = appendStrings(out, k)
			out = appendStrings(out, x)
		}
	case []any:
		for _, x := range t {
			out = appendStrings(out, x)
		}
	}
	return out
}

// minSubstringSecret is the shortest secret also scrubbed where it appears
// inside a longer string; shorter ones are scrubbed where they are a whole
// value only, so that a secret "1" does not blank every number.
const minSubstringSecret = 6

// scrub replaces, anywhere in v, strings, numbers and map keys that are
// or contain a secret.
func scrub(v any, secrets []string) any {
	if len(secrets) == 0 {
		return v
	}
	switch t := v.(type) {
	case string:
		if secretIn(t, secrets) {
			return Redacted
		}
	case json.Number:
		// A number is a whole value: it leaks only as itself, and short
		// ones (a port, a count) are too common to blank everywhere.
		for _, s := range secrets {
			if len(s) >= minSubstringSecret && t.String() == s {
				return Redacted
			}
		}
	case map[string]any:
		n := 0
		for k, x := range t {
			if secretIn(k, secrets) {
				delete(t, k)
				n++
				k = fmt.Sprintf("%s #%d", Redacted, n)
			}
			t[k] = scrub(x, secrets)
		}
	case []any:
		for i, x := range t {
			t[i] = scrub(x, secrets)
		}
	}
	return v
}

func secretIn(t string, secrets []string) bool {
	for _, s := range secrets {
		if t == s || (len(s) >= minSubstringSecret && strings.Contains(t, s)) {
			return true
		}
	}
	return false
}
