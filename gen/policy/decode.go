package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// The plan decoder streams `terraform show -json` output through one
// tokenizer pass (scanner): format_version, errored, variables,
// resource_changes and configuration are read, everything else
// (planned_values, prior_state, ...) is skipped at tokenizer speed and
// checked as JSON without being built. Of each resource change only the
// attributes some rule reads are built, from after / after_unknown /
// after_sensitive, as nodes of the plan's tree (see tree), not as the
// map[string]any values encoding/json would give; the rest of a change
// lands in terraform-json's types (tfjson.ResourceChange with its
// tfjson.Change's actions), so a rule sees what a full tfjson.Plan decode
// gives. The configuration, small next to the changes, is decoded by
// terraform-json itself.

// attrSet says which top-level attributes of a resource type to decode;
// nil means none, and all means every attribute.
type attrSet struct {
	all   bool
	attrs map[string]bool
	// byLen lists attrs by length, made when decoding first asks: a
	// few string compares beat hashing every key of every change.
	byLen [][]string
}

// has reports whether the set names attribute k; attrs must not change
// once it has been asked.
func (s *attrSet) has(k []byte) bool {
	if s.byLen == nil {
		for a, ok := range s.attrs {
			if !ok {
				continue
			}
			for len(s.byLen) <= len(a) {
				s.byLen = append(s.byLen, nil)
			}
			s.byLen[len(a)] = append(s.byLen[len(a)], a)
		}
		if s.byLen == nil {
			s.byLen = [][]string{}
		}
	}
	if len(k) >= len(s.byLen) {
		return false
	}
	for _, a := range s.byLen[len(k)] {
		if string(k) == a {
			return true
		}
	}
	return false
}

// decodePlan reads plan JSON from r. keep returns the attributes to decode
// for a resource type (nil: none).
func decodePlan(r io.Reader, keep func(typ string) *attrSet) (*Plan, error) {
	s := newScanner(r, 1<<20)
	p := &Plan{t: newTree()}
	seen := map[string]bool{}
	errored := false
	err := s.object(false, func(kb []byte) error {
		key := string(kb)
		seen[key] = true
		var err error
		switch key {
		case "errored":
			var v any
			if c, ok := s.peek(); ok && (c == 't' || c == 'f' || c == 'n') {
				v, err = s.literalValue()
			} else {
				err = s.skip()
			}
			errored = v == true
		case "format_version":
			p.FormatVersion, err = s.stringValue()
		case "variables":
			err = decodeVariables(s, p)
		case "configuration":
			var raw []byte
			if raw, err = s.capture(); err == nil {
				p.Config = new(tfjson.Config)
				err = json.Unmarshal(raw, p.Config)
			}
		case "resource_changes":
			err = s.array(true, func(i int) error {
				slot := p.slot()
				rc, vals, err := decodeChange(s, p.t, &slot.rc, &slot.c, keep)
				if err != nil {
					return fmt.Errorf("resource_changes[%d]: %w", i, err)
				}
				p.add(slot, rc, vals)
				return nil
			})
			return err
		default:
			err = s.skip()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		return nil
	})
	if err == nil {
		err = s.end()
	}
	if err != nil {
		return nil, err
	}
	// The same version check tfjson.Plan.UnmarshalJSON makes.
	if err := (&tfjson.Plan{FormatVersion: p.FormatVersion}).Validate(); err != nil {
		return nil, err
	}
	if err := planShape(seen, errored); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeVariables reads the plan's variables: {"name": {"value": ...}}.
func decodeVariables(s *scanner, p *Plan) error {
	p.Variables = map[string]any{}
	return s.object(true, func(kb []byte) error {
		name := string(kb)
		p.Variables[name] = nil
		return s.object(true, func(kb []byte) error {
			if string(kb) != "value" {
				return s.skip()
			}
			v, err := s.value()
			p.Variables[name] = v
			return err
		})
	})
}

// changeValues are a change's after, after_unknown and after_sensitive in
// the plan's tree.
type changeValues struct{ after, unknown, sen ref }

// decodeChange reads one element of resource_changes into rc and change,
// its values into t.
func decodeChange(s *scanner, t *tree, rc *tfjson.ResourceChange, change *tfjson.Change, keep func(typ string) *attrSet) (*tfjson.ResourceChange, changeValues, error) {
	var c *tfjson.Change
	var vals changeValues
	var deferred []byte // the change, when it comes before mode and type
	haveMode, haveType, fromAddr := false, false, false
	set := func() *attrSet {
		if rc.Mode == tfjson.ManagedResourceMode && keep != nil {
			return keep(rc.Type)
		}
		return nil
	}
	err := s.object(false, func(kb []byte) error {
		var err error
		var str string
		switch string(kb) {
		case "address":
			rc.Address, err = s.stringValue()
		case "previous_address":
			rc.PreviousAddress, err = s.stringValue()
		case "module_address":
			rc.ModuleAddress, err = s.stringValue()
		case "mode":
			str, err = s.stringValue()
			if fromAddr && tfjson.ResourceMode(str) != rc.Mode {
				err = fmt.Errorf("%q does not match the address %s", str, rc.Address)
			}
			rc.Mode, haveMode = tfjson.ResourceMode(str), true
		case "type":
			str, err = s.stringValue()
			if fromAddr && str != rc.Type {
				err = fmt.Errorf("%q does not match the address %s", str, rc.Address)
			}
			rc.Type, haveType = str, true
		case "name":
			rc.Name, err = s.stringValue()
		case "index":
			rc.Index, err = s.value()
		case "provider_name":
			rc.ProviderName, err = s.stringValue()
		case "deposed":
			rc.DeposedKey, err = s.stringValue()
		case "action_reason":
			str, err = s.stringValue()
			rc.ActionReason = tfjson.ActionReason(str)
		case "change":
			if !haveMode || !haveType {
				// JSON has no key order, and a writer that sorts keys puts
				// change before mode and type: the address names both.
				if typ, mode, ok := addrType(rc.Address); ok && rc.Address != "" {
					rc.Type, rc.Mode, fromAddr = typ, mode, true
					haveMode, haveType = true, true
				}
			}
			if haveMode && haveType {
				c, vals, err = decodeChangeBody(s, t, change, rc.Address, set())
			} else {
				deferred, err = s.capture()
			}
			return err
		default:
			return s.skip()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", kb, err)
		}
		return nil
	})
	if err != nil {
		return nil, vals, err
	}
	if deferred != nil {
		if c, vals, err = decodeChangeBody(bytesScanner(deferred), t, change, rc.Address, set()); err != nil {
			return nil, vals, err
		}
	}
	if c == nil {
		return nil, vals, fmt.Errorf("%s: no change", rc.Address)
	}
	rc.Change = c
	return rc, vals, nil
}

// addrType returns the type and mode a resource address names:
// [module.NAME[KEY].]...[data.]TYPE.NAME[KEY].
func addrType(addr string) (string, tfjson.ResourceMode, bool) {
	var buf [16]string
	segs := appendSegments(buf[:0], addr)
	i := 0
	for i+1 < len(segs) && segs[i] == "module" {
		i += 2
	}
	mode := tfjson.ManagedResourceMode
	if i < len(segs) && segs[i] == "data" {
		mode = tfjson.DataResourceMode
		i++
	}
	if i+2 != len(segs) || segs[i] == "" || strings.ContainsAny(segs[i], "[]\"") {
		return "", "", false
	}
	return segs[i], mode, true
}

// decodeChangeBody reads a change object into c, keeping of after,
// after_unknown and after_sensitive the attributes in set, in t.
func decodeChangeBody(s *scanner, t *tree, c *tfjson.Change, addr string, set *attrSet) (*tfjson.Change, changeValues, error) {
	var vals changeValues
	haveActions := false
	err := s.object(false, func(kb []byte) error {
		var err error
		switch string(kb) {
		case "actions":
			haveActions = true
			err = s.array(true, func(int) error {
				a, err := s.stringValue()
				c.Actions = append(c.Actions, tfjson.Action(a))
				return err
			})
			if err == nil {
				err = checkActions(c.Actions)
			}
		case "after":
			vals.after, err = partial(s, t, set, false)
		case "after_unknown":
			vals.unknown, err = partial(s, t, set, true)
		case "after_sensitive":
			vals.sen, err = partial(s, t, set, true)
		default:
			return s.skip()
		}
		if err != nil {
			return fmt.Errorf("%s.change.%s: %w", addr, kb, err)
		}
		return nil
	})
	if err == nil && (!haveActions || c.Actions == nil) {
		err = fmt.Errorf("%s.change: no actions", addr)
	}
	return c, vals, err
}

// partial reads an object value into t keeping the attributes set names;
// a value that is not an object (null, or true for "all unknown") is read
// whole. With marks (after_unknown, after_sensitive), a kept attribute
// that marks nothing (false, {}, [] or a tree of them) is left out: to
// every reader of the marks, absent and unmarked are the same, and most
// attributes are unmarked. A null gives 0 (absent), as it gave a nil
// field.
func partial(s *scanner, t *tree, set *attrSet, marks bool) (ref, error) {
	if c, ok := s.peek(); !ok || c != '{' || set != nil && set.all && !marks {
		n, err := s.valueNode(t)
		if err != nil || n.kind == kNull {
			return 0, err
		}
		return t.add(n), nil
	}
	base := len(t.stack)
	if set == nil {
		return t.add(t.container(kObject, base)), s.skip()
	}
	err := s.object(false, func(k []byte) error {
		if !set.all && !set.has(k) {
			return s.skip()
		}
		id := t.key(k)
		n, err := s.valueNode(t)
		if err == nil && (!marks || t.nodeTrue(&n)) {
			n.key = id
			t.stack = append(t.stack, n)
		}
		return err
	})
	if err != nil {
		t.stack = t.stack[:base]
		return 0, err
	}
	return t.add(t.container(kObject, base)), nil
}

// planShape refuses documents that are valid JSON with a known format
// version but not a plan that can be judged: judging them would pass
// every rule on nothing.
func planShape(seen map[string]bool, errored bool) error {
	switch {
	case errored:
		return errors.New(`the plan errored ("errored": true): terraform could not finish planning, so it is incomplete; ` +
			"fix the errors terraform printed and plan again")
	case seen["values"] && !seen["planned_values"]:
		return errors.New("this is the JSON of a state (terraform show -json of a state file), not of a plan; " +
			"check a plan: terraform plan -out=tfplan && terraform show -json tfplan")
	case !seen["planned_values"] && !seen["configuration"]:
		return errors.New("not a plan JSON: it has neither planned_values nor configuration " +
			"(make one with terraform plan -out=tfplan && terraform show -json tfplan)")
	case !seen["planned_values"]:
		return errors.New("not a whole plan JSON: planned_values is missing")
	case !seen["configuration"]:
		return errors.New("not a whole plan JSON: configuration is missing, so links between resources cannot be followed")
	}
	return nil
}

// knownActions are the actions terraform writes in resource_changes.
var knownActions = map[tfjson.Action]bool{
	tfjson.ActionNoop: true, tfjson.ActionCreate: true, tfjson.ActionRead: true,
	tfjson.ActionUpdate: true, tfjson.ActionDelete: true, tfjson.ActionForget: true,
}

// checkActions refuses an action the rules do not know: skipping it
// could hide a delete.
func checkActions(as tfjson.Actions) error {
	if len(as) == 0 {
		return errors.New("no actions")
	}
	for _, a := range as {
		if !knownActions[a] {
			return fmt.Errorf("unknown action %q (known: no-op, create, read, update, delete, forget)", a)
		}
	}
	return nil
}
