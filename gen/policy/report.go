package policy

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
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

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// WriteJSON writes the report as JSON: findings (rule id, severity,
// enforcement level, address, result, message), waivers and overrides.
func (r *Report) WriteJSON(w io.Writer) error {
	out := struct {
		Failed bool `json:"failed"`
		*Report
		Summary map[Result]int `json:"summary"`
	}{r.Failed(), r, r.Counts()}
	// Empty lists, not nulls, for consumers that iterate.
	cp := *r
	cp.Findings = orEmpty(cp.Findings)
	cp.WaiversUsed, cp.WaiversExpired = orEmpty(cp.WaiversUsed), orEmpty(cp.WaiversExpired)
	cp.WaiversExpiring = orEmpty(cp.WaiversExpiring)
	cp.Warnings = orEmpty(cp.Warnings)
	cp.Overrides = orEmpty(cp.Overrides)
	out.Report = &cp
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteJUnit writes JUnit XML: one test suite per rule, one test case per
// finding; blocking findings are failures, other non-passes are skipped
// with their message.
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
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		Skipped   *skipped `xml:"skipped,omitempty"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	type suite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	type suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Name     string   `xml:"name,attr"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []suite  `xml:"testsuite"`
	}
	idx := map[string]int{}
	out := suites{Name: "moochat policy"}
	for _, f := range r.Findings {
		i, ok := idx[f.Rule]
		if !ok {
			i = len(out.Suites)
			idx[f.Rule] = i
			out.Suites = append(out.Suites, suite{Name: f.Rule + " " + f.Title})
		}
		s := &out.Suites[i]
		addr := f.Address
		if addr == "" {
			addr = "(plan)"
		}
		tc := testcase{Name: addr, Classname: f.Rule}
		detail := fmt.Sprintf("%s [%s, %s]: %s", f.Result, f.Severity, f.Enforcement, f.Message)
		switch {
		case f.Blocking:
			tc.Failure = &failure{Message: f.Message, Type: string(f.Result), Text: detail}
			s.Failures++
			out.Failures++
		case f.Result != Pass:
			tc.Skipped = &skipped{Message: detail}
			s.Skipped++
		}
		s.Tests++
		out.Tests++
		s.Cases = append(s.Cases, tc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
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
	artifact := r.planPath
	if artifact == "" {
		artifact = "plan.json"
	}
	results := []result{}
	for _, f := range r.Findings {
		if f.Result == Pass {
			continue
		}
		addRule(f.Rule, f.Title, "", f.Severity, f.Enforcement)
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
		results = append(results, res)
	}
	if rules == nil {
		rules = []rule{}
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "moochat-policy", "informationUri": "https://github.com/runntimeterror/moo-chat-infrastructure",
				"semanticVersion": "1.0.0", "rules": rules,
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
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
