package generate

import (
	"encoding/json"
	"sort"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

// Waiver is a policy waiver with the full address of the resource it
// excuses, as seen from a root module.
type Waiver struct {
	Address string `json:"address"`
	Rule    string `json:"rule"`
	Reason  string `json:"reason"`
	Expires string `json:"expires,omitempty"`
}

// Waivers collects the waivers declared on resources of root and of every
// module it calls (through ModuleCall.Child), addressed from root:
// module.<call>.<type>.<name>. They are sorted by address and rule.
func Waivers(root *tf.Module) []Waiver {
	var out []Waiver
	var walk func(m *tf.Module, prefix string, seen map[*tf.Module]bool)
	walk = func(m *tf.Module, prefix string, seen map[*tf.Module]bool) {
		if seen[m] {
			return
		}
		seen[m] = true
		defer delete(seen, m)
		for _, r := range m.Resources {
			for _, w := range r.Waivers {
				out = append(out, Waiver{Address: prefix + r.Address(), Rule: w.Rule, Reason: w.Reason, Expires: w.Expires})
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
// directory: an object whose "//" member carries the generated-file
// marker and whose "waivers" member lists them.
func WaiverFile(root *tf.Module, generator string) write.File {
	if generator == "" {
		generator = "go run ./gen"
	}
	doc := struct {
		Comment string   `json:"//"`
		Waivers []Waiver `json:"waivers"`
	}{render.GeneratedMarker + generator + "; DO NOT EDIT.", Waivers(root)}
	if doc.Waivers == nil {
		doc.Waivers = []Waiver{}
	}
	data, _ := json.MarshalIndent(doc, "", "  ")
	return write.File{Path: root.Name + "/policy-waivers.json", Data: append(data, '\n')}
}
