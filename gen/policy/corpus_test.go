package policy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The corpus under testdata/plans/corpus is made of test cases other
// projects ship for their own checks of the resource types this pack
// covers (see cases.json: each case's repository, path, commit and
// example), one module per case, planned offline into corpus.json by
// make policy-testdata. Bad cases must be caught by the rule that should
// catch them; good cases must not be failed by it.
type corpusCase struct {
	Case   string   `json:"case"`
	Kind   string   `json:"kind"`
	Rules  []string `json:"rules"`
	Origin struct {
		Repo, Path, Commit, Example string
	} `json:"origin"`
	// Attribute is set for cases of a check that judges one attribute where
	// the rule here judges several (trivy's four S3 public-access-block
	// checks, one flag each, against aws-s3-public-access-block's four):
	// such a case counts only through a failure that names the attribute.
	Attribute string `json:"attribute"`
	Why       string `json:"why"`
}

// Targets from issue 9: at least 90% of bad cases caught, at most 5% of
// good cases failed.
const (
	corpusMinCaught     = 0.90
	corpusMaxFalseAlarm = 0.05
)

func TestCorpusPrecision(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "plans", "corpus", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man struct {
		Cases    []corpusCase `json:"cases"`
		Excluded []corpusCase `json:"excluded"`
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	rep, err := CheckFile(planPath("corpus"), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	ids := RuleIDs()
	byModule := map[string][]Finding{}
	for _, f := range rep.Findings {
		if m := moduleScope(f.Address); len(m) > 0 {
			byModule[m[0].name] = append(byModule[m[0].name], f)
		}
	}
	var bad, caught, good, alarms int
	var misses, falseAlarms []string
	for _, c := range man.Cases {
		if c.Origin.Repo == "" || c.Origin.Path == "" || len(c.Origin.Commit) != 40 {
			t.Errorf("%s: origin not recorded: %+v", c.Case, c.Origin)
		}
		if _, err := os.Stat(filepath.Join("testdata", "plans", "corpus", "cases", c.Case, "main.tf")); err != nil {
			t.Errorf("%s: %v", c.Case, err)
		}
		for _, r := range c.Rules {
			if !slices.Contains(ids, r) {
				t.Errorf("%s: no rule %q", c.Case, r)
			}
		}
		var judged, failed []string
		for _, f := range byModule[c.Case] {
			if !slices.Contains(c.Rules, f.Rule) {
				continue
			}
			judged = append(judged, fmt.Sprintf("%s %s: %s", f.Address, f.Result, f.Message))
			if f.Result == Fail && (c.Attribute == "" || namesAttribute(f.Message, c.Attribute)) {
				failed = append(failed, fmt.Sprintf("%s: %s", f.Address, f.Message))
			}
		}
		switch c.Kind {
		case "bad":
			bad++
			if len(failed) > 0 {
				caught++
			} else {
				misses = append(misses, fmt.Sprintf("%s (%s; %s %s): %s", c.Case, strings.Join(c.Rules, ", "), c.Origin.Path, c.Origin.Example, orNone(judged)))
			}
		case "good":
			good++
			if len(failed) > 0 {
				alarms++
				falseAlarms = append(falseAlarms, fmt.Sprintf("%s (%s; %s %s): %s", c.Case, strings.Join(c.Rules, ", "), c.Origin.Path, c.Origin.Example, strings.Join(failed, "; ")))
			}
		default:
			t.Errorf("%s: kind %q", c.Case, c.Kind)
		}
	}
	if bad == 0 || good == 0 {
		t.Fatalf("corpus has %d bad and %d good cases", bad, good)
	}
	caughtRate, alarmRate := float64(caught)/float64(bad), float64(alarms)/float64(good)
	t.Logf("corpus: %d cases (%d excluded); bad caught %d/%d = %.1f%%; false alarms on good %d/%d = %.1f%%",
		bad+good, len(man.Excluded), caught, bad, 100*caughtRate, alarms, good, 100*alarmRate)
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	for _, a := range falseAlarms {
		t.Logf("false alarm: %s", a)
	}
	if caughtRate < corpusMinCaught {
		t.Errorf("caught %.1f%% of bad cases, want at least %.0f%%", 100*caughtRate, 100*corpusMinCaught)
	}
	if alarmRate > corpusMaxFalseAlarm {
		t.Errorf("false alarms on %.1f%% of good cases, want at most %.0f%%", 100*alarmRate, 100*corpusMaxFalseAlarm)
	}
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "no finding of the rule"
	}
	return strings.Join(ss, "; ")
}

// namesAttribute reports whether a failure message of
// aws-s3-public-access-block ("<address>: a, b not true") names attr; the
// address is left out, since case module names contain attribute names.
func namesAttribute(msg, attr string) bool {
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return slices.Contains(strings.Split(strings.TrimSuffix(msg, " not true"), ", "), attr)
}
