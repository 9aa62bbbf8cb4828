// Package staticui builds modules/staticui: the React single-page app's
// private S3 bucket served by CloudFront through origin access control,
// HTTPS only with TLS 1.2+ on the custom domain's certificate (CloudFront's
// default certificate would accept TLS 1.0), SPA error mapping, geo
// restriction, security response headers, access logs for both, and the
// WAF web ACL the caller passes as web_acl_id.
package staticui

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

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

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix        typed.String             `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	GeoLocations      typed.List[typed.String] `tf:"geo_locations" description:"ISO 3166 country codes allowed to load the UI." default:"[\"US\", \"CA\"]"`
	Aliases           typed.List[typed.String] `tf:"aliases" description:"Custom domain names of the distribution, covered by acm_certificate_arn."`
	ACMCertificateARN typed.String             `tf:"acm_certificate_arn" description:"ARN of a us-east-1 ACM certificate covering aliases."`
	PriceClass        typed.String             `tf:"price_class" description:"CloudFront price class." default:"PriceClass_100"`
	WebACLID          typed.String             `tf:"web_acl_id" description:"ARN of a WAFv2 web ACL (CLOUDFRONT scope) to attach; null for none." default:"null"`
	LogRetentionDays  typed.Number             `tf:"log_retention_days" description:"Days to keep CloudFront and S3 access logs." default:"90"`
}

// Outputs are the module's outputs.
type Outputs struct {
	BucketName               typed.String `tf:"bucket_name" description:"Name of the UI bucket (CI runs aws s3 sync into it)."`
	BucketARN                typed.String `tf:"bucket_arn" description:"ARN of the UI bucket."`
	KMSKeyARN                typed.String `tf:"kms_key_arn" description:"ARN of the KMS key that encrypts the UI bucket (CI needs kms:GenerateDataKey on it to upload)."`
	LogsBucketName           typed.String `tf:"logs_bucket_name" description:"Name of the access-log bucket (S3 server access logs go under s3/)."`
	DistributionID           typed.String `tf:"distribution_id" description:"CloudFront distribution ID (CI invalidates it)."`
	DistributionARN          typed.String `tf:"distribution_arn" description:"CloudFront distribution ARN."`
	DistributionDomainName   typed.String `tf:"distribution_domain_name" description:"The distribution's *.cloudfront.net name."`
	DistributionHostedZoneID typed.String `tf:"distribution_hosted_zone_id" description:"Route 53 zone ID for alias records to the distribution."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

// Module builds the static UI module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/staticui", "MooChat web UI: private S3 bucket behind CloudFront (origin access control, KMS-encrypted, HTTPS only, TLSv1.2_2021 on the custom domain, SPA error mapping, geo restriction, security headers, access logs).")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	// Without an alias CloudFront serves its own certificate, which
	// accepts TLS 1.0 whatever minimum_protocol_version says.
	typed.Validate(in.Aliases, typed.Gt(typed.Length(in.Aliases), aws.Number(0)), "aliases names at least one domain: CloudFront's default certificate accepts TLS 1.0.")
	typed.Validate(in.ACMCertificateARN, typed.Matches(in.ACMCertificateARN, "^arn:aws[a-z-]*:acm:us-east-1:"), "acm_certificate_arn is an ACM certificate in us-east-1, where CloudFront takes them from.")

	m.InFile("kms.tf")
	logsKey := awsmod.KMSKey(m, "logs", awsmod.Name(prefix, "ui-logs"), "Encrypts the MooChat UI access logs (S3 server access logs and CloudFront standard logs).")
	// Only the two log deliveries write with it, and only for this
	// account's buckets and distributions.
	logDelivery := func(sid, service string) awsdoc.Statement {
		return awsdoc.Statement{
			Sid: sid, Principal: awsdoc.Service(service), Action: []string{"kms:GenerateDataKey"}, Resource: []tf.Expr{aws.String("*")},
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": awsmod.KeyAccount(logsKey)}},
		}
	}
	awsmod.KeyPolicy(m, "logs", logsKey, logDelivery("S3ServerAccessLogs", "logging.s3.amazonaws.com"), logDelivery("CloudFrontStandardLogs", "delivery.logs.amazonaws.com"))
	uiKey := awsmod.KMSKey(m, "ui", awsmod.Name(prefix, "ui"), "Encrypts the MooChat UI build; only its CloudFront distribution and the UI deploy role use it.")

	m.InFile("buckets.tf")
	logs := awsmod.PrivateBucket(m, "logs", awsmod.Name(prefix, "ui-logs"), awsmod.BucketOptions{ExpireDays: in.LogRetentionDays, ACLs: true, KMSKey: logsKey.Arn()})
	logs.Policy(m, "logs", []awsdoc.Statement{{
		Sid:       "S3ServerAccessLogs",
		Principal: awsdoc.Service("logging.s3.amazonaws.com"),
		Action:    []string{"s3:PutObject"},
		Resource:  []tf.Expr{typed.Tmpl(logs.Bucket.Arn(), "/s3/*")},
	}})
	ui := awsmod.PrivateBucket(m, "ui", awsmod.Name(prefix, "ui"), awsmod.BucketOptions{LogBucket: logs.Bucket.Id(), LogPrefix: "s3/ui/", KMSKey: uiKey.Arn()})

	m.InFile("cloudfront.tf")
	oac := aws.NewCloudfrontOriginAccessControl(m, "ui", aws.CloudfrontOriginAccessControlArgs{
		Name:                          awsmod.Name(prefix, "ui"),
		Description:                   aws.String("CloudFront signs its requests to the UI bucket."),
		OriginAccessControlOriginType: aws.String("s3"),
		SigningBehavior:               aws.String("always"),
		SigningProtocol:               aws.String("sigv4"),
	})

	type sec = aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig
	on := aws.Bool(true)
	headers := aws.NewCloudfrontResponseHeadersPolicy(m, "ui", aws.CloudfrontResponseHeadersPolicyArgs{
		Name:    awsmod.Name(prefix, "ui-security-headers"),
		Comment: aws.String("Security headers for the MooChat UI."),
		SecurityHeadersConfig: &sec{
			ContentTypeOptions: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_ContentTypeOptions{Override: on},
			FrameOptions:       &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_FrameOptions{FrameOption: aws.String("DENY"), Override: on},
			ReferrerPolicy: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_ReferrerPolicy{
				ReferrerPolicy: aws.String("strict-origin-when-cross-origin"), Override: on,
			},
			StrictTransportSecurity: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_StrictTransportSecurity{
				AccessControlMaxAgeSec: aws.Number(63072000), IncludeSubdomains: on, Preload: on, Override: on,
			},
			XssProtection: &aws.CloudfrontResponseHeadersPolicy_SecurityHeadersConfig_XssProtection{Protection: on, ModeBlock: on, Override: on},
		},
	})

	const originID = "ui-s3"
	// The SPA routes client-side: S3 answers unknown paths with 403 (no
	// ListBucket) or 404; both become the app shell with 200.
	var spaErrors []aws.CloudfrontDistribution_CustomErrorResponse
	for _, code := range []int{403, 404} {
		spaErrors = append(spaErrors, aws.CloudfrontDistribution_CustomErrorResponse{
			ErrorCode: aws.Number(code), ResponseCode: aws.Number(200), ResponsePagePath: aws.String("/" + cfg.IndexDocument), ErrorCachingMinTtl: aws.Number(10),
		})
	}
	dist := aws.NewCloudfrontDistribution(m, "ui", aws.CloudfrontDistributionArgs{
		Enabled:           aws.Bool(true),
		IsIpv6Enabled:     aws.Bool(true),
		Comment:           awsmod.Name(prefix, "ui"),
		DefaultRootObject: aws.String(cfg.IndexDocument),
		Aliases:           typed.AsSet(in.Aliases),
		PriceClass:        in.PriceClass,
		WebAclId:          in.WebACLID,
		HttpVersion:       aws.String("http2and3"),
		Origin: []aws.CloudfrontDistribution_Origin{{
			OriginId:              aws.String(originID),
			DomainName:            ui.Bucket.BucketRegionalDomainName(),
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
		Restrictions: &aws.CloudfrontDistribution_Restrictions{GeoRestriction: &aws.CloudfrontDistribution_Restrictions_GeoRestriction{
			RestrictionType: aws.String("whitelist"), Locations: typed.AsSet(in.GeoLocations),
		}},
		ViewerCertificate: &aws.CloudfrontDistribution_ViewerCertificate{
			AcmCertificateArn: in.ACMCertificateARN, SslSupportMethod: aws.String("sni-only"), MinimumProtocolVersion: aws.String("TLSv1.2_2021"),
		},
		LoggingConfig: &aws.CloudfrontDistribution_LoggingConfig{
			Bucket: logs.Bucket.BucketDomainName(), Prefix: aws.String("cloudfront/"), IncludeCookies: aws.Bool(false),
		},
		Tags: awsmod.NameTag(awsmod.Name(prefix, "ui")),
	}, tf.DependsOn(logs.Ownership.Resource))

	m.InFile("kms.tf")
	// Origin access control signs as CloudFront: the key, like the bucket
	// policy, lets only this distribution read.
	awsmod.KeyPolicy(m, "ui", uiKey, awsdoc.Statement{
		Sid:       "CloudFrontDecrypt",
		Principal: awsdoc.Service("cloudfront.amazonaws.com"),
		Action:    []string{"kms:Decrypt"},
		Resource:  []tf.Expr{aws.String("*")},
		Condition: map[string]map[string]any{"StringEquals": {"AWS:SourceArn": dist.Arn()}},
	})

	m.InFile("buckets.tf")
	ui.Policy(m, "ui", []awsdoc.Statement{{
		Sid:       "CloudFrontRead",
		Principal: awsdoc.Service("cloudfront.amazonaws.com"),
		Action:    []string{"s3:GetObject"},
		Resource:  []tf.Expr{typed.Tmpl(ui.Bucket.Arn(), "/*")},
		Condition: map[string]map[string]any{"StringEquals": {"AWS:SourceArn": dist.Arn()}},
	}})

	typed.Outputs(m, Outputs{
		BucketName:               ui.Bucket.Bucket(),
		BucketARN:                ui.Bucket.Arn(),
		KMSKeyARN:                uiKey.Arn(),
		LogsBucketName:           logs.Bucket.Bucket(),
		DistributionID:           dist.Id(),
		DistributionARN:          dist.Arn(),
		DistributionDomainName:   dist.DomainName(),
		DistributionHostedZoneID: dist.HostedZoneId(),
	})
	return m
}
