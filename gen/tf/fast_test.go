package tf_test

import (
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
