// Package certificate builds modules/certificate: one DNS-validated ACM
// certificate, its Route 53 validation records and the wait for issue.
// With an empty domain it creates nothing, so environments without a
// domain call it unchanged. The caller chooses the region through the
// provider it passes (CloudFront needs us-east-1).
package certificate

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Name is the module's directory under out/.
const Name = "modules/certificate"

// Config shapes the module.
type Config struct {
	// ValidationTTL is the TTL of the validation CNAME records.
	ValidationTTL int
}

// Defaults is the configuration the platform uses.
var Defaults = Config{ValidationTTL: 300}

// Module builds the certificate module.
func Module(cfg Config) *tf.Module {
	m := tf.NewModule(Name)
	m.Description = "A DNS-validated ACM certificate with its Route 53 validation records; nothing when domain_name is empty."
	m.Terraform.RequiredVersion = ">= 1.5.0"
	m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")

	domain := m.Variable("domain_name", cty.String, "Primary name of the certificate; empty creates nothing.").WithDefault(cty.StringVal(""))
	sans := m.Variable("subject_alternative_names", cty.List(cty.String), "Further names the certificate covers.").WithDefault(cty.ListValEmpty(cty.String))
	zone := m.Variable("zone_id", cty.String, "Route 53 hosted zone ID that holds the validation records.").WithDefault(cty.StringVal(""))

	enabled := m.Local("enabled", tf.Op(domain, "!=", tf.String("")))

	cert := aws.NewAcmCertificate(m, "this", aws.AcmCertificateArgs{
		DomainName:              aws.StringExpr(domain),
		SubjectAlternativeNames: aws.SetExpr[typed.String](sans),
		ValidationMethod:        aws.String("DNS"),
		KeyAlgorithm:            aws.String("RSA_2048"),
		Tags:                    aws.MapOf(map[string]typed.String{"Name": aws.StringExpr(domain)}),
		Options: &aws.AcmCertificate_Options{
			CertificateTransparencyLoggingPreference: aws.String("ENABLED"),
		},
	})
	cert.Resource.Count = tf.If(enabled, tf.Number(1), tf.Number(0))
	cert.Resource.Lifecycle.CreateBeforeDestroy = true
	cert.Resource.Lifecycle.Preconditions = append(cert.Resource.Lifecycle.Preconditions, tf.Condition{
		Cond: tf.Op(zone, "!=", tf.String("")), Message: tf.String("zone_id is required with a domain_name."),
	})

	// Keys come from the configured names, known at plan; the validation
	// records' contents come from the certificate, known only after apply.
	// The certificate is counted: its getters would reference it unindexed,
	// so its instances go through the untyped model.
	dvo := tf.IterVar("dvo")
	options := m.Local("validation_options", tf.ForMap("", "dvo", tf.Fn("flatten", cert.Resource.Ref().Splat().Attr("domain_validation_options")),
		dvo.Attr("domain_name"), dvo, nil))
	opt := options.Ref().Index(tf.EachKey)
	rec := aws.NewRoute53Record(m, "validation", aws.Route53RecordArgs{
		ZoneId:         aws.StringExpr(zone),
		Name:           aws.StringExpr(opt.Attr("resource_record_name")),
		Type:           aws.StringExpr(opt.Attr("resource_record_type")),
		Records:        aws.SetOf(aws.StringExpr(opt.Attr("resource_record_value"))),
		Ttl:            aws.Number(cfg.ValidationTTL),
		AllowOverwrite: aws.Bool(true),
	})
	rec.Resource.ForEach = tf.If(enabled, tf.Fn("toset", tf.Fn("concat", tf.List(domain), sans)), tf.Fn("toset", tf.List()))

	val := aws.NewAcmCertificateValidation(m, "this", aws.AcmCertificateValidationArgs{
		CertificateArn:        aws.StringExpr(cert.Resource.Ref().Index(tf.CountIndex).Attr("arn")),
		ValidationRecordFqdns: aws.SetExpr[typed.String](tf.ForList("", "r", rec.Resource.Ref(), tf.IterVar("r").Attr("fqdn"), nil)),
	})
	val.Resource.Count = tf.If(enabled, tf.Number(1), tf.Number(0))

	m.Output("certificate_arn", tf.Fn("one", val.Resource.Ref().Splat().Attr("certificate_arn")), "ARN of the issued certificate; null without a domain.")
	return m
}
