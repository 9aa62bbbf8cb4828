// Package dns builds modules/dns: the Route 53 alias records of a MooChat
// environment, apex and www to CloudFront and socket. to the load
// balancer. With an empty domain it creates nothing.
package dns

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/dns"

// Config shapes the module.
type Config struct {
	// SocketHost is the host label of the socket server under the domain.
	SocketHost string
}

// Defaults is the configuration the platform uses.
var Defaults = Config{SocketHost: "socket"}

// Module builds the DNS module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat DNS: Route 53 alias records for the UI (apex and www, IPv4 and IPv6) and the socket server; nothing when domain_name is empty.")

	domain := m.Variable("domain_name", cty.String, "Domain of the UI; empty creates nothing.").WithDefault(cty.StringVal(""))
	zone := m.Variable("zone_id", cty.String, "Route 53 hosted zone ID of the domain.").WithDefault(cty.StringVal(""))
	cfName := m.Variable("cloudfront_domain_name", cty.String, "The distribution's *.cloudfront.net name.")
	cfZone := m.Variable("cloudfront_zone_id", cty.String, "The distribution's Route 53 zone ID.")
	albName := m.Variable("alb_dns_name", cty.String, "DNS name of the load balancer.")
	albZone := m.Variable("alb_zone_id", cty.String, "Route 53 zone ID of the load balancer.")

	enabled := m.Local("enabled", tf.Op(domain, "!=", tf.String("")))
	socketName := m.Local("socket_name", tf.Tmpl(cfg.SocketHost+".", domain))
	// One record per name and address family, keyed so plans read well.
	uiRecords := m.Local("ui_records", tf.If(enabled, tf.Obj(
		tf.KV("apex_a", tf.Obj(tf.KV("name", domain), tf.KV("type", tf.String("A")))),
		tf.KV("apex_aaaa", tf.Obj(tf.KV("name", domain), tf.KV("type", tf.String("AAAA")))),
		tf.KV("www_a", tf.Obj(tf.KV("name", tf.Tmpl("www.", domain)), tf.KV("type", tf.String("A")))),
		tf.KV("www_aaaa", tf.Obj(tf.KV("name", tf.Tmpl("www.", domain)), tf.KV("type", tf.String("AAAA")))),
	), tf.Obj()))

	ui := aws.NewRoute53Record(m, "ui", aws.Route53RecordArgs{
		ZoneId: aws.StringExpr(zone),
		Name:   aws.StringExpr(tf.EachValue.Attr("name")),
		Type:   aws.StringExpr(tf.EachValue.Attr("type")),
		Alias: &aws.Route53Record_Alias{
			Name:                 aws.StringExpr(cfName),
			ZoneId:               aws.StringExpr(cfZone),
			EvaluateTargetHealth: aws.Bool(false),
		},
	})
	ui.Resource.ForEach = uiRecords

	socket := aws.NewRoute53Record(m, "socket", aws.Route53RecordArgs{
		ZoneId: aws.StringExpr(zone),
		Name:   aws.StringExpr(socketName),
		Type:   aws.String("A"),
		Alias: &aws.Route53Record_Alias{
			Name:                 aws.StringExpr(albName),
			ZoneId:               aws.StringExpr(albZone),
			EvaluateTargetHealth: aws.Bool(true),
		},
	})
	socket.Resource.Count = tf.If(enabled, tf.Number(1), tf.Number(0))

	m.Output("ui_url", tf.If(enabled, tf.Tmpl("https://", domain), tf.Tmpl("https://", cfName)), "URL of the UI.")
	m.Output("socket_url", tf.If(enabled, tf.Tmpl("https://", socketName), tf.Tmpl("https://", albName)), "URL the UI's socket.io client connects to.")
	return m
}
