package tf_test

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestItemKeyAndVal: an item made with KV has its literal name and no
// computed key, one made with KeyExpr has its key and value (and no name),
// and a walk of the object visits both the key and the value.
func TestItemKeyAndVal(t *testing.T) {
	env := tf.VarRef("env")
	kv := tf.KV("Name", tf.String("x"))
	if kv.Name != "Name" || kv.Key() != nil || kv.Val() != tf.String("x") {
		t.Errorf("KV: name %q, key %v, val %v", kv.Name, kv.Key(), kv.Val())
	}
	empty := tf.KV("", tf.String("y"))
	if empty.Key() != nil || empty.Val() != tf.String("y") {
		t.Errorf(`KV(""): key %v, val %v`, empty.Key(), empty.Val())
	}
	ke := tf.KeyExpr(env, tf.String("z"))
	if ke.Name != "" || ke.Val() != tf.String("z") {
		t.Errorf("KeyExpr: name %q, val %v", ke.Name, ke.Val())
	}
	if k, ok := ke.Key().(tf.Ref); !ok || k.Root != "var.env" {
		t.Errorf("KeyExpr: key %#v, want var.env", ke.Key())
	}
	var seen []tf.Expr
	tf.WalkExpr(tf.Obj(kv, ke), func(e tf.Expr) bool {
		switch e.(type) {
		case tf.Ref, tf.Str:
			seen = append(seen, e)
		}
		return true
	})
	if len(seen) != 3 {
		t.Errorf("walk saw %d leaves (%v), want 3: the value x, the key var.env and the value z", len(seen), seen)
	}
}

// TestModelNodesStaySmall holds the sizes that keep a large model's heap
// small: an object item is two words, and the rare fields of a resource
// do not widen it.
func TestModelNodesStaySmall(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if s := unsafe.Sizeof(tf.Item{}); s != 32 {
		t.Errorf("tf.Item is %d bytes, want 32", s)
	}
	if s := unsafe.Sizeof(tf.Resource{}); s > 216 {
		t.Errorf("tf.Resource is %d bytes, want at most 216", s)
	}
}

// TestResourceListDoubles: the module's resource list at least doubles
// each time it grows, whichever way resources are declared, so that a
// large module leaves behind about as many slots of earlier lists as it
// holds (append grows a long list by a quarter, leaving about four times
// as many).
func TestResourceListDoubles(t *testing.T) {
	m := tf.NewModule("m")
	prev := 0
	for i := range 5000 {
		switch i % 3 {
		case 0:
			m.Resource("terraform_data", "r"+strconv.Itoa(i))
		case 1:
			m.Data("aws_caller_identity", "d"+strconv.Itoa(i))
		default:
			m.Ephemeral("random_password", "e"+strconv.Itoa(i))
		}
		if c := cap(m.Resources); c != prev {
			if prev >= 16 && c < 2*prev {
				t.Fatalf("at %d resources the list grew from %d to %d slots", len(m.Resources), prev, c)
			}
			prev = c
		}
	}
}
