// Package staticui builds modules/staticui: the React single-page app's
// private S3 bucket served by CloudFront through origin access control,
// HTTPS only with TLS 1.2+, SPA error mapping, geo restriction, security
// response headers, and access logs for both.
package staticui

import (
	"github.com/zclconf/go-cty/cty"

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
	m.Resource("aws_s3_bucket_policy", "logs").
		Set("bucket", logs.Bucket.Attr("id")).
		Set("policy", awsmod.Policy(
			awsmod.Statement{
				Sid:       "S3ServerAccessLogs",
				Principal: awsmod.ServicePrincipal("logging.s3.amazonaws.com"),
				Actions:   []string{"s3:PutObject"},
				Resources: []tf.Expr{tf.Tmpl(logs.Bucket.Attr("arn"), "/s3/*")},
			},
			awsmod.DenyInsecureTransport(logs.Bucket),
		)).
		DependOn(logs.PublicAccess)
	ui := awsmod.PrivateBucket(m, "ui", awsmod.Name(prefix, "ui"), awsmod.BucketOptions{LogBucket: logs.Bucket.Attr("id"), LogPrefix: "s3/ui/"})

	m.InFile("cloudfront.tf")
	oac := m.Resource("aws_cloudfront_origin_access_control", "ui").
		Set("name", awsmod.Name(prefix, "ui")).
		Set("description", tf.String("CloudFront signs its requests to the UI bucket.")).
		Set("origin_access_control_origin_type", tf.String("s3")).
		Set("signing_behavior", tf.String("always")).
		Set("signing_protocol", tf.String("sigv4"))

	headers := m.Resource("aws_cloudfront_response_headers_policy", "ui").
		Set("name", awsmod.Name(prefix, "ui-security-headers")).
		Set("comment", tf.String("Security headers for the MooChat UI."))
	sh := headers.Body.Block("security_headers_config")
	sh.Block("content_type_options").Set("override", tf.Bool(true))
	sh.Block("frame_options").Set("frame_option", tf.String("DENY")).Set("override", tf.Bool(true))
	sh.Block("referrer_policy").Set("referrer_policy", tf.String("strict-origin-when-cross-origin")).Set("override", tf.Bool(true))
	sh.Block("strict_transport_security").
		Set("access_control_max_age_sec", tf.Number(63072000)).
		Set("include_subdomains", tf.Bool(true)).
		Set("preload", tf.Bool(true)).
		Set("override", tf.Bool(true))
	sh.Block("xss_protection").Set("protection", tf.Bool(true)).Set("mode_block", tf.Bool(true)).Set("override", tf.Bool(true))

	const originID = "ui-s3"
	dist := m.Resource("aws_cloudfront_distribution", "ui").
		Set("enabled", tf.Bool(true)).
		Set("is_ipv6_enabled", tf.Bool(true)).
		Set("comment", awsmod.Name(prefix, "ui")).
		Set("default_root_object", tf.String(cfg.IndexDocument)).
		Set("aliases", aliases).
		Set("price_class", priceClass).
		Set("web_acl_id", webACL).
		Set("http_version", tf.String("http2and3"))
	origin := dist.Body.Block("origin")
	origin.Set("origin_id", tf.String(originID)).
		Set("domain_name", ui.Bucket.Attr("bucket_regional_domain_name")).
		Set("origin_access_control_id", oac.Attr("id"))
	dcb := dist.Body.Block("default_cache_behavior")
	dcb.Set("target_origin_id", tf.String(originID)).
		Set("viewer_protocol_policy", tf.String("redirect-to-https")).
		Set("allowed_methods", tf.Strings("GET", "HEAD", "OPTIONS")).
		Set("cached_methods", tf.Strings("GET", "HEAD")).
		Set("compress", tf.Bool(true)).
		Set("cache_policy_id", tf.String(cfg.CachePolicyID)).
		Set("response_headers_policy_id", headers.Attr("id"))
	// The SPA routes client-side: S3 answers unknown paths with 403 (no
	// ListBucket) or 404; both become the app shell with 200.
	for _, code := range []int{403, 404} {
		dist.Body.Block("custom_error_response").
			Set("error_code", tf.Number(code)).
			Set("response_code", tf.Number(200)).
			Set("response_page_path", tf.String("/"+cfg.IndexDocument)).
			Set("error_caching_min_ttl", tf.Number(10))
	}
	dist.Body.Block("restrictions").Block("geo_restriction").
		Set("restriction_type", tf.String("whitelist")).
		Set("locations", geo)
	dist.Body.Block("viewer_certificate").
		Set("cloudfront_default_certificate", tf.Not(custom)).
		Set("acm_certificate_arn", tf.If(custom, cert, tf.Null())).
		Set("ssl_support_method", tf.If(custom, tf.String("sni-only"), tf.Null())).
		Set("minimum_protocol_version", tf.If(custom, tf.String("TLSv1.2_2021"), tf.String("TLSv1")))
	dist.Body.Block("logging_config").
		Set("bucket", logs.Bucket.Attr("bucket_domain_name")).
		Set("prefix", tf.String("cloudfront/")).
		Set("include_cookies", tf.Bool(false))
	dist.Set("tags", awsmod.NameTag(awsmod.Name(prefix, "ui")))
	dist.DependOn(logs.Ownership)
	dist.Lifecycle.Preconditions = append(dist.Lifecycle.Preconditions, tf.Condition{
		Cond:    tf.Op(tf.Not(custom), "||", tf.Op(cert, "!=", tf.String(""))),
		Message: tf.String("aliases need acm_certificate_arn (a us-east-1 certificate)."),
	})
	dist.Waive("aws-cloudfront-tls12", "without a custom domain only the *.cloudfront.net certificate exists and CloudFront fixes its policy; with aliases set the distribution uses TLSv1.2_2021", "2027-06-30")
	dist.Waive("aws-cloudfront-waf", "static, read-only assets; a WAF web ACL is opt-in through web_acl_id until the platform has a shared ACL", "2026-12-31")

	m.InFile("buckets.tf")
	m.Resource("aws_s3_bucket_policy", "ui").
		Set("bucket", ui.Bucket.Attr("id")).
		Set("policy", awsmod.Policy(
			awsmod.Statement{
				Sid:       "CloudFrontRead",
				Principal: awsmod.ServicePrincipal("cloudfront.amazonaws.com"),
				Actions:   []string{"s3:GetObject"},
				Resources: []tf.Expr{tf.Tmpl(ui.Bucket.Attr("arn"), "/*")},
				Condition: tf.Obj(tf.KV("StringEquals", tf.Obj(tf.KV("AWS:SourceArn", dist.Attr("arn"))))),
			},
			awsmod.DenyInsecureTransport(ui.Bucket),
		)).
		DependOn(ui.PublicAccess)

	m.Output("bucket_name", ui.Bucket.Attr("bucket"), "Name of the UI bucket (CI runs aws s3 sync into it).")
	m.Output("bucket_arn", ui.Bucket.Attr("arn"), "ARN of the UI bucket.")
	m.Output("logs_bucket_name", logs.Bucket.Attr("bucket"), "Name of the access-log bucket (S3 server access logs go under s3/).")
	m.Output("distribution_id", dist.Attr("id"), "CloudFront distribution ID (CI invalidates it).")
	m.Output("distribution_arn", dist.Attr("arn"), "CloudFront distribution ARN.")
	m.Output("distribution_domain_name", dist.Attr("domain_name"), "The distribution's *.cloudfront.net name.")
	m.Output("distribution_hosted_zone_id", dist.Attr("hosted_zone_id"), "Route 53 zone ID for alias records to the distribution.")
	return m
}
