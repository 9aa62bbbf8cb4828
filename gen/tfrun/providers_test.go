//go:build linux

package tfrun

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfcli"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// TestPlanSharesProviders plans a small AWS configuration twice, once with
// the providers the runner starts and shares between plan and show, once
// the plain way: the plans must agree, the shared providers must have
// been used, and none may outlive the plan.
func TestPlanSharesProviders(t *testing.T) {
	t.Parallel()
	mirror, err := tfcli.FindMirror()
	if err != nil || mirror == "" {
		t.Skip("no provider mirror on this machine")
	}
	var out syncBuffer
	plan := func(shared bool) *PlanResult {
		cfg := testConfig(t, &out)
		cfg.PluginMirror = mirror
		cfg.NoSharedProviders = !shared
		r := open(t, awsFixture(t), cfg)
		res, err := r.Plan(context.Background(), PlanOptions{Check: passCheck})
		if err != nil {
			t.Fatalf("plan (shared=%v): %v\n%s", shared, err, out.String())
		}
		used := false
		for _, tm := range r.Timings() {
			if tm.Step == "providers" && !tm.Skipped && !tm.Failed {
				used = true
			}
		}
		if used != shared {
			t.Errorf("shared=%v but the providers step ran=%v: %+v", shared, used, r.Timings())
		}
		return res
	}
	shared, plain := plan(true), plan(false)
	if !shared.HasChanges || len(shared.Plan.ResourceChanges) != 5 {
		t.Fatalf("shared plan: %d changes", len(shared.Plan.ResourceChanges))
	}
	if !reflect.DeepEqual(shared.Plan.ResourceChanges, plain.Plan.ResourceChanges) {
		t.Error("the plan with shared providers differs from the plain one")
	}
	if n := debugProviders(); n != 0 {
		t.Errorf("%d shared provider process(es) outlived the plan", n)
	}
}

// debugProviders counts this process's children that are providers in
// debug mode.
func debugProviders() int {
	procs, _ := filepath.Glob("/proc/[0-9]*")
	n := 0
	self := os.Getpid()
	for _, p := range procs {
		if _, err := strconv.Atoi(filepath.Base(p)); err != nil || parentOf(p) != self {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
		if bytes.Contains(cmdline, []byte("terraform-provider-")) && bytes.Contains(cmdline, []byte("-debug")) {
			n++
		}
	}
	return n
}

// TestPlanDoesNotShareAProviderWithSeveralConfigurations: with an aliased
// second configuration, one shared process would be configured twice, so
// the runner leaves providers to terraform, and the plan still works.
func TestPlanDoesNotShareAProviderWithSeveralConfigurations(t *testing.T) {
	t.Parallel()
	mirror, err := tfcli.FindMirror()
	if err != nil || mirror == "" {
		t.Skip("no provider mirror on this machine")
	}
	root := awsFixture(t)
	alias := strings.Replace(tftest.AWSProvider, "provider \"aws\" {\n", "provider \"aws\" {\n  alias = \"west\"\n", 1)
	alias = strings.Replace(alias, "us-east-1", "us-west-2", 1)
	if err := os.WriteFile(filepath.Join(root, "west.tf"), []byte(alias), 0o644); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	cfg := testConfig(t, &out)
	cfg.PluginMirror = mirror
	r := open(t, root, cfg)
	if _, err := r.Plan(context.Background(), PlanOptions{Check: passCheck}); err != nil {
		t.Fatalf("plan: %v\n%s", err, out.String())
	}
	for _, tm := range r.Timings() {
		if tm.Step == "providers" && !tm.Skipped {
			t.Errorf("providers were shared although aws has two configurations: %+v", r.Timings())
		}
	}
}
