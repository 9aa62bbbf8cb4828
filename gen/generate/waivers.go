package generate

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

// Waivers collects the waivers declared on resources of root and of every
// module it calls (through ModuleCall.Child), addressed from root:
// module.<call>.<type>.<name>, each with the Go file:line that declared
// it (relative to the Go module's root). They are sorted by address and
// rule.
func Waivers(root *tf.Module) []policy.Waiver {
	var out []policy.Waiver
	var walk func(m *tf.Module, prefix string, seen map[*tf.Module]bool)
	walk = func(m *tf.Module, prefix string, seen map[*tf.Module]bool) {
		if seen[m] {
			return
		}
		seen[m] = true
		defer delete(seen, m)
		for _, r := range m.Resources {
			for _, w := range r.Waivers {
				out = append(out, policy.Waiver{Address: prefix + r.Address(), Rule: w.Rule, Reason: w.Reason,
					Expires: w.Expires, Source: sourceOf(w.Pos)})
			}
		}
		for _, c := range m.Calls {
			if c.Child != nil {
				walk(c.Child, prefix+"module."+c.Name+".", seen)
			}
		}
	}
	walk(root, "", map[*tf.Module]bool{})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Address != out[j].Address {
			return out[i].Address < out[j].Address
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// WaiverFile renders root's waivers as policy-waivers.json in root's
// directory, in the format package policy reads.
func WaiverFile(root *tf.Module, generator string) write.File {
	if generator == "" {
		generator = "go run ./gen"
	}
	data := policy.EncodeWaivers(render.GeneratedMarker+generator+"; DO NOT EDIT.", Waivers(root))
	return write.File{Path: root.Name + "/" + policy.WaiverFileName, Data: data}
}

// WaiverValidator checks every waiver where the blueprint declares it,
// before anything is written: the rule must be one the policy pack has (or
// a Rego rule, "rego:..."), the reason must be there and the expiry must be
// a date. A waiver that has expired at now, or expires within
// policy.WaiverWarnDays, is a warning.
func WaiverValidator(now time.Time) Validator {
	return func(mods []*tf.Module) tf.Diagnostics {
		ids := policy.RuleIDs()
		var ds tf.Diagnostics
		for _, m := range mods {
			for _, r := range m.Resources {
				for _, w := range r.Waivers {
					pw := policy.Waiver{Address: r.Address(), Rule: w.Rule, Reason: w.Reason, Expires: w.Expires, Source: sourceOf(w.Pos)}
					addr := m.Name + ": " + r.Address()
					if w.Rule != "" && !slices.Contains(ids, w.Rule) && !policy.ExternalRule(w.Rule) {
						ds.Errorf(w.Pos, addr, "waiver names rule %q, which the policy pack does not have%s", w.Rule, tf.DidYouMean(w.Rule, ids))
					}
					if err := pw.Validate(); err != nil {
						ds.Errorf(w.Pos, addr, "%v", err)
						continue
					}
					days, ok := pw.DaysLeft(now)
					switch {
					case ok && days < 0:
						ds.Warnf(w.Pos, addr, "waiver of %s expired on %s and no longer applies: fix the resource, or renew the waiver here with a new expiry and reason", w.Rule, w.Expires)
					case pw.ExpiresSoon(now):
						ds.Warnf(w.Pos, addr, "waiver of %s expires on %s (in %d day(s)): fix the resource, or renew the waiver here with a new expiry and reason", w.Rule, w.Expires, days)
					}
				}
			}
		}
		return ds
	}
}

// sourceOf is pos as file:line with the file relative to the root of the
// Go module it belongs to, so that generated files do not depend on where
// the repository is checked out.
func sourceOf(pos tf.Pos) string {
	if s, ok := sources.Load(pos); ok {
		return s.(string)
	}
	p := pos.Resolve()
	s := ""
	if p.File() != "" {
		s = moduleRelative(filepath.FromSlash(p.File())) + ":" + strconv.Itoa(p.Line())
	}
	sources.Store(pos, s)
	return s
}

// sources holds sourceOf by position: a waiver in a module that every
// environment calls is met by each environment's waiver file and check
// and by the validator, and resolving its position walks the call stack.
var sources sync.Map // tf.Pos -> string

var (
	modRootMu sync.Mutex
	modRoots  = map[string]string{} // directory -> its Go module root ("" none)
)

// mainModule is the path of the main module the binary was built from,
// "" when unknown: reading the build information parses it afresh at
// every call.
var mainModule = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.Main.Path
	}
	return ""
})

func moduleRelative(file string) string {
	// A binary built with -trimpath records import paths, not directories.
	if m := mainModule(); m != "" {
		if rest, ok := strings.CutPrefix(filepath.ToSlash(file), m+"/"); ok {
			return rest
		}
	}
	dir := filepath.Dir(file)
	modRootMu.Lock()
	root, ok := modRoots[dir]
	if !ok {
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				root = d
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		modRoots[dir] = root
	}
	modRootMu.Unlock()
	if root == "" {
		return filepath.ToSlash(file)
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}
