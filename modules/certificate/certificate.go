// Package certificate builds modules/certificate: one DNS-validated ACM
// certificate, its Route 53 validation records and the wait for issue.
// With an empty domain it creates nothing, so environments without a
// domain call it unchanged. The caller chooses the region through the
// provider it passes (CloudFront needs us-east-1).
package certificate

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Config shapes the module.
type Config struct {
	// ValidationTTL is the TTL of the validation records.
	ValidationTTL int
}

// Defaults is the configuration the platform uses.
var Defaults = Config{ValidationTTL: 300}

// Inputs are the module's variables.
type Inputs struct {
	DomainName typed.String             `tf:"domain_name" description:"Primary name of the certificate; empty creates nothing." default:""`
	SANs       typed.List[typed.String] `tf:"subject_alternative_names" description:"Further names the certificate covers." default:"[]"`
	ZoneID     typed.String             `tf:"zone_id" description:"Route 53 hosted zone ID that holds the validation records." default:""`
}

// Outputs are the module's outputs.
type Outputs struct {
	CertificateARN typed.String `tf:"certificate_arn" description:"ARN of the issued certificate; null without a domain."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

type validationOption = aws.AcmCertificate_DomainValidationOptions

// Module builds the certificate module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/certificate", "A DNS-validated ACM certificate with its Route 53 validation records; nothing when domain_name is empty.")
	in := typed.Vars[Inputs](m)
	enabled := typed.Local(m, "enabled", typed.Ne(in.DomainName, aws.String("")))
	oneIfEnabled := tf.Count(typed.If(enabled, aws.Number(1), aws.Number(0)))

	cert := aws.NewAcmCertificate(m, "this", aws.AcmCertificateArgs{
		DomainName:              in.DomainName,
		SubjectAlternativeNames: typed.AsSet(in.SANs),
		ValidationMethod:        aws.String("DNS"),
		KeyAlgorithm:            aws.String("RSA_2048"),
		Tags:                    awsmod.NameTag(in.DomainName),
		Options:                 &aws.AcmCertificate_Options{CertificateTransparencyLoggingPreference: aws.String("ENABLED")},
	}, oneIfEnabled, tf.CreateBeforeDestroy(), tf.Precondition(typed.Ne(in.ZoneID, aws.String("")), "zone_id is required with a domain_name."))

	dvo := tf.IterVar("dvo")
	options := typed.Local(m, "validation_options", typed.Of[typed.Map[validationOption]](tf.ForMap("", "dvo",
		tf.Fn("flatten", typed.Splat(cert, aws.AcmCertificate.DomainValidationOptions)), dvo.Attr("domain_name"), dvo, nil)))
	opt := options.Index(typed.EachKey())
	rec := aws.NewRoute53Record(m, "validation", aws.Route53RecordArgs{
		ZoneId:         in.ZoneID,
		Name:           opt.ResourceRecordName,
		Type:           opt.ResourceRecordType,
		Records:        aws.SetOf(opt.ResourceRecordValue),
		Ttl:            aws.Number(cfg.ValidationTTL),
		AllowOverwrite: aws.Bool(true),
	}, tf.ForEach(tf.If(enabled, tf.Fn("toset", tf.Fn("concat", tf.List(in.DomainName), in.SANs)), tf.Fn("toset", tf.List()))))
	val := aws.NewAcmCertificateValidation(m, "this", aws.AcmCertificateValidationArgs{
		CertificateArn:        cert.AtExpr(tf.CountIndex).Arn(),
		ValidationRecordFqdns: typed.Of[typed.Set[typed.String]](tf.ForList("", "r", rec.Resource.Ref(), tf.IterVar("r").Attr("fqdn"), nil)),
	}, oneIfEnabled)

	typed.Outputs(m, Outputs{CertificateARN: typed.Fn[typed.String]("one", typed.Splat(val, aws.AcmCertificateValidation.CertificateArn))})
	return m
}
