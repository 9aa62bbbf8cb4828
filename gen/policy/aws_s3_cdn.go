package policy

import "strings"

// AWSRules returns the AWS rule pack: every resource type the MooChat
// platform uses, each rule named after the well-known checkov and tfsec
// checks it matches.
func AWSRules() []*Rule {
	var rs []*Rule
	for _, group := range [][]*Rule{s3Rules(), cloudFrontRules(), elbRules(), sgRules(), ecsRules(), ecrRules(),
		elastiCacheRules(), cognitoRules(), logRules(), iamRules(), lambdaRules()} {
		rs = append(rs, group...)
	}
	return rs
}

// sidecar judges bucket b by the resources of typ whose "bucket" names it:
// the AWS provider v5 keeps bucket settings in separate resources.
func sidecar(b *Resource, typ string, ok func(s *Resource) Verdict) Verdict {
	return companion(b, typ, "bucket", "bucket", ok)
}

// companion judges r by the resources of type typ whose attr refers to it
// (what names r in the messages): pass when one of them passes ok,
// unknown when none is linked for sure but some cannot be resolved, fail
// otherwise.
func companion(r *Resource, typ, attr, what string, ok func(s *Resource) Verdict) Verdict {
	refs, amb := r.Referrers(typ, attr)
	if len(refs) == 0 {
		if len(amb) > 0 {
			return Unknownf("cannot tell whether %s %s belongs to this %s", typ, amb[0].Address, what)
		}
		return Failf("no %s for this %s", typ, what)
	}
	var worst *Verdict
	for _, s := range refs {
		v := ok(s)
		if v.Result == Pass {
			return v
		}
		if worst == nil || (v.Result == Fail && worst.Result != Fail) {
			worst = &v
		}
	}
	return *worst
}

// allTrue passes when every attribute is known true.
func allTrue(r *Resource, attrs ...string) Verdict {
	var off, unk []string
	for _, a := range attrs {
		v := r.Get(a)
		switch {
		case v.Unknown():
			unk = append(unk, a)
		case !v.True():
			off = append(off, a)
		}
	}
	switch {
	case len(off) > 0:
		return Failf("%s: %s not true", r.Address, strings.Join(off, ", "))
	case len(unk) > 0:
		return Unknownf("%s: %s known only after apply", r.Address, strings.Join(unk, ", "))
	}
	return Passf("%s sets %s", r.Address, strings.Join(attrs, ", "))
}

var pabFlags = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

func s3Rules() []*Rule {
	bucket := []string{"aws_s3_bucket"}
	return []*Rule{{
		ID: "aws-s3-public-access-block", Title: "S3 buckets block public access",
		Severity: High, Enforcement: HardMandatory, Types: bucket,
		Uses: map[string][]string{"aws_s3_bucket_public_access_block": pabFlags},
		Doc: "Every bucket has an aws_s3_bucket_public_access_block with all four flags true; a bucket is public " +
			"unless one blocks it. checkov CKV2_AWS_6 (and CKV_AWS_53..56); tfsec aws-s3-block-public-acls, " +
			"aws-s3-block-public-policy, aws-s3-ignore-public-acls, aws-s3-no-public-buckets, " +
			"aws-s3-specify-public-access-block (AVD-AWS-0086, 0087, 0091, 0093, 0094).",
		Check: func(b *Resource) Verdict {
			return sidecar(b, "aws_s3_bucket_public_access_block", func(s *Resource) Verdict { return allTrue(s, pabFlags...) })
		},
	}, {
		ID: "aws-s3-encryption", Title: "S3 buckets have default encryption configured",
		Severity: High, Enforcement: HardMandatory, Types: bucket,
		Reads: []string{"server_side_encryption_configuration"},
		Uses:  map[string][]string{"aws_s3_bucket_server_side_encryption_configuration": {"bucket", "rule"}},
		Doc: "Every bucket has an aws_s3_bucket_server_side_encryption_configuration with a default algorithm, " +
			"or the inline server_side_encryption_configuration block provider v5 still accepts. " +
			"checkov CKV_AWS_19, CKV_AWS_145 (KMS); tfsec aws-s3-enable-bucket-encryption (AVD-AWS-0088).",
		Check: func(b *Resource) Verdict {
			if a := b.Get("server_side_encryption_configuration", 0, "rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"); a.Str() != "" {
				return Passf("encrypts with %s (inline configuration)", a.Show())
			}
			return sidecar(b, "aws_s3_bucket_server_side_encryption_configuration", func(s *Resource) Verdict {
				alg := s.Get("rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm")
				if alg.Unknown() {
					return Unknownf("%s: algorithm known only after apply", s.Address)
				}
				if a, _ := alg.String(); a != "" {
					return Passf("%s encrypts with %s", s.Address, alg.Show())
				}
				return Failf("%s sets no default algorithm", s.Address)
			})
		},
	}, {
		ID: "aws-s3-kms", Title: "S3 buckets encrypt by default with a customer-managed KMS key",
		Severity: High, Enforcement: SoftMandatory, Types: []string{"aws_s3_bucket_server_side_encryption_configuration"},
		Reads: []string{"rule"},
		Doc: "The default encryption is aws:kms or aws:kms:dsse with a kms_master_key_id, so access to the data also " +
			"needs the key, whose policy names who may decrypt. checkov CKV_AWS_145; tfsec " +
			"aws-s3-encryption-customer-key (AVD-AWS-0132).",
		Check: func(r *Resource) Verdict {
			def := r.Get("rule", 0, "apply_server_side_encryption_by_default", 0)
			alg, key := def.Get("sse_algorithm"), def.Get("kms_master_key_id")
			switch {
			case alg.Unknown():
				return Unknownf("sse_algorithm known only after apply")
			case !strings.HasPrefix(alg.Str(), "aws:kms"):
				return Failf("encrypts with %s, not a KMS key", alg.Show())
			case key.Unknown():
				// The ARN of a key this plan creates is a customer-managed
				// key, whatever its ARN turns out to be.
				if k := createdKey(r, key); k != "" {
					return Passf("%s with key %s, created by this plan", alg.Show(), k)
				}
				return Unknownf("kms_master_key_id known only after apply")
			case key.Str() == "":
				return Failf("%s with the AWS-managed key: set kms_master_key_id", alg.Show())
			}
			return Passf("%s with key %s", alg.Show(), key.Show())
		},
	}, {
		ID: "aws-s3-versioning", Title: "S3 buckets have versioning enabled",
		Severity: Medium, Enforcement: SoftMandatory, Types: bucket,
		Reads: []string{"versioning"},
		Uses:  map[string][]string{"aws_s3_bucket_versioning": {"bucket", "versioning_configuration"}},
		Doc: "Every bucket has an aws_s3_bucket_versioning with status Enabled (or an inline versioning block " +
			"with enabled = true), so an overwrite or delete can be undone. checkov CKV_AWS_21; tfsec " +
			"aws-s3-enable-versioning (AVD-AWS-0090).",
		Check: func(b *Resource) Verdict {
			if b.Get("versioning", 0, "enabled").True() && !b.Unset("versioning") {
				return Passf("enables versioning (inline versioning block)")
			}
			return sidecar(b, "aws_s3_bucket_versioning", func(s *Resource) Verdict {
				st := s.Get("versioning_configuration", 0, "status")
				switch {
				case st.Unknown():
					return Unknownf("%s: status known only after apply", s.Address)
				case st.Str() == "Enabled":
					return Passf("%s enables versioning", s.Address)
				}
				return Failf("%s sets versioning status %s", s.Address, st.Show())
			})
		},
	}, {
		ID: "aws-s3-access-logging", Title: "S3 buckets log access",
		Severity: Low, Enforcement: Advisory, Types: bucket,
		Reads: []string{"logging", "acl"},
		Uses: map[string][]string{"aws_s3_bucket_logging": {"bucket", "target_bucket"}, "aws_s3_bucket_acl": {"bucket", "acl"},
			"aws_s3_bucket": {"logging"}},
		Doc: "Every bucket has an aws_s3_bucket_logging (or an inline logging block), except a bucket that " +
			"receives access logs itself: the target_bucket of another bucket's logging, or one whose ACL is " +
			"log-delivery-write. checkov CKV_AWS_18; tfsec aws-s3-enable-bucket-logging (AVD-AWS-0089).",
		Check: func(b *Resource) Verdict {
			if t := b.Get("logging", 0, "target_bucket"); !b.Unset("logging") && (t.Str() != "" || t.Unknown()) {
				return Passf("logs access (inline logging block)")
			}
			if why := logTarget(b); why != "" {
				return Passf("receives access logs (%s): logging it into itself would loop", why)
			}
			return sidecar(b, "aws_s3_bucket_logging", func(s *Resource) Verdict {
				return Passf("%s logs this bucket", s.Address)
			})
		},
	}, {
		ID: "aws-s3-no-public-acl", Title: "S3 bucket ACLs grant nothing to the public",
		Severity: Critical, Enforcement: HardMandatory, Types: []string{"aws_s3_bucket_acl", "aws_s3_bucket"}, Reads: []string{"acl"},
		Doc: "An aws_s3_bucket_acl, or the inline acl of an aws_s3_bucket, uses no canned ACL that grants " +
			"everyone or every AWS account access (public-read, public-read-write, authenticated-read). checkov " +
			"CKV_AWS_20, CKV_AWS_57; tfsec aws-s3-no-public-access-with-acl (AVD-AWS-0092).",
		Check: func(r *Resource) Verdict {
			acl := r.Get("acl")
			switch {
			case r.Type == "aws_s3_bucket" && (acl.Null() || acl.Str() == "" || (acl.Unknown() && r.Unset("acl"))):
				return Passf("no inline ACL")
			case acl.Unknown():
				return Unknownf("acl known only after apply")
			case acl.Str() == "public-read" || acl.Str() == "public-read-write" || acl.Str() == "authenticated-read":
				return Failf("canned ACL %s grants access beyond the account", acl.Show())
			}
			return Passf("canned ACL %s", acl.Show())
		},
	}}
}

// logTarget says why bucket b receives access logs: it is the
// target_bucket of a logging configuration, or its ACL is
// log-delivery-write; "" when neither.
func logTarget(b *Resource) string {
	if refs, _ := b.Referrers("aws_s3_bucket_logging", "target_bucket"); len(refs) > 0 {
		return "target of " + refs[0].Address
	}
	if refs, _ := b.Referrers("aws_s3_bucket", "logging", "target_bucket"); len(refs) > 0 {
		return "target of " + refs[0].Address
	}
	if b.Get("acl").Str() == "log-delivery-write" {
		return "ACL log-delivery-write"
	}
	refs, _ := b.Referrers("aws_s3_bucket_acl", "bucket")
	for _, a := range refs {
		if a.Get("acl").Str() == "log-delivery-write" {
			return "ACL log-delivery-write on " + a.Address
		}
	}
	return ""
}

// cacheBehaviors returns the default and ordered cache behaviours.
func cacheBehaviors(r *Resource) []Value {
	return append(r.Get("default_cache_behavior").Elems(), r.Get("ordered_cache_behavior").Elems()...)
}

func cloudFrontRules() []*Rule {
	dist := []string{"aws_cloudfront_distribution"}
	return []*Rule{{
		ID: "aws-cloudfront-https-only", Title: "CloudFront viewers use HTTPS",
		Severity: High, Enforcement: HardMandatory, Types: dist, Reads: []string{"default_cache_behavior", "ordered_cache_behavior"},
		Doc: "Every cache behaviour's viewer_protocol_policy is redirect-to-https or https-only, never allow-all. " +
			"checkov CKV_AWS_34; tfsec aws-cloudfront-enforce-https (AVD-AWS-0012).",
		Check: func(r *Resource) Verdict {
			var bad []string
			unknown := false
			for _, b := range cacheBehaviors(r) {
				p := b.Get("viewer_protocol_policy")
				if p.Unknown() {
					unknown = true
				} else if p.Str() == "allow-all" {
					name := "default"
					if pp := b.Get("path_pattern").Str(); pp != "" {
						name = pp
					}
					bad = append(bad, name)
				}
			}
			switch {
			case len(bad) > 0:
				return Failf("cache behaviours %s allow plain HTTP (viewer_protocol_policy allow-all)", strings.Join(bad, ", "))
			case unknown:
				return Unknownf("a viewer_protocol_policy is known only after apply")
			}
			return Passf("every cache behaviour requires HTTPS")
		},
	}, {
		ID: "aws-cloudfront-tls12", Title: "CloudFront requires TLS 1.2 or newer",
		Severity: High, Enforcement: SoftMandatory, Types: dist, Reads: []string{"viewer_certificate"},
		Doc: "viewer_certificate uses an own certificate with minimum_protocol_version TLSv1.2_* or newer; the " +
			"default *.cloudfront.net certificate allows TLS 1.0. checkov CKV_AWS_174; tfsec " +
			"aws-cloudfront-use-secure-tls-policy (AVD-AWS-0013).",
		Check: func(r *Resource) Verdict {
			vc := r.Get("viewer_certificate", 0)
			if vc.Get("cloudfront_default_certificate").True() {
				return Failf("uses the default CloudFront certificate, which accepts TLS 1.0")
			}
			mp := vc.Get("minimum_protocol_version")
			switch {
			case mp.Unknown():
				return Unknownf("minimum_protocol_version known only after apply")
			case strings.HasPrefix(mp.Str(), "TLSv1.2") || strings.HasPrefix(mp.Str(), "TLSv1.3"):
				return Passf("minimum protocol %s", mp.Show())
			}
			return Failf("minimum_protocol_version %s is older than TLS 1.2", mp.Show())
		},
	}, {
		ID: "aws-cloudfront-logging", Title: "CloudFront logs requests",
		Severity: Medium, Enforcement: Advisory, Types: dist, Reads: []string{"logging_config"},
		Uses: map[string][]string{"aws_cloudwatch_log_delivery_source": {"resource_arn", "log_type"},
			"aws_cloudwatch_log_delivery": {"delivery_source_name"}},
		Doc: "The distribution has a logging_config (standard logging), or an " +
			"aws_cloudwatch_log_delivery_source for it that an aws_cloudwatch_log_delivery delivers (standard " +
			"logging v2). checkov CKV_AWS_86; tfsec aws-cloudfront-enable-logging (AVD-AWS-0010).",
		Check: func(r *Resource) Verdict {
			sources, _ := r.Referrers("aws_cloudwatch_log_delivery_source", "resource_arn")
			for _, src := range sources {
				if ds, _ := src.Referrers("aws_cloudwatch_log_delivery", "delivery_source_name"); len(ds) > 0 {
					return Passf("delivers access logs through %s", ds[0].Address)
				}
			}
			lc := r.Get("logging_config")
			if lc.Unknown() {
				return Unknownf("logging_config known only after apply")
			}
			if lc.Len() == 0 {
				return Failf("no logging_config")
			}
			return Passf("logs to %s", lc.Get(0, "bucket").Show())
		},
	}, {
		ID: "aws-cloudfront-origin-access-control", Title: "CloudFront reaches S3 origins through origin access control",
		Severity: High, Enforcement: HardMandatory, Types: dist, Reads: []string{"origin"},
		Doc: "Every S3 origin has an origin_access_control_id (or a legacy origin access identity), so the bucket " +
			"stays private. checkov CKV2_AWS_46; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			var bad []string
			unknown := false
			for _, o := range r.Get("origin").Elems() {
				d := o.Get("domain_name")
				oac := o.Get("origin_access_control_id")
				oai := o.Get("s3_origin_config", 0, "origin_access_identity")
				if oac.Unknown() || oac.Str() != "" || oai.Unknown() || oai.Str() != "" {
					continue
				}
				if d.Unknown() {
					unknown = true
					continue
				}
				if strings.Contains(d.Str(), ".s3.") || strings.HasSuffix(d.Str(), ".s3.amazonaws.com") {
					bad = append(bad, o.Get("origin_id").Str())
				}
			}
			switch {
			case len(bad) > 0:
				return Failf("S3 origins %s have no origin access control", strings.Join(bad, ", "))
			case unknown:
				return Unknownf("an origin's domain is known only after apply and it has no origin access control")
			}
			return Passf("every S3 origin uses origin access control")
		},
	}, {
		ID: "aws-cloudfront-waf", Title: "CloudFront is protected by a WAF web ACL",
		Severity: Medium, Enforcement: Advisory, Types: dist, Reads: []string{"web_acl_id"},
		Doc: "The distribution sets web_acl_id. checkov CKV_AWS_68; tfsec aws-cloudfront-enable-waf (AVD-AWS-0011).",
		Check: func(r *Resource) Verdict {
			w := r.Get("web_acl_id")
			switch {
			case w.Unknown():
				return Passf("web_acl_id set (known after apply)")
			case w.Str() == "":
				return Failf("no web_acl_id")
			}
			return Passf("web ACL %s", w.Show())
		},
	}}
}

// num returns a known number attribute as an int.
func num(v Value) (int, bool) {
	f, ok := v.Number()
	return int(f), ok
}

// notProd is the verdict of a production-only rule on a resource that is
// not tagged for production; an Environment tag known only after apply
// gives unknown, not a pass.
func notProd(r *Resource) Verdict {
	if r.Env() == "" && (r.Get("tags").HasUnknown() || r.Get("tags_all").HasUnknown()) {
		return Unknownf("Environment tag known only after apply")
	}
	env := r.Env()
	if env == "" {
		env = "no Environment tag"
	}
	return Passf("not production (%s)", env)
}

// createdKey returns the address of the aws_kms_key (or aws_kms_alias)
// whose apply-time ARN or id the unknown value v stands for, "" when v is
// not such a placeholder.
func createdKey(r *Resource, v Value) string {
	s, ok := v.Raw().(string)
	if !ok || r.plan == nil {
		return ""
	}
	for _, o := range r.plan.placeholderOrigins(s) {
		if o.Type == "aws_kms_key" || o.Type == "aws_kms_alias" {
			return o.Address
		}
	}
	return ""
}
