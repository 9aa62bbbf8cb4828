package convert_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/convert"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestConvertGolden pins the Go written for the construct sampler, so a
// change to how the Go reads shows in review.
func TestConvertGolden(t *testing.T) {
	cfg, diags := convert.Load(filepath.Join("testdata", "constructs", "root"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := convert.Convert(cfg, convert.Options{From: "testdata/constructs/root", Bindings: bindings})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	dir := filepath.Join("testdata", "constructs.golden")
	for name, data := range res.Files {
		p := filepath.Join(dir, name+".txt")
		if *update {
			os.MkdirAll(dir, 0o755)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if string(want) != string(data) {
			t.Errorf("%s differs from %s (run with -update and review):\n%s", name, p, data)
		}
	}
}

// TestKeywordsFallBackToRawHCLWithWarnings: what the model has no
// expression for is kept as tf.RawHCL, with a Go comment and a warning
// naming the .tf file:line.
func TestKeywordsFallBackToRawHCLWithWarnings(t *testing.T) {
	res := convertSrc(t, map[string]string{"main.tf": `
resource "terraform_data" "x" {
  provisioner "local-exec" {
    when    = destroy
    command = "echo bye"
  }
}
`})
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), "main.tf:4: warning: the keyword destroy") {
		t.Fatalf("warnings %v", res.Warnings)
	}
	src := string(res.Files[goFile(res)])
	if !strings.Contains(src, "// Kept as raw HCL: the keyword destroy") || !strings.Contains(src, `tf.RawHCL("destroy")`) {
		t.Errorf("no raw fallback with its comment:\n%s", src)
	}
}

// TestUnsupportedBlockIsKeptAsCommentAndWarned: a block the model has no
// place for is never dropped silently.
func TestUnsupportedBlockIsKeptAsCommentAndWarned(t *testing.T) {
	res := convertSrc(t, map[string]string{"main.tf": `
moved {
  from = terraform_data.gone
}
`})
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), "main.tf:2: warning: not converted") {
		t.Fatalf("warnings %v", res.Warnings)
	}
	src := string(res.Files[goFile(res)])
	if !strings.Contains(src, "//\t  from = terraform_data.gone") {
		t.Errorf("the block's text is not carried over:\n%s", src)
	}
}

// TestNewerBlocksConvert: removed blocks (destroy false, and the default
// true with a destroy-time provisioner), import with for_each and the
// defaults inside optional() become the model's own calls, with no
// warning. The construct sampler plans them for real.
func TestNewerBlocksConvert(t *testing.T) {
	res := convertSrc(t, map[string]string{"main.tf": `
variable "settings" {
  type = object({
    size  = optional(number, 7)
    inner = optional(object({ on = optional(bool, true) }), {})
    rules = optional(list(object({ proto = optional(string, "tcp") })), [])
  })
  default = {}
}

resource "terraform_data" "x" {
  for_each = toset(["a"])
}

import {
  for_each = { a = "id-a" }
  to       = terraform_data.x[each.key]
  id       = each.value
}

removed {
  from = terraform_data.kept

  lifecycle {
    destroy = false
  }
}

removed {
  from = terraform_data.gone

  provisioner "local-exec" {
    when    = destroy
    command = "echo bye"
  }
}
`})
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	src := string(res.Files[goFile(res)])
	for _, want := range []string{
		`m.ImportEach(x, tf.Obj(tf.KV("a", tf.String("id-a"))), tf.EachKey, tf.EachValue)`,
		`m.Remove("terraform_data.kept", false)`,
		`removed := m.Remove("terraform_data.gone", true)`,
		`localExec := removed.Provisioner("local-exec")`,
		`localExec.Set("command", tf.String("echo bye"))`,
		`WithTypeDefaults(&typeexpr.Defaults{`,
		`cty.NumberIntVal(7)`,
		`"proto": cty.StringVal("tcp")`,
		`"on": cty.True`,
		`"github.com/hashicorp/hcl/v2/ext/typeexpr"`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("missing %s in:\n%s", want, src)
		}
	}
	if strings.Contains(src, "Not converted") || strings.Contains(src, `"when"`) {
		t.Errorf("a block is left as a comment, or when is written twice:\n%s", src)
	}
}

// TestCommentsCarryOver: comments above blocks and attributes, trailing
// ones and block comments become Go comments.
func TestCommentsCarryOver(t *testing.T) {
	res := convertSrc(t, map[string]string{"main.tf": `
# Why the bucket exists.
resource "terraform_data" "x" {
  // The input, kept short.
  input = "a" # trailing
  /* A block
     comment. */
}
`})
	src := string(res.Files[goFile(res)])
	for _, want := range []string{"// Why the bucket exists.\n", "// The input, kept short.\n", "// trailing\n", "// A block\n", "// comment.\n"} {
		if !strings.Contains(src, want) {
			t.Errorf("missing %q in:\n%s", want, src)
		}
	}
}

// TestUseBeforeDeclarationIsOrdered: HCL may use a local before it is
// written, Go may not.
func TestUseBeforeDeclarationIsOrdered(t *testing.T) {
	res := convertSrc(t, map[string]string{"main.tf": `
resource "terraform_data" "late" {
  input = local.early
}

locals {
  early = terraform_data.first.id
}

resource "terraform_data" "first" {
}
`})
	src := string(res.Files[goFile(res)])
	first, early, late := strings.Index(src, `"first")`), strings.Index(src, `"early"`), strings.Index(src, `"late")`)
	if first < 0 || early < 0 || late < 0 || !(first < early && early < late) {
		t.Errorf("order first %d, early %d, late %d:\n%s", first, early, late, src)
	}
}

// TestCycleIsAnError names both ends at their .tf lines.
func TestCycleIsAnError(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("locals {\n  a = local.b\n  b = local.a\n}\n"), 0o644)
	cfg, diags := convert.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	_, diags = convert.Convert(cfg, convert.Options{})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "cycle") || !strings.Contains(diags.Error(), "main.tf:1") {
		t.Errorf("diagnostics %v", diags)
	}
}

// TestBadInputNamesTheFileAndWritesNothing: a parse error is reported at
// its .tf line and the package directory is left as it was.
func TestBadInputNamesTheFileAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"x\" \"y\" {\n  a = \n}\n"), 0o644)
	pkg := filepath.Join(t.TempDir(), "pkg")
	_, err := convert.Dir(dir, pkg, convert.Options{})
	if err == nil || !strings.Contains(err.Error(), "main.tf:2") {
		t.Fatalf("error %v", err)
	}
	if _, err := os.Stat(pkg); !os.IsNotExist(err) {
		t.Errorf("the package directory was made: %v", err)
	}
}

// TestWriteRefusesForeignFiles: a Go file the converter did not write is
// never overwritten, and then nothing is written.
func TestWriteRefusesForeignFiles(t *testing.T) {
	pkg := t.TempDir()
	os.WriteFile(filepath.Join(pkg, "main.go"), []byte("package main\n"), 0o644)
	res := convertSrc(t, map[string]string{"main.tf": `resource "terraform_data" "x" {}`})
	if err := convert.Write(pkg, res); err == nil || !strings.Contains(err.Error(), "not written by moochat convert") {
		t.Fatalf("error %v", err)
	}
	entries, _ := os.ReadDir(pkg)
	if len(entries) != 1 {
		t.Errorf("%d files in the package directory, want the one that was there", len(entries))
	}
}

func convertSrc(t *testing.T, files map[string]string) *convert.Result {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "src")
	os.MkdirAll(dir, 0o755)
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, diags := convert.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := convert.Convert(cfg, convert.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return res
}

// goFile is the converted module's file (not main.go).
func goFile(res *convert.Result) string {
	for n := range res.Files {
		if n != "main.go" {
			return n
		}
	}
	return ""
}

// TestJSONMeansTheSameAsHCL: a .tf.json file converts to the same Go as
// the native file it stands for: nested blocks known from the provider
// schema, meta-arguments as bare references, templates with quotes
// inside their interpolations, "//" comments.
func TestJSONMeansTheSameAsHCL(t *testing.T) {
	hclRes := convertSrc(t, map[string]string{"main.tf": `
variable "names" {
  type        = list(string)
  description = "Names."
}

resource "aws_s3_bucket" "b" {
  # One bucket per name.
  count  = length(var.names)
  bucket = "${var.names[count.index]}-${join("-", ["x", "y"])}"
}

resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b[0].id

  rule {
    id     = "expire"
    status = "Enabled"

    expiration {
      days = 1
    }
  }

  depends_on = [aws_s3_bucket.b]
}
`})
	jsonRes := convertSrc(t, map[string]string{"main.tf.json": `{
  "variable": {"names": {"type": "list(string)", "description": "Names."}},
  "resource": {
    "aws_s3_bucket": {"b": {
      "//": "One bucket per name.",
      "count": "${length(var.names)}",
      "bucket": "${var.names[count.index]}-${join(\"-\", [\"x\", \"y\"])}"
    }},
    "aws_s3_bucket_lifecycle_configuration": {"b": {
      "bucket": "${aws_s3_bucket.b[0].id}",
      "rule": [{"id": "expire", "status": "Enabled", "expiration": {"days": 1}}],
      "depends_on": ["aws_s3_bucket.b"]
    }}
  }
}`})
	h, j := string(hclRes.Files[goFile(hclRes)]), string(jsonRes.Files[goFile(jsonRes)])
	if h != j {
		t.Errorf("the JSON converts to other Go.\nHCL:\n%s\nJSON:\n%s", h, j)
	}
	if len(jsonRes.Warnings) > 0 {
		t.Errorf("warnings: %v", jsonRes.Warnings)
	}
}

// TestTypedBindingsAreUsed: a resource whose type has bindings is its
// typed constructor with an Args literal (literals through the bindings'
// constructors, a literal of another type and any other expression
// wrapped, nested blocks as structs, a dynamic block on the untyped
// Resource after it), references to it are typed getters, and a type
// without bindings stays on the untyped model. -untyped (no Bindings)
// writes everything untyped.
func TestTypedBindingsAreUsed(t *testing.T) {
	files := map[string]string{"main.tf": `
variable "names" {
  type        = list(string)
  description = "Names."
}

resource "aws_vpc" "main" {
  # The network.
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name = "main-${var.names[0]}"
  }
}

resource "aws_subnet" "private" {
  count                   = 2
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  map_public_ip_on_launch = "false"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = "logs"

  rule {
    id     = "expire"
    status = "Enabled"

    expiration {
      days = 1
    }
  }
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = [443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_sqs_queue" "q" {
  name = aws_subnet.private[1].id
}

output "subnets" {
  value       = aws_subnet.private[*].id
  description = "Subnets."
}
`}
	dir := filepath.Join(t.TempDir(), "src")
	os.MkdirAll(dir, 0o755)
	for n, s := range files {
		os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644)
	}
	cfg, diags := convert.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := convert.Convert(cfg, convert.Options{Bindings: bindings})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	src := string(res.Files[goFile(res)])
	for _, want := range []string{
		`"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"`,
		"mainVPC := aws.NewVpc(m, \"main\", aws.VpcArgs{\n\t\t// The network.\n\t\tCidrBlock:          aws.String(\"10.0.0.0/16\"),",
		`EnableDnsHostnames: aws.Bool(true),`,
		`Tags:               aws.MapOf(map[string]typed.String{"Name": typed.Tmpl("main-", names.Ref().At(0))}),`,
		`VpcId:               mainVPC.Id(),`,
		`CidrBlock:           aws.StringExpr(tf.Fn("cidrsubnet", mainVPC.CidrBlock(), tf.Number(8), tf.CountIndex)),`,
		`MapPublicIpOnLaunch: aws.BoolExpr(tf.String("false")),`,
		`}, tf.Count(tf.Number(2)))`,
		"Rule: []aws.S3BucketLifecycleConfiguration_Rule{{\n\t\t\tId:     aws.String(\"expire\"),",
		"Expiration: []aws.S3BucketLifecycleConfiguration_Rule_Expiration{{\n\t\t\t\tDays: aws.Number(1),",
		`ingress := web.Resource.Dynamic("ingress", tf.List(tf.Number(443)), "")`,
		`q := m.Resource("aws_sqs_queue", "q")`,
		`q.Set("name", private.At(1).Id())`,
		`m.Output("subnets", typed.Splat(private, aws.Subnet.Id), "Subnets.")`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("missing %s in:\n%s", want, src)
		}
	}
	untyped, diags := convert.Convert(cfg, convert.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if u := string(untyped.Files[goFile(untyped)]); strings.Contains(u, "aws.") || !strings.Contains(u, `m.Resource("aws_vpc", "main")`) {
		t.Errorf("without bindings the Go is not untyped:\n%s", u)
	}
}

// TestTypedModuleCalls: a converted module that another one calls gets
// Inputs and Outputs structs (typed from its variables' types and its
// outputs' values) and a typed Caller; a plain call goes through it, with
// typed inputs and typed output fields, and a call with count stays
// untyped.
func TestTypedModuleCalls(t *testing.T) {
	dir := t.TempDir()
	for p, src := range map[string]string{
		"root/main.tf": `
module "a" {
  source = "../child"
  # The name.
  name  = "a"
  ports = [80]
}

module "b" {
  source = "../child"
  count  = 2
  name   = "b${count.index}"
  ports  = []
}

resource "aws_vpc" "x" {
  cidr_block = module.a.cidr
  tags = {
    Name = module.a.names[0]
  }
}
`,
		"child/main.tf": `
variable "name" {
  type        = string
  description = "Name."
}

variable "ports" {
  type        = list(number)
  description = "Ports."
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

output "cidr" {
  value       = aws_vpc.this.cidr_block
  description = "CIDR."
}

output "names" {
  value       = [var.name]
  description = "Names."
}
`,
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(src), 0o644)
	}
	cfg, diags := convert.Load(filepath.Join(dir, "root"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := convert.Convert(cfg, convert.Options{Bindings: bindings})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var all string
	for _, n := range sortedKeys(res.Files) {
		all += string(res.Files[n])
	}
	for _, want := range []string{
		"a := callChild(m, \"a\", childModule, childInputs{\n\t\t// The name.\n\t\tName:  aws.String(\"a\"),",
		`Ports: aws.ListExpr[typed.Number](tf.List(tf.Number(80))),`,
		`CidrBlock: a.CIDR,`,
		`tf.Traverse{X: a.Names, Steps: []tf.Step{{Index: tf.Number(0)}}}`,
		`m.CallModule("b", childModule, tf.Count(tf.Number(2)))`,
		"type childInputs struct {\n\tName ",
		"Ports typed.List[typed.Number] `tf:\"ports\"`\n}",
		"CIDR  typed.String `tf:\"cidr\"`",
		"Names typed.Any    `tf:\"names\"`",
		`var callChild = typed.ModuleCaller[childInputs, childOutputs]()`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %s in:\n%s", want, all)
		}
	}
}
