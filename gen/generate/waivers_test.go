package generate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

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
	want := []policy.Waiver{
		{Address: "module.static_ui.aws_s3_bucket.logs", Rule: "S3_LOGGING", Reason: "it is the log bucket", Expires: "2027-01-31"},
		{Address: "terraform_data.x", Rule: "B", Reason: "because"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i].Source, "gen/generate/waivers_test.go:") {
			t.Errorf("waiver %d: source %q, want this test file's line", i, got[i].Source)
		}
		got[i].Source = ""
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

func TestWaiverValidatorChecksRuleAndDateWhereDeclared(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	m := tf.NewModule("modules/ui")
	m.Resource("aws_s3_bucket", "typo").Waive("aws-s3-versionig", "logs", "2027-06-30")
	_, _, typoLine, _ := runtime.Caller(0)
	m.Resource("aws_s3_bucket", "date").Waive("aws-s3-versioning", "logs", "31/12/2026")
	m.Resource("aws_s3_bucket", "soon").Waive("aws-s3-versioning", "logs", "2026-12-31")
	m.Resource("aws_s3_bucket", "gone").Waive("aws-s3-versioning", "logs", "2026-11-30")
	m.Resource("aws_s3_bucket", "fine").Waive("aws-s3-versioning", "logs", "2026-12-31").
		Waive("rego:main.deny", "a team policy", "")
	m.Resource("aws_s3_bucket", "later").Waive("aws-s3-versioning", "logs", "2027-01-01")
	ds := generate.WaiverValidator(now)([]*tf.Module{m})
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%s %s:%d %s: %s", d.Severity, filepath.Base(d.Pos.File()), d.Pos.Line(), d.Address, d.Summary))
	}
	want := []string{
		fmt.Sprintf(`error waivers_test.go:%d modules/ui: aws_s3_bucket.typo: waiver names rule "aws-s3-versionig", which the policy pack does not have; did you mean "aws-s3-versioning"?`, typoLine-1),
		fmt.Sprintf(`error waivers_test.go:%d modules/ui: aws_s3_bucket.date: waiver aws_s3_bucket.date/aws-s3-versioning: expires "31/12/2026" is not a date (YYYY-MM-DD)`, typoLine+1),
		fmt.Sprintf(`warning waivers_test.go:%d modules/ui: aws_s3_bucket.soon: waiver of aws-s3-versioning expires on 2026-12-31 (in 30 day(s)): fix the resource, or renew the waiver here with a new expiry and reason`, typoLine+2),
		fmt.Sprintf(`warning waivers_test.go:%d modules/ui: aws_s3_bucket.gone: waiver of aws-s3-versioning expired on 2026-11-30 and no longer applies: fix the resource, or renew the waiver here with a new expiry and reason`, typoLine+3),
		fmt.Sprintf(`warning waivers_test.go:%d modules/ui: aws_s3_bucket.fine: waiver of aws-s3-versioning expires on 2026-12-31 (in 30 day(s)): fix the resource, or renew the waiver here with a new expiry and reason`, typoLine+4),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWaiverErrorStopsTheRun(t *testing.T) {
	out := t.TempDir()
	m := tf.NewModule("envs/dev")
	m.Resource("terraform_data", "x").Waive("no-such-rule", "because", "")
	_, err := generate.Run(generate.Options{Out: out, Modules: []*tf.Module{m},
		Validators: []generate.Validator{generate.WaiverValidator(time.Now())}})
	if err == nil || !strings.Contains(generate.Describe(err), "waivers_test.go:") {
		t.Fatalf("want an error at this file's line, got %v", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("%d entries written despite the error", len(entries))
	}
}
