package blueprintlits

import (
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
)

// TestLiteralIndexIsCurrent: the committed literal index is the one the
// blueprints' Go files give now. A stale one only costs the parse it was
// made to spare (typed.UseIndex), but it should not be committed.
func TestLiteralIndexIsCurrent(t *testing.T) {
	index, err := typed.MakeIndex("../..", "modules", "blueprints")
	if err != nil {
		t.Fatal(err)
	}
	if index != literalIndex {
		t.Errorf("internal/blueprintlits/index_gen.go is stale: run 'go generate ./internal/blueprintlits' and commit the result")
	}
}
