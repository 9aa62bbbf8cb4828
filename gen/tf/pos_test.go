package tf_test

import (
	"runtime"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestPositionsNameTheCallingLine records positions the ways the model
// does and resolves them.
func TestPositionsNameTheCallingLine(t *testing.T) {
	m := tf.NewModule("m")
	_, file, line, _ := runtime.Caller(0)
	r := m.Resource("aws_s3_bucket", "b").
		Set("bucket", tf.String("x"))
	r.Block("versioning_configuration")
	v := m.Variable("v", cty.String, "d")
	for _, c := range []struct {
		what string
		pos  tf.Pos
		line int
	}{
		{"Resource", r.Pos(), line + 1},
		{"Set", r.Items[0].Attr.Pos, line + 2},
		{"Block", r.Items[1].Block.Pos, line + 3},
		{"Variable", v.Pos(), line + 4},
	} {
		got := c.pos.Resolve()
		if got.File != file || got.Line != c.line {
			t.Errorf("%s at %s:%d, want line %d", c.what, got.File, got.Line, c.line)
		}
	}
}
