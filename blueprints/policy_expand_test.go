package blueprints

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/blueprints/examples"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// expandedSite is the static-site example with its module call expanded
// by count or for_each, and the site module's block_public_policy taken
// from a new variable that each instance sets from its own count.index or
// each.value. It returns the modules and the Go position of the site
// bucket, where a failure of aws-s3-public-access-block is reported.
func expandedSite(t *testing.T, expand func(call *tf.ModuleCall)) ([]*tf.Module, tf.Pos) {
	t.Helper()
	mods := examples.StaticSite()
	site, root := mods[0], mods[1]
	block := site.Variable("block_public_policy", cty.Bool, "Whether the bucket blocks public bucket policies.")
	var bucket *tf.Resource
	for _, r := range site.Resources {
		switch r.Type {
		case "aws_s3_bucket":
			bucket = r
		case "aws_s3_bucket_public_access_block":
			items := r.Items[:0]
			for _, it := range r.Items {
				if it.Attr == nil || it.Attr.Name != "block_public_policy" {
					items = append(items, it)
				}
			}
			r.Items = items
			r.Set("block_public_policy", block)
		}
	}
	if bucket == nil || len(root.Calls) != 1 {
		t.Fatal("the static-site example no longer has one bucket and one module call")
	}
	call := root.Calls[0]
	items := call.Items[:0]
	for _, it := range call.Items {
		if it.Attr == nil || it.Attr.Name != "bucket_name" {
			items = append(items, it)
		}
	}
	call.Items = items
	// The root's output reads the single call; an expanded call has no
	// single set of outputs.
	root.Outputs = nil
	expand(call)
	return mods, bucket.Pos().Resolve()
}

func forEachSites(blogBlocks bool) func(*tf.ModuleCall) {
	return func(call *tf.ModuleCall) {
		call.ForEach = tf.Obj(
			tf.KV("docs", tf.Obj(tf.KV("name", tf.String("docs-site-example")), tf.KV("block", tf.Bool(true)))),
			tf.KV("blog", tf.Obj(tf.KV("name", tf.String("blog-site-example")), tf.KV("block", tf.Bool(blogBlocks)))),
		)
		call.Set("bucket_name", tf.EachValue.Attr("name"))
		call.Set("block_public_policy", tf.EachValue.Attr("block"))
	}
}

func countSites(firstBlocks bool) func(*tf.ModuleCall) {
	return func(call *tf.ModuleCall) {
		call.Count = tf.Number(2)
		call.Set("bucket_name", tf.Tmpl("site-", tf.CountIndex, "-example"))
		// Instance 0 blocks public policies only when firstBlocks; every
		// other instance always does.
		call.Set("block_public_policy", tf.Op(tf.Op(tf.CountIndex, ">", tf.Number(0)), "||", tf.Bool(firstBlocks)))
	}
}

// TestRenderedPolicyExpandsModuleCalls plants a public bucket policy in one
// instance of a module call with for_each (each.value) or count
// (count.index): generation fails at the site bucket's Go file:line for
// that instance only and writes nothing; the good variant generates.
func TestRenderedPolicyExpandsModuleCalls(t *testing.T) {
	cases := []struct {
		name   string
		expand func(bool) func(*tf.ModuleCall)
		bad    string // the instance address that fails
		good   string // an instance that must not be reported
	}{
		{"for_each", forEachSites, `module.site["blog"]`, `module.site["docs"]`},
		{"count", countSites, `module.site[0]`, `module.site[1]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mods, pos := expandedSite(t, c.expand(false))
			opts := generate.Options{Out: t.TempDir(), Modules: mods,
				Checks: []generate.Check{generate.PolicyCheck(policy.DefaultRules())}}
			res, err := generate.Run(opts)
			if err == nil {
				t.Fatal("generate: no error for the planted public bucket policy")
			}
			text := generate.Describe(err)
			want := fmt.Sprintf("%s:%d: error: examples/static-site: %s.aws_s3_bucket.site: policy aws-s3-public-access-block",
				filepath.Base(pos.File()), pos.Line(), c.bad)
			if !strings.Contains(text, want) {
				t.Errorf("generate error lacks %q:\n%s", want, text)
			}
			if strings.Contains(text, c.good+".") {
				t.Errorf("generate error names the good instance %s:\n%s", c.good, text)
			}
			if n := strings.Count(text, "policy aws-s3-public-access-block"); n != 1 {
				t.Errorf("%d aws-s3-public-access-block errors, want 1:\n%s", n, text)
			}
			if len(res.Written) > 0 {
				t.Errorf("generate wrote %d files despite the error", len(res.Written))
			}
			if ents, _ := os.ReadDir(opts.Out); len(ents) > 0 {
				t.Errorf("generate wrote into %s", opts.Out)
			}

			mods, _ = expandedSite(t, c.expand(true))
			opts.Modules = mods
			if _, err := generate.Run(opts); err != nil {
				t.Fatalf("good variant: %s", generate.Describe(err))
			}
		})
	}
}

// TestRenderedPolicyJudgesEveryInstance checks, on the report itself, that
// each instance of an expanded call is judged with its own values.
func TestRenderedPolicyJudgesEveryInstance(t *testing.T) {
	mods, _ := expandedSite(t, forEachSites(false))
	files, ds := generate.Files(generate.Options{Modules: mods})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	rep, err := policy.CheckRendered(byPath, "examples/static-site", policy.DefaultRules(), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]policy.Result{}
	for _, f := range rep.Findings {
		if f.Rule == "aws-s3-public-access-block" {
			got[f.Address] = f.Result
		}
	}
	want := map[string]policy.Result{
		`module.site["blog"].aws_s3_bucket.site`: policy.Fail,
		`module.site["docs"].aws_s3_bucket.site`: policy.Pass,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("aws-s3-public-access-block results %v, want %v", got, want)
	}
}
