package policy

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// OutsideIDs are the ids under which the outside scanners know a rule:
// checkov's (CKV_AWS_145), tfsec's (aws-s3-encryption-customer-key) and
// the AVD ids that trivy and tfsec both read (AVD-AWS-0132). A waiver
// renders an inline ignore for each of them.
type OutsideIDs struct {
	Checkov, Tfsec, AVD []string
}

// Empty reports whether no outside scanner has the rule.
func (o OutsideIDs) Empty() bool { return len(o.Checkov)+len(o.Tfsec)+len(o.AVD) == 0 }

// lazyRegexp compiles expr when it is first used: a process that does
// not check, or checks without reading a rule's outside ids, does not
// compile them in its (serial) package initialization, and one that does
// compiles them on the goroutines that use them.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

var (
	// "checkov CKV_AWS_62, CKV_AWS_286..289 (note); ..." but not "checkov has
	// no equivalent (CKV_AWS_45 is Lambda's)".
	checkovClause = lazyRegexp(`checkov ((?:CKV2?_AWS_\d+(?:\.\.\d+)?(?: \([^)]*\))?(?:, )?)+)`)
	checkovID     = lazyRegexp(`(CKV2?_AWS_)(\d+)(?:\.\.(\d+))?`)
	// "tfsec aws-a, aws-b (AVD-AWS-0086, 0087)" or "(AVD-AWS-0099, AVD-AWS-0124)".
	tfsecClause = lazyRegexp(`tfsec ((?:aws-[a-z0-9-]+[a-z0-9](?:, )?)+)(?: \(([^)]*)\))?`)
	tfsecID     = lazyRegexp(`aws-[a-z0-9-]+[a-z0-9]`)
	avdID       = lazyRegexp(`(?:AVD-AWS-)?(\d{4})`)
)

// Outside reads the outside ids from the rule's Doc, which names them in
// one form for every rule ("checkov CKV_AWS_19; tfsec
// aws-s3-enable-bucket-encryption (AVD-AWS-0088)", "tfsec has no
// equivalent"), so the ids live in one place.
func (r *Rule) Outside() OutsideIDs {
	var o OutsideIDs
	for _, m := range checkovClause().FindAllStringSubmatch(r.Doc, -1) {
		for _, id := range checkovID().FindAllStringSubmatch(m[1], -1) {
			from, _ := strconv.Atoi(id[2])
			to := from
			if id[3] != "" {
				to, _ = strconv.Atoi(id[3])
			}
			for n := from; n <= to; n++ {
				o.Checkov = append(o.Checkov, id[1]+strconv.Itoa(n))
			}
		}
	}
	for _, m := range tfsecClause().FindAllStringSubmatch(r.Doc, -1) {
		o.Tfsec = append(o.Tfsec, tfsecID().FindAllString(m[1], -1)...)
		if strings.Contains(m[2], "AVD-AWS-") {
			for _, id := range avdID().FindAllStringSubmatch(m[2], -1) {
				o.AVD = append(o.AVD, "AVD-AWS-"+id[1])
			}
		}
	}
	return o
}

// OutsideIDsOf is Outside of the rule with that id among DefaultRules;
// false when there is no such rule. The renderer asks once per waiver, so
// the rule pack is built once per process, and each rule's ids are read
// from its Doc when it is first asked for: the platform waives a handful
// of rules, and reading every rule's Doc was 1% of gen's CPU time.
func OutsideIDsOf(rule string) (OutsideIDs, bool) {
	if o, ok := outsideIDs.Load(rule); ok {
		return o.(OutsideIDs), true
	}
	r := rulesByID()[rule]
	if r == nil {
		return OutsideIDs{}, false
	}
	o, _ := outsideIDs.LoadOrStore(rule, r.Outside())
	return o.(OutsideIDs), true
}

// outsideIDs holds OutsideIDsOf by rule id, as read so far.
var outsideIDs sync.Map

// rulesByID are DefaultRules by id, the first rule of each id.
var rulesByID = sync.OnceValue(func() map[string]*Rule {
	m := map[string]*Rule{}
	for _, r := range DefaultRules() {
		if _, seen := m[r.ID]; !seen {
			m[r.ID] = r
		}
	}
	return m
})
