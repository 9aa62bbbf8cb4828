package tf

import (
	"strconv"
	"strings"
	"testing"
)

// wrapped is a typed value standing for an expression without being
// unwrapped, as one built into the model by hand may be.
type wrapped struct{ e Expr }

func (w wrapped) TFExpr() Expr { return w.e }
func (wrapped) isExpr()        {}

// TestResourceWalkReachesEveryPlace: the resource walk, which descends
// into constructors without visiting them, checks a reference in every
// place an expression may hold one, in the order WalkExpr meets them.
func TestResourceWalkReachesEveryPlace(t *testing.T) {
	other := NewModule("other")
	var refs []Expr
	ref := func() Expr {
		r := other.Resource("terraform_data", "x"+strconv.Itoa(len(refs))).Attr("id")
		refs = append(refs, r)
		return r
	}
	m := NewModule("m")
	r := m.Resource("terraform_data", "r")
	r.Set("tuple", List(ref())).
		Set("object", Obj(KV("k", ref()), KeyExpr(ref(), String("v")))).
		Set("call", Fn("upper", ref())).
		Set("template", Tmpl("a", ref())).
		Set("conditional", If(ref(), ref(), ref())).
		Set("binary", Op(ref(), "+", ref())).
		Set("unary", Not(ref())).
		Set("paren", Paren{X: ref()}).
		Set("for", ForMap("k", "v", ref(), ref(), ref(), ref())).
		Set("traverse", Index(ref(), ref())).
		Set("step", ref().(Ref).Index(ref())).
		Set("typed", Tuple{Elems: []Expr{wrapped{ref()}}})
	// Where WalkExpr meets them.
	var want []string
	WalkBody(&r.Body, func(e Expr) bool {
		if x, ok := e.(Ref); ok {
			want = append(want, x.RootText())
		}
		return true
	})
	if len(want) != len(refs) {
		t.Fatalf("WalkExpr meets %d references, want %d", len(want), len(refs))
	}
	var got []string
	for _, d := range Validate(m) {
		if strings.Contains(d.Summary, "which is declared in module other") {
			got = append(got, strings.TrimSuffix(strings.Fields(d.Summary)[2], ","))
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("references reported:\n%v\nwant, in WalkExpr's order:\n%v", got, want)
	}
}
