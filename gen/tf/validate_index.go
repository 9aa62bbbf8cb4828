package tf

import "hash/maphash"

// addrTable finds a module's resources by address. A large module is
// mostly resources: a Go map of their addresses to the objects is tens of
// bytes a slot, scattered, while this table is 8 bytes a slot (a hash and
// the index of the resource), and the addresses it compares sit one after
// another in one string (Addresses).
type addrTable struct {
	seed  maphash.Seed
	addrs []string
	// slots hold the high 32 bits of an address's hash and its index in
	// addrs plus one; 0 is an empty slot.
	slots []uint64
	mask  uint64
}

func newAddrTable(addrs []string) *addrTable {
	size := uint64(8)
	for size < uint64(len(addrs))*2 {
		size *= 2
	}
	return &addrTable{seed: maphash.MakeSeed(), addrs: addrs, slots: make([]uint64, size), mask: size - 1}
}

// add records addrs[i] and returns -1, or the index of the first address
// equal to it when there is one (and records nothing).
func (t *addrTable) add(i int) int {
	h := maphash.String(t.seed, t.addrs[i])
	tag := h >> 32 << 32
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		e := t.slots[s]
		if e == 0 {
			t.slots[s] = tag | uint64(i+1)
			return -1
		}
		if e>>32<<32 == tag {
			if j := int(uint32(e)) - 1; t.addrs[j] == t.addrs[i] {
				return j
			}
		}
	}
}

// find returns the index of the first address equal to addr, or -1.
func (t *addrTable) find(addr string) int {
	h := maphash.String(t.seed, addr)
	tag := h >> 32 << 32
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		e := t.slots[s]
		if e == 0 {
			return -1
		}
		if e>>32<<32 == tag {
			if j := int(uint32(e)) - 1; t.addrs[j] == addr {
				return j
			}
		}
	}
}
