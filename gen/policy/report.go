package policy

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
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
	// Overrides lists the run's overrides and what they did.
	Overrides []Override `json:"overrides"`
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

// WriteText writes a table for the terminal: every finding that is not a
// pass, grouped by resource with the worst resource first, then the waivers,
// overrides and a summary.
func (r *Report) WriteText(w io.Writer) error {
	type group struct {
		addr  string
		worst int
		fs    []Finding
	}
	byAddr := map[string]*group{}
	var groups []*group
	for _, f := range r.Findings {
		if f.Result == Pass {
			continue
		}
		g := byAddr[f.Address]
		if g == nil {
			g = &group{addr: f.Address}
			byAddr[f.Address] = g
			groups = append(groups, g)
		}
		g.fs = append(g.fs, f)
		if k := rank(f); k > g.worst {
			g.worst = k
		}
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].worst > groups[j].worst })
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, g := range groups {
		addr := g.addr
		if addr == "" {
			addr = "(plan)"
		}
		fmt.Fprintf(tw, "%s\n", addr)
		for _, f := range g.fs {
			res := strings.ToUpper(string(f.Result))
			if f.Blocking {
				res += "!"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", res, f.Rule, f.Severity, f.Enforcement, oneLine(f.Message))
			if f.Waiver != nil {
				fmt.Fprintf(tw, "  \t\twaived: %s\t\t\n", oneLine(f.Waiver.Reason))
			}
			if f.OverrideReason != "" {
				fmt.Fprintf(tw, "  \t\toverridden: %s\t\t\n", oneLine(f.OverrideReason))
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, x := range r.WaiversUsed {
		fmt.Fprintf(w, "waiver used: %s %s (%s)%s\n", x.Rule, x.Address, oneLine(x.Reason), expires(x))
	}
	for _, x := range r.WaiversExpired {
		fmt.Fprintf(w, "waiver EXPIRED, not applied: %s %s (expired %s)\n", x.Rule, x.Address, x.Expires)
	}
	for _, o := range r.Overrides {
		fmt.Fprintf(w, "override %s: %q let %d failure(s) through", o.Rule, oneLine(o.Reason), o.Findings)
		if o.Refused > 0 {
			fmt.Fprintf(w, "; %d not overridable (hard-mandatory)", o.Refused)
		}
		fmt.Fprintln(w)
	}
	c := r.Counts()
	verdict := "PASSED"
	if r.Failed() {
		verdict = "FAILED"
	}
	_, err := fmt.Fprintf(w, "policy check %s: %d pass, %d fail, %d unknown, %d waived, %d overridden (! = blocks apply)\n",
		verdict, c[Pass], c[Fail], c[Unknown], c[Waived], c[Overridden])
	return err
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func expires(w Waiver) string {
	if w.Expires == "" {
		return ""
	}
	return ", expires " + w.Expires
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
