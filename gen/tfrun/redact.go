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
// sensitive (in "variables" and as defaults in "configuration"), and every
// value the plan marks sensitive in resource changes, planned values, prior
// state and outputs. The masks Terraform writes beside each value
// (before_sensitive, after_sensitive, sensitive_values, sensitive) say
// which; any string equal to a sensitive variable's value left after that
// is replaced as well. extraSecrets are further values to scrub.
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
		redactConfigModule(conf["root_module"])
	}
	secrets := append([]string(nil), extraSecrets...)
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
					redactChange(m["change"])
				}
			}
		}
	}
	if oc, ok := doc["output_changes"].(map[string]any); ok {
		for _, c := range oc {
			redactChange(c)
		}
	}
	for _, key := range []string{"planned_values", "prior_state"} {
		redactValues(doc[key])
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

// redactChange masks a change's before and after values.
func redactChange(c any) {
	m, ok := c.(map[string]any)
	if !ok {
		return
	}
	m["before"] = mask(m["before"], m["before_sensitive"])
	if _, ok := m["after"]; ok {
		m["after"] = mask(m["after"], m["after_sensitive"])
	}
}

// redactValues masks the values of a state or planned-values document.
func redactValues(v any) {
	doc, ok := v.(map[string]any)
	if !ok {
		return
	}
	if vals, ok := doc["values"].(map[string]any); ok {
		doc = vals // prior_state nests its values
	}
	if outs, ok := doc["outputs"].(map[string]any); ok {
		for _, o := range outs {
			if om, ok := o.(map[string]any); ok && om["sensitive"] == true {
				if _, has := om["value"]; has {
					om["value"] = Redacted
				}
			}
		}
	}
	redactStateModule(doc["root_module"])
}

func redactStateModule(v any) {
	mod, ok := v.(map[string]any)
	if !ok {
		return
	}
	if rs, ok := mod["resources"].([]any); ok {
		for _, r := range rs {
			if rm, ok := r.(map[string]any); ok {
				rm["values"] = mask(rm["values"], rm["sensitive_values"])
			}
		}
	}
	if cs, ok := mod["child_modules"].([]any); ok {
		for _, c := range cs {
			redactStateModule(c)
		}
	}
}

// redactConfigModule drops the defaults of sensitive variables from the
// configuration part of the plan, in every module.
func redactConfigModule(v any) {
	mod, ok := v.(map[string]any)
	if !ok {
		return
	}
	if vars, ok := mod["variables"].(map[string]any); ok {
		for _, vv := range vars {
			if vm, ok := vv.(map[string]any); ok && vm["sensitive"] == true {
				if _, has := vm["default"]; has {
					vm["default"] = Redacted
				}
			}
		}
	}
	if calls, ok := mod["module_calls"].(map[string]any); ok {
		for _, c := range calls {
			if cm, ok := c.(map[string]any); ok {
				redactConfigModule(cm["module"])
			}
		}
	}
}

// mask replaces the parts of v that the sensitivity mask s marks true.
func mask(v, s any) any {
	switch sm := s.(type) {
	case bool:
		if sm && v != nil {
			return Redacted
		}
	case map[string]any:
		if vm, ok := v.(map[string]any); ok {
			for k, sub := range sm {
				if _, has := vm[k]; has {
					vm[k] = mask(vm[k], sub)
				}
			}
		}
	case []any:
		if vl, ok := v.([]any); ok {
			for i := range vl {
				if i < len(sm) {
					vl[i] = mask(vl[i], sm[i])
				}
			}
		}
	}
	return v
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
		for _, x := range t {
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

// scrub replaces, anywhere in v, strings that are or contain a secret.
func scrub(v any, secrets []string) any {
	if len(secrets) == 0 {
		return v
	}
	switch t := v.(type) {
	case string:
		for _, s := range secrets {
			if t == s || (len(s) >= minSubstringSecret && strings.Contains(t, s)) {
				return Redacted
			}
		}
	case map[string]any:
		for k, x := range t {
			t[k] = scrub(x, secrets)
		}
	case []any:
		for i, x := range t {
			t[i] = scrub(x, secrets)
		}
	}
	return v
}
