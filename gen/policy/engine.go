package policy

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Rule is one policy. Resource rules set Types and Check and are run on
// every planned resource of those types that is not being deleted; plan
// rules set CheckPlan and see the whole plan.
type Rule struct {
	ID          string
	Title       string
	Severity    Severity
	Enforcement Enforcement
	// Doc says what the rule wants and why, and names the matching
	// checkov and tfsec checks.
	Doc string
	// Types are the resource types the rule judges.
	Types []string
	// Reads are the top-level attributes Check reads on Types; only these
	// are decoded from the plan. Uses lists, per other resource type, the
	// attributes read through links.
	Reads []string
	Uses  map[string][]string
	// UnknownFails makes an unknown result count as a failure.
	UnknownFails bool

	Check     func(r *Resource) Verdict
	CheckPlan func(p *Plan, opts *Options) []Finding
}

// A Verdict is what a rule's Check says about one resource.
type Verdict struct {
	Result  Result
	Message string
}

// Passf, Failf and Unknownf make verdicts.
func Passf(format string, a ...any) Verdict { return verdict(Pass, format, a) }

// Failf makes a failing verdict.
func Failf(format string, a ...any) Verdict { return verdict(Fail, format, a) }

// Unknownf makes an unknown verdict.
func Unknownf(format string, a ...any) Verdict { return verdict(Unknown, format, a) }

// verdict formats a message; most are constant, and Sprintf would only
// copy them, once per resource and rule.
func verdict(r Result, format string, a []any) Verdict {
	if len(a) == 0 && strings.IndexByte(format, '%') < 0 {
		return Verdict{r, format}
	}
	if m, ok := formatPlain(format, a); ok {
		return Verdict{r, m}
	}
	return Verdict{r, fmt.Sprintf(format, a...)}
}

// formatPlain formats as Sprintf does when every verb is %s of a string
// or %d of an int (nearly every rule message), without fmt's
// reflection; ok is false for anything else.
func formatPlain(format string, a []any) (string, bool) {
	n := len(format)
	for _, x := range a {
		if s, ok := x.(string); ok {
			n += len(s)
		} else {
			n += 20
		}
	}
	b := make([]byte, 0, n)
	i := 0
	for {
		j := strings.IndexByte(format[i:], '%')
		if j < 0 {
			break
		}
		b = append(b, format[i:i+j]...)
		i += j
		if i+1 >= len(format) || len(a) == 0 {
			return "", false
		}
		switch v := a[0]; format[i+1] {
		case 's':
			s, ok := v.(string)
			if !ok {
				return "", false
			}
			b = append(b, s...)
		case 'd':
			d, ok := v.(int)
			if !ok {
				return "", false
			}
			b = strconv.AppendInt(b, int64(d), 10)
		default:
			return "", false
		}
		a = a[1:]
		i += 2
	}
	if len(a) > 0 {
		return "", false
	}
	return string(append(b, format[i:]...)), true
}

// A Finding is one rule's result on one resource (or on the whole plan,
// with an empty Address).
type Finding struct {
	Rule         string      `json:"rule_id"`
	Title        string      `json:"title"`
	Severity     Severity    `json:"severity"`
	Enforcement  Enforcement `json:"enforcement_level"`
	Address      string      `json:"address"`
	ResourceType string      `json:"resource_type,omitempty"`
	Result       Result      `json:"result"`
	Message      string      `json:"message"`
	// Blocking is true when the finding makes the report fail.
	Blocking bool `json:"blocking"`
	// Waiver is the waiver that excused the finding.
	Waiver *Waiver `json:"waiver,omitempty"`
	// OverrideReason is set on an overridden finding.
	OverrideReason string `json:"override_reason,omitempty"`
	// Source is "" for the Go rule pack, or where an external policy lives.
	Source string `json:"source,omitempty"`
	// UnknownFails mirrors the rule's setting for unknown results.
	UnknownFails bool `json:"-"`
}

// An Evaluator adds findings from policies outside the Go rule pack, such
// as Rego; it gets the plan file and the run's options and returns
// findings with Severity, Enforcement and Result set, and warnings about
// the policies themselves (such as a set of policies that never ran).
type Evaluator func(planPath string, opts Options) (findings []Finding, warnings []string, err error)

var (
	evalMu     sync.Mutex
	evaluators = map[string]Evaluator{}
)

// RegisterEvaluator makes CheckFile run e when Options.PolicyDirs is set.
// The rego subpackage registers "rego" through its Register function.
func RegisterEvaluator(name string, e Evaluator) {
	evalMu.Lock()
	defer evalMu.Unlock()
	evaluators[name] = e
}

// DefaultRules returns the AWS rule pack and the change rules.
func DefaultRules() []*Rule { return append(AWSRules(), ChangeRules()...) }

// CheckFile judges the plan JSON at path with DefaultRules, and with the
// registered evaluators when opts.PolicyDirs is set.
func CheckFile(path string, opts Options) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep, err := Check(f, DefaultRules(), opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rep.planPath = filepath.ToSlash(path)
	if len(opts.PolicyDirs) > 0 {
		evalMu.Lock()
		evs := make([]string, 0, len(evaluators))
		for n := range evaluators {
			evs = append(evs, n)
		}
		sort.Strings(evs)
		list := make([]Evaluator, len(evs))
		for i, n := range evs {
			list[i] = evaluators[n]
		}
		evalMu.Unlock()
		if len(list) == 0 {
			return nil, errors.New("policy directories given but no policy evaluator is linked in (import gen/policy/rego and build with -tags rego)")
		}
		for _, ev := range list {
			fs, warnings, err := ev(path, opts)
			if err != nil {
				return nil, err
			}
			rep.Warnings = append(rep.Warnings, warnings...)
			rep.add(fs, opts, rep.scrub)
		}
		rep.finish()
	}
	return rep, nil
}

// Check judges the plan JSON read from r with rules.
func Check(r io.Reader, rules []*Rule, opts Options) (*Report, error) {
	if err := validateOptions(opts); err != nil {
		return nil, err
	}
	keep := attrsFor(rules)
	var cfg *Config
	if opts.ConfigDir != "" {
		var err error
		if cfg, err = LoadConfig(opts.ConfigDir); err != nil {
			return nil, err
		}
		cfg.keep(keep)
	}
	p, err := decodePlan(r, func(typ string) *attrSet { return keep[typ] })
	if err != nil {
		return nil, err
	}
	if cfg != nil {
		p.resolve(cfg)
	}
	return Evaluate(p, rules, opts), nil
}

func validateOptions(opts Options) error {
	for _, w := range opts.Waivers {
		if err := w.Validate(); err != nil {
			return err
		}
	}
	for id, reason := range opts.Overrides {
		if strings.TrimSpace(reason) == "" {
			return fmt.Errorf("override of %s needs a reason", id)
		}
	}
	if opts.MaxDestroyShare < 0 || opts.MaxDestroyShare > 1 {
		return fmt.Errorf("max destroy share %v is not between 0 and 1", opts.MaxDestroyShare)
	}
	return nil
}

// attrsFor collects, per resource type, the attributes rules read.
func attrsFor(rules []*Rule) map[string]*attrSet {
	m := map[string]*attrSet{}
	add := func(typ string, attrs []string) {
		s := m[typ]
		if s == nil {
			s = &attrSet{attrs: map[string]bool{"tags": true, "tags_all": true}}
			for _, a := range identityAttrs {
				s.attrs[a] = true
			}
			m[typ] = s
		}
		for _, a := range attrs {
			if a == "*" {
				s.all = true
			}
			s.attrs[a] = true
		}
	}
	for _, r := range rules {
		for _, t := range r.Types {
			add(t, r.Reads)
		}
		for t, attrs := range r.Uses {
			add(t, attrs)
		}
	}
	return m
}

// Evaluate runs rules over a decoded plan.
func Evaluate(p *Plan, rules []*Rule, opts Options) *Report {
	p.ensureIndex()
	rep := &Report{now: opts.Now, sensitive: map[string]bool{}}
	if rep.now.IsZero() {
		rep.now = time.Now()
	}
	for _, w := range opts.Waivers {
		if w.ExpiresSoon(rep.now) && !slices.Contains(rep.WaiversExpiring, w) {
			rep.WaiversExpiring = append(rep.WaiversExpiring, w)
		}
	}
	// Resource by resource, every rule on its type: each resource's
	// values are read while they are in cache, and what several rules
	// parse from one value (a policy document, container definitions)
	// is parsed once.
	byType := map[string][]*Rule{}
	n := 0
	for _, rule := range rules {
		rep.Rules = append(rep.Rules, ruleInfo(rule))
		if rule.Check == nil {
			continue
		}
		for _, t := range rule.Types {
			byType[t] = append(byType[t], rule)
			n += len(p.byType[t])
		}
	}
	fs := make([]Finding, 0, n+len(p.Resources)/4)
	// Findings are made in address order, so that finish only orders
	// the findings of each resource: plan findings without an address
	// first, those with one beside the resource's own.
	onAddr := map[string][]Finding{}
	for _, rule := range rules {
		if rule.CheckPlan != nil {
			for _, f := range rule.CheckPlan(p, &opts) {
				f.Rule, f.Title, f.Severity, f.Enforcement, f.UnknownFails = rule.ID, rule.Title, rule.Severity, rule.Enforcement, rule.UnknownFails
				if f.Address == "" {
					fs = append(fs, f)
				} else {
					onAddr[f.Address] = append(onAddr[f.Address], f)
				}
			}
		}
	}
	order := byAddress(p.Resources)
	p.memoing = true
	defer func() { p.memo, p.memoing = nil, false }()
	for _, r := range order {
		if extra, ok := onAddr[r.Address]; ok {
			fs = append(fs, extra...)
			delete(onAddr, r.Address)
		}
		collectSensitive(r.Get(), rep.sensitive)
		if !r.hasAfter() || r.Change.Actions.Delete() {
			continue
		}
		for _, rule := range byType[r.Type] {
			v := rule.Check(r)
			if p.res != nil {
				v.Message = p.res.explain(r, rule, v)
			}
			fs = append(fs, Finding{
				Rule: rule.ID, Title: rule.Title, Severity: rule.Severity, Enforcement: rule.Enforcement,
				Address: r.Address, ResourceType: r.Type, Result: v.Result, Message: v.Message,
				UnknownFails: rule.UnknownFails,
			})
		}
		if len(p.memo) > 0 {
			clear(p.memo)
			p.memo = p.memo[:0]
		}
	}
	for _, a := range slices.Sorted(maps.Keys(onAddr)) {
		fs = append(fs, onAddr[a]...)
	}
	if p.res != nil {
		p.res.addSensitive(rep.sensitive)
	}
	rep.add(fs, opts, rep.scrub)
	rep.finish()
	return rep
}

// byAddress returns rs in address order, equal addresses in their
// order in rs. It sorts pairs of address and index (a stable order
// without a stable sort's merging), whose strings are read without going
// through each resource.
func byAddress(rs []*Resource) []*Resource {
	if slices.IsSortedFunc(rs, func(a, b *Resource) int { return strings.Compare(a.Address, b.Address) }) {
		return rs
	}
	type key struct {
		addr string
		i    int
	}
	keys := make([]key, len(rs))
	for i, r := range rs {
		keys[i] = key{r.Address, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.addr, b.addr); c != 0 {
			return c
		}
		return a.i - b.i
	})
	out := make([]*Resource, len(rs))
	for i, k := range keys {
		out[i] = rs[k.i]
	}
	return out
}

// collectSensitive gathers the string forms of every sensitive leaf.
func collectSensitive(v Value, out map[string]bool) {
	if !v.Sensitive() {
		return
	}
	n := v.t.at(v.v)
	switch n.kind {
	case kObject:
		for i := n.a; i < n.a+n.b; i++ {
			collectSensitive(v.Get(v.t.keys[v.t.node(ref(i)).key]), out)
		}
	case kArray:
		for i := range int(n.b) {
			collectSensitive(v.Get(i), out)
		}
	case kString, kLongString:
		if x := v.t.str(n); x != "" {
			out[x] = true
		}
	case kNumber:
		out[fmt.Sprint(v.Raw())] = true
	}
}

// scrub replaces every sensitive value in a message, longest first.
func (rep *Report) scrub(msg string) string {
	if len(rep.sensitive) == 0 {
		return msg
	}
	if rep.sensitiveList == nil {
		for s := range rep.sensitive {
			rep.sensitiveList = append(rep.sensitiveList, s)
		}
		sort.Slice(rep.sensitiveList, func(i, j int) bool { return len(rep.sensitiveList[i]) > len(rep.sensitiveList[j]) })
	}
	for _, s := range rep.sensitiveList {
		if strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, "(sensitive)")
		}
	}
	return msg
}

// add applies waivers and overrides to findings, in place, and adds them:
// the first batch becomes the report's list without a copy, which at a
// million findings is hundreds of megabytes.
func (rep *Report) add(fs []Finding, opts Options, scrub func(string) string) {
	for i := range fs {
		f := &fs[i]
		f.Message = scrub(f.Message)
		failing := f.Result == Fail || (f.Result == Unknown && f.UnknownFails)
		if f.Result == Fail || f.Result == Unknown {
			for _, w := range opts.Waivers {
				if w.Rule != f.Rule || !w.covers(f.Address) {
					continue
				}
				if w.Expired(rep.now) {
					rep.noteExpired(w)
					continue
				}
				w := w
				f.Result, f.Waiver, failing = Waived, &w, false
				rep.noteWaiver(w)
				break
			}
		}
		if failing && f.Enforcement == SoftMandatory {
			if reason, ok := opts.Overrides[f.Rule]; ok {
				f.Result, f.OverrideReason, failing = Overridden, reason, false
			}
		}
		f.Blocking = failing && f.Enforcement.Mandatory()
	}
	if rep.Findings == nil {
		rep.Findings = fs
	} else {
		rep.Findings = append(rep.Findings, fs...)
	}
	for id, reason := range opts.Overrides {
		rep.noteOverride(id, reason)
	}
}

func (rep *Report) noteWaiver(w Waiver) {
	for _, x := range rep.WaiversUsed {
		if x == w {
			return
		}
	}
	rep.WaiversUsed = append(rep.WaiversUsed, w)
}

func (rep *Report) noteExpired(w Waiver) {
	for _, x := range rep.WaiversExpired {
		if x == w {
			return
		}
	}
	rep.WaiversExpired = append(rep.WaiversExpired, w)
}

func (rep *Report) noteOverride(id, reason string) {
	for _, o := range rep.Overrides {
		if o.Rule == id {
			return
		}
	}
	rep.Overrides = append(rep.Overrides, Override{Rule: id, Reason: reason})
}

// finish sorts findings (worst first, by address) and counts overrides.
func (rep *Report) finish() {
	sortFindings(rep.Findings)
	for i := range rep.Overrides {
		o := &rep.Overrides[i]
		o.Findings, o.Refused = 0, 0
		for _, f := range rep.Findings {
			if f.Rule != o.Rule {
				continue
			}
			if f.Result == Overridden {
				o.Findings++
			} else if f.Blocking {
				o.Refused++
			}
		}
	}
	sort.Slice(rep.Overrides, func(i, j int) bool { return rep.Overrides[i].Rule < rep.Overrides[j].Rule })
}

// sortFindings sorts by address, worst first, then by rule, keeping the
// order of findings equal in all three. Findings are large, so it sorts
// indexes and then moves each finding once.
func sortFindings(fs []Finding) {
	if slices.IsSortedFunc(fs, func(a, b Finding) int { return strings.Compare(a.Address, b.Address) }) {
		// Made in address order (Evaluate): order each resource's few.
		for i := 0; i < len(fs); {
			j := i + 1
			for j < len(fs) && fs[j].Address == fs[i].Address {
				j++
			}
			if j-i > 1 {
				slices.SortStableFunc(fs[i:j], func(a, b Finding) int {
					if ra, rb := rank(a), rank(b); ra != rb {
						return rb - ra
					}
					return strings.Compare(a.Rule, b.Rule)
				})
			}
			i = j
		}
		return
	}
	type key struct {
		addr, rule string
		rank, i    int32
	}
	keys := make([]key, len(fs))
	for i := range fs {
		f := &fs[i]
		keys[i] = key{f.Address, f.Rule, int32(rank(*f)), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.addr, b.addr); c != 0 {
			return c
		}
		if a.rank != b.rank {
			return int(b.rank - a.rank)
		}
		if c := strings.Compare(a.rule, b.rule); c != 0 {
			return c
		}
		return int(a.i - b.i)
	})
	// Finding i goes to the place of the key that names it: follow each
	// cycle of the permutation with one finding in hand.
	for start := range keys {
		if keys[start].i < 0 {
			continue
		}
		tmp := fs[start]
		j := start
		for {
			src := int(keys[j].i)
			keys[j].i = -1
			if src == start {
				fs[j] = tmp
				break
			}
			fs[j] = fs[src]
			j = src
		}
	}
}

// rank orders findings for reports: blocking first, then by result and
// severity.
func rank(f Finding) int {
	r := int(f.Severity)
	switch {
	case f.Blocking:
		r += 100
	case f.Result == Fail:
		r += 80
	case f.Result == Unknown:
		r += 60
	case f.Result == Overridden:
		r += 40
	case f.Result == Waived:
		r += 20
	}
	return r
}
