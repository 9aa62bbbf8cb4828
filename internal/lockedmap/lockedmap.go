// Package lockedmap is a map safe for concurrent use, for caches that are
// filled once per key and then mostly read: the position caches of
// gen/tf and the per-type and per-file caches of gen/bindings/typed. A
// sync.Map would allocate for every key looked up and every value
// stored, as the interfaces it takes hold them.
package lockedmap

import "sync"

// A Map is a map under a read-write lock. The zero Map is empty and
// ready to use.
type Map[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

// Load returns k's value and whether there is one.
func (c *Map[K, V]) Load(k K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

// Store sets k's value to v.
func (c *Map[K, V]) Store(k K, v V) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[K]V{}
	}
	c.m[k] = v
	c.mu.Unlock()
}

// Delete removes k's value.
func (c *Map[K, V]) Delete(k K) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

// LoadOrStore returns k's value, storing v as it first when there is
// none.
func (c *Map[K, V]) LoadOrStore(k K, v V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		return old
	}
	if c.m == nil {
		c.m = map[K]V{}
	}
	c.m[k] = v
	return v
}
