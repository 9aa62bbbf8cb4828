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
