package convert_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/convert"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/tftest"
)

// TestBindingsAddsMissingTypes is what moochat convert -bindings does, on
// a copy of gen/bindings/aws: the types the configuration uses that the
// bindings lack are added to types.txt, bindgen regenerates the package,
// the converted Go uses the new typed constructors and getters, and it
// renders a configuration that plans as the original does.
func TestBindingsAddsMissingTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bindgen, builds the bindings and plans with terraform; skipped with -short")
	}
	t.Parallel()
	tmp, err := os.MkdirTemp("testdata", "bind-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	dir := filepath.Join(tmp, "aws")
	copyTree(t, filepath.Join("..", "bindings", "aws"), dir)
	abs, _ := filepath.Abs(dir)
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	b := &convert.Bindings{Root: root, Dir: abs, Import: "github.com/runntimeterror/moo-chat-infrastructure/gen/convert/" + filepath.ToSlash(dir), Name: "aws", Provider: "aws"}

	src := filepath.Join(t.TempDir(), "src")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "main.tf"), []byte(tftest.AWSProvider+`
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc_ipv4_cidr_block_association" "extra" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.1.0.0/16"
}

resource "aws_egress_only_internet_gateway" "v6" {
  vpc_id = aws_vpc_ipv4_cidr_block_association.extra.vpc_id
  tags = {
    Name = "v6"
  }
}

output "gateway" {
  value       = aws_egress_only_internet_gateway.v6.id
  description = "The egress-only gateway."
}
`), 0o644)
	cfg, diags := convert.Load(src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	missing := b.Missing(cfg, s.Provider("hashicorp/aws"))
	if want := []string{"aws_egress_only_internet_gateway", "aws_vpc_ipv4_cidr_block_association"}; !reflect.DeepEqual(missing, want) {
		t.Fatalf("missing %q, want %q", missing, want)
	}
	if err := b.AddTypes(missing, "added by the test"); err != nil {
		t.Fatal(err)
	}
	if err := b.AddTypes(missing, "added twice"); err != nil {
		t.Fatal(err)
	}
	list, _ := os.ReadFile(filepath.Join(dir, "types.txt"))
	if strings.Count(string(list), "\naws_egress_only_internet_gateway\n") != 1 || strings.Contains(string(list), "added twice") {
		t.Errorf("types.txt:\n%s", list)
	}
	if err := b.Regenerate(); err != nil {
		t.Fatal(err)
	}
	if got := b.Missing(cfg, s.Provider("hashicorp/aws")); len(got) > 0 {
		t.Errorf("still missing after regenerating: %q", got)
	}
	res, diags := convert.Convert(cfg, convert.Options{Bindings: b})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	code := string(res.Files[goFile(res)])
	for _, want := range []string{
		`extra := aws.NewVpcIpv4CidrBlockAssociation(m, "extra", aws.VpcIpv4CidrBlockAssociationArgs{`,
		`v6 := aws.NewEgressOnlyInternetGateway(m, "v6", aws.EgressOnlyInternetGatewayArgs{`,
		`VpcId: extra.VpcId(),`,
		`m.Output("gateway", v6.Id(), "The egress-only gateway.")`,
		`"` + b.Import + `"`,
	} {
		if !strings.Contains(code, want) {
			t.Errorf("missing %s in:\n%s", want, code)
		}
	}
	pkg := filepath.Join(tmp, "pkg")
	if err := convert.Write(pkg, res); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "converted")
	if !goCmd(t, "build", "-o", bin, "./"+filepath.ToSlash(pkg)) {
		t.FailNow()
	}
	out := t.TempDir()
	if o, err := exec.Command(bin, "-out", out).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	rel, err := filepath.Rel(cfg.Base, cfg.Root.AbsDir)
	if err != nil {
		t.Fatal(err)
	}
	env := tftest.OfflineEnv(t)
	want, got := plan(t, env, src), plan(t, env, filepath.Join(out, rel))
	if want == nil || got == nil {
		t.FailNow()
	}
	if n := samePlan(t, viewOf(want, ""), viewOf(got, "")); n != 3 {
		t.Errorf("%d resource changes, want 3", n)
	}
}
