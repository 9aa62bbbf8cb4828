// Package dns builds modules/dns: the Route 53 alias records of a MooChat
// environment, apex and www to CloudFront and socket. to the load
// balancer. With an empty domain it creates nothing.
package dns

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Config shapes the module.
type Config struct {
	// SocketHost is the host label of the socket server under the domain.
	SocketHost string
}

// Defaults is the configuration the platform uses.
var Defaults = Config{SocketHost: "socket"}

// Inputs are the module's variables.
type Inputs struct {
	DomainName           typed.String `tf:"domain_name" description:"Domain of the UI; empty creates nothing." default:""`
	ZoneID               typed.String `tf:"zone_id" description:"Route 53 hosted zone ID of the domain." default:""`
	CloudFrontDomainName typed.String `tf:"cloudfront_domain_name" description:"The distribution's *.cloudfront.net name."`
	CloudFrontZoneID     typed.String `tf:"cloudfront_zone_id" description:"The distribution's Route 53 zone ID."`
	ALBDNSName           typed.String `tf:"alb_dns_name" description:"DNS name of the load balancer."`
	ALBZoneID            typed.String `tf:"alb_zone_id" description:"Route 53 zone ID of the load balancer."`
}

// Outputs are the module's outputs.
type Outputs struct {
	UIURL     typed.String `tf:"ui_url" description:"URL of the UI."`
	SocketURL typed.String `tf:"socket_url" description:"URL the UI's socket.io client connects to."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

// record is one UI alias record: a local's element and each.value.
type record struct {
	Name typed.String `tf:"name" json:"name"`
	Type typed.String `tf:"type" json:"type"`
}

// Module builds the dns module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/dns", "MooChat DNS: Route 53 alias records for the UI (apex and www, IPv4 and IPv6) and the socket server; nothing when domain_name is empty.")
	in := typed.Vars[Inputs](m)
	enabled := typed.Local(m, "enabled", typed.Ne(in.DomainName, aws.String("")))
	socketName := typed.Local(m, "socket_name", typed.Tmpl(cfg.SocketHost+".", in.DomainName))
	www := typed.Tmpl("www.", in.DomainName)
	uiRecords := m.Local("ui_records", tf.If(enabled, tf.ValueOf(map[string]record{
		"apex_a": {in.DomainName, aws.String("A")}, "apex_aaaa": {in.DomainName, aws.String("AAAA")},
		"www_a": {www, aws.String("A")}, "www_aaaa": {www, aws.String("AAAA")},
	}), tf.Obj()))

	rec := typed.EachValue[record]()
	aws.NewRoute53Record(m, "ui", aws.Route53RecordArgs{
		ZoneId: in.ZoneID,
		Name:   rec.Name,
		Type:   rec.Type,
		Alias:  &aws.Route53Record_Alias{Name: in.CloudFrontDomainName, ZoneId: in.CloudFrontZoneID, EvaluateTargetHealth: aws.Bool(false)},
	}, tf.ForEach(uiRecords))
	aws.NewRoute53Record(m, "socket", aws.Route53RecordArgs{
		ZoneId: in.ZoneID,
		Name:   socketName,
		Type:   aws.String("A"),
		Alias:  &aws.Route53Record_Alias{Name: in.ALBDNSName, ZoneId: in.ALBZoneID, EvaluateTargetHealth: aws.Bool(true)},
	}, tf.Count(typed.If(enabled, aws.Number(1), aws.Number(0))))

	typed.Outputs(m, Outputs{
		UIURL:     typed.If(enabled, typed.Tmpl("https://", in.DomainName), typed.Tmpl("https://", in.CloudFrontDomainName)),
		SocketURL: typed.If(enabled, typed.Tmpl("https://", socketName), typed.Tmpl("https://", in.ALBDNSName)),
	})
	return m
}
