package tf

import (
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
