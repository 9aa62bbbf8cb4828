package tf

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"unsafe"
)

// TestSlabsFillTheirSizeClass: a slab of resources, body items or
// attributes, with the allocator's 8-byte header, fills a 16 KiB size
// class without spilling into the next one and with less than one value
// of room left.
func TestSlabsFillTheirSizeClass(t *testing.T) {
	const class, header = 16 << 10, 8
	check := func(name string, n int, size uintptr) {
		used := uintptr(n)*size + header
		if used > class || class-used >= size {
			t.Errorf("a slab of %d %s (%d bytes each) takes %d bytes of a %d-byte class", n, name, size, used, class)
		}
	}
	check("resources", len(slab[Resource](1)), unsafe.Sizeof(Resource{}))
	check("body items", len(slab[BodyItem](4)), unsafe.Sizeof(BodyItem{}))
	check("attributes", len(slab[Attribute](1)), unsafe.Sizeof(Attribute{}))
	if n := len(slab[BodyItem](5000)); n != 5000 {
		t.Errorf("slab of at least 5000 body items has %d", n)
	}
}

// TestItemsGrowInPlace: a resource whose arguments are set before the
// next is declared holds at most one item of room it does not use, and
// resources set in turn keep each its own items, in order.
func TestItemsGrowInPlace(t *testing.T) {
	m := NewModule("m")
	for i := 0; i < 3000; i++ {
		r := m.Resource("terraform_data", "r")
		for j := 0; j < i%7; j++ {
			r.Set("a", String("x"))
		}
		if spare := cap(r.Items) - len(r.Items); spare > 1 {
			t.Fatalf("resource %d: %d items, room for %d more", i, len(r.Items), spare)
		}
	}
	a, b := m.Resource("terraform_data", "a"), m.Resource("terraform_data", "b")
	for j := 0; j < 20; j++ {
		a.Set("a", Number(j))
		b.Set("b", Number(j))
		if j == 10 {
			a.Items = a.Items[1:]
		}
	}
	for _, r := range []*Resource{a, b} {
		want := 20
		if r == a {
			want = 19
		}
		if len(r.Items) != want {
			t.Fatalf("%s: %d items, want %d", r.Name, len(r.Items), want)
		}
		for k, it := range r.Items {
			j := k
			if r == a {
				j++
			}
			if v, _ := LiteralValue(it.Attr.Value); it.Attr.Name != r.Name || !v.RawEquals(Number(j).Value) {
				t.Fatalf("%s: item %d is %s = %#v", r.Name, k, it.Attr.Name, v)
			}
		}
	}
}

// TestAttrStepsShared: references to one attribute name share their
// steps, whichever handle they start from; each keeps its own name among
// many, and a reference extended from a shared one leaves it as it was.
func TestAttrStepsShared(t *testing.T) {
	m := NewModule("m")
	a, b := m.Resource("aws_s3_bucket", "a"), m.Resource("aws_s3_bucket", "b")
	x, y := a.Attr("arn"), b.Attr("arn")
	if &x.Steps[0] != &y.Steps[0] {
		t.Error("two references to .arn have steps of their own")
	}
	refs := make([]Ref, 2000)
	for i := range refs {
		refs[i] = a.Attr("n" + strconv.Itoa(i))
	}
	for i, r := range refs {
		if len(r.Steps) != 1 || r.Steps[0] != (Step{Attr: "n" + strconv.Itoa(i)}) {
			t.Fatalf("reference %d has steps %+v", i, r.Steps)
		}
	}
	z := x.Attr("id").Key("k")
	if len(x.Steps) != 1 || x.Steps[0].Attr != "arn" || len(y.Steps) != 1 {
		t.Errorf("extending a reference changed the shared one: %+v", x.Steps)
	}
	if len(z.Steps) != 3 || z.Steps[0].Attr != "arn" || z.Steps[1].Attr != "id" || z.Steps[2].Index != String("k") {
		t.Errorf("extended reference has steps %+v", z.Steps)
	}
}

// TestAddrTableFindsEachAddress: the address table finds every address
// and reports each duplicate at its first, with tags as it makes them and
// with none (every slot's whole word an index, so that every probe
// compares addresses).
func TestAddrTableFindsEachAddress(t *testing.T) {
	var addrs []string
	for i := 0; i < 5000; i++ {
		addrs = append(addrs, "terraform_data.r"+strconv.Itoa(i%4000))
	}
	for _, untagged := range []bool{false, true} {
		tab := newAddrTable(addrs)
		if untagged {
			tab.idx = ^uint32(0)
		}
		for i := range addrs {
			want := -1
			if i >= 4000 {
				want = i - 4000
			}
			if got := tab.add(i); got != want {
				t.Fatalf("untagged %v: add(%d) = %d, want %d", untagged, i, got, want)
			}
		}
		for i := 0; i < 4000; i++ {
			if got := tab.find(addrs[i]); got != i {
				t.Fatalf("untagged %v: find(%q) = %d", untagged, addrs[i], got)
			}
		}
		if got := tab.find("terraform_data.r4000"); got != -1 {
			t.Fatalf("untagged %v: found an address never added at %d", untagged, got)
		}
	}
}

// TestAddrTableAtPowersOfTwo: at sizes either side of a power of two,
// where the bits of an index and of the tag split anew, the address table
// agrees with a map: add reports the first of each duplicate, find finds
// every address at its first and nothing else.
func TestAddrTableAtPowersOfTwo(t *testing.T) {
	for k := 0; k <= 13; k++ {
		for _, n := range []int{1<<k - 1, 1 << k, 1<<k + 1} {
			addrs := make([]string, n)
			for i := range addrs {
				// Every seventh address repeats an earlier one.
				j := i
				if i%7 == 6 {
					j = i / 2
				}
				addrs[i] = "aws_s3_bucket.b" + strconv.Itoa(j)
			}
			tab := newAddrTable(addrs)
			first := map[string]int{}
			for i, a := range addrs {
				want, ok := first[a]
				if !ok {
					want = -1
					first[a] = i
				}
				if got := tab.add(i); got != want {
					t.Fatalf("n=%d: add(%d) of %q = %d, want %d", n, i, a, got, want)
				}
			}
			for a, i := range first {
				if got := tab.find(a); got != i {
					t.Fatalf("n=%d: find(%q) = %d, want %d", n, a, got, i)
				}
			}
			if got := tab.find("aws_s3_bucket.none"); got != -1 {
				t.Fatalf("n=%d: find of an address never added = %d", n, got)
			}
		}
	}
}

// TestItemsOfInterleavedSets: arguments set on many resources in a random
// order, some cut short or shifted between sets, are each resource's own
// and in order: growing in place never takes room another resource holds.
func TestItemsOfInterleavedSets(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	m := NewModule("m")
	var res []*Resource
	var want [][]int
	for step := 0; step < 20000; step++ {
		switch x := r.IntN(10); {
		case x == 0 || len(res) == 0:
			res = append(res, m.Resource("terraform_data", "r"+strconv.Itoa(len(res))))
			want = append(want, nil)
		case x == 1:
			i := r.IntN(len(res))
			if n := len(res[i].Items); n > 0 {
				cut := r.IntN(n)
				if r.IntN(2) == 0 {
					res[i].Items, want[i] = res[i].Items[:cut], want[i][:cut]
				} else {
					res[i].Items, want[i] = res[i].Items[cut:], want[i][cut:]
				}
			}
		default:
			// Mostly the latest resource, as a model sets them.
			i := len(res) - 1
			if r.IntN(3) == 0 {
				i = r.IntN(len(res))
			}
			res[i].Set("a", Number(step))
			want[i] = append(want[i], step)
		}
	}
	for i, rs := range res {
		if len(rs.Items) != len(want[i]) {
			t.Fatalf("%s: %d items, want %d", rs.Name, len(rs.Items), len(want[i]))
		}
		for k, it := range rs.Items {
			if v, _ := LiteralValue(it.Attr.Value); !v.RawEquals(Number(want[i][k]).Value) {
				t.Fatalf("%s: item %d is %#v, want %d", rs.Name, k, v, want[i][k])
			}
		}
	}
}
