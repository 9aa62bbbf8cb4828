package tfrun

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestSummarize(t *testing.T) {
	rc := func(mod, addr string, actions ...tfjson.Action) *tfjson.ResourceChange {
		return &tfjson.ResourceChange{Address: addr, ModuleAddress: mod, Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: actions}}
	}
	p := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		rc("", "aws_s3_bucket.ui", tfjson.ActionCreate),
		rc("module.net", "module.net.aws_vpc.main", tfjson.ActionDelete, tfjson.ActionCreate),
		rc("module.net", "module.net.aws_subnet.a", tfjson.ActionUpdate),
		rc("module.net", "module.net.aws_subnet.b", tfjson.ActionDelete),
		rc("module.net", "module.net.aws_subnet.c", tfjson.ActionNoop),
		{Address: "data.x.y", Mode: tfjson.DataResourceMode, Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionRead}}},
	}}
	s := Summarize(p)
	want := []ModuleSummary{{Module: "", Add: 1}, {Module: "module.net", Change: 1, Destroy: 1, Replace: 1}}
	if len(s.Modules) != len(want) {
		t.Fatalf("modules = %+v, want %+v", s.Modules, want)
	}
	for i := range want {
		if s.Modules[i] != want[i] {
			t.Errorf("module %d = %+v, want %+v", i, s.Modules[i], want[i])
		}
	}
	var b strings.Builder
	s.WriteText(&b)
	for _, w := range []string{"DESTROY  module.net.aws_subnet.b", "REPLACE  module.net.aws_vpc.main", "total       1 to add, 1 to change, 1 to destroy, 1 to replace"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, b.String())
		}
	}
	if Summarize(&tfjson.Plan{}).HasChanges() {
		t.Error("empty plan has changes")
	}
}

func TestEachBounded(t *testing.T) {
	var running, peak atomic.Int32
	names := []string{"a", "b", "c", "d", "e"}
	errs := Each(context.Background(), names, 2, func(ctx context.Context, name string) error {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		for range 1000 {
			_ = strings.Repeat("x", 100)
		}
		if name == "c" {
			return errors.New("c failed")
		}
		return nil
	})
	if peak.Load() > 2 {
		t.Errorf("%d ran at once, want at most 2", peak.Load())
	}
	if len(errs) != len(names) || errs["c"] == nil || errs["a"] != nil {
		t.Errorf("errors = %v; want every name, only c failed", errs)
	}
}
