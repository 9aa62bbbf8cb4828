package schema_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

const awsSnapshot = "snapshot/aws-5.100.0.json.gz"

var (
	jsonOnce    sync.Once
	jsonSchemas *schema.Schemas
	jsonErr     error
)

// readJSONSnapshot reads the JSON snapshot once per test binary: it takes
// seconds. Tests may strip its descriptions, nothing else.
func readJSONSnapshot(t testing.TB) *schema.Schemas {
	t.Helper()
	jsonOnce.Do(func() { jsonSchemas, jsonErr = schema.ReadSnapshot(awsSnapshot) })
	if jsonErr != nil {
		t.Fatal(jsonErr)
	}
	return jsonSchemas
}

// TestCompactFormIsCurrent fails when the committed compact form is not
// what the committed JSON snapshot derives; run make schemas (or
// go run ./gen/schema/schemagen -compact-only) to refresh it.
func TestCompactFormIsCurrent(t *testing.T) {
	js := readJSONSnapshot(t)
	p := js.Provider("hashicorp/aws")
	if p == nil || p.Version != "5.100.0" {
		t.Fatalf("snapshot provider = %+v", p)
	}
	got, err := schema.EncodeCompact(p)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("snapshot", schema.CompactName("aws", "5.100.0")))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("snapshot/aws-5.100.0.compact is stale: run make schemas")
	}
}

// TestCompactFormMatchesJSON decodes every type of the compact form and
// compares it with the JSON snapshot, descriptions aside.
func TestCompactFormMatchesJSON(t *testing.T) {
	cs := loadDefault(t).Provider("hashicorp/aws")
	js := readJSONSnapshot(t).Provider("hashicorp/aws")
	if cs == nil || cs.Version != js.Version || cs.Source != js.Source {
		t.Fatalf("compact provider %+v, json %s %s", cs, js.Source, js.Version)
	}
	if !reflect.DeepEqual(cs.ResourceTypes(), js.ResourceTypes()) || !reflect.DeepEqual(cs.DataSourceTypes(), js.DataSourceTypes()) {
		t.Fatal("type lists differ")
	}
	if n := len(cs.ResourceTypes()); n != 1526 {
		t.Errorf("%d resource types, want 1526", n)
	}
	same := func(what string, c, j *schema.Block) {
		stripDescriptions(j)
		if !reflect.DeepEqual(c, j) {
			t.Errorf("%s: compact and JSON schemas differ", what)
		}
	}
	same("provider", cs.Config(), js.Config())
	for _, n := range js.ResourceTypes() {
		same(n, cs.Resource(n), js.Resource(n))
	}
	for _, n := range js.DataSourceTypes() {
		same("data."+n, cs.DataSource(n), js.DataSource(n))
	}
	// Ephemeral resources and provider functions (Terraform 1.10, 1.8).
	if got := cs.EphemeralResourceTypes(); !reflect.DeepEqual(got, js.EphemeralResourceTypes()) || len(got) != 7 {
		t.Errorf("ephemeral resource types: compact %v, JSON %v (AWS 5.100.0 has 7)", got, js.EphemeralResourceTypes())
	}
	for _, n := range js.EphemeralResourceTypes() {
		same("ephemeral."+n, cs.EphemeralResource(n), js.EphemeralResource(n))
	}
	if got, want := cs.FunctionNames(), []string{"arn_build", "arn_parse", "trim_iam_role_path"}; !reflect.DeepEqual(got, want) {
		t.Errorf("functions %v, want %v", got, want)
	}
	for _, n := range js.FunctionNames() {
		if c, j := cs.Function(n), js.Function(n); !reflect.DeepEqual(c, j) {
			t.Errorf("function %s: compact %+v, JSON %+v", n, c, j)
		}
	}
	if f := cs.Function("arn_build"); f == nil || f.Params != 5 || f.Variadic || f.Return != cty.String {
		t.Errorf("arn_build = %+v, want 5 fixed parameters returning string", f)
	}
	if a := cs.Resource("aws_db_instance").Attribute("password_wo"); a == nil || !a.WriteOnly {
		t.Errorf("aws_db_instance.password_wo is not write-only: %+v", a)
	}
}

func stripDescriptions(b *schema.Block) {
	b.Description = ""
	var attrs func([]*schema.Attribute)
	attrs = func(as []*schema.Attribute) {
		for _, a := range as {
			a.Description = ""
			if a.Nested != nil {
				attrs(a.Nested.Attributes)
			}
		}
	}
	attrs(b.Attributes)
	for _, bt := range b.BlockTypes {
		stripDescriptions(bt.Block)
	}
}

func TestSnapshotNames(t *testing.T) {
	for _, c := range []struct{ file, name, version string }{
		{"snapshot/aws-5.100.0.json.gz", "aws", "5.100.0"},
		{"aws-5.100.0.compact", "aws", "5.100.0"},
		{"google-beta-6.1.0.json.gz", "google-beta", "6.1.0"},
	} {
		n, v, ok := schema.ParseSnapshotName(c.file)
		if !ok || n != c.name || v != c.version {
			t.Errorf("%s: got %q %q %v", c.file, n, v, ok)
		}
	}
	if _, _, ok := schema.ParseSnapshotName("aws.json.gz"); ok {
		t.Error("a name without a version parsed")
	}
}

// TestLoadInflatesOnlyWhatIsUsed checks that loading inflates nothing and
// that a type's schema inflates only its own record and the attribute
// types it uses, once.
func TestLoadInflatesOnlyWhatIsUsed(t *testing.T) {
	s, err := schema.LoadCompact(schema.SnapshotFS(), "snapshot")
	if err != nil {
		t.Fatal(err)
	}
	p := s.Provider("hashicorp/aws")
	if n := schema.Inflated(p); n != 0 {
		t.Fatalf("after loading, %d blobs inflated; want none", n)
	}
	if p.Resource("aws_s3_bucket").Attribute("bucket") == nil {
		t.Fatal("aws_s3_bucket has no bucket attribute")
	}
	// The record, and the attribute types it uses (string, bool, a map
	// of strings, a few object types).
	n := schema.Inflated(p)
	if n < 2 || n > 12 {
		t.Fatalf("after one type, %d blobs inflated; want its record and 1 to 11 attribute types", n)
	}
	p.Resource("aws_s3_bucket")
	p.Resource("aws_s3_bucket_policy")
	if m := schema.Inflated(p); m <= n || m > n+3 {
		t.Fatalf("asking again for aws_s3_bucket and then for aws_s3_bucket_policy inflated %d more blobs; want its record and at most 2 new types", m-n)
	}
}

// TestLazyLoadIsSafeConcurrently decodes types from many goroutines at
// once (run with -race); every one must see the same schema.
func TestLazyLoadIsSafeConcurrently(t *testing.T) {
	s, err := schema.LoadCompact(schema.SnapshotFS(), "snapshot")
	if err != nil {
		t.Fatal(err)
	}
	p := s.Provider("hashicorp/aws")
	types := p.ResourceTypes()[:200]
	got := make([][]*schema.Block, 8)
	var wg sync.WaitGroup
	for g := range got {
		got[g] = make([]*schema.Block, len(types))
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each goroutine walks the types from another start.
			for i := range types {
				j := (i + g*25) % len(types)
				got[g][j] = p.Resource(types[j])
			}
			p.Function("arn_parse")
		}()
	}
	wg.Wait()
	for g := 1; g < len(got); g++ {
		for j := range types {
			if got[g][j] != got[0][j] {
				t.Fatalf("goroutine %d saw another schema for %s", g, types[j])
			}
		}
	}
	for _, b := range got[0] {
		if b == nil || len(b.Attributes) == 0 {
			t.Fatal("a type decoded empty")
		}
	}
}

// TestDefaultLoadsEverySnapshot: Default loads its forms from strings
// listed by hand in load.go; they must be every compact form committed,
// byte for byte as LoadCompact reads them.
func TestDefaultLoadsEverySnapshot(t *testing.T) {
	d, err := schema.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.LoadCompact(schema.SnapshotFS(), "snapshot")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Providers) != len(s.Providers) {
		t.Fatalf("Default loads %d providers, snapshot/ holds %d: list the new compact form in load.go", len(d.Providers), len(s.Providers))
	}
	for i, p := range s.Providers {
		q := d.Providers[i]
		if p.Source != q.Source || p.Version != q.Version || !reflect.DeepEqual(p.ResourceTypes(), q.ResourceTypes()) {
			t.Errorf("Default's provider %s %s is not snapshot/'s %s %s", q.Source, q.Version, p.Source, p.Version)
		}
	}
}

// TestWarmDecodesWhatTheModulesDeclare: Warm decodes the schema of each
// of the provider's resource and data source types the modules declare,
// so that the validation and the mocks asking for them later inflate
// nothing; other providers' types are left alone.
func TestWarmDecodesWhatTheModulesDeclare(t *testing.T) {
	s, err := schema.LoadCompact(schema.SnapshotFS(), "snapshot")
	if err != nil {
		t.Fatal(err)
	}
	p := s.Provider("hashicorp/aws")
	a, b := tf.NewModule("modules/a"), tf.NewModule("modules/b")
	a.Resource("aws_s3_bucket", "x")
	a.Resource("terraform_data", "y")
	b.Data("aws_caller_identity", "me")
	p.Warm(a, b)
	n := schema.Inflated(p)
	if n < 2 {
		t.Fatalf("Warm inflated %d blobs, want the bucket's and the caller identity's records at least", n)
	}
	if p.Resource("aws_s3_bucket") == nil || p.DataSource("aws_caller_identity") == nil {
		t.Fatal("a warmed type has no schema")
	}
	if m := schema.Inflated(p); m != n {
		t.Errorf("asking for the warmed types inflated %d more blobs, want none", m-n)
	}
}
