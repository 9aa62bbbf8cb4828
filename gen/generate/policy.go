package generate

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/deepstack"
)

// PolicyCheck runs rules over every root module as rendered, with its
// variables' defaults and *.auto.tfvars values and the waivers written
// next to its resources, before anything is written: the same rules the
// plan gate runs, on a second input. A hard-mandatory failure that no
// waiver excuses is an error at the resource's Go file:line; other
// failures are warnings. Results that only a plan can decide are left to
// the plan gate.
func PolicyCheck(rules []*policy.Rule) Check {
	return func(mods []*tf.Module, r *Rendering) tf.Diagnostics {
		rendered := policy.NewRendered(nil)
		// Every module's syntax trees are built, and read as the check
		// reads a module, on a goroutine of its own, while the modules
		// are being rendered; then each root is checked on its own as
		// soon as its files (its *.auto.tfvars) are rendered, and the
		// diagnostics are kept in root order. A panic on any of them is
		// raised again here, on the check's goroutine, which
		// generate.Files watches.
		var roots []*tf.Module
		failures := make([]any, len(mods))
		var wg sync.WaitGroup
		for i, m := range mods {
			wg.Go(func() {
				deepstack.Grow()
				defer func() { failures[i] = recovered(recover()) }()
				rendered.UseSyntax(m.Name, moduleSyntax(m))
				rendered.Load(m.Name)
			})
			if m.IsRoot() {
				roots = append(roots, m)
			}
		}
		wg.Wait()
		for i := range mods {
			raise(failures[i])
		}
		perRoot := make([]tf.Diagnostics, len(roots))
		failures = make([]any, len(roots))
		for i, m := range roots {
			wg.Go(func() {
				deepstack.Grow()
				defer func() { failures[i] = recovered(recover()) }()
				rendered.Add(byPath(r.Module(m)))
				perRoot[i] = checkRoot(rendered, m, rules)
			})
		}
		wg.Wait()
		var ds tf.Diagnostics
		for i, rds := range perRoot {
			raise(failures[i])
			ds = append(ds, rds...)
		}
		return ds
	}
}

// byPath is files by path.
func byPath(files []write.File) map[string][]byte {
	m := make(map[string][]byte, len(files))
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m
}

// recovered is what a goroutine's panic with r is raised again as: r with
// the goroutine's stack, which the new panic's own trace no longer shows.
func recovered(r any) any {
	if r == nil {
		return nil
	}
	return fmt.Sprintf("%v\n\n%s", r, debug.Stack())
}

// raise panics again with what a goroutine recovered, if anything.
func raise(failure any) {
	if failure != nil {
		panic(failure)
	}
}

// checkRoot runs rules over one rendered root module.
func checkRoot(rendered *policy.Rendered, m *tf.Module, rules []*policy.Rule) tf.Diagnostics {
	var ds tf.Diagnostics
	var ws []policy.Waiver
	for _, w := range Waivers(m) {
		ws = append(ws, policy.Waiver(w))
	}
	rep, err := rendered.Check(m.Name, rules, policy.Options{Waivers: ws})
	if err != nil {
		ds.Errorf(m.Pos(), m.Name, "policy check: %v", err)
		return ds
	}
	for _, f := range rep.Findings {
		if f.Result != policy.Fail {
			continue
		}
		pos := resourcePos(m, f.Address)
		addr := m.Name + ": " + f.Address
		if f.Blocking && f.Enforcement == policy.HardMandatory {
			ds.Errorf(pos, addr, "policy %s (%s): %s", f.Rule, f.Enforcement, f.Message)
		} else {
			ds.Warnf(pos, addr, "policy %s (%s): %s", f.Rule, f.Enforcement, f.Message)
		}
	}
	return ds
}

// resourcePos finds where in the blueprint the resource at addr (as seen
// from root) was declared; the root's own position when it cannot.
func resourcePos(root *tf.Module, addr string) tf.Pos {
	m := root
	rest := addr
	for strings.HasPrefix(rest, "module.") {
		name, tail, _ := strings.Cut(strings.TrimPrefix(rest, "module."), ".")
		if i := strings.IndexByte(name, '['); i >= 0 {
			name = name[:i]
		}
		var next *tf.Module
		for _, c := range m.Calls {
			if c.Name == name {
				next = c.Child
			}
		}
		if next == nil {
			return root.Pos()
		}
		m, rest = next, tail
	}
	if i := strings.IndexByte(rest, '['); i >= 0 {
		rest = rest[:i]
	}
	for _, r := range m.Resources {
		if r.Mode == tf.Managed && r.Type+"."+r.Name == rest {
			return r.Pos()
		}
	}
	return root.Pos()
}
