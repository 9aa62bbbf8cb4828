package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// A Waiver excuses one resource from one rule. It is written next to the
// resource in the blueprint and lands in policy-waivers.json, whose format
// this package owns: EncodeWaivers writes it, LoadWaivers reads it.
type Waiver struct {
	// Address of the resource; without instance keys it covers every
	// instance.
	Address string `json:"address"`
	Rule    string `json:"rule"`
	Reason  string `json:"reason"`
	// Expires is the last day (YYYY-MM-DD, UTC) the waiver applies; ""
	// never expires.
	Expires string `json:"expires,omitempty"`
	// Source is where the waiver is declared (a blueprint's Go file:line),
	// so that a report can say where to renew or remove it.
	Source string `json:"source,omitempty"`
}

// WaiverWarnDays is how close to its expiry a waiver is reported as a
// warning, at render time and in every check.
const WaiverWarnDays = 30

const dateLayout = "2006-01-02"

// Expired reports whether the waiver no longer applies at now. A date
// that does not parse counts as expired, so a bad waiver fails closed.
func (w Waiver) Expired(now time.Time) bool {
	if w.Expires == "" {
		return false
	}
	d, err := time.Parse(dateLayout, w.Expires)
	if err != nil {
		return true
	}
	return !now.UTC().Before(d.AddDate(0, 0, 1))
}

// DaysLeft is how many more days the waiver applies after now's day (0 on
// its last day, negative once expired); ok is false when it never expires
// or its date does not parse.
func (w Waiver) DaysLeft(now time.Time) (days int, ok bool) {
	d, err := time.Parse(dateLayout, w.Expires)
	if w.Expires == "" || err != nil {
		return 0, false
	}
	n := now.UTC()
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	return int(d.Sub(today).Hours() / 24), true
}

// ExpiresSoon reports whether the waiver still applies at now but expires
// within WaiverWarnDays.
func (w Waiver) ExpiresSoon(now time.Time) bool {
	days, ok := w.DaysLeft(now)
	return ok && days >= 0 && days <= WaiverWarnDays
}

// Remedy says what to do about the waiver once it has expired or is about
// to: fix the resource, or renew the waiver where it is declared.
func (w Waiver) Remedy() string {
	where := "in the waiver file"
	if w.Source != "" {
		where = "at " + w.Source
	}
	return fmt.Sprintf("fix %s so that %s passes, or renew the waiver %s with a new expiry and reason, then run `go run ./gen` and plan again", w.Address, w.Rule, where)
}

// Validate checks that the waiver names an address, a rule and a reason,
// and that its expiry is a date.
func (w Waiver) Validate() error {
	var missing []string
	if w.Address == "" {
		missing = append(missing, "address")
	}
	if w.Rule == "" {
		missing = append(missing, "rule")
	}
	if strings.TrimSpace(w.Reason) == "" {
		missing = append(missing, "reason")
	}
	if len(missing) > 0 {
		return fmt.Errorf("waiver %s/%s: missing %s", w.Address, w.Rule, strings.Join(missing, ", "))
	}
	if w.Expires != "" {
		if _, err := time.Parse(dateLayout, w.Expires); err != nil {
			return fmt.Errorf("waiver %s/%s: expires %q is not a date (YYYY-MM-DD)", w.Address, w.Rule, w.Expires)
		}
	}
	return nil
}

// covers reports whether the waiver names this address.
func (w Waiver) covers(addr string) bool {
	return w.Address == addr || w.Address == stripKeys(addr)
}

// RuleIDs returns the id of every rule in DefaultRules, in order.
func RuleIDs() []string {
	var ids []string
	for _, r := range DefaultRules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// ExternalRule reports whether a rule id names a policy outside the Go
// rule pack (a Rego rule, "rego:<package>.<rule>"), which only the
// evaluator that runs it knows.
func ExternalRule(id string) bool { return strings.HasPrefix(id, "rego:") }

// waiverFile is the document EncodeWaivers writes: the "//" member holds
// the generated-file marker (JSON has no comments).
type waiverFile struct {
	Comment string   `json:"//,omitempty"`
	Waivers []Waiver `json:"waivers"`
}

// EncodeWaivers writes a waiver file: {"//": header, "waivers": [...]},
// indented, with a final newline. The bytes are json.MarshalIndent's of a
// waiverFile with two spaces, written directly: encoding/json would build
// its encoders by reflection first, in every generator run.
func EncodeWaivers(header string, ws []Waiver) []byte {
	b := make([]byte, 0, 64+len(header)+160*len(ws))
	b = append(b, "{\n"...)
	if header != "" {
		b = append(b, `  "//": `...)
		b = append(appendJSONString(b, header), ",\n"...)
	}
	if len(ws) == 0 {
		return append(b, "  \"waivers\": []\n}\n"...)
	}
	b = append(b, "  \"waivers\": ["...)
	for i, w := range ws {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {"...)
		b = appendWaiverMember(b, "address", w.Address, true)
		b = appendWaiverMember(b, "rule", w.Rule, false)
		b = appendWaiverMember(b, "reason", w.Reason, false)
		if w.Expires != "" {
			b = appendWaiverMember(b, "expires", w.Expires, false)
		}
		if w.Source != "" {
			b = appendWaiverMember(b, "source", w.Source, false)
		}
		b = append(b, "\n    }"...)
	}
	return append(b, "\n  ]\n}\n"...)
}

// appendWaiverMember appends one member of a waiver's object as
// EncodeWaivers indents it, after a comma unless it is the first.
func appendWaiverMember(b []byte, name, value string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, "\n      \""...)
	b = append(b, name...)
	b = append(b, "\": "...)
	return appendJSONString(b, value)
}

// LoadWaivers reads a waiver file as EncodeWaivers writes it; a bare JSON
// list of {"address", "rule", "reason", "expires"} is accepted too. A
// missing file means no waivers; a waiver without address, rule or reason,
// or with an expiry that is not a date, is an error.
func LoadWaivers(path string) ([]Waiver, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ws []Waiver
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var doc waiverFile
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		ws = doc.Waivers
	} else if err := json.Unmarshal(b, &ws); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var errs []error
	for _, w := range ws {
		if err := w.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return ws, nil
}
