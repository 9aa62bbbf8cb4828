package schema_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
	"github.com/zclconf/go-cty/cty"
)

// BenchmarkLoad is what validation pays before its first check: the
// embedded compact form's index read (index), then the schemas of the
// types a small module uses decoded (s3-module). Its baseline is inflating
// the whole form, which the first format (one gzip stream) did at every
// load (inflate-all).
func BenchmarkLoad(b *testing.B) {
	load := func(b *testing.B) *schema.Provider {
		s, err := schema.LoadDefault()
		if err != nil || s.Provider("hashicorp/aws") == nil {
			b.Fatal(err)
		}
		return s.Provider("hashicorp/aws")
	}
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			load(b)
		}
	})
	b.Run("s3-module", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			p := load(b)
			for _, t := range []string{"aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_kms_key"} {
				if p.Resource(t) == nil {
					b.Fatal(t)
				}
			}
		}
	})
	b.Run("inflate-all", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			schema.InflateAll(load(b))
		}
	})
}

// BenchmarkLoadEveryType also decodes all 2,134 type schemas, the worst
// case of lazy decoding.
func BenchmarkLoadEveryType(b *testing.B) {
	for range b.N {
		s, err := schema.LoadCompact(schema.SnapshotFS(), "snapshot")
		if err != nil {
			b.Fatal(err)
		}
		p := s.Provider("hashicorp/aws")
		for _, t := range p.ResourceTypes() {
			p.Resource(t)
		}
		for _, t := range p.DataSourceTypes() {
			p.DataSource(t)
		}
	}
}

// platform builds modules with n resources in all, of the kinds the MooChat
// platform uses, each wired to the others by references.
func platform(n int) []*tf.Module {
	var mods []*tf.Module
	per := 100
	for i := 0; len(mods)*per < n; i++ {
		m := tf.NewModule(fmt.Sprintf("modules/m%03d", i))
		m.RequireProvider("aws", "hashicorp/aws", "~> 5.100")
		env := m.Variable("env", cty.String, "environment")
		for j := 0; j < per/10; j++ {
			name := fmt.Sprintf("r%d", j)
			tags := tf.StringMap(map[string]string{"Environment": "dev", "Application": "moochat", "ManagedBy": "terraform"})
			vpc := m.Resource("aws_vpc", name).Set("cidr_block", tf.String("10.0.0.0/16")).Set("enable_dns_hostnames", tf.Bool(true)).Set("tags", tags)
			sub := m.Resource("aws_subnet", name).Set("vpc_id", vpc.Attr("id")).Set("cidr_block", tf.Fn("cidrsubnet", vpc.Attr("cidr_block"), tf.Number(8), tf.Number(j))).Set("availability_zone", tf.String("us-east-1a"))
			sg := m.Resource("aws_security_group", name).Set("name", tf.Tmpl(env, "-sg")).Set("vpc_id", vpc.Attr("id"))
			eg := sg.Block("egress")
			eg.Set("from_port", tf.Number(0)).Set("to_port", tf.Number(0)).Set("protocol", tf.String("-1")).Set("cidr_blocks", tf.Strings("0.0.0.0/0"))
			m.Resource("aws_vpc_security_group_ingress_rule", name).Set("security_group_id", sg.Attr("id")).Set("cidr_ipv4", tf.String("10.0.0.0/8")).Set("from_port", tf.Number(443)).Set("to_port", tf.Number(443)).Set("ip_protocol", tf.String("tcp"))
			bucket := m.Resource("aws_s3_bucket", name).Set("bucket", tf.Tmpl(env, "-moochat-", name)).Set("tags", tags)
			v := m.Resource("aws_s3_bucket_versioning", name).Set("bucket", bucket.Attr("id"))
			v.Block("versioning_configuration").Set("status", tf.String("Enabled"))
			enc := m.Resource("aws_s3_bucket_server_side_encryption_configuration", name).Set("bucket", bucket.Attr("id"))
			enc.Block("rule").Block("apply_server_side_encryption_by_default").Set("sse_algorithm", tf.String("AES256"))
			m.Resource("aws_s3_bucket_public_access_block", name).Set("bucket", bucket.Attr("id")).Set("block_public_acls", tf.Bool(true)).Set("block_public_policy", tf.Bool(true)).Set("ignore_public_acls", tf.Bool(true)).Set("restrict_public_buckets", tf.Bool(true))
			m.Resource("aws_cloudwatch_log_group", name).Set("name", tf.Tmpl("/moochat/", env, "/", name)).Set("retention_in_days", tf.Number(30))
			role := m.Resource("aws_iam_role", name).Set("name", tf.Tmpl(env, "-", name)).Set("assume_role_policy", tf.JSONEncode(tf.Map(tf.Attrs{"Version": tf.String("2012-10-17")})))
			_ = sub
			_ = role
		}
		mods = append(mods, m)
	}
	return mods
}

const platformSize = 2000

// BenchmarkValidatePlatform validates 2,000 resources with the schema
// loaded (as generate does after its first module), beside the baseline:
// terraform validate of the same modules rendered to HCL, after init.
func BenchmarkValidatePlatform(b *testing.B) {
	s := loadDefault(b)
	mods := platform(platformSize)
	if ds := schema.Validate(s, mods, schema.Options{}); len(ds) != 0 {
		b.Fatal(ds)
	}
	b.Run("schema.Validate", func(b *testing.B) {
		for range b.N {
			schema.Validate(s, mods, schema.Options{})
		}
	})
	b.Run("terraform-validate", func(b *testing.B) {
		if _, err := exec.LookPath("terraform"); err != nil {
			b.Skip("terraform not on PATH")
		}
		dir := renderPlatform(b, mods)
		for range b.N {
			tftest.Run(b, dir, "validate", "-no-color")
		}
	})
}

var renderOnce sync.Once

// renderPlatform writes mods as one root module calling each, and runs
// terraform init there.
func renderPlatform(b *testing.B, mods []*tf.Module) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "moochat-schema-bench")
	var err error
	renderOnce.Do(func() {
		os.RemoveAll(dir)
		root := tf.NewModule("root")
		root.RequireProvider("aws", "hashicorp/aws", "5.100.0")
		for _, m := range mods {
			root.CallModule(filepath.Base(m.Name), m).Set("env", tf.String("dev"))
		}
		for _, m := range append([]*tf.Module{root}, mods...) {
			files, ds := render.Module(m, render.Options{})
			if ds.HasErrors() {
				err = ds
				return
			}
			for _, f := range files {
				path := filepath.Join(dir, m.Name, f.Name)
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err = os.WriteFile(path, f.Data, 0o644); err != nil {
					return
				}
			}
		}
		os.WriteFile(filepath.Join(dir, "root", "providers.tf"), []byte(tftest.AWSProvider), 0o644)
		tftest.Run(b, filepath.Join(dir, "root"), "init", "-input=false", "-no-color")
	})
	if err != nil {
		b.Fatal(err)
	}
	return filepath.Join(dir, "root")
}
