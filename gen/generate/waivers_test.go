package generate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/generate"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/policy"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

func TestWaiversAreAddressedFromTheRoot(t *testing.T) {
	child := tf.NewModule("modules/ui")
	child.Resource("aws_s3_bucket", "logs").Waive("S3_LOGGING", "it is the log bucket", "2027-01-31")
	child.Resource("aws_s3_bucket", "ui")
	root := tf.NewModule("envs/dev")
	root.CallModule("static_ui", child)
	root.Resource("terraform_data", "x").Waive("B", "because", "")
	got := generate.Waivers(root)
	want := []generate.Waiver{
		{Address: "module.static_ui.aws_s3_bucket.logs", Rule: "S3_LOGGING", Reason: "it is the log bucket", Expires: "2027-01-31"},
		{Address: "terraform_data.x", Rule: "B", Reason: "because"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("waiver %d: got %+v want %+v", i, got[i], want[i])
		}
	}
	f := generate.WaiverFile(root, "")
	if f.Path != "envs/dev/policy-waivers.json" || !strings.Contains(string(f.Data), write.Marker) || !strings.Contains(string(f.Data), `"module.static_ui.aws_s3_bucket.logs"`) {
		t.Errorf("waiver file:\n%s", f.Data)
	}
}

func TestWaiverFileIsReadByThePolicyEngine(t *testing.T) {
	child := tf.NewModule("modules/ui")
	child.Resource("aws_s3_bucket", "logs").Waive("S3_LOGGING", "it is the log bucket", "2027-01-31")
	root := tf.NewModule("envs/dev")
	root.CallModule("static_ui", child)
	f := generate.WaiverFile(root, "")
	path := filepath.Join(t.TempDir(), "policy-waivers.json")
	if err := os.WriteFile(path, f.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	ws, err := policy.LoadWaivers(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].Address != "module.static_ui.aws_s3_bucket.logs" || ws[0].Rule != "S3_LOGGING" || ws[0].Expires != "2027-01-31" {
		t.Fatalf("loaded %+v", ws)
	}
}
