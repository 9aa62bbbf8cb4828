// Package network builds modules/network: the MooChat VPC over two or
// more availability zones, public and private subnets, an internet
// gateway, NAT (one shared or one per AZ), route tables and VPC flow logs
// to CloudWatch.
package network

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

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

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix           typed.String             `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	VPCCIDR              typed.String             `tf:"vpc_cidr" description:"IPv4 CIDR block of the VPC." default:"10.0.0.0/16"`
	AvailabilityZones    typed.List[typed.String] `tf:"availability_zones" description:"Availability zone names, one public and one private subnet in each (names, not looked up, so plans run offline)."`
	NATPerAZ             typed.Bool               `tf:"nat_gateway_per_az" description:"One NAT gateway per AZ (resilient to an AZ outage) instead of one shared NAT gateway." default:"false"`
	FlowLogRetentionDays typed.Number             `tf:"flow_log_retention_days" description:"Days to keep VPC flow logs." default:"30"`
}

// Outputs are the module's outputs.
type Outputs struct {
	VpcID             typed.String             `tf:"vpc_id" description:"ID of the VPC."`
	VpcCIDR           typed.String             `tf:"vpc_cidr" description:"CIDR block of the VPC."`
	PublicSubnetIDs   typed.List[typed.String] `tf:"public_subnet_ids" description:"IDs of the public subnets, one per AZ (load balancer)."`
	PrivateSubnetIDs  typed.List[typed.String] `tf:"private_subnet_ids" description:"IDs of the private subnets, one per AZ (tasks, Redis)."`
	NATGatewayIDs     typed.List[typed.String] `tf:"nat_gateway_ids" description:"IDs of the NAT gateways."`
	AvailabilityZones typed.List[typed.String] `tf:"availability_zones" description:"Availability zones in use."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

// Module builds the network module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/network", "MooChat network: VPC, public and private subnets per availability zone, internet gateway, NAT gateways (one, or one per AZ), route tables and VPC flow logs to CloudWatch.")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	typed.Validate(in.VPCCIDR, typed.Fn[typed.Bool]("can", typed.Fn[typed.String]("cidrhost", in.VPCCIDR, aws.Number(0))), "vpc_cidr must be a valid IPv4 CIDR block.")
	typed.Validate(in.AvailabilityZones, typed.Ge(typed.Length(in.AvailabilityZones), aws.Number(2)), "Use at least two availability zones.")

	azCount := typed.Local(m, "az_count", typed.Length(in.AvailabilityZones))
	natCount := typed.Local(m, "nat_gateway_count", typed.If(in.NATPerAZ, azCount, aws.Number(1)))
	i := typed.CountIndex()
	perAZ, perNAT := tf.Count(azCount), tf.Count(natCount)

	m.InFile("vpc.tf")
	vpc := aws.NewVpc(m, "this", aws.VpcArgs{
		CidrBlock:          in.VPCCIDR,
		EnableDnsSupport:   aws.Bool(true),
		EnableDnsHostnames: aws.Bool(true),
		Tags:               awsmod.NameTag(awsmod.Name(prefix, "vpc")),
	})
	aws.NewDefaultSecurityGroup(m, "this", aws.DefaultSecurityGroupArgs{VpcId: vpc.Id(), Tags: awsmod.NameTag(awsmod.Name(prefix, "default-closed"))})
	igw := aws.NewInternetGateway(m, "this", aws.InternetGatewayArgs{VpcId: vpc.Id(), Tags: awsmod.NameTag(awsmod.Name(prefix, "igw"))})

	m.InFile("subnets.tf")
	az := in.AvailabilityZones.Index(i)
	tags := func(name typed.String, tier string) typed.Map[typed.String] {
		return aws.MapOf(map[string]typed.String{"Name": name, "Tier": aws.String(tier)})
	}
	public := aws.NewSubnet(m, "public", aws.SubnetArgs{
		VpcId:               vpc.Id(),
		AvailabilityZone:    az,
		CidrBlock:           typed.Fn[typed.String]("cidrsubnet", in.VPCCIDR, aws.Number(cfg.SubnetNewBits), i),
		MapPublicIpOnLaunch: aws.Bool(false),
		Tags:                tags(typed.Tmpl(prefix, "-public-", az), "public"),
	}, perAZ)
	private := aws.NewSubnet(m, "private", aws.SubnetArgs{
		VpcId:            vpc.Id(),
		AvailabilityZone: az,
		CidrBlock:        typed.Fn[typed.String]("cidrsubnet", in.VPCCIDR, aws.Number(cfg.SubnetNewBits), typed.Add(i, aws.Number(cfg.PrivateOffset))),
		Tags:             tags(typed.Tmpl(prefix, "-private-", az), "private"),
	}, perAZ)

	m.InFile("nat.tf")
	natTag := awsmod.NameTag(typed.Tmpl(prefix, "-nat-", az))
	eip := aws.NewEip(m, "nat", aws.EipArgs{Domain: aws.String("vpc"), Tags: natTag}, perNAT)
	nat := aws.NewNatGateway(m, "this", aws.NatGatewayArgs{
		AllocationId: eip.AtExpr(i).Id(),
		SubnetId:     public.AtExpr(i).Id(),
		Tags:         natTag,
	}, perNAT, tf.DependsOn(igw.Resource))

	m.InFile("routes.tf")
	publicRT := aws.NewRouteTable(m, "public", aws.RouteTableArgs{VpcId: vpc.Id(), Tags: awsmod.NameTag(awsmod.Name(prefix, "public"))})
	aws.NewRoute(m, "public_internet", aws.RouteArgs{RouteTableId: publicRT.Id(), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: igw.Id()})
	aws.NewRouteTableAssociation(m, "public", aws.RouteTableAssociationArgs{SubnetId: public.AtExpr(i).Id(), RouteTableId: publicRT.Id()}, perAZ)
	privateRT := aws.NewRouteTable(m, "private", aws.RouteTableArgs{VpcId: vpc.Id(), Tags: awsmod.NameTag(typed.Tmpl(prefix, "-private-", az))}, perAZ)
	aws.NewRoute(m, "private_nat", aws.RouteArgs{
		RouteTableId:         privateRT.AtExpr(i).Id(),
		DestinationCidrBlock: aws.String("0.0.0.0/0"),
		NatGatewayId:         nat.AtExpr(typed.If(in.NATPerAZ, i, aws.Number(0))).Id(),
	}, perAZ)
	aws.NewRouteTableAssociation(m, "private", aws.RouteTableAssociationArgs{SubnetId: private.AtExpr(i).Id(), RouteTableId: privateRT.AtExpr(i).Id()}, perAZ)

	m.InFile("kms.tf")
	logsName := typed.Tmpl("/aws/vpc/", prefix, "/flow-logs")
	logsKey := awsmod.LogsKey(m, prefix, "network", logsName)

	m.InFile("flow_logs.tf")
	logs := awsmod.LogGroup(m, "flow_logs", logsName, in.FlowLogRetentionDays, logsKey)
	role := awsmod.Role(m, "flow_logs", awsmod.Name(prefix, "vpc-flow-logs"), "vpc-flow-logs.amazonaws.com", "Lets VPC flow logs write to their log group.")
	awsmod.RolePolicy(m, "flow_logs", role, []awsdoc.Statement{{
		Sid:      "WriteFlowLogs",
		Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		Resource: []tf.Expr{typed.Tmpl(logs.Arn(), ":*")},
	}}, tf.Waive("aws-iam-no-star-resource-write", "flow logs name each log stream after the network interface it records, at run time: the grant covers only this log group's streams", "2027-06-30"))
	aws.NewFlowLog(m, "this", aws.FlowLogArgs{
		VpcId:                  vpc.Id(),
		TrafficType:            aws.String("ALL"),
		LogDestinationType:     aws.String("cloud-watch-logs"),
		LogDestination:         logs.Arn(),
		IamRoleArn:             role.Arn(),
		MaxAggregationInterval: aws.Number(60),
		Tags:                   awsmod.NameTag(awsmod.Name(prefix, "flow-logs")),
	})

	typed.Outputs(m, Outputs{
		VpcID:             vpc.Id(),
		VpcCIDR:           vpc.CidrBlock(),
		PublicSubnetIDs:   typed.Splat(public, aws.Subnet.Id),
		PrivateSubnetIDs:  typed.Splat(private, aws.Subnet.Id),
		NATGatewayIDs:     typed.Splat(nat, aws.NatGateway.Id),
		AvailabilityZones: in.AvailabilityZones,
	})
	return m
}
