package tfrun

import (
	"fmt"
	"io"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Summary counts a plan's resource changes per module.
type Summary struct {
	Modules []ModuleSummary // root module ("") first, then by address
	// Destroys and Replaces list every resource instance the plan deletes
	// or replaces, by address: the changes a reviewer must not miss.
	Destroys []string
	Replaces []string
	// Outputs counts root outputs the plan changes.
	Outputs int
}

// ModuleSummary counts one module's resource changes.
type ModuleSummary struct {
	Module  string // module address, "" for the root module
	Add     int
	Change  int
	Destroy int
	Replace int
	Import  int
}

// Total adds up every module.
func (s Summary) Total() ModuleSummary {
	var t ModuleSummary
	for _, m := range s.Modules {
		t.Add += m.Add
		t.Change += m.Change
		t.Destroy += m.Destroy
		t.Replace += m.Replace
		t.Import += m.Import
	}
	return t
}

// HasChanges reports whether the plan changes anything.
func (s Summary) HasChanges() bool {
	t := s.Total()
	return t.Add+t.Change+t.Destroy+t.Replace+t.Import+s.Outputs > 0
}

// Summarize counts the resource changes of a plan.
func Summarize(p *tfjson.Plan) Summary {
	var s Summary
	byMod := map[string]*ModuleSummary{}
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
			continue
		}
		m := byMod[rc.ModuleAddress]
		if m == nil {
			m = &ModuleSummary{Module: rc.ModuleAddress}
			byMod[rc.ModuleAddress] = m
		}
		a := rc.Change.Actions
		switch {
		case a.Replace():
			m.Replace++
			s.Replaces = append(s.Replaces, rc.Address)
		case a.Create():
			m.Add++
		case a.Update():
			m.Change++
		case a.Delete():
			m.Destroy++
			s.Destroys = append(s.Destroys, rc.Address)
		}
		if rc.Change.Importing != nil {
			m.Import++
		}
	}
	for _, m := range byMod {
		if m.Add+m.Change+m.Destroy+m.Replace+m.Import > 0 {
			s.Modules = append(s.Modules, *m)
		}
	}
	sort.Slice(s.Modules, func(i, j int) bool { return s.Modules[i].Module < s.Modules[j].Module })
	sort.Strings(s.Destroys)
	sort.Strings(s.Replaces)
	for _, oc := range p.OutputChanges {
		if oc != nil && !oc.Actions.NoOp() {
			s.Outputs++
		}
	}
	return s
}

// WriteText writes the summary for people: one line per module, then
// every destroy and replace by name.
func (s Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	if !s.HasChanges() {
		b.WriteString("No changes.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	width := len("(root)")
	for _, m := range s.Modules {
		width = max(width, len(m.Module))
	}
	for _, m := range s.Modules {
		name := m.Module
		if name == "" {
			name = "(root)"
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, name, counts(m))
	}
	t := s.Total()
	fmt.Fprintf(&b, "  %-*s  %s", width, "total", counts(t))
	if s.Outputs > 0 {
		fmt.Fprintf(&b, ", %d output(s) changed", s.Outputs)
	}
	b.WriteString("\n")
	for _, a := range s.Destroys {
		fmt.Fprintf(&b, "  DESTROY  %s\n", a)
	}
	for _, a := range s.Replaces {
		fmt.Fprintf(&b, "  REPLACE  %s\n", a)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func counts(m ModuleSummary) string {
	s := fmt.Sprintf("%d to add, %d to change, %d to destroy, %d to replace", m.Add, m.Change, m.Destroy, m.Replace)
	if m.Import > 0 {
		s += fmt.Sprintf(", %d to import", m.Import)
	}
	return s
}
