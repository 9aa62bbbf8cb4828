// Package network builds modules/network: the MooChat VPC over two or
// more availability zones, public and private subnets, an internet
// gateway, NAT (one shared or one per AZ), route tables and VPC flow logs
// to CloudWatch.
package network

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
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

// nameTag is awsmod.NameTag as the typed tags argument.
func nameTag(name tf.Expr) typed.Map[typed.String] {
	return aws.MapExpr[typed.String](awsmod.NameTag(name))
}

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
	vpc := aws.NewVpc(m, "this", aws.VpcArgs{
		CidrBlock:          aws.StringExpr(cidr),
		EnableDnsSupport:   aws.Bool(true),
		EnableDnsHostnames: aws.Bool(true),
		Tags:               nameTag(awsmod.Name(prefix, "vpc")),
	})
	// Adopting the default security group with no rules closes it: nothing
	// can use it by accident.
	aws.NewDefaultSecurityGroup(m, "this", aws.DefaultSecurityGroupArgs{
		VpcId: vpc.Id(),
		Tags:  nameTag(awsmod.Name(prefix, "default-closed")),
	})
	igw := aws.NewInternetGateway(m, "this", aws.InternetGatewayArgs{
		VpcId: vpc.Id(),
		Tags:  nameTag(awsmod.Name(prefix, "igw")),
	})

	// The handles' getters reference the resource as a whole
	// (aws_subnet.public.id); instances of counted resources are referenced
	// through the untyped model and wrapped.
	idAt := func(r *tf.Resource, i tf.Expr) typed.String {
		return aws.StringExpr(r.Ref().Index(i).Attr("id"))
	}

	m.InFile("subnets.tf")
	az := azs.Ref().Index(tf.CountIndex)
	public := aws.NewSubnet(m, "public", aws.SubnetArgs{
		VpcId:               vpc.Id(),
		AvailabilityZone:    aws.StringExpr(az),
		CidrBlock:           aws.StringExpr(tf.Fn("cidrsubnet", cidr, tf.Number(cfg.SubnetNewBits), tf.CountIndex)),
		MapPublicIpOnLaunch: aws.Bool(false),
		Tags: aws.MapOf(map[string]typed.String{
			"Name": aws.StringExpr(tf.Tmpl(prefix, "-public-", az)),
			"Tier": aws.String("public"),
		}),
	})
	public.Resource.Count = azCount
	private := aws.NewSubnet(m, "private", aws.SubnetArgs{
		VpcId:            vpc.Id(),
		AvailabilityZone: aws.StringExpr(az),
		CidrBlock:        aws.StringExpr(tf.Fn("cidrsubnet", cidr, tf.Number(cfg.SubnetNewBits), tf.Op(tf.CountIndex, "+", tf.Number(cfg.PrivateOffset)))),
		Tags: aws.MapOf(map[string]typed.String{
			"Name": aws.StringExpr(tf.Tmpl(prefix, "-private-", az)),
			"Tier": aws.String("private"),
		}),
	})
	private.Resource.Count = azCount

	m.InFile("nat.tf")
	eip := aws.NewEip(m, "nat", aws.EipArgs{
		Domain: aws.String("vpc"),
		Tags:   nameTag(tf.Tmpl(prefix, "-nat-", az)),
	})
	eip.Resource.Count = natCount
	nat := aws.NewNatGateway(m, "this", aws.NatGatewayArgs{
		AllocationId: idAt(eip.Resource, tf.CountIndex),
		SubnetId:     idAt(public.Resource, tf.CountIndex),
		Tags:         nameTag(tf.Tmpl(prefix, "-nat-", az)),
	})
	nat.Resource.Count = natCount
	nat.Resource.DependOn(igw.Resource)

	m.InFile("routes.tf")
	publicRT := aws.NewRouteTable(m, "public", aws.RouteTableArgs{
		VpcId: vpc.Id(),
		Tags:  nameTag(awsmod.Name(prefix, "public")),
	})
	aws.NewRoute(m, "public_internet", aws.RouteArgs{
		RouteTableId:         publicRT.Id(),
		DestinationCidrBlock: aws.String("0.0.0.0/0"),
		GatewayId:            igw.Id(),
	})
	pubAssoc := aws.NewRouteTableAssociation(m, "public", aws.RouteTableAssociationArgs{
		SubnetId:     idAt(public.Resource, tf.CountIndex),
		RouteTableId: publicRT.Id(),
	})
	pubAssoc.Resource.Count = azCount
	privateRT := aws.NewRouteTable(m, "private", aws.RouteTableArgs{
		VpcId: vpc.Id(),
		Tags:  nameTag(tf.Tmpl(prefix, "-private-", az)),
	})
	privateRT.Resource.Count = azCount
	natRoute := aws.NewRoute(m, "private_nat", aws.RouteArgs{
		RouteTableId:         idAt(privateRT.Resource, tf.CountIndex),
		DestinationCidrBlock: aws.String("0.0.0.0/0"),
		NatGatewayId:         idAt(nat.Resource, tf.If(natPerAZ, tf.CountIndex, tf.Number(0))),
	})
	natRoute.Resource.Count = azCount
	privAssoc := aws.NewRouteTableAssociation(m, "private", aws.RouteTableAssociationArgs{
		SubnetId:     idAt(private.Resource, tf.CountIndex),
		RouteTableId: idAt(privateRT.Resource, tf.CountIndex),
	})
	privAssoc.Resource.Count = azCount

	m.InFile("flow_logs.tf")
	logs := awsmod.LogGroup(m, "flow_logs", tf.Tmpl("/aws/vpc/", prefix, "/flow-logs"), retention)
	role := awsmod.Role(m, "flow_logs", awsmod.Name(prefix, "vpc-flow-logs"), "vpc-flow-logs.amazonaws.com", "Lets VPC flow logs write to their log group.")
	awsmod.RolePolicy(m, "flow_logs", role, awsmod.Statement{
		Sid:       "WriteFlowLogs",
		Actions:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		Resources: []tf.Expr{tf.Tmpl(logs.Attr("arn"), ":*")},
	})
	aws.NewFlowLog(m, "this", aws.FlowLogArgs{
		VpcId:                  vpc.Id(),
		TrafficType:            aws.String("ALL"),
		LogDestinationType:     aws.String("cloud-watch-logs"),
		LogDestination:         aws.StringExpr(logs.Attr("arn")),
		IamRoleArn:             aws.StringExpr(role.Attr("arn")),
		MaxAggregationInterval: aws.Number(60),
		Tags:                   nameTag(awsmod.Name(prefix, "flow-logs")),
	})

	m.Output("vpc_id", vpc.Id().TFExpr(), "ID of the VPC.")
	m.Output("vpc_cidr", vpc.CidrBlock().TFExpr(), "CIDR block of the VPC.")
	m.Output("public_subnet_ids", public.Resource.Ref().Splat().Attr("id"), "IDs of the public subnets, one per AZ (load balancer).")
	m.Output("private_subnet_ids", private.Resource.Ref().Splat().Attr("id"), "IDs of the private subnets, one per AZ (tasks, Redis).")
	m.Output("nat_gateway_ids", nat.Resource.Ref().Splat().Attr("id"), "IDs of the NAT gateways.")
	m.Output("availability_zones", azs, "Availability zones in use.")
	return m
}
