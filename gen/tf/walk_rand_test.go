package tf

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestResourceWalkMatchesWalkExprOnRandomTrees: on random expressions,
// constructors nested in one another (misspelt provider function calls
// among them) with references, variables, locals and raw expressions of
// another module at the leaves and in index steps, the resource walk
// checks every node WalkExpr meets that the validator checks (references
// and calls), once each and in WalkExpr's order.
func TestResourceWalkMatchesWalkExprOnRandomTrees(t *testing.T) {
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 12))
		other := NewModule("other")
		n := 0
		label := func() string { n++; return "x" + strconv.Itoa(n) }
		var gen func(depth int) Expr
		gen = func(depth int) Expr {
			if depth == 0 || rng.IntN(4) == 0 {
				switch rng.IntN(7) {
				case 0:
					return String("s")
				case 1:
					return Bool(true)
				case 2:
					return other.Variable(label(), cty.String, "d")
				case 3:
					return other.Local(label(), String("v"))
				case 4:
					return RawHCL("aws_thing." + label() + ".id")
				case 5:
					return nil
				default:
					return other.Resource("terraform_data", label()).Attr("id")
				}
			}
			d := depth - 1
			switch rng.IntN(14) {
			case 0:
				return Tuple{Elems: []Expr{gen(d), gen(d), gen(d)}}
			case 1:
				return Object{Items: []Item{KV("k", gen(d)), {Name: "n", val: gen(d)}, {val: &keyed{key: gen(d), val: gen(d)}}}}
			case 2:
				return Call{Name: "bad::" + label(), Args: []Expr{gen(d), gen(d)}}
			case 3:
				return Template{Parts: []Expr{Str("a"), gen(d), gen(d)}}
			case 4:
				return Conditional{Cond: gen(d), True: gen(d), False: gen(d)}
			case 5:
				return Binary{Op: "+", L: gen(d), R: gen(d)}
			case 6:
				return Unary{Op: "!", X: gen(d)}
			case 7:
				return Paren{X: gen(d)}
			case 8:
				return For{KeyVar: "k", ValVar: "v", Coll: gen(d), Key: gen(d), Val: gen(d), Cond: gen(d)}
			case 9:
				return Traverse{X: gen(d), Steps: []Step{{Attr: "a"}, {Index: gen(d)}, {Index: gen(d)}}}
			case 10:
				r := other.Resource("terraform_data", label()).Attr("id")
				r.Steps = append(r.Steps, Step{Index: gen(d)}, Step{Attr: "b"}, Step{Index: gen(d)})
				return r
			case 11:
				return wrapped{gen(d)}
			case 12:
				return TypedOf(gen(d))
			default:
				return Tuple{Elems: []Expr{wrapped{gen(d)}, wrapped{nil}}}
			}
		}
		m := NewModule("m")
		r := m.Resource("terraform_data", "r")
		for i := range 3 {
			r.Set("a"+strconv.Itoa(i), gen(5))
		}
		r.Block("nested").Set("b", gen(4))
		// Where WalkExpr meets them.
		var want, wantCalls []string
		WalkBody(&r.Body, func(e Expr) bool {
			switch x := e.(type) {
			case Ref:
				want = append(want, x.RootText())
			case *Variable:
				want = append(want, x.RefAddr())
			case *Local:
				want = append(want, x.RefAddr())
			case *Raw:
				want = append(want, x.Src)
			case Call:
				wantCalls = append(wantCalls, x.Name)
			}
			return true
		})
		var got, gotCalls []string
		for _, d := range Validate(m) {
			switch s := d.Summary; {
			case strings.Contains(s, "which is declared in module other"):
				got = append(got, strings.TrimSuffix(strings.Fields(s)[2], ","))
			case strings.HasPrefix(s, "raw HCL "):
				src, err := strconv.Unquote(strings.Fields(s)[2])
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, src)
			case strings.HasPrefix(s, "function name "):
				name, err := strconv.Unquote(strings.TrimSuffix(strings.Fields(s)[2], ":"))
				if err != nil {
					t.Fatal(err)
				}
				gotCalls = append(gotCalls, name)
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("seed %d: references reported:\n%v\nwant, in WalkExpr's order:\n%v", seed, got, want)
		}
		if strings.Join(gotCalls, " ") != strings.Join(wantCalls, " ") {
			t.Fatalf("seed %d: function names reported:\n%v\nwant, in WalkExpr's order:\n%v", seed, gotCalls, wantCalls)
		}
	}
}
