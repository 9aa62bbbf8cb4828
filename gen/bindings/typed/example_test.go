package typed_test

import (
	"fmt"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// port is the shape of an object struct in generated bindings.
type port struct {
	From typed.Number `tf:"from"`
	To   typed.Number `tf:"to"`
	Note typed.String `tf:"note,optional"`
}

// ruleArgs is the shape of an argument struct in generated bindings.
type ruleArgs struct {
	Name  typed.String     `tf:"name"`
	Ports typed.List[port] `tf:"ports"`
	Unset typed.Bool       `tf:"unset"`
}

func Example() {
	m := tf.NewModule("modules/x")
	r := m.Resource("example_rule", "web")
	typed.Build(&r.Body, r.Pos(), &ruleArgs{
		Name:  typed.StringVal("web"),
		Ports: typed.ListVal(port{From: typed.NumberVal(80)}),
	})
	for _, it := range r.Items {
		fmt.Printf("%s = %T\n", it.Attr.Name, it.Attr.Value)
	}
	obj := r.Get("ports").(tf.Tuple).Elems[0].(tf.Object)
	for _, it := range obj.Items {
		fmt.Printf("  %s = %v\n", it.Name, it.Val().(tf.Literal).Value.GoString())
	}
	// Output:
	// name = tf.Str
	// ports = tf.Tuple
	//   from = cty.NumberIntVal(80)
	//   to = cty.NullVal(cty.DynamicPseudoType)
}
