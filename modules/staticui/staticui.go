// Package staticui builds modules/staticui: the React single-page app's
// private S3 bucket served by CloudFront through origin access control,
// HTTPS only with TLS 1.2+, SPA error mapping, geo restriction, security
// response headers, and access logs for both.
package staticui

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/staticui"

// Config shapes the module.
type Config struct {
	// IndexDocument is served for / and for every path the SPA routes
	// itself (403/404 from S3 become 200 with this page).
	IndexDocument string
	// CachePolicyID is the CloudFront cache policy of the default
	// behaviour; the managed CachingOptimized policy by default.
	CachePolicyID string
}

// Defaults is the configuration the platform uses.
var Defaults = Config{IndexDocument: "index.html", CachePolicyID: "658327ea-f89d-4fab-a63d-7e88639e58f6"}

// Module builds the static UI module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat web UI: private S3 bucket behind CloudFront (origin access control, HTTPS only, TLS 1.2_2021 with a custom domain, SPA error mapping, geo restriction, security headers, access logs).")

	prefix := awsmod.NamePrefix(m)
	geo := m.Variable("geo_locations", cty.List(cty.String), "ISO 3166 country codes allowed to load the UI.").
		WithDefault(cty.ListVal([]cty.Value{cty.StringVal("US"), cty.StringVal("CA")}))
	aliases := m.Variable("aliases", cty.List(cty.String), "Custom domain names of the distribution; empty uses the *.cloudfront.net name.").
		WithDefault(cty.ListValEmpty(cty.String))
	cert := m.Variable("acm_certificate_arn", cty.String, "ARN of a us-east-1 ACM certificate covering aliases; used only when aliases is not empty.").
		WithDefault(cty.StringVal(""))
	priceClass := m.Variable("price_class", cty.String, "CloudFront price class.").WithDefault(cty.StringVal("PriceClass_100"))
	webACL := m.Variable("web_acl_id", cty.String, "ARN of a WAFv2 web ACL (CLOUDFRONT scope) to attach; null for none.").WithDefault(cty.NullVal(cty.String))
	logDays := m.Variable("log_retention_days", cty.Number, "Days to keep CloudFront and S3 access logs.").WithDefault(cty.NumberIntVal(90))

	custom := m.Local("custom_domain", tf.Op(tf.Fn("length", aliases), ">", tf.Number(0)))

	m.InFile("buckets.tf")
	logs := awsmod.PrivateBucket(m, "logs", awsmod.Name(prefix, "ui-logs"), awsmod.BucketOptions{ExpireDays: logDays, ACLs: true})
	logsPolicy := aws.NewS3BucketPolicy(m, "logs", aws.S3BucketPolicyArgs{
		Bucket: aws.StringExpr(logs.Bucket.Attr("id")),
		Policy: aws.StringExpr(awsmod.Policy(
			awsmod.Statement{
				Sid:       "S3ServerAccessLogs",
				Principal: awsmod.ServicePrincipal("logging.s3.amazonaws.com"),
				Actions:   []string{"s3:PutObject"},
				Resources: []tf.Expr{tf.Tmpl(logs.Bucket.Attr("arn"), "/s3/*")},
			},
			awsmod.DenyInsecureTransport(logs.Bucket),
		)),
	})
	logsPolicy.Resource.DependOn(logs.PublicAccess)
	ui := awsmod.PrivateBucket(m, "ui", awsmod.Name(prefix, "ui"), awsmod.BucketOptions{LogBucket: logs.Bucket.Attr("id"), LogPrefix: "s3/ui/"})

	m.InFile("cloudfront.tf")
	oac := aws.NewCloudfrontOriginAccessControl(m, "ui", aws.CloudfrontOriginAccessControlArgs{
		Name:                          aws.StringExpr(awsmod.Name(prefix, "ui")),
		Description:                   aws.String("CloudFront signs its requests to the UI bucket."),
		OriginAccessControlOriginType: aws.String("s3"),
		SigningBehavior:               aws.String("always"),
		SigningProtocol:               aws.String("sigv4"),
	})

	headers := aws.NewCloudfrontResponseHeadersPolicy(m, "ui", aws.CloudfrontResponseHeadersPolicyArgs{
		Name:    aws.StringExpr(awsmod.Name(prefix, "ui-security-headers")),
		Comment: aws.String("Security headers for the MooChat UI."),
		SecurityHeadersConfig: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig{
			ContentTypeOptions: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_ContentTypeOptions{
				Override: aws.Bool(true),
			},
			FrameOptions: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_FrameOptions{
				FrameOption: aws.String("DENY"),
				Override:    aws.Bool(true),
			},
			ReferrerPolicy: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_ReferrerPolicy{
				ReferrerPolicy: aws.String("strict-origin-when-cross-origin"),
				Override:       aws.Bool(true),
			},
			StrictTransportSecurity: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_StrictTransportSecurity{
				AccessControlMaxAgeSec: aws.Number(63072000),
				IncludeSubdomains:      aws.Bool(true),
				Preload:                aws.Bool(true),
				Override:               aws.Bool(true),
			},
			XssProtection: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_XssProtection{
				Protection: aws.Bool(true),
				ModeBlock:  aws.Bool(true),
				Override:   aws.Bool(true),
			},
		},
	})

	const originID = "ui-s3"
	// The SPA routes client-side: S3 answers unknown paths with 403 (no
	// ListBucket) or 404; both become the app shell with 200.
	var spaErrors []aws.CloudfrontDistribution_CustomErrorResponse
	for _, code := range []int{403, 404} {
		spaErrors = append(spaErrors, aws.CloudfrontDistribution_CustomErrorResponse{
			ErrorCode:          aws.Number(code),
			ResponseCode:       aws.Number(200),
			ResponsePagePath:   aws.String("/" + cfg.IndexDocument),
			ErrorCachingMinTtl: aws.Number(10),
		})
	}
	dist := aws.NewCloudfrontDistribution(m, "ui", aws.CloudfrontDistributionArgs{
		Enabled:           aws.Bool(true),
		IsIpv6Enabled:     aws.Bool(true),
		Comment:           aws.StringExpr(awsmod.Name(prefix, "ui")),
		DefaultRootObject: aws.String(cfg.IndexDocument),
		Aliases:           aws.SetExpr[typed.String](aliases),
		PriceClass:        aws.StringExpr(priceClass),
		WebAclId:          aws.StringExpr(webACL),
		HttpVersion:       aws.String("http2and3"),
		Origin: []aws.CloudfrontDistribution_Origin{{
			OriginId:              aws.String(originID),
			DomainName:            aws.StringExpr(ui.Bucket.Attr("bucket_regional_domain_name")),
			OriginAccessControlId: oac.Id(),
		}},
		DefaultCacheBehavior: &aws.CloudfrontDistribution_DefaultCacheBehavior{
			TargetOriginId:          aws.String(originID),
			ViewerProtocolPolicy:    aws.String("redirect-to-https"),
			AllowedMethods:          aws.StringSet("GET", "HEAD", "OPTIONS"),
			CachedMethods:           aws.StringSet("GET", "HEAD"),
			Compress:                aws.Bool(true),
			CachePolicyId:           aws.String(cfg.CachePolicyID),
			ResponseHeadersPolicyId: headers.Id(),
		},
		CustomErrorResponse: spaErrors,
		Restrictions: &aws.CloudfrontDistribution_Restrictions{
			GeoRestriction: &aws.CloudfrontDistribution_Restrictions_GeoRestriction{
				RestrictionType: aws.String("whitelist"),
				Locations:       aws.SetExpr[typed.String](geo),
			},
		},
		ViewerCertificate: &aws.CloudfrontDistribution_ViewerCertificate{
			CloudfrontDefaultCertificate: aws.BoolExpr(tf.Not(custom)),
			AcmCertificateArn:            aws.StringExpr(tf.If(custom, cert, tf.Null())),
			SslSupportMethod:             aws.StringExpr(tf.If(custom, tf.String("sni-only"), tf.Null())),
			MinimumProtocolVersion:       aws.StringExpr(tf.If(custom, tf.String("TLSv1.2_2021"), tf.String("TLSv1"))),
		},
		LoggingConfig: &aws.CloudfrontDistribution_LoggingConfig{
			Bucket:         aws.StringExpr(logs.Bucket.Attr("bucket_domain_name")),
			Prefix:         aws.String("cloudfront/"),
			IncludeCookies: aws.Bool(false),
		},
		Tags: aws.MapExpr[typed.String](awsmod.NameTag(awsmod.Name(prefix, "ui"))),
	})
	dist.Resource.DependOn(logs.Ownership)
	dist.Resource.Lifecycle.Preconditions = append(dist.Resource.Lifecycle.Preconditions, tf.Condition{
		Cond:    tf.Op(tf.Not(custom), "||", tf.Op(cert, "!=", tf.String(""))),
		Message: tf.String("aliases need acm_certificate_arn (a us-east-1 certificate)."),
	})
	dist.Resource.Waive("aws-cloudfront-tls12", "without a custom domain only the *.cloudfront.net certificate exists and CloudFront fixes its policy; with aliases set the distribution uses TLSv1.2_2021", "2027-06-30")
	dist.Resource.Waive("aws-cloudfront-waf", "static, read-only assets; a WAF web ACL is opt-in through web_acl_id until the platform has a shared ACL", "2026-12-31")

	m.InFile("buckets.tf")
	uiPolicy := aws.NewS3BucketPolicy(m, "ui", aws.S3BucketPolicyArgs{
		Bucket: aws.StringExpr(ui.Bucket.Attr("id")),
		Policy: aws.StringExpr(awsmod.Policy(
			awsmod.Statement{
				Sid:       "CloudFrontRead",
				Principal: awsmod.ServicePrincipal("cloudfront.amazonaws.com"),
				Actions:   []string{"s3:GetObject"},
				Resources: []tf.Expr{tf.Tmpl(ui.Bucket.Attr("arn"), "/*")},
				Condition: tf.Obj(tf.KV("StringEquals", tf.Obj(tf.KV("AWS:SourceArn", dist.Arn().TFExpr())))),
			},
			awsmod.DenyInsecureTransport(ui.Bucket),
		)),
	})
	uiPolicy.Resource.DependOn(ui.PublicAccess)

	m.Output("bucket_name", ui.Bucket.Attr("bucket"), "Name of the UI bucket (CI runs aws s3 sync into it).")
	m.Output("bucket_arn", ui.Bucket.Attr("arn"), "ARN of the UI bucket.")
	m.Output("logs_bucket_name", logs.Bucket.Attr("bucket"), "Name of the access-log bucket (S3 server access logs go under s3/).")
	m.Output("distribution_id", dist.Id().TFExpr(), "CloudFront distribution ID (CI invalidates it).")
	m.Output("distribution_arn", dist.Arn().TFExpr(), "CloudFront distribution ARN.")
	m.Output("distribution_domain_name", dist.DomainName().TFExpr(), "The distribution's *.cloudfront.net name.")
	m.Output("distribution_hosted_zone_id", dist.HostedZoneId().TFExpr(), "Route 53 zone ID for alias records to the distribution.")
	return m
}
