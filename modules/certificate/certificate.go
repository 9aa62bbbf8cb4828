// Package certificate builds modules/certificate: one DNS-validated ACM
// certificate, its Route 53 validation records and the wait for issue.
// With an empty domain it creates nothing, so environments without a
// domain call it unchanged. The caller chooses the region through the
// provider it passes (CloudFront needs us-east-1).
package certificate

import (
	"github.com/zclconf/go-cty/cty"

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

	cert := m.Resource("aws_acm_certificate", "this")
	cert.Count = tf.If(enabled, tf.Number(1), tf.Number(0))
	cert.Set("domain_name", domain).
		Set("subject_alternative_names", sans).
		Set("validation_method", tf.String("DNS")).
		Set("key_algorithm", tf.String("RSA_2048")).
		Set("tags", tf.Obj(tf.KV("Name", domain)))
	cert.Lifecycle.CreateBeforeDestroy = true
	cert.Body.Block("options").Set("certificate_transparency_logging_preference", tf.String("ENABLED"))
	cert.Lifecycle.Preconditions = append(cert.Lifecycle.Preconditions, tf.Condition{
		Cond: tf.Op(zone, "!=", tf.String("")), Message: tf.String("zone_id is required with a domain_name."),
	})

	// Keys come from the configured names, known at plan; the validation
	// records' contents come from the certificate, known only after apply.
	dvo := tf.IterVar("dvo")
	options := m.Local("validation_options", tf.ForMap("", "dvo", tf.Fn("flatten", cert.Ref().Splat().Attr("domain_validation_options")),
		dvo.Attr("domain_name"), dvo, nil))
	rec := m.Resource("aws_route53_record", "validation")
	rec.ForEach = tf.If(enabled, tf.Fn("toset", tf.Fn("concat", tf.List(domain), sans)), tf.Fn("toset", tf.List()))
	opt := options.Ref().Index(tf.EachKey)
	rec.Set("zone_id", zone).
		Set("name", opt.Attr("resource_record_name")).
		Set("type", opt.Attr("resource_record_type")).
		Set("records", tf.List(opt.Attr("resource_record_value"))).
		Set("ttl", tf.Number(cfg.ValidationTTL)).
		Set("allow_overwrite", tf.Bool(true))

	val := m.Resource("aws_acm_certificate_validation", "this")
	val.Count = tf.If(enabled, tf.Number(1), tf.Number(0))
	val.Set("certificate_arn", cert.Ref().Index(tf.CountIndex).Attr("arn")).
		Set("validation_record_fqdns", tf.ForList("", "r", rec.Ref(), tf.IterVar("r").Attr("fqdn"), nil))

	m.Output("certificate_arn", tf.Fn("one", val.Ref().Splat().Attr("certificate_arn")), "ARN of the issued certificate; null without a domain.")
	return m
}
