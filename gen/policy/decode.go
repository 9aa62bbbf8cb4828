package policy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// The plan decoder streams `terraform show -json` output: a json.Decoder
// walks the top-level object token by token, decodes resource_changes one
// entry at a time and configuration whole, and skips everything else
// (planned_values, prior_state, variables, ...). Inside an entry only the
// attributes some rule reads are decoded from after / after_unknown /
// after_sensitive; the rest are skipped as raw bytes. Entries still land in
// terraform-json's types (tfjson.ResourceChange with its tfjson.Change), so
// a rule sees the same values a full tfjson.Plan decode would give it.

// attrSet says which top-level attributes of a resource type to decode;
// nil means none, and all means every attribute.
type attrSet struct {
	all   bool
	attrs map[string]bool
}

func (s *attrSet) has(k string) bool { return s != nil && (s.all || s.attrs[k]) }

// decodePlan reads plan JSON from r. keep returns the attributes to decode
// for a resource type (nil: none).
func decodePlan(r io.Reader, keep func(typ string) *attrSet) (*Plan, error) {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 256<<10))
	p := &Plan{}
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		switch key {
		case "format_version":
			if err := dec.Decode(&p.FormatVersion); err != nil {
				return nil, fmt.Errorf("format_version: %w", err)
			}
		case "resource_changes":
			if err := expectDelim(dec, '['); err != nil {
				return nil, fmt.Errorf("resource_changes: %w", err)
			}
			for dec.More() {
				e := entry{keep: keep}
				if err := dec.Decode(&e); err != nil {
					return nil, fmt.Errorf("resource_changes[%d]: %w", len(p.Resources), err)
				}
				p.add(&e.rc)
			}
			if err := expectDelim(dec, ']'); err != nil {
				return nil, fmt.Errorf("resource_changes: %w", err)
			}
		case "configuration":
			p.Config = new(tfjson.Config)
			if err := dec.Decode(p.Config); err != nil {
				return nil, fmt.Errorf("configuration: %w", err)
			}
		default:
			if err := skip(dec); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the plan object")
	}
	// The same version check tfjson.Plan.UnmarshalJSON makes.
	if err := (&tfjson.Plan{FormatVersion: p.FormatVersion}).Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}

// skip consumes one value without decoding it.
func skip(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// entry decodes one element of resource_changes.
type entry struct {
	keep func(typ string) *attrSet
	rc   tfjson.ResourceChange
}

func (e *entry) UnmarshalJSON(b []byte) error {
	var change []byte
	err := eachKey(b, func(k string, v []byte) error {
		var err error
		switch k {
		case "address":
			e.rc.Address, err = str(v)
		case "previous_address":
			e.rc.PreviousAddress, err = str(v)
		case "module_address":
			e.rc.ModuleAddress, err = str(v)
		case "mode":
			var s string
			s, err = str(v)
			e.rc.Mode = tfjson.ResourceMode(s)
		case "type":
			e.rc.Type, err = str(v)
		case "name":
			e.rc.Name, err = str(v)
		case "index":
			err = json.Unmarshal(v, &e.rc.Index)
		case "provider_name":
			e.rc.ProviderName, err = str(v)
		case "deposed":
			e.rc.DeposedKey, err = str(v)
		case "action_reason":
			var s string
			s, err = str(v)
			e.rc.ActionReason = tfjson.ActionReason(s)
		case "change":
			change = v // decoded below, once the type is known
		}
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if change == nil {
		return fmt.Errorf("%s: no change", e.rc.Address)
	}
	var set *attrSet
	if e.rc.Mode == tfjson.ManagedResourceMode && e.keep != nil {
		set = e.keep(e.rc.Type)
	}
	c := new(tfjson.Change)
	err = eachKey(change, func(k string, v []byte) error {
		var err error
		switch k {
		case "actions":
			err = json.Unmarshal(v, &c.Actions)
		case "after":
			c.After, err = partial(v, set)
		case "after_unknown":
			c.AfterUnknown, err = partial(v, set)
		case "after_sensitive":
			c.AfterSensitive, err = partial(v, set)
		}
		if err != nil {
			return fmt.Errorf("%s.change.%s: %w", e.rc.Address, k, err)
		}
		return nil
	})
	e.rc.Change = c
	return err
}

// partial decodes the attributes of an object value that set names; a
// value that is not an object (null, or true for "all unknown") is decoded
// whole.
func partial(v []byte, set *attrSet) (any, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] != '{' {
		var x any
		err := json.Unmarshal(v, &x)
		return x, err
	}
	if set != nil && set.all {
		var x map[string]any
		err := json.Unmarshal(v, &x)
		return x, err
	}
	m := map[string]any{}
	if set == nil {
		return m, nil
	}
	err := eachKey(v, func(k string, raw []byte) error {
		if !set.attrs[k] {
			return nil
		}
		var x any
		if err := json.Unmarshal(raw, &x); err != nil {
			return err
		}
		m[k] = x
		return nil
	})
	return m, err
}

// str decodes a JSON string, fast when it has no escapes.
func str(v []byte) (string, error) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	if string(v) == "null" {
		return "", nil
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

// eachKey calls fn with each key of the JSON object b and the raw bytes of
// its value. b has already been checked by the json.Decoder that handed it
// over, so eachKey only finds boundaries; it does not validate.
func eachKey(b []byte, fn func(key string, val []byte) error) error {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errors.New("expected an object")
	}
	i++
	for {
		i = skipWS(b, i)
		if i >= len(b) {
			return io.ErrUnexpectedEOF
		}
		if b[i] == '}' {
			return nil
		}
		if b[i] == ',' {
			i++
			continue
		}
		end := endOfValue(b, i)
		if end < 0 {
			return io.ErrUnexpectedEOF
		}
		key, err := str(b[i:end])
		if err != nil {
			return err
		}
		i = skipWS(b, end)
		if i >= len(b) || b[i] != ':' {
			return errors.New("expected ':'")
		}
		i = skipWS(b, i+1)
		end = endOfValue(b, i)
		if end < 0 {
			return io.ErrUnexpectedEOF
		}
		if err := fn(key, b[i:end]); err != nil {
			return err
		}
		i = end
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// endOfValue returns the index just past the JSON value starting at i, or
// -1 when b ends first.
func endOfValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return -1
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e := endOfValue(b, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		j := i
		for j < len(b) && !strings.ContainsRune(",}] \n\t\r", rune(b[j])) {
			j++
		}
		return j
	}
}
