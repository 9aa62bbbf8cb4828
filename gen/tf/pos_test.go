package tf_test

import (
	"fmt"
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
		if got.File() != file || got.Line() != c.line {
			t.Errorf("%s at %s:%d, want line %d", c.what, got.File(), got.Line(), c.line)
		}
	}
}

// TestPositionsRecordedConcurrently: models built on several goroutines
// at once share the table of recorded call stacks, and each position
// still names its own line.
func TestPositionsRecordedConcurrently(t *testing.T) {
	_, file, line, _ := runtime.Caller(0)
	build := []func(m *tf.Module) *tf.Resource{
		func(m *tf.Module) *tf.Resource { return m.Resource("aws_s3_bucket", "a").Set("bucket", tf.String("a")) },
		func(m *tf.Module) *tf.Resource { return m.Resource("aws_s3_bucket", "b").Set("bucket", tf.String("b")) },
		func(m *tf.Module) *tf.Resource { return m.Resource("aws_s3_bucket", "c").Set("bucket", tf.String("c")) },
	}
	const rounds = 2000
	errs := make(chan string, len(build))
	for g := range build {
		go func() {
			m := tf.NewModule("m")
			for range rounds {
				build[g](m)
			}
			for _, r := range m.Resources {
				for what, p := range map[string]tf.Pos{"Resource": r.Pos(), "Set": r.Items[0].Attr.Pos} {
					if got := p.Resolve(); got.File() != file || got.Line() != line+2+g {
						errs <- fmt.Sprintf("goroutine %d: %s at %s:%d, want line %d", g, what, got.File(), got.Line(), line+2+g)
						return
					}
				}
			}
			errs <- ""
		}()
	}
	for range build {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
