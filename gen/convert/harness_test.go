package convert_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/convert"
)

// bindings are this repository's typed AWS bindings, which the converted
// Go uses.
var bindings = convert.DefaultBindings(".")

// trip is one root on its round trip.
type trip struct {
	c   roundTripCase
	cfg *convert.Config
	res *convert.Result
	// rendered is where the converted program rendered the tree that
	// cfg.Base holds; origRoot and rendRoot are the root in each.
	rendered           string
	origRoot, rendRoot string
	wantPlan, gotPlan  *tfjson.Plan
}

// convertAll converts every case, writes each package inside this Go
// module (to import the library), builds them all with one go build and
// vets them with one go vet, and runs each program into a directory of its
// own.
func convertAll(t *testing.T, cases []roundTripCase) []*trip {
	t.Helper()
	root, err := os.MkdirTemp("testdata", ".pkg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	var trips []*trip
	var pkgs []string
	for i, c := range cases {
		cfg, diags := convert.Load(c.from)
		if diags.HasErrors() {
			t.Fatalf("load %s: %v", c.from, diags)
		}
		res, diags := convert.Convert(cfg, convert.Options{From: c.from, Bindings: bindings})
		if diags.HasErrors() {
			t.Fatalf("convert %s: %v", c.from, diags)
		}
		pkg := filepath.Join(root, fmt.Sprintf("p%d", i))
		if err := convert.Write(pkg, res); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(pkg))
		trips = append(trips, &trip{c: c, cfg: cfg, res: res})
	}
	bin := t.TempDir()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		goCmd(t, append([]string{"build", "-o", bin + string(filepath.Separator)}, pkgs...)...)
	}()
	go func() {
		defer wg.Done()
		goCmd(t, append([]string{"vet"}, pkgs...)...)
	}()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for i, tr := range trips {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr.rendered = t.TempDir()
			cmd := exec.Command(filepath.Join(bin, fmt.Sprintf("p%d", i)), "-out", tr.rendered)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("converted program of %s: %v\n%s\n%s", tr.c.name, err, b, dumpGo(tr.res))
				return
			}
			// What the converter reports as not configuration (tfvars,
			// lock files) goes beside the rendered files, as its warning
			// asks.
			for _, x := range tr.cfg.Extra {
				if filepath.Base(x) == "README.md" {
					continue
				}
				data, err := os.ReadFile(filepath.Join(tr.cfg.Base, filepath.FromSlash(x)))
				if err != nil {
					t.Error(err)
					return
				}
				p := filepath.Join(tr.rendered, filepath.FromSlash(x))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Error(err)
					return
				}
			}
			rel, err := filepath.Rel(tr.cfg.Base, tr.cfg.Root.AbsDir)
			if err != nil {
				t.Error(err)
				return
			}
			tr.origRoot, tr.rendRoot = tr.cfg.Root.AbsDir, filepath.Join(tr.rendered, rel)
			if tr.c.alone {
				// Terraform writes its working files beside the root:
				// plan a copy, not testdata.
				orig := t.TempDir()
				copyTree(t, tr.cfg.Base, orig)
				tr.origRoot = filepath.Join(orig, rel)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return trips
}

// rootInputs are the values a root's terraform.tfvars and *.auto.tfvars
// set, as HCL source, in Terraform's order of precedence.
func rootInputs(t *testing.T, root string) map[string]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(root, "*.auto.tfvars"))
	if _, err := os.Stat(filepath.Join(root, "terraform.tfvars")); err == nil {
		files = append([]string{filepath.Join(root, "terraform.tfvars")}, files...)
	}
	inputs := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		for name, a := range file.Body.(*hclsyntax.Body).Attributes {
			r := a.Expr.Range()
			inputs[name] = string(src[r.Start.Byte:r.End.Byte])
		}
	}
	return inputs
}

type rootOutput struct {
	name      string
	sensitive bool
}

// rootOutputs are the outputs a root declares.
func rootOutputs(t *testing.T, root string) []rootOutput {
	t.Helper()
	cfg, diags := convert.Load(root)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var outs []rootOutput
	for _, b := range cfg.Root.Blocks {
		if b.Type != "output" {
			continue
		}
		o := rootOutput{name: b.Labels[0]}
		if a := b.Body.Attr("sensitive"); a != nil {
			v, diags := a.Expr.Value(nil)
			if diags.HasErrors() || v.Type() != cty.Bool {
				t.Fatalf("%s: output %s: sensitive is not a literal bool", root, o.name)
			}
			o.sensitive = v.True()
		}
		outs = append(outs, o)
	}
	return outs
}

func dumpGo(res *convert.Result) string {
	var b strings.Builder
	for _, n := range sortedKeys(res.Files) {
		fmt.Fprintf(&b, "--- %s\n%s\n", n, res.Files[n])
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// goCmd runs the go command; it may run on any goroutine, so it reports
// a failure with t.Errorf and returns false.
func goCmd(t *testing.T, args ...string) bool {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = "."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, b)
		return false
	}
	return true
}

// closeness compares the .tf files of every module of cfg with their
// re-rendered copies: how many files are identical and how many bytes of
// the originals are kept, line for line in order (generated headers,
// which name the generator, left out).
type closeness struct {
	files, same      int
	bytes, keptBytes int
}

func (c closeness) String() string {
	return fmt.Sprintf("%d of %d files identical; %d of %d bytes (%.1f%%) kept line for line", c.same, c.files, c.keptBytes, c.bytes, 100*float64(c.keptBytes)/float64(max(c.bytes, 1)))
}

func measureCloseness(t *testing.T, cfg *convert.Config, rendered string) closeness {
	t.Helper()
	var c closeness
	for _, m := range cfg.Modules {
		for name, _ := range m.Files {
			if !strings.HasSuffix(name, ".tf") {
				continue
			}
			orig, err := os.ReadFile(filepath.Join(m.AbsDir, name))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(filepath.Join(rendered, filepath.FromSlash(m.Dir), name))
			a, b := contentLines(orig), contentLines(got)
			c.files++
			if reflect.DeepEqual(a, b) {
				c.same++
			}
			for _, l := range a {
				c.bytes += len(l) + 1
			}
			c.keptBytes += lcsBytes(a, b)
		}
	}
	return c
}

func contentLines(data []byte) []string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "Code generated by ") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// lcsBytes is the size of the longest common subsequence of lines.
func lcsBytes(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + len(a[i-1]) + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// copyTree copies src to dst, leaving out terraform's working data (on
// any goroutine: a failure is t.Error).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == ".terraform" || d.Name() == ".moochat" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.Contains(d.Name(), ".tfstate") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Error(err)
	}
}

// plan inits and plans dir offline and returns the plan; it may run on
// any goroutine, so a failure is t.Errorf and a nil plan.
func plan(t *testing.T, env []string, dir string, args ...string) *tfjson.Plan {
	t.Helper()
	if _, ok := terraform(t, env, dir, "init", "-input=false", "-no-color"); !ok {
		return nil
	}
	if _, ok := terraform(t, env, dir, append([]string{"plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=plan.bin"}, args...)...); !ok {
		return nil
	}
	out, ok := terraform(t, env, dir, "show", "-json", "plan.bin")
	if !ok {
		return nil
	}
	var p tfjson.Plan
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Errorf("plan JSON: %v", err)
		return nil
	}
	return &p
}

func terraform(t *testing.T, env []string, dir string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command("terraform", args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Errorf("terraform %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, stdout.String(), stderr.String())
		return "", false
	}
	return stdout.String(), true
}

// planView is the part of a plan that one root made: its resource
// changes by address and output changes by name, with the wrapper's
// module call (prefix) taken off.
type planView struct {
	resources map[string]*tfjson.ResourceChange
	outputs   map[string]*tfjson.Change
}

func viewOf(p *tfjson.Plan, call string) planView {
	v := planView{resources: map[string]*tfjson.ResourceChange{}, outputs: map[string]*tfjson.Change{}}
	for _, rc := range p.ResourceChanges {
		addr := rc.Address
		if call != "" {
			var ok bool
			if addr, ok = strings.CutPrefix(addr, "module."+call+"."); !ok {
				continue
			}
		}
		v.resources[addr] = rc
	}
	for name, oc := range p.OutputChanges {
		if call != "" {
			var ok bool
			if name, ok = strings.CutPrefix(name, call+"__"); !ok {
				continue
			}
		}
		v.outputs[name] = oc
	}
	return v
}

// samePlan fails the test where the two plans differ in their resource
// changes (address, actions, planned values, what is unknown or
// sensitive, imports) or output changes, and returns how many resource
// changes there are.
func samePlan(t *testing.T, want, got planView) int {
	t.Helper()
	w, g := want.resources, got.resources
	for addr, rc := range w {
		o, ok := g[addr]
		if !ok {
			t.Errorf("%s: missing from the converted plan", addr)
			continue
		}
		if !reflect.DeepEqual(rc.Change.Actions, o.Change.Actions) {
			t.Errorf("%s: actions %v, converted %v", addr, rc.Change.Actions, o.Change.Actions)
		}
		if !reflect.DeepEqual(rc.Change.Importing, o.Change.Importing) {
			t.Errorf("%s: importing %+v, converted %+v", addr, rc.Change.Importing, o.Change.Importing)
		}
		for _, f := range []struct {
			name string
			a, b any
		}{{"after", rc.Change.After, o.Change.After}, {"after_unknown", rc.Change.AfterUnknown, o.Change.AfterUnknown}, {"after_sensitive", rc.Change.AfterSensitive, o.Change.AfterSensitive}} {
			if !reflect.DeepEqual(f.a, f.b) {
				a, _ := json.Marshal(f.a)
				b, _ := json.Marshal(f.b)
				t.Errorf("%s: %s differs:\noriginal  %s\nconverted %s", addr, f.name, a, b)
			}
		}
	}
	for addr := range g {
		if w[addr] == nil {
			t.Errorf("%s: only in the converted plan", addr)
		}
	}
	if len(want.outputs) != len(got.outputs) {
		t.Errorf("%d output changes, converted %d", len(want.outputs), len(got.outputs))
	}
	for name, oc := range want.outputs {
		o := got.outputs[name]
		if o == nil {
			t.Errorf("output %s: missing from the converted plan", name)
			continue
		}
		if !reflect.DeepEqual(oc.Actions, o.Actions) || !reflect.DeepEqual(oc.After, o.After) || !reflect.DeepEqual(oc.AfterUnknown, o.AfterUnknown) || !reflect.DeepEqual(oc.AfterSensitive, o.AfterSensitive) {
			a, _ := json.Marshal(oc)
			b, _ := json.Marshal(o)
			t.Errorf("output %s differs:\noriginal  %s\nconverted %s", name, a, b)
		}
	}
	return len(w)
}
