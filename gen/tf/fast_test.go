package tf_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestAddressesAreEachAddress: the addresses cut from one string are each
// resource's Address, in every mode.
func TestAddressesAreEachAddress(t *testing.T) {
	m := tf.NewModule("m")
	rs := []*tf.Resource{
		m.Resource("aws_s3_bucket", "a"),
		m.Data("aws_iam_policy_document", "doc"),
		m.Ephemeral("random_password", "p"),
		m.Resource("terraform_data", "x-1"),
	}
	got := tf.Addresses(rs)
	if len(got) != len(rs) {
		t.Fatalf("%d addresses for %d resources", len(got), len(rs))
	}
	for i, r := range rs {
		if got[i] != r.Address() {
			t.Errorf("address %d: got %q, want %q", i, got[i], r.Address())
		}
	}
	if len(tf.Addresses(nil)) != 0 {
		t.Error("addresses of no resources")
	}
}

// TestAppendRootIsRootText: the root a renderer appends is RootText, for
// every kind of reference and target.
func TestAppendRootIsRootText(t *testing.T) {
	m := tf.NewModule("m")
	v := m.Variable("env", cty.String, "e")
	l := m.Local("name", tf.String("x"))
	c := m.Call("net", "./net")
	refs := []tf.Ref{
		m.Resource("aws_s3_bucket", "a").Attr("arn"),
		m.Data("aws_iam_policy_document", "doc").Attr("json"),
		m.Ephemeral("random_password", "p").Attr("result"),
		v.Ref(), l.Ref(), c.Output("id"),
		tf.EachKey, tf.IterVar("s"), tf.VarRef("env"),
	}
	for _, r := range refs {
		if got := string(r.AppendRoot([]byte("x "))); got != "x "+r.RootText() {
			t.Errorf("AppendRoot: got %q, want %q", got, "x "+r.RootText())
		}
	}
}

// TestDeclarationsFoundByAddress: resources found through the address
// table report every duplicate once, at the later declaration, naming the
// first (resources, data sources, and objects of other kinds sharing an
// address with a resource), and references by name and in raw HCL find
// resources among thousands.
func TestDeclarationsFoundByAddress(t *testing.T) {
	m := tf.NewModule("m")
	m.Variable("x", cty.String, "d")
	for i := 0; i < 3000; i++ {
		m.Resource("terraform_data", "r"+strconv.Itoa(i))
	}
	m.Data("terraform_data", "r1")     // another mode: no clash
	m.Resource("terraform_data", "r7") // clash
	m.Data("aws_ami", "a")
	m.Data("aws_ami", "a")      // clash
	m.Resource("var", "x")      // has var.x's address
	m.Resource("module", "net") // declared before module.net
	m.Call("net", "./net")
	m.Resource("terraform_data", "uses").
		Set("raw", tf.RawHCL("terraform_data.r2999.id")).
		Set("missing", tf.RawHCL("terraform_data.r3000.id")).
		Set("named", tf.Ref{Kind: tf.RefByName, Root: "terraform_data.r2998"}).
		Set("typo", tf.Ref{Kind: tf.RefByName, Root: "terraform_data.r29999"})
	var got []string
	for _, d := range tf.Validate(m) {
		if d.Severity == tf.Error {
			got = append(got, d.Address+": "+d.Summary)
		}
	}
	want := []string{
		"m: terraform_data.r7: duplicate declaration of terraform_data.r7",
		"m: data.aws_ami.a: duplicate declaration of data.aws_ami.a",
		"m: var.x: duplicate declaration of var.x",
		"m: module.net: duplicate declaration of module.net",
		`m: terraform_data.uses: raw HCL "terraform_data.r3000.id" refers to terraform_data.r3000, which is not declared in this module`,
		`m: terraform_data.uses: refers to terraform_data.r29999, which is not declared in this module; did you mean "terraform_data.r2999"?`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d:\ngot  %s\nwant %s...", i, got[i], want[i])
		}
	}
}

// TestAttributesSetTwiceInBodiesOfAnySize: a name set again is reported
// at each later Set, in a small body (compared in place) and in a large
// one (through a map).
func TestAttributesSetTwiceInBodiesOfAnySize(t *testing.T) {
	for _, n := range []int{3, 40} {
		m := tf.NewModule("m")
		r := m.Resource("terraform_data", "x")
		for i := 0; i < n; i++ {
			r.Set("a"+strconv.Itoa(i), tf.Number(i))
		}
		r.Set("a1", tf.Number(1)).Set("a2", tf.Number(2)).Set("a1", tf.Number(1))
		var got []string
		for _, d := range tf.Validate(m) {
			got = append(got, d.Summary)
		}
		want := `attribute "a1" is set twice|attribute "a2" is set twice|attribute "a1" is set twice`
		if strings.Join(got, "|") != want {
			t.Errorf("%d attributes: got %q", n, got)
		}
	}
}

// TestAddressesSharedWhileTheyMatch: the addresses of a module's whole
// resource list are made once and shared by the next call, and are made
// again when a resource was renamed, re-typed or added, when the list was
// replaced, or when a caller wrote into them; part of the list gets its
// own.
func TestAddressesSharedWhileTheyMatch(t *testing.T) {
	m := tf.NewModule("m")
	for i := range 100 {
		m.Resource("aws_s3_bucket", "b"+strconv.Itoa(i))
	}
	check := func(what string, got []string, rs []*tf.Resource) {
		t.Helper()
		if len(got) != len(rs) {
			t.Fatalf("%s: %d addresses for %d resources", what, len(got), len(rs))
		}
		for i, r := range rs {
			if got[i] != r.Address() {
				t.Errorf("%s: address %d is %q, want %q", what, i, got[i], r.Address())
			}
		}
	}
	a := tf.Addresses(m.Resources)
	check("first", a, m.Resources)
	if b := tf.Addresses(m.Resources); &b[0] != &a[0] {
		t.Errorf("second call made the addresses again")
	}
	m.Resources[7].Name = "x7" // as long as the old name
	check("after a rename", tf.Addresses(m.Resources), m.Resources)
	m.Resources[8].Type = "aws_s3_object" // as long as the old type
	check("after a new type", tf.Addresses(m.Resources), m.Resources)
	m.Resources[9].Mode = tf.Data
	check("after a new mode", tf.Addresses(m.Resources), m.Resources)
	m.Resource("aws_s3_bucket", "late")
	check("after a new resource", tf.Addresses(m.Resources), m.Resources)
	m.Resources = append([]*tf.Resource{m.Resources[len(m.Resources)-1]}, m.Resources[:len(m.Resources)-1]...)
	check("after a new list", tf.Addresses(m.Resources), m.Resources)
	got := tf.Addresses(m.Resources)
	got[3] = "scribbled"
	check("after a caller wrote into them", tf.Addresses(m.Resources), m.Resources)
	check("part of the list", tf.Addresses(m.Resources[5:]), m.Resources[5:])
}

// TestAddressesPastOneBuffer: addresses of many resources, of lengths
// from a few bytes to more than a buffer of 32 KiB holds and in every
// mode, are each resource's Address however the buffers fall.
func TestAddressesPastOneBuffer(t *testing.T) {
	m := tf.NewModule("m")
	var rs []*tf.Resource
	for i := 0; i < 20000; i++ {
		name := "n" + strconv.Itoa(i) + strings.Repeat("x", i%97*i%7)
		if i%5000 == 4999 {
			name += strings.Repeat("y", 40<<10)
		}
		switch i % 3 {
		case 0:
			rs = append(rs, m.Resource("aws_s3_bucket", name))
		case 1:
			rs = append(rs, m.Data("aws_iam_policy_document", name))
		default:
			rs = append(rs, m.Ephemeral("random_password", name))
		}
	}
	for _, list := range [][]*tf.Resource{rs, rs[:len(rs)/2], rs[1:]} {
		got := tf.Addresses(list)
		if len(got) != len(list) {
			t.Fatalf("%d addresses for %d resources", len(got), len(list))
		}
		for i, r := range list {
			if got[i] != r.Address() {
				t.Fatalf("address %d: got %.80q, want %.80q", i, got[i], r.Address())
			}
		}
	}
}
