package tfrun

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestInitSkipped: init runs when something it depends on changed, and
// only then.
func TestInitSkipped(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fixtureOpts{resources: 1})
	var out syncBuffer
	ctx := context.Background()
	steps := []struct {
		name   string
		change func()
		want   bool
	}{
		{"first init", func() {}, true},
		{"nothing changed", func() {}, false},
		{"resource changed", func() {
			f.write(t, "modules/app/more.tf", "resource \"terraform_data\" \"more\" {\n  input = 1\n}\n")
		}, false},
		{"module call added", func() {
			f.write(t, "envs/dev/more.tf", "module \"more\" {\n  source = \"../../modules/app\"\n  token  = \"x\"\n}\n")
		}, true},
		{"nothing changed again", func() {}, false},
		{".terraform removed", func() { os.RemoveAll(filepath.Join(f.root, ".terraform")) }, true},
		{"terraform block changed", func() {
			f.write(t, "envs/dev/terraform.tf", "terraform {\n  required_version = \">= 1.5.0\"\n  backend \"local\" {}\n}\n")
		}, true},
	}
	for _, s := range steps {
		s.change()
		r := open(t, f.root, testConfig(t, &out))
		res, err := r.Init(ctx, InitOptions{})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if res.Ran != s.want {
			t.Errorf("%s: init ran = %v (%s), want %v", s.name, res.Ran, res.Reason, s.want)
		}
	}
}
