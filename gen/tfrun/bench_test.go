package tfrun

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfcli"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// awsFixture is a small offline-plannable AWS configuration: a root module
// calling one module, with the provider from the machine's mirror.
func awsFixture(b testing.TB) string {
	b.Helper()
	out := filepath.Join(b.TempDir(), "out")
	root := filepath.Join(out, "envs", "dev")
	mod := filepath.Join(out, "modules", "app")
	for _, d := range []string{root, mod} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(root, "terraform.tf"): `terraform {
  required_version = ">= 1.6.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}
`,
		filepath.Join(root, "providers.tf"): tftest.AWSProvider,
		filepath.Join(root, "main.tf"): `module "app" {
  source = "../../modules/app"
  name   = "dev-moochat"
}
`,
		filepath.Join(mod, "terraform.tf"): `terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
`,
		filepath.Join(mod, "main.tf"): `variable "name" {
  type = string
}

resource "aws_s3_bucket" "ui" {
  bucket = "${var.name}-ui"
}

resource "aws_s3_bucket_versioning" "ui" {
  bucket = aws_s3_bucket.ui.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "${var.name}-jobs"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/${var.name}/app"
  retention_in_days = 30
}

resource "aws_ecr_repository" "app" {
  name                 = "${var.name}-app"
  image_tag_mutability = "IMMUTABLE"
}
`,
	}
	for p, c := range files {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return root
}

// BenchmarkPlan compares, on the same configuration and in the same run,
// plain `terraform init && terraform plan` with the runner's first plan
// (init, plan to a file, show -json, redact, stamp) and second plan (init
// skipped).
func BenchmarkPlan(b *testing.B) {
	if _, err := exec.LookPath("terraform"); err != nil {
		b.Skip("terraform not on PATH")
	}
	mirror, err := tfcli.FindMirror()
	if err != nil || mirror == "" {
		b.Skip("no provider mirror on this machine")
	}
	cfg := Config{PluginMirror: mirror, PluginCacheDir: "-", NoInstall: true, Environ: testEnviron()}
	ctx := context.Background()

	cli, err := tfcli.Config{Mirror: mirror}.Write(filepath.Join(b.TempDir(), "cli.tfrc"))
	if err != nil {
		b.Fatal(err)
	}
	env := append(testEnviron(), "TF_CLI_CONFIG_FILE="+cli, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	plain := func(name string, calls ...[]string) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				root := awsFixture(b)
				b.StartTimer()
				for _, args := range calls {
					cmd := exec.Command("terraform", args...)
					cmd.Dir, cmd.Env = root, env
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("terraform %v: %v\n%s", args, err, out)
					}
				}
			}
		})
	}
	// What the issue compares against.
	plain("plain-init+plan", []string{"init", "-input=false"}, []string{"plan", "-input=false"})
	// The least terraform work a saved, readable plan takes: the runner's
	// own overhead is what it adds to this.
	plain("plain-init+plan-out+show", []string{"init", "-input=false"},
		[]string{"plan", "-input=false", "-out=p.tfplan"}, []string{"show", "-json", "p.tfplan"})
	b.Run("runner-first", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			root := awsFixture(b)
			b.StartTimer()
			r, err := Open(ctx, root, cfg)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("runner-second", func(b *testing.B) {
		root := awsFixture(b)
		r, err := Open(ctx, root, cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Plan(ctx, PlanOptions{Check: passCheck}); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			r, err := Open(ctx, root, cfg)
			if err != nil {
				b.Fatal(err)
			}
			p, err := r.Plan(ctx, PlanOptions{Check: passCheck})
			if err != nil {
				b.Fatal(err)
			}
			if p.Init.Ran {
				b.Fatal("second plan ran init")
			}
		}
	})
}
