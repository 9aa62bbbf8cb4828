package awsmod

import "github.com/runntimeterror/moo-chat-infrastructure/gen/tf"

// BucketOptions shape a private bucket.
type BucketOptions struct {
	// LogBucket is the bucket (its id) that receives this bucket's server
	// access logs under LogPrefix; nil makes this bucket a log bucket
	// itself, which is not logged (that would loop).
	LogBucket tf.Expr
	LogPrefix string
	// ExpireDays, when set, expires current objects after that many days
	// and noncurrent versions one day later.
	ExpireDays tf.Expr
	// ACLs keeps bucket ACLs usable (BucketOwnerPreferred), which
	// CloudFront standard logging needs; otherwise ACLs are disabled.
	ACLs bool
}

// Bucket is a private bucket and its companion resources.
type Bucket struct {
	Bucket, Versioning, Encryption, PublicAccess, Ownership *tf.Resource
}

// PrivateBucket declares a bucket that is versioned, encrypted with
// SSE-S3 (ALB and CloudFront log delivery accept nothing else), blocked
// from public access, owned by the bucket owner, and logged (unless it is
// a log bucket). label names the resources, name the bucket.
func PrivateBucket(m *tf.Module, label string, name tf.Expr, o BucketOptions) Bucket {
	var b Bucket
	b.Bucket = m.Resource("aws_s3_bucket", label).
		Set("bucket", name).
		Set("tags", NameTag(name))
	id := b.Bucket.Attr("id")
	b.Ownership = m.Resource("aws_s3_bucket_ownership_controls", label).Set("bucket", id)
	ownership := "BucketOwnerEnforced"
	if o.ACLs {
		ownership = "BucketOwnerPreferred"
	}
	b.Ownership.Body.Block("rule").Set("object_ownership", tf.String(ownership))
	b.PublicAccess = m.Resource("aws_s3_bucket_public_access_block", label).
		Set("bucket", id).
		Set("block_public_acls", tf.Bool(true)).
		Set("block_public_policy", tf.Bool(true)).
		Set("ignore_public_acls", tf.Bool(true)).
		Set("restrict_public_buckets", tf.Bool(true))
	b.Versioning = m.Resource("aws_s3_bucket_versioning", label).Set("bucket", id)
	b.Versioning.Body.Block("versioning_configuration").Set("status", tf.String("Enabled"))
	b.Encryption = m.Resource("aws_s3_bucket_server_side_encryption_configuration", label).Set("bucket", id)
	b.Encryption.Body.Block("rule").Block("apply_server_side_encryption_by_default").Set("sse_algorithm", tf.String("AES256"))
	if o.LogBucket != nil {
		m.Resource("aws_s3_bucket_logging", label).
			Set("bucket", id).
			Set("target_bucket", o.LogBucket).
			Set("target_prefix", tf.String(o.LogPrefix))
	} else {
		b.Bucket.Waive("aws-s3-access-logging", "this is an access-log bucket; logging it into itself would loop", "2027-06-30")
	}
	if o.ExpireDays != nil {
		lc := m.Resource("aws_s3_bucket_lifecycle_configuration", label).Set("bucket", id)
		rule := lc.Body.Block("rule")
		rule.Set("id", tf.String("expire"))
		rule.Set("status", tf.String("Enabled"))
		rule.Block("filter")
		rule.Block("expiration").Set("days", o.ExpireDays)
		rule.Block("noncurrent_version_expiration").Set("noncurrent_days", tf.Number(1))
		rule.Block("abort_incomplete_multipart_upload").Set("days_after_initiation", tf.Number(1))
		lc.DependOn(b.Versioning)
	}
	return b
}

// DenyInsecureTransport is the statement every bucket policy carries.
func DenyInsecureTransport(bucket *tf.Resource) Statement {
	return Statement{
		Sid: "DenyInsecureTransport", Effect: "Deny",
		Principal: tf.String("*"),
		Actions:   []string{"s3:*"},
		Resources: []tf.Expr{bucket.Attr("arn"), tf.Tmpl(bucket.Attr("arn"), "/*")},
		Condition: tf.Obj(tf.KV("Bool", tf.Obj(tf.KV("aws:SecureTransport", tf.String("false"))))),
	}
}
