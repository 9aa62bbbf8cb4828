package policy

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// calls is a module that calls each of dirs (relative sources) by its
// base name.
func calls(dirs ...string) []byte {
	var b strings.Builder
	for _, d := range dirs {
		b.WriteString("module \"" + path.Base(d) + "\" {\n  source = \"" + d + "\"\n}\n")
	}
	b.WriteString("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n")
	return []byte(b.String())
}

func TestLoadConfigFindsModulesThatCallThemselves(t *testing.T) {
	cases := []struct {
		name  string
		files memSource
		want  string
	}{
		{"a module calls itself", memSource{
			"root/main.tf":   calls("./a"),
			"root/a/main.tf": calls("./"),
		}, "configuration: module calls itself: root/a"},
		{"two modules call each other", memSource{
			"root/main.tf":   calls("./a"),
			"root/a/main.tf": calls("../b"),
			"root/b/main.tf": calls("../a"),
		}, "configuration: module calls itself: root/a"},
		{"the cycle is found in block order, reported in name order", memSource{
			"root/main.tf":   calls("./b", "./a"),
			"root/a/main.tf": calls("../b"),
			"root/b/main.tf": calls("../a", "../c"),
			"root/c/main.tf": calls("../b"),
		}, "configuration: module calls itself: root/b\nmodule calls itself: root/b"},
		{"a module two others call is no cycle", memSource{
			"root/main.tf":   calls("./a", "./b"),
			"root/a/main.tf": calls("../c"),
			"root/b/main.tf": calls("../c"),
			"root/c/main.tf": calls(),
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadConfig("root", c.files)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("error = %q, want %q", got, c.want)
			}
		})
	}
}

// gatedSource is a memSource whose reads of one file wait until gate is
// closed.
type gatedSource struct {
	memSource
	file string
	gate chan struct{}
}

func (g gatedSource) read(p string) ([]byte, error) {
	if p == g.file {
		<-g.gate
	}
	return g.memSource.read(p)
}

// within fails t when f has not returned after a minute: a loader that
// deadlocks never returns.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s: still waiting after a minute (deadlock)", what)
	}
}

func TestLoaderLoadsRootsInParallel(t *testing.T) {
	// While the dev root's own file cannot be read yet, the prod root,
	// which calls the same shared modules, loads to the end: one root's
	// loading does not hold up another's.
	files := memSource{
		"dev/main.tf":            calls("../modules/net", "../modules/app"),
		"prod/main.tf":           calls("../modules/net", "../modules/app"),
		"modules/net/main.tf":    calls(),
		"modules/app/main.tf":    calls("../net"),
		"modules/unused/main.tf": calls(),
	}
	src := gatedSource{memSource: files, file: "dev/main.tf", gate: make(chan struct{})}
	l := newLoader(src)
	var dev, prod *Config
	var devErr, prodErr error
	var wg sync.WaitGroup
	wg.Go(func() { dev, devErr = l.config("dev") })
	within(t, "prod while dev waits", func() { prod, prodErr = l.config("prod") })
	close(src.gate)
	within(t, "dev", wg.Wait)
	if devErr != nil || prodErr != nil {
		t.Fatalf("errors: %v, %v", devErr, prodErr)
	}
	dirs := func(c *Config) []string {
		var ds []string
		for _, m := range c.modules {
			ds = append(ds, path.Clean(m.dir))
		}
		return ds
	}
	if got, want := strings.Join(dirs(prod), " "), "prod modules/app modules/net"; got != want {
		t.Errorf("prod's modules = %s, want %s", got, want)
	}
	if got, want := strings.Join(dirs(dev), " "), "dev modules/app modules/net"; got != want {
		t.Errorf("dev's modules = %s, want %s", got, want)
	}
	for i := 1; i < 3; i++ {
		if dev.modules[i] != prod.modules[i] {
			t.Errorf("%s is loaded twice", dev.modules[i].dir)
		}
	}
}

func TestLoaderDoesNotDeadlockOnModulesThatCallEachOther(t *testing.T) {
	// Two roots load at the same time, each entering the cycle x -> y ->
	// x at the other end. Both report it; neither waits for the other
	// for ever.
	for range 50 {
		l := newLoader(memSource{
			"one/main.tf": calls("../x"),
			"two/main.tf": calls("../y"),
			"x/main.tf":   calls("../y"),
			"y/main.tf":   calls("../x"),
		})
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, root := range []string{"one", "two"} {
			wg.Go(func() { _, errs[i] = l.config(root) })
		}
		within(t, "two roots in one cycle", wg.Wait)
		for i, want := range []string{"configuration: module calls itself: x", "configuration: module calls itself: y"} {
			if errs[i] == nil || errs[i].Error() != want {
				t.Fatalf("root %d: error = %v, want %q", i, errs[i], want)
			}
		}
	}
}

// BenchmarkLoadConfigRoots loads the platform's dev and prod roots (from
// out/, with the modules they share) into one loader, one after the
// other and from two goroutines at once, as the generator checks them.
// Each op is a fresh loader.
func BenchmarkLoadConfigRoots(b *testing.B) {
	roots := []string{"../../out/envs/dev", "../../out/envs/prod"}
	for _, parallel := range []bool{false, true} {
		name := "one-by-one"
		if parallel {
			name = "in-parallel"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l := newLoader(diskSource{})
				var wg sync.WaitGroup
				for _, root := range roots {
					load := func() {
						if _, err := l.config(root); err != nil {
							b.Error(err)
						}
					}
					if parallel {
						wg.Go(load)
					} else {
						load()
					}
				}
				wg.Wait()
			}
		})
	}
}

// panicSource panics on reading file.
type panicSource struct {
	memSource
	file string
}

func (p panicSource) read(path string) ([]byte, error) {
	if path == p.file {
		panic("reading " + path)
	}
	return p.memSource.read(path)
}

func TestLoaderPanicReachesTheCaller(t *testing.T) {
	// A called module is loaded on a goroutine of its own; a panic there
	// must come out of config on the caller's goroutine (the generator
	// recovers it there), not end the process.
	l := newLoader(panicSource{memSource: memSource{
		"root/main.tf":   calls("./a"),
		"root/a/main.tf": calls(),
	}, file: "root/a/main.tf"})
	got := func() (x any) {
		defer func() { x = recover() }()
		l.config("root")
		return nil
	}()
	if got != "reading root/a/main.tf" {
		t.Errorf("recovered %v, want the panic of reading root/a/main.tf", got)
	}
}

// goroutineSource records the goroutine of every read.
type goroutineSource struct {
	memSource
	mu    *sync.Mutex
	reads map[string]string // path -> goroutine
}

func (g goroutineSource) read(path string) ([]byte, error) {
	g.mu.Lock()
	g.reads[path] = goroutineID()
	g.mu.Unlock()
	return g.memSource.read(path)
}

// goroutineID is the calling goroutine's number, from its stack trace.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := strings.Cut(strings.TrimPrefix(string(buf), "goroutine "), " ")
	return id
}

func TestLoadConfigLoadsOnTheCallersGoroutine(t *testing.T) {
	// LoadConfig (the check's one root) loads the modules a module
	// calls one after the other on its own goroutine; the generator's
	// loader loads them in parallel. Both give the same configuration.
	files := memSource{
		"root/main.tf":     calls("./a", "./b", "./c"),
		"root/a/main.tf":   calls("../b"),
		"root/b/main.tf":   calls(),
		"root/c/main.tf":   calls("./d"),
		"root/c/d/main.tf": calls(),
	}
	dirs := func(c *Config) []string {
		var out []string
		for _, m := range c.modules {
			out = append(out, filepath.ToSlash(m.dir)+":"+strings.Join(m.callNames, ","))
		}
		return out
	}
	src := goroutineSource{memSource: files, mu: &sync.Mutex{}, reads: map[string]string{}}
	serial, err := loadConfig("root", src)
	if err != nil {
		t.Fatal(err)
	}
	me := goroutineID()
	for p, g := range src.reads {
		if g != me {
			t.Errorf("%s read on goroutine %s, want the caller's, %s", p, g, me)
		}
	}
	if len(src.reads) != len(files) {
		t.Errorf("read %d files, want %d", len(src.reads), len(files))
	}
	parallel, err := newLoader(files).config("root")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dirs(serial), dirs(parallel); !slices.Equal(got, want) {
		t.Errorf("serial load gives modules %q, parallel %q", got, want)
	}
}

// TestRefsOfIsVariables holds refsOf to hclsyntax.Variables on every
// expression of every .tf file committed in the repository (for
// expressions, splats and object keys among them), and on cases that
// scope names, and checks that the fast path is taken.
func TestRefsOfIsVariables(t *testing.T) {
	key := func(ts []hcl.Traversal) []string {
		var out []string
		for _, tr := range ts {
			out = append(out, fmt.Sprintf("%s@%d", traversalString(tr), tr.SourceRange().Start.Byte))
		}
		slices.Sort(out)
		return out
	}
	exprs := 0
	check := func(name string, e hcl.Expression) {
		exprs++
		var got []hcl.Traversal
		refsOf(e, func(tr hcl.Traversal) { got = append(got, tr) })
		if g, w := key(got), key(e.Variables()); !slices.Equal(g, w) {
			t.Errorf("%s %s: refsOf %v, Variables %v", name, e.Range(), g, w)
		}
	}
	var walk func(name string, b *hclsyntax.Body)
	walk = func(name string, b *hclsyntax.Body) {
		for _, a := range b.Attributes {
			check(name, a.Expr)
		}
		for _, blk := range b.Blocks {
			walk(name, blk.Body)
		}
	}
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".terraform") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".tf") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			return nil
		}
		walk(p, f.Body.(*hclsyntax.Body))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	src := `a = { x = y, (z) = w, "q" = r, true = s }
b = [for k, v in m : "${k}${v}${n}" if v != o]
c = { for k in m : k => p }
d = q[*].id
e = r.*.id
f = -s.t[u.v].w ? !x : (y + z) * f(aa, bb...)
g = "${cc}-%{for x in dd}${x}%{endfor}"
`
	f, diags := hclsyntax.ParseConfig([]byte(src), "cases.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	walk("cases.tf", f.Body.(*hclsyntax.Body))
	if exprs < 2000 {
		t.Errorf("compared %d expressions, want the corpus's thousands", exprs)
	}
}

func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	for _, s := range t {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			b.WriteString("[" + s.Key.GoString() + "]")
		default:
			fmt.Fprintf(&b, "%T", s)
		}
	}
	return b.String()
}

// TestLoaderReadsResourceMetaArguments: a resource's count, for_each and
// provider are its meta-arguments, in HCL and JSON syntax alike; a
// meta-block with the wrong labels is the configuration error terraform
// reports.
func TestLoaderReadsResourceMetaArguments(t *testing.T) {
	files := memSource{
		"root/main.tf": []byte(`provider "aws" {
  alias = "east"
}
resource "aws_s3_bucket" "a" {
  count    = 2
  provider = aws.east
  bucket   = "a"
  lifecycle {
    create_before_destroy = true
  }
}
`),
		"root/more.tf.json": []byte(`{"resource": {"aws_s3_bucket": {"b": {"for_each": "${toset([\"x\"])}", "bucket": "b"}}}}`),
	}
	cfg, err := loadConfig("root", files)
	if err != nil {
		t.Fatal(err)
	}
	a, b := cfg.root.resources["aws_s3_bucket.a"], cfg.root.resources["aws_s3_bucket.b"]
	if a == nil || a.count == nil || a.forEach != nil || a.provider != "aws.east" {
		t.Errorf("aws_s3_bucket.a: %+v, want count and provider aws.east", a)
	}
	if b == nil || b.count != nil || b.forEach == nil || b.provider != "" {
		t.Errorf("aws_s3_bucket.b: %+v, want for_each", b)
	}
	if !a.sets["bucket"] || !a.sets["lifecycle"] || !b.sets["bucket"] {
		t.Errorf("arguments set: a %v, b %v", a.sets, b.sets)
	}
	files["root/main.tf"] = []byte("resource \"aws_s3_bucket\" \"a\" {\n  provisioner {\n  }\n}\n")
	delete(files, "root/more.tf.json")
	if _, err := loadConfig("root", files); err == nil || !strings.Contains(err.Error(), "Missing type for provisioner") {
		t.Errorf("a provisioner without its type: error %v, want it missing", err)
	}
}

// TestLoaderReadsBlocks: variables (default, sensitive), locals, outputs
// and provider aliases are read alike from HCL and JSON syntax, blocks of
// other types are left alone, and a block without its labels is the
// configuration error terraform reports.
func TestLoaderReadsBlocks(t *testing.T) {
	hclSrc := []byte(`terraform {
  required_version = ">= 1.5.0"
}
variable "v" {
  default   = "x"
  sensitive = true
}
locals {
  l = var.v
}
output "o" {
  value = local.l
}
provider "aws" {
  alias = "east"
  default_tags {
    tags = {}
  }
}
`)
	jsonSrc := []byte(`{"variable": {"v": {"default": "x", "sensitive": true}}, "locals": {"l": "${var.v}"},
"output": {"o": {"value": "${local.l}"}}, "provider": {"aws": {"alias": "east"}}}`)
	for name, src := range map[string][]byte{"main.tf": hclSrc, "main.tf.json": jsonSrc} {
		cfg, err := loadConfig("root", memSource{"root/" + name: src})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := cfg.root
		if v := m.vars["v"]; v == nil || v.def == nil || !v.sensitive {
			t.Errorf("%s: variable v %+v, want a default and sensitive", name, v)
		}
		if m.locals["l"] == nil || m.outputs["o"] == nil || m.providers["aws.east"] == nil {
			t.Errorf("%s: locals %v, outputs %v, providers %v; want l, o and aws.east", name, m.locals, m.outputs, m.providers)
		}
	}
	if _, err := loadConfig("root", memSource{"root/main.tf": []byte("variable {\n}\n")}); err == nil || !strings.Contains(err.Error(), "Missing name for variable") {
		t.Errorf("a variable without its name: error %v, want it missing", err)
	}
}

// TestKeepAddsReferencesForTheDecoderOnly: the decoder keeps what the
// configuration reads of other resources, and the resolver still
// resolves only what the rules read.
func TestKeepAddsReferencesForTheDecoderOnly(t *testing.T) {
	cfg, err := loadConfig("root", memSource{"root/main.tf": []byte(`
resource "aws_s3_bucket" "b" {
  bucket = "x"
}
resource "aws_cloudfront_distribution" "d" {
  comment = aws_s3_bucket.b.bucket_regional_domain_name
  web_acl_id = aws_wafv2_web_acl.w.arn
}
`)})
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]*attrSet{"aws_s3_bucket": {attrs: map[string]bool{"bucket": true}}}
	cfg.keep(sets)
	if s := sets["aws_s3_bucket"]; !s.attrs["bucket"] || !s.attrs["bucket_regional_domain_name"] {
		t.Errorf("decoder keeps %v of aws_s3_bucket, want bucket and bucket_regional_domain_name", s.attrs)
	}
	if s := sets["aws_wafv2_web_acl"]; s == nil || !s.attrs["arn"] {
		t.Errorf("decoder keeps %v of aws_wafv2_web_acl, want arn", s)
	}
	if s := cfg.reads["aws_s3_bucket"]; s == nil || !s.attrs["bucket"] || s.attrs["bucket_regional_domain_name"] {
		t.Errorf("resolver resolves %v of aws_s3_bucket, want bucket alone", s)
	}
	if s := cfg.reads["aws_wafv2_web_acl"]; s != nil {
		t.Errorf("resolver resolves %v of aws_wafv2_web_acl, which no rule reads", s.attrs)
	}
}
