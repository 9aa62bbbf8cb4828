package awsmod

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// BucketOptions shape a private bucket.
type BucketOptions struct {
	// LogBucket is the bucket (its id) that receives this bucket's server
	// access logs under LogPrefix; unset makes this bucket a log bucket
	// itself, which is not logged (that would loop).
	LogBucket typed.String
	LogPrefix string
	// ExpireDays, when set, expires current objects after that many days
	// and noncurrent versions one day later.
	ExpireDays typed.Number
	// ACLs keeps bucket ACLs usable (BucketOwnerPreferred), which
	// CloudFront standard logging needs; otherwise ACLs are disabled.
	ACLs bool
	// KMSKey is the ARN of the customer-managed key that encrypts the
	// objects; unset encrypts with SSE-S3, which the caller must waive
	// (aws-s3-kms in EncryptionOptions) with the reason no key can be used.
	KMSKey typed.String
	// EncryptionOptions are the encryption configuration's options
	// (waivers).
	EncryptionOptions []tf.Option
}

// Bucket is a private bucket and its companion resources.
type Bucket struct {
	Bucket       aws.S3Bucket
	Versioning   aws.S3BucketVersioning
	Encryption   aws.S3BucketServerSideEncryptionConfiguration
	PublicAccess aws.S3BucketPublicAccessBlock
	Ownership    aws.S3BucketOwnershipControls
}

// PrivateBucket declares a bucket that is versioned, encrypted (with
// o.KMSKey, else SSE-S3), blocked from public access, owned by the bucket
// owner, and logged (unless it is a log bucket). label names the
// resources, name the bucket.
func PrivateBucket(m *tf.Module, label string, name typed.String, o BucketOptions) Bucket {
	var opts []tf.Option
	if !typed.IsSet(o.LogBucket) {
		opts = append(opts, tf.Waive("aws-s3-access-logging", "this is an access-log bucket; logging it into itself would loop", "2027-06-30"))
	}
	var b Bucket
	b.Bucket = aws.NewS3Bucket(m, label, aws.S3BucketArgs{Bucket: name, Tags: NameTag(name)}, opts...)
	id := b.Bucket.Id()
	ownership := "BucketOwnerEnforced"
	if o.ACLs {
		ownership = "BucketOwnerPreferred"
	}
	b.Ownership = aws.NewS3BucketOwnershipControls(m, label, aws.S3BucketOwnershipControlsArgs{
		Bucket: id, Rule: &aws.S3BucketOwnershipControls_Rule{ObjectOwnership: aws.String(ownership)},
	})
	b.PublicAccess = aws.NewS3BucketPublicAccessBlock(m, label, aws.S3BucketPublicAccessBlockArgs{
		Bucket:                id,
		BlockPublicAcls:       aws.Bool(true),
		BlockPublicPolicy:     aws.Bool(true),
		IgnorePublicAcls:      aws.Bool(true),
		RestrictPublicBuckets: aws.Bool(true),
	})
	b.Versioning = aws.NewS3BucketVersioning(m, label, aws.S3BucketVersioningArgs{
		Bucket: id, VersioningConfiguration: &aws.S3BucketVersioning_VersioningConfiguration{Status: aws.String("Enabled")},
	})
	algorithm, key, bucketKey := aws.String("AES256"), typed.String{}, typed.Bool{}
	if typed.IsSet(o.KMSKey) {
		// One data key per bucket instead of a KMS call per object.
		algorithm, key, bucketKey = aws.String("aws:kms"), o.KMSKey, aws.Bool(true)
	}
	b.Encryption = aws.NewS3BucketServerSideEncryptionConfiguration(m, label, aws.S3BucketServerSideEncryptionConfigurationArgs{
		Bucket: id,
		Rule: []aws.S3BucketServerSideEncryptionConfiguration_Rule{{
			ApplyServerSideEncryptionByDefault: &aws.S3BucketServerSideEncryptionConfiguration_Rule_ApplyServerSideEncryptionByDefault{SseAlgorithm: algorithm, KmsMasterKeyId: key},
			BucketKeyEnabled:                   bucketKey,
		}},
	}, o.EncryptionOptions...)
	if typed.IsSet(o.LogBucket) {
		aws.NewS3BucketLogging(m, label, aws.S3BucketLoggingArgs{Bucket: id, TargetBucket: o.LogBucket, TargetPrefix: aws.String(o.LogPrefix)})
	}
	if typed.IsSet(o.ExpireDays) {
		aws.NewS3BucketLifecycleConfiguration(m, label, aws.S3BucketLifecycleConfigurationArgs{
			Bucket: id,
			Rule: []aws.S3BucketLifecycleConfiguration_Rule{{
				Id:                             aws.String("expire"),
				Status:                         aws.String("Enabled"),
				Filter:                         []aws.S3BucketLifecycleConfiguration_Rule_Filter{{}},
				Expiration:                     []aws.S3BucketLifecycleConfiguration_Rule_Expiration{{Days: o.ExpireDays}},
				NoncurrentVersionExpiration:    []aws.S3BucketLifecycleConfiguration_Rule_NoncurrentVersionExpiration{{NoncurrentDays: aws.Number(1)}},
				AbortIncompleteMultipartUpload: []aws.S3BucketLifecycleConfiguration_Rule_AbortIncompleteMultipartUpload{{DaysAfterInitiation: aws.Number(1)}},
			}},
		}, tf.DependsOn(b.Versioning.Resource))
	}
	return b
}

// Policy sets the bucket's policy: stmts, then DenyInsecureTransport,
// once public access is blocked, so that the block already guards the
// bucket when the policy lands.
func (b Bucket) Policy(m *tf.Module, label string, stmts []awsdoc.Statement, opts ...tf.Option) aws.S3BucketPolicy {
	return aws.NewS3BucketPolicy(m, label, aws.S3BucketPolicyArgs{
		Bucket: b.Bucket.Id(),
		Policy: awsdoc.Policy(append(stmts, DenyInsecureTransport(b.Bucket))...),
	}, append([]tf.Option{tf.DependsOn(b.PublicAccess.Resource)}, opts...)...)
}

// DenyInsecureTransport is the statement every bucket policy carries.
func DenyInsecureTransport(bucket aws.S3Bucket) awsdoc.Statement {
	return awsdoc.Statement{
		Sid: "DenyInsecureTransport", Effect: awsdoc.Deny,
		Principal: awsdoc.Everyone,
		Action:    []string{"s3:*"},
		Resource:  []tf.Expr{bucket.Arn(), typed.Tmpl(bucket.Arn(), "/*")},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}
}
