package lockedmap

import (
	"sync"
	"testing"
)

func TestMap(t *testing.T) {
	var m Map[string, int]
	if _, ok := m.Load("a"); ok {
		t.Fatal("the zero Map has a value for a")
	}
	if v := m.LoadOrStore("a", 1); v != 1 {
		t.Fatalf("LoadOrStore on an empty map = %d, want 1", v)
	}
	if v := m.LoadOrStore("a", 2); v != 1 {
		t.Fatalf("LoadOrStore of a stored key = %d, want the first value 1", v)
	}
	m.Store("a", 3)
	if v, ok := m.Load("a"); !ok || v != 3 {
		t.Fatalf("Load after Store = %d, %v; want 3, true", v, ok)
	}
	m.Delete("a")
	if _, ok := m.Load("a"); ok {
		t.Fatal("Load after Delete found a value")
	}
}

func TestMapConcurrentLoadOrStoreAgrees(t *testing.T) {
	// Every goroutine gets the one value stored first for a key.
	var m Map[int, int]
	var wg sync.WaitGroup
	got := make([][]int, 8)
	for g := range got {
		got[g] = make([]int, 100)
		wg.Go(func() {
			for k := range 100 {
				got[g][k] = m.LoadOrStore(k, g*1000+k)
			}
		})
	}
	wg.Wait()
	for k := range 100 {
		want, _ := m.Load(k)
		for g := range got {
			if got[g][k] != want {
				t.Fatalf("goroutine %d got %d for key %d, the map holds %d", g, got[g][k], k, want)
			}
		}
	}
}
