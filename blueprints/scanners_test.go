package blueprints

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

var (
	resourceHeader = regexp.MustCompile(`^resource "([^"]+)" "([^"]+)" \{$`)
	ignoreLine     = regexp.MustCompile(`^\s*#(tfsec:ignore:|trivy:ignore:|checkov:skip=)`)
)

// TestEveryInlineIgnoreIsAWaiver reads every rendered .tf file and checks
// that the scanner ignores in it are exactly the blueprint's waivers: each
// ignore sits on a resource that waives a policy rule naming that outside
// id, with that expiry and a reason; and each waiver of a rule the
// scanners know renders its ignores. tfsec, run by make test, checks that
// they silence what they should.
func TestEveryInlineIgnoreIsAWaiver(t *testing.T) {
	opts, files := renderedPlatform(t)
	mods := map[string]*tf.Module{}
	for _, m := range opts.Modules {
		mods[m.Name] = m
	}
	counts := map[string]int{}
	waivers := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".tf") {
			continue
		}
		m := mods[path.Dir(f.Path)]
		if m == nil {
			t.Fatalf("%s: no module %s", f.Path, path.Dir(f.Path))
		}
		got := ignoresByResource(string(f.Data))
		for _, r := range m.Resources {
			if r.Mode != tf.Managed || r.File != "" && r.File != path.Base(f.Path) || r.File == "" && path.Base(f.Path) != "main.tf" {
				continue
			}
			want := expectedIgnores(t, r)
			for _, w := range r.Waivers {
				if o, _ := policy.OutsideIDsOf(w.Rule); !o.Empty() {
					waivers++
				}
			}
			have := got[r.Address()]
			delete(got, r.Address())
			if !slices.Equal(sorted(have), sorted(want)) {
				t.Errorf("%s: %s: ignores\n%s\nwant (from its waivers)\n%s", f.Path, r.Address(), strings.Join(have, "\n"), strings.Join(want, "\n"))
			}
			for _, l := range have {
				counts[strings.SplitN(l, ":", 2)[0]]++
			}
		}
		for addr, lines := range got {
			t.Errorf("%s: ignores on %s, which the module does not declare here: %v", f.Path, addr, lines)
		}
	}
	// The platform waives the public ALB, so its ignore must be there.
	if counts["#tfsec"] == 0 || counts["#trivy"] == 0 || counts["#checkov"] == 0 {
		t.Errorf("ignores rendered: %v, want some of every scanner", counts)
	}
	t.Logf("inline ignores: %d tfsec, %d trivy, %d checkov, from %d waivers of rules the scanners know, each with a reason", counts["#tfsec"], counts["#trivy"], counts["#checkov"], waivers)
}

// ignoresByResource maps each resource address of an HCL file to its
// scanner ignore lines: the comment lines right above its header and the
// ones right inside.
func ignoresByResource(src string) map[string][]string {
	out := map[string][]string{}
	var above []string
	inside := ""
	for _, line := range strings.Split(src, "\n") {
		if inside != "" {
			if ignoreLine.MatchString(line) {
				out[inside] = append(out[inside], strings.TrimSpace(line))
				continue
			}
			inside = ""
		}
		if m := resourceHeader.FindStringSubmatch(line); m != nil {
			addr := m[1] + "." + m[2]
			out[addr] = append(out[addr], above...)
			above, inside = nil, addr
			continue
		}
		if ignoreLine.MatchString(line) {
			above = append(above, line)
		} else if !strings.HasPrefix(line, "# Waiver ") {
			above = nil
		}
	}
	for a, l := range out {
		if len(l) == 0 {
			delete(out, a)
		}
	}
	return out
}

// expectedIgnores is what r's waivers must render, from the policy rules'
// own outside ids; every waiver needs a known rule and a reason.
func expectedIgnores(t *testing.T, r *tf.Resource) []string {
	var want []string
	add := func(s string) {
		if !slices.Contains(want, s) {
			want = append(want, s)
		}
	}
	for _, w := range r.Waivers {
		o, ok := policy.OutsideIDsOf(w.Rule)
		if !ok {
			t.Errorf("%s waives %q, which is no policy rule", r.Address(), w.Rule)
		}
		if strings.TrimSpace(w.Reason) == "" {
			t.Errorf("%s waives %s without a reason", r.Address(), w.Rule)
		}
		exp := ""
		if w.Expires != "" {
			exp = ":exp:" + w.Expires
		}
		for _, id := range o.Tfsec {
			add("#tfsec:ignore:" + id + exp)
		}
		for _, id := range o.AVD {
			add("#trivy:ignore:" + id + exp)
		}
		for _, id := range o.Checkov {
			if !slices.ContainsFunc(want, func(s string) bool { return strings.HasPrefix(s, "#checkov:skip="+id+":") }) {
				add("#checkov:skip=" + id + ":" + strings.Join(strings.Fields(w.Reason), " "))
			}
		}
	}
	return want
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// renderedPlatform is the generator's options for the platform in HCL and
// the files it renders, without writing them; a model error fails t.
func renderedPlatform(t *testing.T) (generate.Options, []write.File) {
	t.Helper()
	opts, err := Options("out", render.HCL, "")
	if err != nil {
		t.Fatal(err)
	}
	files, ds := generate.Files(opts)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return opts, files
}
