// Package network builds modules/network: the MooChat VPC over two or
// more availability zones, public and private subnets, an internet
// gateway, NAT (one shared or one per AZ), route tables and VPC flow logs
// to CloudWatch.
package network

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/network"

// Config shapes the module (not an environment: environments differ only
// in the inputs their root passes).
type Config struct {
	// SubnetNewBits is added to the VPC prefix for every subnet: 4 turns a
	// /16 into /20 subnets (4,091 addresses each).
	SubnetNewBits int
	// PrivateOffset is the subnet number of the first private subnet, so
	// public and private ranges stay apart as AZs are added.
	PrivateOffset int
}

// Defaults is the configuration the platform uses.
var Defaults = Config{SubnetNewBits: 4, PrivateOffset: 8}

// Module builds the network module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat network: VPC, public and private subnets per availability zone, internet gateway, NAT gateways (one, or one per AZ), route tables and VPC flow logs to CloudWatch.")

	prefix := awsmod.NamePrefix(m)
	cidr := m.Variable("vpc_cidr", cty.String, "IPv4 CIDR block of the VPC.").WithDefault(cty.StringVal("10.0.0.0/16"))
	cidr.Validate(tf.Fn("can", tf.Fn("cidrhost", cidr, tf.Number(0))), "vpc_cidr must be a valid IPv4 CIDR block.")
	azs := m.Variable("availability_zones", cty.List(cty.String), "Availability zone names, one public and one private subnet in each (names, not looked up, so plans run offline).")
	azs.Validate(tf.Op(tf.Fn("length", azs), ">=", tf.Number(2)), "Use at least two availability zones.")
	natPerAZ := m.Variable("nat_gateway_per_az", cty.Bool, "One NAT gateway per AZ (resilient to an AZ outage) instead of one shared NAT gateway.").WithDefault(cty.False)
	retention := m.Variable("flow_log_retention_days", cty.Number, "Days to keep VPC flow logs.").WithDefault(cty.NumberIntVal(30))

	azCount := m.Local("az_count", tf.Fn("length", azs))
	natCount := m.Local("nat_gateway_count", tf.If(natPerAZ, azCount, tf.Number(1)))

	m.InFile("vpc.tf")
	vpc := m.Resource("aws_vpc", "this").
		Set("cidr_block", cidr).
		Set("enable_dns_support", tf.Bool(true)).
		Set("enable_dns_hostnames", tf.Bool(true)).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "vpc")))
	// Adopting the default security group with no rules closes it: nothing
	// can use it by accident.
	m.Resource("aws_default_security_group", "this").
		Set("vpc_id", vpc.Attr("id")).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "default-closed")))
	igw := m.Resource("aws_internet_gateway", "this").
		Set("vpc_id", vpc.Attr("id")).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "igw")))

	m.InFile("subnets.tf")
	az := azs.Ref().Index(tf.CountIndex)
	public := m.Resource("aws_subnet", "public")
	public.Count = azCount
	public.Set("vpc_id", vpc.Attr("id")).
		Set("availability_zone", az).
		Set("cidr_block", tf.Fn("cidrsubnet", cidr, tf.Number(cfg.SubnetNewBits), tf.CountIndex)).
		Set("map_public_ip_on_launch", tf.Bool(false)).
		Set("tags", tf.Obj(tf.KV("Name", tf.Tmpl(prefix, "-public-", az)), tf.KV("Tier", tf.String("public"))))
	private := m.Resource("aws_subnet", "private")
	private.Count = azCount
	private.Set("vpc_id", vpc.Attr("id")).
		Set("availability_zone", az).
		Set("cidr_block", tf.Fn("cidrsubnet", cidr, tf.Number(cfg.SubnetNewBits), tf.Op(tf.CountIndex, "+", tf.Number(cfg.PrivateOffset)))).
		Set("tags", tf.Obj(tf.KV("Name", tf.Tmpl(prefix, "-private-", az)), tf.KV("Tier", tf.String("private"))))

	m.InFile("nat.tf")
	eip := m.Resource("aws_eip", "nat")
	eip.Count = natCount
	eip.Set("domain", tf.String("vpc")).
		Set("tags", awsmod.NameTag(tf.Tmpl(prefix, "-nat-", az)))
	nat := m.Resource("aws_nat_gateway", "this")
	nat.Count = natCount
	nat.Set("allocation_id", eip.Ref().Index(tf.CountIndex).Attr("id")).
		Set("subnet_id", public.Ref().Index(tf.CountIndex).Attr("id")).
		Set("tags", awsmod.NameTag(tf.Tmpl(prefix, "-nat-", az))).
		DependOn(igw)

	m.InFile("routes.tf")
	publicRT := m.Resource("aws_route_table", "public").
		Set("vpc_id", vpc.Attr("id")).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "public")))
	m.Resource("aws_route", "public_internet").
		Set("route_table_id", publicRT.Attr("id")).
		Set("destination_cidr_block", tf.String("0.0.0.0/0")).
		Set("gateway_id", igw.Attr("id"))
	pubAssoc := m.Resource("aws_route_table_association", "public")
	pubAssoc.Count = azCount
	pubAssoc.Set("subnet_id", public.Ref().Index(tf.CountIndex).Attr("id")).
		Set("route_table_id", publicRT.Attr("id"))
	privateRT := m.Resource("aws_route_table", "private")
	privateRT.Count = azCount
	privateRT.Set("vpc_id", vpc.Attr("id")).
		Set("tags", awsmod.NameTag(tf.Tmpl(prefix, "-private-", az)))
	natRoute := m.Resource("aws_route", "private_nat")
	natRoute.Count = azCount
	natRoute.Set("route_table_id", privateRT.Ref().Index(tf.CountIndex).Attr("id")).
		Set("destination_cidr_block", tf.String("0.0.0.0/0")).
		Set("nat_gateway_id", nat.Ref().Index(tf.If(natPerAZ, tf.CountIndex, tf.Number(0))).Attr("id"))
	privAssoc := m.Resource("aws_route_table_association", "private")
	privAssoc.Count = azCount
	privAssoc.Set("subnet_id", private.Ref().Index(tf.CountIndex).Attr("id")).
		Set("route_table_id", privateRT.Ref().Index(tf.CountIndex).Attr("id"))

	m.InFile("flow_logs.tf")
	logs := awsmod.LogGroup(m, "flow_logs", tf.Tmpl("/aws/vpc/", prefix, "/flow-logs"), retention)
	role := awsmod.Role(m, "flow_logs", awsmod.Name(prefix, "vpc-flow-logs"), "vpc-flow-logs.amazonaws.com", "Lets VPC flow logs write to their log group.")
	awsmod.RolePolicy(m, "flow_logs", role, awsmod.Statement{
		Sid:       "WriteFlowLogs",
		Actions:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		Resources: []tf.Expr{tf.Tmpl(logs.Attr("arn"), ":*")},
	})
	m.Resource("aws_flow_log", "this").
		Set("vpc_id", vpc.Attr("id")).
		Set("traffic_type", tf.String("ALL")).
		Set("log_destination_type", tf.String("cloud-watch-logs")).
		Set("log_destination", logs.Attr("arn")).
		Set("iam_role_arn", role.Attr("arn")).
		Set("max_aggregation_interval", tf.Number(60)).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "flow-logs")))

	m.Output("vpc_id", vpc.Attr("id"), "ID of the VPC.")
	m.Output("vpc_cidr", vpc.Attr("cidr_block"), "CIDR block of the VPC.")
	m.Output("public_subnet_ids", public.Ref().Splat().Attr("id"), "IDs of the public subnets, one per AZ (load balancer).")
	m.Output("private_subnet_ids", private.Ref().Splat().Attr("id"), "IDs of the private subnets, one per AZ (tasks, Redis).")
	m.Output("nat_gateway_ids", nat.Ref().Splat().Attr("id"), "IDs of the NAT gateways.")
	m.Output("availability_zones", azs, "Availability zones in use.")
	return m
}
