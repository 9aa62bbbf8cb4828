package policy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math/bits"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Report is the outcome of a check.
type Report struct {
	// Findings, grouped by address, worst first within a resource.
	Findings []Finding `json:"findings"`
	// WaiversUsed lists every waiver that excused a finding.
	WaiversUsed []Waiver `json:"waivers_used"`
	// WaiversExpired lists waivers that matched a finding but had expired.
	WaiversExpired []Waiver `json:"waivers_expired"`
	// WaiversExpiring lists the run's waivers that still apply but expire
	// within WaiverWarnDays.
	WaiversExpiring []Waiver `json:"waivers_expiring"`
	// Overrides lists the run's overrides and what they did.
	Overrides []Override `json:"overrides"`
	// Warnings are problems with the check itself that did not stop it,
	// such as Rego policies none of whose rules was evaluated.
	Warnings []string `json:"warnings"`
	// Rules describes every rule that ran.
	Rules []RuleInfo `json:"-"`

	planPath      string
	now           time.Time
	sensitive     map[string]bool
	sensitiveList []string
}

// An Override lets one soft-mandatory rule's failures through for one run.
type Override struct {
	Rule   string `json:"rule_id"`
	Reason string `json:"reason"`
	// Findings is how many failures it let through; Refused how many it
	// could not, because the rule is hard-mandatory.
	Findings int `json:"findings"`
	Refused  int `json:"refused"`
}

// RuleInfo describes a rule for reports.
type RuleInfo struct {
	ID, Title, Doc string
	Severity       Severity
	Enforcement    Enforcement
}

func ruleInfo(r *Rule) RuleInfo {
	return RuleInfo{ID: r.ID, Title: r.Title, Doc: r.Doc, Severity: r.Severity, Enforcement: r.Enforcement}
}

// Failed reports whether any hard- or soft-mandatory finding failed (or was
// unknown where its rule counts unknown as failure) and was neither waived
// nor overridden.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		if f.Blocking {
			return true
		}
	}
	return false
}

// Counts returns how many findings have each result.
func (r *Report) Counts() map[Result]int {
	m := map[Result]int{}
	for _, f := range r.Findings {
		m[f.Result]++
	}
	return m
}

// TextWidth is the widest line WriteText writes.
const TextWidth = 120

// WriteText writes the report for a terminal, within TextWidth columns:
// every finding that is not a pass, grouped by resource with the worst
// resource first and the worst finding first within it, each as a short
// row (result, rule, severity, enforcement) with its message and any
// waiver or override reason on lines of their own below it; then the
// waivers that have expired or expire soon, with what to do, the
// overrides, and one summary line.
func (r *Report) WriteText(w io.Writer) error {
	type group struct {
		worst int
		idx   []int // into r.Findings
	}
	byAddr := map[string]*group{}
	var groups []*group
	ruleW := 0
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Result == Pass {
			continue
		}
		g := byAddr[f.Address]
		if g == nil {
			g = &group{}
			byAddr[f.Address] = g
			groups = append(groups, g)
		}
		g.idx = append(g.idx, i)
		if k := rank(*f); k > g.worst {
			g.worst = k
		}
		ruleW = max(ruleW, len(f.Rule))
	}
	// Long Rego rule ids would push every row past the width.
	ruleW = min(ruleW, 48)
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].worst > groups[j].worst })
	bw := bufio.NewWriter(w)
	for _, g := range groups {
		addr := r.Findings[g.idx[0]].Address
		if addr == "" {
			addr = "(plan)"
		}
		writeWrapped(bw, "", "", addr)
		for _, i := range g.idx {
			f := &r.Findings[i]
			res := strings.ToUpper(string(f.Result))
			if f.Blocking {
				res += "!"
			}
			row := fmt.Sprintf("%-10s  %-*s  %-8s  %s", res, ruleW, f.Rule, f.Severity, f.Enforcement)
			writeWrapped(bw, "  ", "  ", row)
			writeWrapped(bw, "      ", "      ", oneLine(f.Message))
			if f.Waiver != nil {
				writeWrapped(bw, "      ", "        ", "waived"+until(*f.Waiver)+": "+oneLine(f.Waiver.Reason))
			}
			if f.OverrideReason != "" {
				writeWrapped(bw, "      ", "        ", "overridden for this run: "+oneLine(f.OverrideReason))
			}
		}
	}
	for _, x := range r.Warnings {
		writeWrapped(bw, "", "  ", "warning: "+oneLine(x))
	}
	for _, x := range r.WaiversExpiring {
		days, _ := x.DaysLeft(r.now)
		line := fmt.Sprintf("warning: waiver of %s for %s expires on %s (in %d day(s))", x.Rule, x.Address, x.Expires, days)
		if x.Source != "" {
			line += "; declared at " + x.Source
		}
		writeWrapped(bw, "", "  ", line)
	}
	if len(r.WaiversExpiring) > 0 {
		writeWrapped(bw, "  ", "  ", "before then: fix the resource, or renew the waiver where it is declared with a new expiry and reason, and run `go run ./gen`")
	}
	for _, x := range r.WaiversExpired {
		writeWrapped(bw, "", "  ", fmt.Sprintf("waiver EXPIRED on %s, no longer applied: %s for %s. To pass: %s",
			x.Expires, x.Rule, x.Address, x.Remedy()))
	}
	for _, o := range r.Overrides {
		line := fmt.Sprintf("override %s: %q let %d failure(s) through", o.Rule, oneLine(o.Reason), o.Findings)
		if o.Refused > 0 {
			line += fmt.Sprintf("; %d not overridable (hard-mandatory)", o.Refused)
		}
		writeWrapped(bw, "", "  ", line)
	}
	c := r.Counts()
	verdict := "PASSED"
	if r.Failed() {
		verdict = "FAILED"
	}
	summary := fmt.Sprintf("policy check %s: %d pass, %d fail, %d unknown, %d waived, %d overridden",
		verdict, c[Pass], c[Fail], c[Unknown], c[Waived], c[Overridden])
	if n := len(r.WaiversExpired); n > 0 {
		summary += fmt.Sprintf(", %d waiver(s) expired", n)
	}
	if n := len(r.WaiversExpiring); n > 0 {
		summary += fmt.Sprintf(", %d expiring within %d days", n, WaiverWarnDays)
	}
	summary += " (! = blocks apply)"
	writeWrapped(bw, "", "  ", summary)
	return bw.Flush()
}

// writeWrapped writes s as lines of at most TextWidth columns: the first
// prefixed by first, the rest by rest, broken at spaces where it can and
// inside a word only when one word is wider than a line.
func writeWrapped(w *bufio.Writer, first, rest, s string) {
	prefix := first
	for {
		room := TextWidth - len(prefix)
		if len(s) <= room {
			w.WriteString(prefix)
			w.WriteString(strings.TrimRight(s, " "))
			w.WriteByte('\n')
			return
		}
		cut := strings.LastIndexByte(s[:room+1], ' ')
		next := cut + 1
		if cut <= 0 {
			cut, next = room, room
		}
		w.WriteString(prefix)
		w.WriteString(strings.TrimRight(s[:cut], " "))
		w.WriteByte('\n')
		s = strings.TrimLeft(s[next:], " ")
		prefix = rest
		if s == "" {
			return
		}
	}
}

func until(w Waiver) string {
	if w.Expires == "" {
		return ""
	}
	return " until " + w.Expires
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// WriteJSON writes the report as JSON: failed, findings (rule id,
// severity, enforcement level, address, result, message), waivers,
// overrides, warnings and a summary. It is streamed: findings are encoded
// one at a time, so the report never sits whole in memory.
func (r *Report) WriteJSON(w io.Writer) error {
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	jw.raw("{\n  \"failed\": ")
	jw.raw(strconv.FormatBool(r.Failed()))
	jw.findings(r.Findings)
	jw.list("waivers_used", len(r.WaiversUsed), func(i int) any { return r.WaiversUsed[i] })
	jw.list("waivers_expired", len(r.WaiversExpired), func(i int) any { return r.WaiversExpired[i] })
	jw.list("waivers_expiring", len(r.WaiversExpiring), func(i int) any { return r.WaiversExpiring[i] })
	jw.list("overrides", len(r.Overrides), func(i int) any { return r.Overrides[i] })
	jw.list("warnings", len(r.Warnings), func(i int) any { return r.Warnings[i] })
	jw.raw(",\n  \"summary\": ")
	jw.value(r.Counts(), "  ")
	jw.raw("\n}\n")
	return jw.flush()
}

// jsonWriter writes an indented JSON document piece by piece, keeping the
// first error. Values go through one encoder and buffer, reused: a
// report of a million findings would otherwise leave a gigabyte of
// garbage behind.
type jsonWriter struct {
	w      *bufio.Writer
	err    error
	buf    bytes.Buffer
	enc    *json.Encoder
	prefix string
	// scratch holds one finding while it is written.
	scratch []byte
	// heads holds ruleHead's text by rule id.
	heads map[string]*ruleHead
	// addr and typ are the last finding's address and resource type,
	// and addrText their members as findings writes them.
	addr, typ string
	addrText  []byte
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

func (j *jsonWriter) value(v any, prefix string) {
	if j.err != nil {
		return
	}
	if j.enc == nil || j.prefix != prefix {
		j.enc = json.NewEncoder(&j.buf)
		j.enc.SetIndent(prefix, "  ")
		j.prefix = prefix
	}
	j.buf.Reset()
	if j.err = j.enc.Encode(v); j.err != nil {
		return
	}
	// Encode ends the value with a newline; MarshalIndent, which wrote
	// these reports first, does not.
	_, j.err = j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// list writes ,\n  "key": [...] with n elements, each from elem, and []
// (never null) when n is 0.
func (j *jsonWriter) list(key string, n int, elem func(i int) any) {
	j.raw(",\n  " + strconv.Quote(key) + ": [")
	for i := 0; i < n; i++ {
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n    ")
		j.value(elem(i), "    ")
	}
	if n > 0 {
		j.raw("\n  ")
	}
	j.raw("]")
}

// findings writes ,\n  "findings": [...] as list does, each finding as
// the encoder writes it (the same keys, order, omissions and escapes) but
// without reflection and re-indenting: at 100k changes those were a
// third of a check's time.
func (j *jsonWriter) findings(fs []Finding) {
	j.raw(",\n  \"findings\": [")
	b := j.scratch
	for i := range fs {
		f := &fs[i]
		if j.err != nil {
			return
		}
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\n      \"rule_id\": "...)
		h := j.ruleHead(f)
		b = append(b, h.text...)
		// A resource's findings come together and share their address
		// and type, and many of a rule's findings their message: each
		// is escaped once for the findings in a row that repeat it.
		if f.Address != j.addr || f.ResourceType != j.typ || j.addrText == nil {
			j.addr, j.typ = f.Address, f.ResourceType
			j.addrText = jsonField(j.addrText[:0], "address", f.Address)
			if f.ResourceType != "" {
				j.addrText = jsonField(j.addrText, "resource_type", f.ResourceType)
			}
		}
		b = append(b, j.addrText...)
		b = jsonField(b, "result", string(f.Result))
		if f.Message != h.msg || h.msgText == nil {
			h.msg = f.Message
			h.msgText = jsonField(h.msgText[:0], "message", f.Message)
		}
		b = append(b, h.msgText...)
		b = append(b, ",\n      \"blocking\": "...)
		b = strconv.AppendBool(b, f.Blocking)
		if f.Waiver != nil {
			b = append(b, ",\n      \"waiver\": "...)
			_, j.err = j.w.Write(b)
			j.value(f.Waiver, "      ")
			b = b[:0]
		}
		if f.OverrideReason != "" {
			b = jsonField(b, "override_reason", f.OverrideReason)
		}
		if f.Source != "" {
			b = jsonField(b, "source", f.Source)
		}
		b = append(b, "\n    }"...)
		if j.err == nil {
			_, j.err = j.w.Write(b)
		}
	}
	j.scratch = b
	if len(fs) > 0 {
		j.raw("\n  ")
	}
	j.raw("]")
}

// ruleHead returns the head of a finding's rule: its rule id, title,
// severity and enforcement level as findings writes them, the same for
// every finding of a rule, so written once per rule.
func (j *jsonWriter) ruleHead(f *Finding) *ruleHead {
	h, ok := j.heads[f.Rule]
	if !ok || h.title != f.Title || h.sev != f.Severity || h.enf != f.Enforcement {
		b := appendJSONString(nil, f.Rule)
		b = jsonField(b, "title", f.Title)
		b = jsonField(b, "severity", f.Severity.String())
		b = jsonField(b, "enforcement_level", f.Enforcement.String())
		h = &ruleHead{title: f.Title, sev: f.Severity, enf: f.Enforcement, text: b}
		if j.heads == nil {
			j.heads = map[string]*ruleHead{}
		}
		j.heads[f.Rule] = h
	}
	return h
}

// A ruleHead is the text findings writes for a rule's findings, and the
// message member of the last of them.
type ruleHead struct {
	title string
	sev   Severity
	enf   Enforcement
	text  []byte
	// msg is the last message written for the rule, msgText its member.
	msg     string
	msgText []byte
}

// jsonField appends a finding's string member after the one before.
func jsonField(b []byte, name, val string) []byte {
	b = append(b, ",\n      \""...)
	b = append(b, name...)
	b = append(b, "\": "...)
	return appendJSONString(b, val)
}

// appendJSONString appends s as encoding/json writes it (HTML characters
// escaped): runs of printable ASCII that need no escape are copied whole,
// quotes, backslashes and HTML characters escaped between them, and a
// string with a control character or non-ASCII byte (rare in a report)
// goes through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	start := len(b)
	b = append(b, '"')
	for i := 0; i < len(s); {
		j := jsonRun(s, i)
		b = append(b, s[i:j]...)
		if j == len(s) {
			break
		}
		switch c := s[j]; c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '<', '>', '&':
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			q, _ := json.Marshal(s)
			return append(b[:start], q...)
		}
		i = j + 1
	}
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// jsonRun returns the index of the first byte at or after i that
// encoding/json does not write as it is (see jsonPlain), or len(s). Like
// strRun it looks at eight bytes at a time, with one test per special
// byte and two for the ranges: below 0x20, and 0x7f or above ((x&0x7f..)
// + 1 carries into a byte's high bit only from 0x7f, and never into the
// next byte).
func jsonRun(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		m := x | ((x &^ swarHigh) + swarOnes)
		m |= (x - swarOnes*0x20) &^ x
		q, e := x^(swarOnes*'"'), x^(swarOnes*'\\')
		lt, gt, amp := x^(swarOnes*'<'), x^(swarOnes*'>'), x^(swarOnes*'&')
		m |= (q-swarOnes)&^q | (e-swarOnes)&^e | (lt-swarOnes)&^lt |
			(gt-swarOnes)&^gt | (amp-swarOnes)&^amp
		if m&swarHigh != 0 {
			return i + bits.TrailingZeros64(m&swarHigh)>>3
		}
	}
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	return i
}

// jsonPlain marks the bytes encoding/json writes as they are: printable
// ASCII but for quote, backslash and the HTML characters.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

func (j *jsonWriter) flush() error {
	if j.err != nil {
		return j.err
	}
	return j.w.Flush()
}

// WriteJUnit writes JUnit XML: one test suite per rule, one test case per
// finding; blocking findings are failures, other non-passes are skipped
// with their message. Test cases are streamed one at a time.
func (r *Report) WriteJUnit(w io.Writer) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type skipped struct {
		Message string `xml:"message,attr"`
	}
	type testcase struct {
		XMLName   xml.Name `xml:"testcase"`
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		Skipped   *skipped `xml:"skipped,omitempty"`
	}
	// Suites carry their counts as attributes, so count first, then write.
	type suite struct {
		rule, title              string
		tests, failures, skipped int
		idx                      []int32
	}
	order := map[string]int{}
	var suites []*suite
	total, failures := 0, 0
	for i := range r.Findings {
		f := &r.Findings[i]
		k, ok := order[f.Rule]
		if !ok {
			k = len(suites)
			order[f.Rule] = k
			suites = append(suites, &suite{rule: f.Rule, title: f.Title})
		}
		s := suites[k]
		s.tests++
		total++
		switch {
		case f.Blocking:
			s.failures++
			failures++
		case f.Result != Pass:
			s.skipped++
		}
		s.idx = append(s.idx, int32(i))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	attr := func(name, v string) xml.Attr { return xml.Attr{Name: xml.Name{Local: name}, Value: v} }
	root := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{
		attr("name", "moochat policy"), attr("tests", strconv.Itoa(total)), attr("failures", strconv.Itoa(failures))}}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	for _, s := range suites {
		st := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: []xml.Attr{
			attr("name", s.rule+" "+s.title), attr("tests", strconv.Itoa(s.tests)),
			attr("failures", strconv.Itoa(s.failures)), attr("skipped", strconv.Itoa(s.skipped))}}
		if err := enc.EncodeToken(st); err != nil {
			return err
		}
		for _, i := range s.idx {
			f := &r.Findings[i]
			addr := f.Address
			if addr == "" {
				addr = "(plan)"
			}
			tc := testcase{Name: addr, Classname: f.Rule}
			detail := fmt.Sprintf("%s [%s, %s]: %s", f.Result, f.Severity, f.Enforcement, f.Message)
			switch {
			case f.Blocking:
				tc.Failure = &failure{Message: f.Message, Type: string(f.Result), Text: detail}
			case f.Result != Pass:
				tc.Skipped = &skipped{Message: detail}
			}
			if err := enc.Encode(tc); err != nil {
				return err
			}
		}
		if err := enc.EncodeToken(st.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	if _, err := bw.WriteString("\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteSARIF writes SARIF 2.1.0 as GitHub code scanning accepts it: one
// run, the rules as reportingDescriptors, a result per finding that is not
// a pass. Results point at the plan's resource address as a logical
// location, since a plan has no source lines; waived and overridden
// findings carry a suppression.
func (r *Report) WriteSARIF(w io.Writer) error {
	type msg struct {
		Text string `json:"text"`
	}
	type rule struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     msg            `json:"shortDescription"`
		FullDescription      msg            `json:"fullDescription"`
		Help                 msg            `json:"help"`
		DefaultConfiguration map[string]any `json:"defaultConfiguration"`
		Properties           map[string]any `json:"properties"`
	}
	type logical struct {
		Name               string `json:"name,omitempty"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	type location struct {
		PhysicalLocation map[string]any `json:"physicalLocation,omitempty"`
		LogicalLocations []logical      `json:"logicalLocations"`
	}
	type suppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
	}
	type result struct {
		RuleID       string         `json:"ruleId"`
		RuleIndex    int            `json:"ruleIndex"`
		Level        string         `json:"level"`
		Message      msg            `json:"message"`
		Locations    []location     `json:"locations"`
		Suppressions []suppression  `json:"suppressions,omitempty"`
		Properties   map[string]any `json:"properties"`
	}
	ruleIdx := map[string]int{}
	var rules []rule
	addRule := func(id, title, doc string, sev Severity, enf Enforcement) {
		if _, ok := ruleIdx[id]; ok {
			return
		}
		ruleIdx[id] = len(rules)
		if doc == "" {
			doc = title
		}
		rules = append(rules, rule{
			ID: id, Name: id, ShortDescription: msg{title}, FullDescription: msg{oneLine(doc)}, Help: msg{oneLine(doc)},
			DefaultConfiguration: map[string]any{"level": sarifLevel(sev, enf)},
			Properties: map[string]any{
				"security-severity": securitySeverity(sev), "enforcement_level": enf.String(), "tags": []string{"security", "terraform"},
			},
		})
	}
	for _, ri := range r.Rules {
		addRule(ri.ID, ri.Title, ri.Doc, ri.Severity, ri.Enforcement)
	}
	// A plan has no source lines: results point at the plan file and name
	// the resource as a logical location.
	artifact := artifactURI(r.planPath)
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Result != Pass {
			addRule(f.Rule, f.Title, "", f.Severity, f.Enforcement)
		}
	}
	if rules == nil {
		rules = []rule{}
	}
	result1 := func(f *Finding) result {
		addr := f.Address
		if addr == "" {
			addr = "plan"
		}
		res := result{
			RuleID: f.Rule, RuleIndex: ruleIdx[f.Rule], Level: sarifLevel(f.Severity, f.Enforcement),
			Message: msg{fmt.Sprintf("%s: %s (%s)", addr, f.Message, f.Result)},
			Locations: []location{{
				PhysicalLocation: map[string]any{
					"artifactLocation": map[string]any{"uri": artifact},
					"region":           map[string]any{"startLine": 1},
				},
				LogicalLocations: []logical{{Name: addr, FullyQualifiedName: addr, Kind: "resource"}},
			}},
			Properties: map[string]any{"result": f.Result, "blocking": f.Blocking},
		}
		if f.Result == Unknown && !f.Blocking {
			res.Level = "note"
		}
		if f.Waiver != nil {
			res.Suppressions = []suppression{{Kind: "external", Justification: f.Waiver.Reason}}
		}
		if f.Result == Overridden {
			res.Suppressions = []suppression{{Kind: "external", Justification: "overridden for this run: " + f.OverrideReason}}
		}
		return res
	}
	// The document is written around the results, which are encoded one
	// at a time rather than held as one value.
	tool := map[string]any{"driver": map[string]any{
		"name": "moochat-policy", "informationUri": "https://github.com/runntimeterror/moo-chat-infrastructure",
		"semanticVersion": "1.0.0", "rules": rules,
	}}
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	jw.raw("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ")
	jw.value(tool, "      ")
	if len(r.Warnings) > 0 {
		// Problems with the check itself, as SARIF's tool notifications.
		var notes []map[string]any
		for _, w := range r.Warnings {
			notes = append(notes, map[string]any{"level": "warning", "message": msg{w}})
		}
		jw.raw(",\n      \"invocations\": ")
		jw.value([]map[string]any{{"executionSuccessful": true, "toolExecutionNotifications": notes}}, "      ")
	}
	jw.raw(",\n      \"results\": [")
	n := 0
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Result == Pass {
			continue
		}
		if n > 0 {
			jw.raw(",")
		}
		n++
		jw.raw("\n        ")
		jw.value(result1(f), "        ")
	}
	if n > 0 {
		jw.raw("\n      ")
	}
	jw.raw("]\n    }\n  ]\n}\n")
	return jw.flush()
}

// artifactURI turns the plan's slash-separated path into the URI
// reference SARIF's artifactLocation.uri must be: characters outside
// RFC 3986 (a space) and those that would end the path ('#', '?') are
// percent-encoded, and an absolute path becomes a file URI.
func artifactURI(path string) string {
	if path == "" {
		return "plan.json"
	}
	u := url.URL{Path: path}
	if strings.HasPrefix(path, "/") {
		u.Scheme = "file"
	} else if len(path) > 1 && path[1] == ':' {
		// A Windows drive letter: file:///C:/...
		u.Scheme, u.Path = "file", "/"+path
	}
	return u.String()
}

func sarifLevel(s Severity, e Enforcement) string {
	switch {
	case e == Advisory || s == Low:
		return "note"
	case s == Medium:
		return "warning"
	}
	return "error"
}

// securitySeverity maps severities onto GitHub's 0-10 scale.
func securitySeverity(s Severity) string {
	switch s {
	case Critical:
		return "9.5"
	case High:
		return "8.0"
	case Medium:
		return "5.5"
	}
	return "2.0"
}
