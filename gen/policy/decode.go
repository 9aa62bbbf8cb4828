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
// after_sensitive, directly into the values encoding/json would give
// (map[string]any and so on); entries land in terraform-json's types
// (tfjson.ResourceChange with its tfjson.Change), so a rule sees what a
// full tfjson.Plan decode gives. The configuration, small next to the
// changes, is decoded by terraform-json itself.

// attrSet says which top-level attributes of a resource type to decode;
// nil means none, and all means every attribute.
type attrSet struct {
	all   bool
	attrs map[string]bool
}

// decodePlan reads plan JSON from r. keep returns the attributes to decode
// for a resource type (nil: none).
func decodePlan(r io.Reader, keep func(typ string) *attrSet) (*Plan, error) {
	s := newScanner(r, 1<<20)
	p := &Plan{}
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
				rc, err := decodeChange(s, keep)
				if err != nil {
					return fmt.Errorf("resource_changes[%d]: %w", i, err)
				}
				p.add(rc)
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

// decodeChange reads one element of resource_changes.
func decodeChange(s *scanner, keep func(typ string) *attrSet) (*tfjson.ResourceChange, error) {
	rc := &tfjson.ResourceChange{}
	var c *tfjson.Change
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
				c, err = decodeChangeBody(s, rc.Address, set())
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
		return nil, err
	}
	if deferred != nil {
		if c, err = decodeChangeBody(bytesScanner(deferred), rc.Address, set()); err != nil {
			return nil, err
		}
	}
	if c == nil {
		return nil, fmt.Errorf("%s: no change", rc.Address)
	}
	rc.Change = c
	return rc, nil
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

// decodeChangeBody reads a change object, keeping of after, after_unknown
// and after_sensitive the attributes in set.
func decodeChangeBody(s *scanner, addr string, set *attrSet) (*tfjson.Change, error) {
	c := new(tfjson.Change)
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
			c.After, err = partial(s, set, false)
		case "after_unknown":
			c.AfterUnknown, err = partial(s, set, true)
		case "after_sensitive":
			c.AfterSensitive, err = partial(s, set, true)
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
	return c, err
}

// partial reads an object value keeping the attributes set names; a
// value that is not an object (null, or true for "all unknown") is read
// whole. With marks (after_unknown, after_sensitive), a kept attribute
// that marks nothing (false, {}, [] or a tree of them) is left out: to
// every reader of the marks, absent and unmarked are the same, and most
// attributes are unmarked.
func partial(s *scanner, set *attrSet, marks bool) (any, error) {
	if c, ok := s.peek(); !ok || c != '{' || set != nil && set.all && !marks {
		return s.value()
	}
	m := map[string]any{}
	if set == nil {
		return m, s.skip()
	}
	err := s.object(false, func(k []byte) error {
		if !set.all && !set.attrs[string(k)] {
			return s.skip()
		}
		key := s.intern(k)
		v, err := s.value()
		if !marks || anyTrue(v) {
			m[key] = v
		}
		return err
	})
	return m, err
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
