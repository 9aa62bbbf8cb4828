package tf

import (
	"hash/maphash"
	"math/bits"
)

// addrTable finds a module's resources by address. A large module is
// mostly resources: a Go map of their addresses to the objects is tens of
// bytes a slot, scattered, while this table is 4 bytes a slot (part of a
// hash and the index of the resource), and the addresses it compares sit
// one after another in a few buffers (Addresses).
type addrTable struct {
	seed  maphash.Seed
	addrs []string
	// slots hold an address's index in addrs plus one in their low bits
	// (idx), and as many bits of its hash as are left above them: the
	// tag, which spares most comparisons of addresses that only share a
	// slot. 0 is an empty slot.
	slots []uint32
	mask  uint64
	idx   uint32
}

func newAddrTable(addrs []string) *addrTable {
	size := uint64(8)
	for size < uint64(len(addrs))*2 {
		size *= 2
	}
	slots := make([]uint32, size)
	// A large table is fresh memory the runtime has not zeroed (the
	// kernel's zero page stands for it): probing would read each page
	// before writing it, a second page fault and, with other threads
	// running, a TLB shootdown on every CPU. Clearing it writes first.
	clear(slots)
	return &addrTable{seed: maphash.MakeSeed(), addrs: addrs, slots: slots, mask: size - 1,
		idx: 1<<bits.Len32(uint32(len(addrs))) - 1}
}

// tag is the part of hash h a slot keeps. The slot is chosen by h's low
// bits; the tag comes from its high ones.
func (t *addrTable) tag(h uint64) uint32 { return uint32(h>>32) &^ t.idx }

// add records addrs[i] and returns -1, or the index of the first address
// equal to it when there is one (and records nothing).
func (t *addrTable) add(i int) int {
	h := maphash.String(t.seed, t.addrs[i])
	tag := t.tag(h)
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		e := t.slots[s]
		if e == 0 {
			t.slots[s] = tag | uint32(i+1)
			return -1
		}
		if e&^t.idx == tag {
			if j := int(e&t.idx) - 1; t.addrs[j] == t.addrs[i] {
				return j
			}
		}
	}
}

// find returns the index of the first address equal to addr, or -1.
func (t *addrTable) find(addr string) int {
	h := maphash.String(t.seed, addr)
	tag := t.tag(h)
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		e := t.slots[s]
		if e == 0 {
			return -1
		}
		if e&^t.idx == tag {
			if j := int(e&t.idx) - 1; t.addrs[j] == addr {
				return j
			}
		}
	}
}
