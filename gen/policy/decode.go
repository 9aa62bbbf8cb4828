package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// The plan decoder streams `terraform show -json` output: a small reader
// walks the top-level object, hands each resource_changes entry and the
// configuration to encoding/json, and skips everything else
// (planned_values, prior_state, variables, ...) without decoding it.
// Inside an entry only the attributes some rule reads are decoded from
// after / after_unknown / after_sensitive. Entries still land in
// terraform-json's types (tfjson.ResourceChange with its tfjson.Change),
// so a rule sees the same values a full tfjson.Plan decode gives.
//
// Skipped sections are checked only for balanced brackets and strings;
// entries and configuration are validated by encoding/json.

// attrSet says which top-level attributes of a resource type to decode;
// nil means none, and all means every attribute.
type attrSet struct {
	all   bool
	attrs map[string]bool
}

// decodePlan reads plan JSON from r. keep returns the attributes to decode
// for a resource type (nil: none).
func decodePlan(r io.Reader, keep func(typ string) *attrSet) (*Plan, error) {
	s := &stream{r: r, buf: make([]byte, 0, 1<<20)}
	p := &Plan{}
	if err := s.expect('{'); err != nil {
		return nil, err
	}
	var scratch []byte
	seen := map[string]bool{}
	errored := false
	for first := true; ; first = false {
		c, err := s.next()
		if err != nil {
			return nil, err
		}
		if c == '}' {
			break
		}
		if !first {
			if c != ',' {
				return nil, fmt.Errorf("offset %d: expected ',' or '}'", s.off())
			}
			if c, err = s.next(); err != nil {
				return nil, err
			}
		}
		if c != '"' {
			return nil, fmt.Errorf("offset %d: expected a key", s.off())
		}
		s.pos--
		scratch, err = s.value(scratch[:0], true)
		if err != nil {
			return nil, err
		}
		key, err := str(scratch)
		if err != nil {
			return nil, err
		}
		if err := s.expect(':'); err != nil {
			return nil, err
		}
		seen[key] = true
		switch key {
		case "errored":
			if scratch, err = s.value(scratch[:0], true); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			errored = string(scratch) == "true"
		case "format_version", "configuration", "variables":
			if scratch, err = s.value(scratch[:0], true); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			switch key {
			case "format_version":
				err = json.Unmarshal(scratch, &p.FormatVersion)
			case "variables":
				err = decodeVariables(scratch, p)
			default:
				p.Config = new(tfjson.Config)
				err = json.Unmarshal(scratch, p.Config)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
		case "resource_changes":
			if err := s.expect('['); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			for i := 0; ; i++ {
				c, err := s.next()
				if err != nil {
					return nil, err
				}
				if c == ']' {
					break
				}
				if i > 0 {
					if c != ',' {
						return nil, fmt.Errorf("resource_changes[%d]: expected ',' or ']'", i)
					}
				} else {
					s.pos--
				}
				if scratch, err = s.value(scratch[:0], true); err != nil {
					return nil, fmt.Errorf("resource_changes[%d]: %w", i, err)
				}
				e := entry{keep: keep}
				if err := e.UnmarshalJSON(scratch); err != nil {
					return nil, fmt.Errorf("resource_changes[%d]: %w", i, err)
				}
				p.add(&e.rc)
			}
		default:
			if _, err := s.value(nil, false); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if c, err := s.next(); err != io.EOF {
		if err == nil {
			err = fmt.Errorf("unexpected %q after the plan object", c)
		}
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

// stream reads JSON values off a reader through one buffer.
type stream struct {
	r    io.Reader
	buf  []byte
	pos  int
	read int64 // bytes dropped from the front of buf
	err  error
}

func (s *stream) off() int64 { return s.read + int64(s.pos) }

// fill reads more input, keeping buf[pos:]; false at end of input.
func (s *stream) fill() bool {
	if s.err != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:])
		s.read += int64(s.pos)
		s.buf, s.pos = s.buf[:n], 0
	}
	if len(s.buf) == cap(s.buf) {
		s.buf = append(s.buf, 0)[:len(s.buf)]
	}
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if err != nil {
		s.err = err
	}
	return n > 0 || err == nil
}

// next returns the next byte that is not white space.
func (s *stream) next() (byte, error) {
	for {
		for s.pos < len(s.buf) {
			c := s.buf[s.pos]
			s.pos++
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
				return c, nil
			}
		}
		if !s.fill() {
			if s.err == io.EOF {
				return 0, io.EOF
			}
			return 0, s.err
		}
	}
}

func (s *stream) expect(want byte) error {
	c, err := s.next()
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	if err != nil {
		return err
	}
	if c != want {
		return fmt.Errorf("offset %d: expected %q, found %q", s.off(), want, c)
	}
	return nil
}

// value reads the next JSON value; when keep is set its bytes are appended
// to out. It finds the value's end by brackets and strings only.
func (s *stream) value(out []byte, keep bool) ([]byte, error) {
	c, err := s.next()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return out, err
	}
	s.pos--
	start := s.pos
	depth, inStr, esc := 0, false, false
	scalar := c != '{' && c != '[' && c != '"'
	for {
		i := s.pos
		b := s.buf
		for ; i < len(b); i++ {
			c := b[i]
			if inStr {
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inStr = false
					if depth == 0 {
						s.pos = i + 1
						return appendKept(out, keep, b[start:s.pos]), nil
					}
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				if scalar {
					s.pos = i
					return appendKept(out, keep, b[start:i]), nil
				}
				depth--
				if depth == 0 {
					s.pos = i + 1
					return appendKept(out, keep, b[start:s.pos]), nil
				}
			case ',', ' ', '\n', '\t', '\r':
				if scalar {
					s.pos = i
					return appendKept(out, keep, b[start:i]), nil
				}
			}
		}
		out = appendKept(out, keep, b[start:i])
		s.pos = i
		if !s.fill() {
			if scalar && s.err == io.EOF {
				return out, nil
			}
			if s.err == io.EOF {
				return out, io.ErrUnexpectedEOF
			}
			return out, s.err
		}
		start = s.pos
	}
}

func appendKept(out []byte, keep bool, b []byte) []byte {
	if keep {
		return append(out, b...)
	}
	return out
}

// entry decodes one element of resource_changes.
type entry struct {
	keep func(typ string) *attrSet
	rc   tfjson.ResourceChange
}

func (e *entry) UnmarshalJSON(b []byte) error {
	var change []byte
	err := eachKey(b, func(kb []byte, v []byte) error {
		var err error
		switch string(kb) {
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
			return fmt.Errorf("%s: %w", kb, err)
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
	err = eachKey(change, func(kb []byte, v []byte) error {
		var err error
		switch string(kb) {
		case "actions":
			if err = json.Unmarshal(v, &c.Actions); err == nil {
				err = checkActions(c.Actions)
			}
		case "after":
			c.After, err = partial(v, set)
		case "after_unknown":
			c.AfterUnknown, err = partial(v, set)
		case "after_sensitive":
			c.AfterSensitive, err = partial(v, set)
		}
		if err != nil {
			return fmt.Errorf("%s.change.%s: %w", e.rc.Address, kb, err)
		}
		return nil
	})
	if err == nil && c.Actions == nil {
		err = fmt.Errorf("%s.change: no actions", e.rc.Address)
	}
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
	if set == nil {
		return map[string]any{}, nil
	}
	// Copy the kept members into one smaller object and decode that once.
	small := make([]byte, 0, 512)
	small = append(small, '{')
	err := eachKey(v, func(k []byte, raw []byte) error {
		if !set.attrs[string(k)] {
			return nil
		}
		if len(small) > 1 {
			small = append(small, ',')
		}
		small = strconv.AppendQuote(small, string(k))
		small = append(small, ':')
		small = append(small, raw...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	small = append(small, '}')
	m := map[string]any{}
	err = json.Unmarshal(small, &m)
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
func eachKey(b []byte, fn func(key []byte, val []byte) error) error {
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
		key := b[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			k, err := str(b[i:end])
			if err != nil {
				return err
			}
			key = []byte(k)
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
