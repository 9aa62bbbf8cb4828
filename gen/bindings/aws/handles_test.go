package aws_test

import (
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestHandlesReferToInstancesSplatsAndNestedBlocks declares counted and
// for_each resources with options and reads them through typed getters
// only; the module passes the model validator and the schema validator
// and renders the references Terraform expects.
func TestHandlesReferToInstancesSplatsAndNestedBlocks(t *testing.T) {
	m := tf.NewModule("modules/net")
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.100")
	zones := typed.Var[typed.List[typed.String]](m, "zones", "Zones.")
	vpc := aws.NewVpc(m, "this", aws.VpcArgs{CidrBlock: aws.String("10.0.0.0/16")})
	subnets := aws.NewSubnet(m, "private", aws.SubnetArgs{
		VpcId:            vpc.Id(),
		AvailabilityZone: zones.Index(typed.Of[typed.Number](tf.CountIndex)),
		CidrBlock:        typed.Fn[typed.String]("cidrsubnet", vpc.CidrBlock(), aws.Number(8), tf.CountIndex),
	}, tf.Count(typed.Length(zones)))
	named := aws.NewEip(m, "nat", aws.EipArgs{Domain: aws.String("vpc")}, tf.ForEach(tf.Fn("toset", aws.Strings("a", "b"))))
	logs := aws.NewLb(m, "this", aws.LbArgs{
		Subnets:    typed.Fn[typed.Set[typed.String]]("toset", typed.Splat(subnets, aws.Subnet.Id)),
		AccessLogs: &aws.Lb_AccessLogs{Bucket: aws.String("logs"), Enabled: aws.Bool(true)},
	}, tf.DependsOn(vpc.Resource), tf.IgnoreChanges("tags"))
	m.Output("first_subnet", subnets.At(0).Id(), "The first subnet.")
	m.Output("subnet_ids", typed.Splat(subnets, aws.Subnet.Id), "Every subnet.")
	m.Output("eip_a", named.AtKey("a").PublicIp(), "An address.")
	m.Output("log_bucket", logs.AccessLogs().At(0).Bucket, "Where the ALB logs go.")

	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	ds := tf.Validate(m)
	ds = append(ds, schema.Validate(s, []*tf.Module{m}, schema.Options{})...)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	files, ds := render.Module(m, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	var all strings.Builder
	for _, f := range files {
		all.Write(f.Data)
	}
	for _, want := range []string{
		"  count = length(var.zones)\n",
		"  availability_zone = var.zones[count.index]\n",
		"  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)\n",
		`  for_each = toset(["a", "b"])` + "\n",
		"  subnets = toset(aws_subnet.private[*].id)\n",
		"  depends_on = [aws_vpc.this]\n",
		"    ignore_changes = [tags]\n",
		"  value       = aws_subnet.private[0].id\n",
		"  value       = aws_subnet.private[*].id\n",
		`  value       = aws_eip.nat["a"].public_ip` + "\n",
		"  value       = aws_lb.this.access_logs[0].bucket\n",
	} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("rendered files lack %q:\n%s", want, all.String())
		}
	}
}

// TestAttributesKeepTheAuthorsOrder: the bindings' structs list fields
// alphabetically, but the body follows the literal as written here
// (attributes, then blocks), at every level of nesting; arguments built
// elsewhere and passed as a variable fall back to field order.
func TestAttributesKeepTheAuthorsOrder(t *testing.T) {
	m := tf.NewModule("modules/x")
	aws.NewLbTargetGroup(m, "tg", aws.LbTargetGroupArgs{
		Port:       aws.Number(80),
		Name:       aws.String("tg"),
		TargetType: aws.String("ip"),
		Stickiness: &aws.LbTargetGroup_Stickiness{Type: aws.String("lb_cookie"), Enabled: aws.Bool(true)},
		HealthCheck: &aws.LbTargetGroup_HealthCheck{
			Path:    aws.String("/health"),
			Matcher: aws.String("200"),
		},
		Protocol: aws.String("HTTP"),
	})
	args := aws.LbTargetGroupArgs{Port: aws.Number(81), Name: aws.String("other")}
	aws.NewLbTargetGroup(m, "other", args)
	got := renderFile(t, m)
	want := `resource "aws_lb_target_group" "tg" {
  port        = 80
  name        = "tg"
  target_type = "ip"
  protocol    = "HTTP"

  stickiness {
    type    = "lb_cookie"
    enabled = true
  }

  health_check {
    path    = "/health"
    matcher = "200"
  }
}

resource "aws_lb_target_group" "other" {
  name = "other"
  port = 81
}
`
	if !strings.HasSuffix(got, want) {
		t.Errorf("rendered\n%s\nwant\n%s", got, want)
	}
}

func renderFile(t *testing.T, m *tf.Module) string {
	t.Helper()
	files, ds := render.Module(m, render.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, f := range files {
		if f.Name == "main.tf" {
			return string(f.Data)
		}
	}
	return ""
}
