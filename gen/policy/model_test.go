package policy

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// seenRule passes every terraform_data instance: its findings list the
// instances the check saw.
func seenRule() *Rule {
	return &Rule{ID: "test-seen", Title: "seen", Severity: Low, Enforcement: Advisory,
		Types: []string{"terraform_data"}, Check: func(*Resource) Verdict { return Passf("seen") }}
}

// TestCheckRenderedListsInstancesThatDependOnOthers: a count or for_each
// that reads another resource's instances (directly, through a local, a
// module's variable or a module's output) gets them, as terraform would
// give them; one that reads no resource gets its instances from the
// first listing. Each case also says whether the check must list the
// instances again (expansionReadsPlan).
func TestCheckRenderedListsInstancesThatDependOnOthers(t *testing.T) {
	src := `resource "terraform_data" "src" {
  for_each = toset(["a", "b"])
  input    = each.key
}
`
	copyOf := func(expansion string) string {
		return "resource \"terraform_data\" \"copy\" {\n  " + expansion + "\n  input = \"x\"\n}\n"
	}
	for _, c := range []struct {
		name      string
		files     map[string]string
		readsPlan bool
		want      []string
	}{
		{"for_each over a resource", map[string]string{"root/main.tf": src + copyOf("for_each = terraform_data.src")},
			true, []string{`terraform_data.copy["a"]`, `terraform_data.copy["b"]`}},
		{"for expression over a resource", map[string]string{"root/main.tf": src + copyOf("for_each = { for k, v in terraform_data.src : k => k }")},
			true, []string{`terraform_data.copy["a"]`, `terraform_data.copy["b"]`}},
		{"through a local", map[string]string{"root/main.tf": src + "locals {\n  srcs = terraform_data.src\n}\n" + copyOf("for_each = local.srcs")},
			true, []string{`terraform_data.copy["a"]`, `terraform_data.copy["b"]`}},
		{"through a module's variable", map[string]string{
			"root/main.tf":   src + "module \"m\" {\n  source = \"./m\"\n  srcs   = terraform_data.src\n}\n",
			"root/m/main.tf": "variable \"srcs\" {}\n" + copyOf("for_each = var.srcs"),
		}, true, []string{`module.m.terraform_data.copy["a"]`, `module.m.terraform_data.copy["b"]`}},
		{"through a module's output", map[string]string{
			"root/main.tf":   "module \"m\" {\n  source = \"./m\"\n}\n" + copyOf("for_each = module.m.srcs"),
			"root/m/main.tf": src + "output \"srcs\" {\n  value = terraform_data.src\n}\n",
		}, true, []string{`terraform_data.copy["a"]`, `terraform_data.copy["b"]`}},
		{"no resource read", map[string]string{
			"root/main.tf":   "locals {\n  keys = toset([\"a\", \"b\"])\n}\nmodule \"m\" {\n  source = \"./m\"\n  keys   = local.keys\n}\n",
			"root/m/main.tf": "variable \"keys\" {}\n" + copyOf("for_each = var.keys"),
		}, false, []string{`module.m.terraform_data.copy["a"]`, `module.m.terraform_data.copy["b"]`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string][]byte{}
			for p, s := range c.files {
				files[p] = []byte(s)
			}
			cfg, err := loadConfig("root", memSource(files))
			if err != nil {
				t.Fatal(err)
			}
			if got := expansionReadsPlan(cfg); got != c.readsPlan {
				t.Errorf("expansionReadsPlan = %v, want %v", got, c.readsPlan)
			}
			rep, err := CheckRendered(files, "root", []*Rule{seenRule()}, Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Findings {
				if strings.Contains(f.Address, "terraform_data.copy") {
					got = append(got, f.Address)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("instances %q, want %q", got, c.want)
			}
		})
	}
}

// TestRenderedTakesFilesAsTheyAreRendered: a generator adds each root's
// files when they are rendered and checks the root then; the check reads
// the root's *.auto.tfvars (the later file winning, as terraform reads
// them) and only the root's own, while other roots keep theirs.
func TestRenderedTakesFilesAsTheyAreRendered(t *testing.T) {
	main := []byte("variable \"n\" {\n  default = 1\n}\nresource \"terraform_data\" \"x\" {\n  count = var.n\n}\n")
	rs := NewRendered(nil)
	rs.Add(map[string][]byte{"a/main.tf": main, "a/x.auto.tfvars": []byte("n = 5\n"), "a/y.auto.tfvars": []byte("n = 2\n"),
		"a/zz/z.auto.tfvars": []byte("n = 9\n")})
	rs.Add(map[string][]byte{"b/main.tf": main, "b/other.tfvars": []byte("n = 7\n")})
	for root, want := range map[string]int{"a": 2, "b": 1} {
		rep, err := rs.Check(root, []*Rule{seenRule()}, Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != want {
			t.Errorf("root %s: %d instances, want %d (var.n from its own *.auto.tfvars)", root, len(rep.Findings), want)
		}
	}
}

// TestRenderedLoadsModulesAhead: a generator may have a module read
// (Load) before the roots that call it are rendered; their checks then
// take the module as it was loaded, as they would from the first check
// that read it, without reading it again.
func TestRenderedLoadsModulesAhead(t *testing.T) {
	res := func(n int) []byte {
		return fmt.Appendf(nil, "resource \"terraform_data\" \"x\" {\n  count = %d\n}\n", n)
	}
	rs := NewRendered(map[string][]byte{"modules/m/main.tf": res(2)})
	rs.Load("modules/m")
	rs.Add(map[string][]byte{"modules/m/main.tf": res(3)})
	for _, root := range []string{"envs/a", "envs/b"} {
		rs.Add(map[string][]byte{root + "/main.tf": []byte("module \"m\" {\n  source = \"../../modules/m\"\n}\n")})
		rep, err := rs.Check(root, []*Rule{seenRule()}, Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != 2 {
			t.Errorf("root %s: %d instances, want the 2 of the module as loaded", root, len(rep.Findings))
		}
	}
}
