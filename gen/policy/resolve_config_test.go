package policy

import (
	"path"
	"strings"
	"sync"
	"testing"
	"time"
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
