// Package generate is the pipeline behind `go run ./gen` and `moochat gen`:
// validate every module, render it, and write the result under the output
// root, or write nothing at all when anything is wrong.
package generate

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/deepstack"
)

// Validator checks a whole set of modules; provider schema validation
// plugs in here. Validators run at the same time as each other, as the
// model's own validation, the rendering and the checks: they only read
// the modules.
type Validator func([]*tf.Module) tf.Diagnostics

// Options configures a run. Out and Modules are required.
type Options struct {
	// Out is the output root, such as "out".
	Out     string
	Modules []*tf.Module
	Render  render.Options
	// Validators run after the model's own validation.
	Validators []Validator
	// Checks judge the rendered files before anything is written (the
	// policy rules at render time); their verdict counts only when the
	// model has no error.
	Checks []Check
	// Extra files to write with the modules, relative to Out; each must
	// carry write.Marker. Files made from the modules are Derived.
	Extra []write.File
	// Derived make more extra files from the modules, each on a goroutine
	// of its own while the modules are validated and rendered (they only
	// read the modules); their files follow Extra's.
	Derived []func() []write.File
	// Trees are further output roots, written at the same time as Out
	// and only when nothing is wrong.
	Trees []Tree
	// Scope limits where stale generated files are removed, relative to
	// Out; empty means all of Out.
	Scope []string
}

// A Tree is an output root besides Out (the pictures of the modules, for
// example), with a manifest of its own.
type Tree struct {
	Root string
	// Files makes the tree's files, relative to Root, on a goroutine of
	// its own while the modules are validated, rendered and checked. Like
	// a check it may meet a model that validation rejects: its panic is
	// raised only when the model has no error.
	Files func() []write.File
}

// A Check judges the rendered files of every module before they are
// written. Checks run one after another on a goroutine of their own,
// which starts with the rendering and the validation: a check waits for
// the files it needs through r, and only reads the modules and files.
type Check func(mods []*tf.Module, r *Rendering) tf.Diagnostics

// Rendering is the files of a run while they are being rendered.
type Rendering struct {
	index   map[*tf.Module]int
	done    []chan struct{}
	files   [][]write.File // by module
	derived [][]write.File
	extra   []write.File
	all     sync.WaitGroup // every module and derived file
}

// Module waits until m is rendered and returns its files, with paths
// relative to Out; none when m is not among the run's modules.
func (r *Rendering) Module(m *tf.Module) []write.File {
	i, ok := r.index[m]
	if !ok {
		return nil
	}
	<-r.done[i]
	return r.files[i]
}

// All waits until everything is rendered and returns every file to be
// written below Out: each module's files in module order, then the extra
// files.
func (r *Rendering) All() []write.File {
	r.all.Wait()
	files := slices.Concat(r.files...)
	files = append(files, r.extra...)
	return append(files, slices.Concat(r.derived...)...)
}

// Result reports what a run did.
type Result struct {
	write.Result
	Modules int
	Files   int
	// Warnings are diagnostics that did not stop the run.
	Warnings tf.Diagnostics
}

// Files validates and renders without writing: the files that Run would
// write, or every diagnostic.
//
// The model's validation, each validator, each module's rendering and
// each derived file run on goroutines of their own, and the checks start
// at the same time, each waiting for the files it judges; their verdict
// is kept only when nothing else found an error. The diagnostics come in
// the same order as if everything ran one after another: validation, the
// validators, the lock files, each module's rendering, the checks.
func Files(opts Options) ([]write.File, tf.Diagnostics) { return files(opts, nil) }

// files is Files, calling onRendered (unless nil) with the files as soon as
// they are rendered, while the validation and the checks may still run.
func files(opts Options, onRendered func([]write.File)) ([]write.File, tf.Diagnostics) {
	r := &Rendering{index: make(map[*tf.Module]int, len(opts.Modules)), done: make([]chan struct{}, len(opts.Modules)),
		files: make([][]write.File, len(opts.Modules)), derived: make([][]write.File, len(opts.Derived)), extra: opts.Extra}
	rendered := make([]tf.Diagnostics, len(opts.Modules))
	for i, m := range opts.Modules {
		r.index[m] = i
		r.done[i] = make(chan struct{})
	}
	var checked tf.Diagnostics
	var failed any
	var checking sync.WaitGroup
	checking.Go(func() { checked, failed = runChecks(opts.Checks, opts.Modules, r) })
	// Let the checks, the longest work, queue theirs before the rendering.
	runtime.Gosched()
	// The lock files are read while the checks start, which do not
	// need them.
	ropts, lds := lockedVersions(opts)
	// The root modules are rendered first: a root's check waits for its
	// files, and the modules it calls render on the other processors
	// while it runs.
	for _, i := range rootsFirst(opts.Modules) {
		m := opts.Modules[i]
		r.all.Go(func() {
			deepstack.Grow()
			defer close(r.done[i])
			fs, rds := render.Module(m, ropts)
			rendered[i] = rds
			r.files[i] = make([]write.File, len(fs))
			for j, f := range fs {
				r.files[i][j] = write.File{Path: path.Join(m.Name, f.Name), Data: f.Data}
			}
		})
	}
	for i, d := range opts.Derived {
		r.all.Go(func() { r.derived[i] = d() })
	}
	validated := make([]tf.Diagnostics, 1+len(opts.Validators))
	var validating sync.WaitGroup
	validating.Go(func() { deepstack.Grow(); validated[0] = tf.Validate(opts.Modules...) })
	for i, v := range opts.Validators {
		validating.Go(func() { deepstack.Grow(); validated[1+i] = v(opts.Modules) })
	}

	files := r.All()
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	if onRendered != nil {
		onRendered(files)
	}
	validating.Wait()
	checking.Wait()
	ds := slices.Concat(slices.Concat(validated...), lds, slices.Concat(rendered...))
	if !ds.HasErrors() {
		if failed != nil {
			panic(failed)
		}
		ds = append(ds, checked...)
	}
	return files, once(ds)
}

// rootsFirst is the indexes of mods, the root modules' first, each part
// in the order of mods.
func rootsFirst(mods []*tf.Module) []int {
	order := make([]int, 0, len(mods))
	for i, m := range mods {
		if m.IsRoot() {
			order = append(order, i)
		}
	}
	for i, m := range mods {
		if !m.IsRoot() {
			order = append(order, i)
		}
	}
	return order
}

// runChecks runs checks over the rendered files. A check may meet a
// model that validation, still running, is about to reject, and is not
// bound to survive it: a panic is returned, and raised again only if the
// model turns out valid.
func runChecks(checks []Check, mods []*tf.Module, r *Rendering) (ds tf.Diagnostics, failed any) {
	defer func() { failed = recover() }()
	for _, c := range checks {
		ds = append(ds, c(mods, r)...)
	}
	return ds, nil
}

// lockedVersions adds to opts.Render the provider versions of every
// module whose lock file is committed next to it: terraform-docs shows
// them.
func lockedVersions(opts Options) (render.Options, tf.Diagnostics) {
	var ds tf.Diagnostics
	ropts := opts.Render
	for _, m := range opts.Modules {
		p := filepath.Join(opts.Out, filepath.FromSlash(m.Name), ".terraform.lock.hcl")
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		versions, err := render.ParseLockFile(data, p)
		if err != nil {
			ds.Errorf(m.Pos(), m.Name, "lock file %s: %v", p, err)
			continue
		}
		if ropts.LockedVersions == nil {
			ropts.LockedVersions = map[string]map[string]string{}
		}
		ropts.LockedVersions[m.Name] = versions
	}
	return ropts, ds
}

// once drops repeats of a diagnostic: the model validator, the schema
// validators and the renderer may each meet the same broken expression,
// and a reader should see it once.
func once(ds tf.Diagnostics) tf.Diagnostics {
	seen := make(map[string]bool, len(ds))
	out := ds[:0:0]
	for _, d := range ds {
		key := d.String()
		if !seen[key] {
			seen[key] = true
			out = append(out, d)
		}
	}
	return out
}

// Run validates, renders and writes Out and the trees. On any error
// diagnostic nothing is written and the diagnostics are returned as the
// error.
func Run(opts Options) (Result, error) {
	// What is below each root is read while the checks run (nothing is
	// changed before they pass): only the writes are left for the end.
	var preparing sync.WaitGroup
	var out *write.Prepared
	trees := make([]*write.Prepared, len(opts.Trees))
	failed := make([]any, len(opts.Trees))
	for i, t := range opts.Trees {
		preparing.Go(func() {
			defer func() { failed[i] = recovered(recover()) }()
			trees[i] = write.Prepare(t.Root, t.Files())
		})
	}
	files, ds := files(opts, func(files []write.File) {
		preparing.Go(func() { out = write.Prepare(opts.Out, files, opts.Scope...) })
	})
	preparing.Wait()
	var res Result
	res.Modules = len(opts.Modules)
	res.Files = len(files)
	var warnings tf.Diagnostics
	for _, d := range ds {
		if d.Severity == tf.Warning {
			warnings = append(warnings, d)
		}
	}
	res.Warnings = warnings
	if ds.HasErrors() {
		var errs tf.Diagnostics
		for _, d := range ds {
			if d.Severity == tf.Error {
				errs = append(errs, d)
			}
		}
		return res, errs
	}
	for _, f := range failed {
		raise(f)
	}
	// Each root is written on its own: they share no file.
	errs := make([]error, len(opts.Trees))
	var writing sync.WaitGroup
	for i, t := range trees {
		writing.Go(func() { _, errs[i] = t.Write() })
	}
	wr, err := out.Write()
	writing.Wait()
	res.Result = wr
	if err != nil {
		return res, err
	}
	return res, errors.Join(errs...)
}

// Relative returns the diagnostic as text with its Go file shown relative
// to the working directory, as a reader of the terminal wants it.
func Relative(d tf.Diagnostic) string {
	d.Pos = d.Pos.Resolve()
	if wd, err := os.Getwd(); err == nil && d.Pos.File() != "" {
		if rel, err := filepath.Rel(wd, d.Pos.File()); err == nil && !strings.HasPrefix(rel, "..") {
			d.Pos = tf.PosAt(rel, d.Pos.Line())
		}
	}
	return d.String()
}

// Describe turns an error from Run into text: one line per diagnostic,
// then a count.
func Describe(err error) string {
	var ds tf.Diagnostics
	if !errors.As(err, &ds) {
		return err.Error()
	}
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(Relative(d))
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%d error(s); nothing was written", len(ds))
	return b.String()
}

// ParseFormat checks a -format flag value.
func ParseFormat(s string) (render.Format, error) {
	switch render.Format(s) {
	case render.HCL, render.JSON:
		return render.Format(s), nil
	}
	return "", fmt.Errorf("unknown format %q: use hcl or json", s)
}

// Summary is the one line a command prints after a good run.
func (r Result) Summary() string {
	return fmt.Sprintf("%d modules, %d files: %d written, %d unchanged, %d removed",
		r.Modules, r.Files, len(r.Written), r.Unchanged, len(r.Removed))
}
