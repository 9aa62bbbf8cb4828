package policy

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestOutsideIDsFromDocs(t *testing.T) {
	for _, tt := range []struct {
		rule string
		want OutsideIDs
	}{
		{"aws-s3-kms", OutsideIDs{Checkov: []string{"CKV_AWS_145"}, Tfsec: []string{"aws-s3-encryption-customer-key"}, AVD: []string{"AVD-AWS-0132"}}},
		{"aws-elb-internal", OutsideIDs{Tfsec: []string{"aws-elb-alb-not-public"}, AVD: []string{"AVD-AWS-0053"}}},
		// a range, and a checkov-only rule
		{"aws-iam-no-star-action", OutsideIDs{
			Checkov: []string{"CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289"},
			Tfsec:   []string{"aws-iam-no-policy-wildcards"}, AVD: []string{"AVD-AWS-0057"}}},
		{"aws-lambda-dlq", OutsideIDs{Checkov: []string{"CKV_AWS_116"}}},
		// AVD numbers abbreviated after the first
		{"aws-s3-public-access-block", OutsideIDs{
			Checkov: []string{"CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"},
			Tfsec:   []string{"aws-s3-block-public-acls", "aws-s3-block-public-policy", "aws-s3-ignore-public-acls", "aws-s3-no-public-buckets", "aws-s3-specify-public-access-block"},
			AVD:     []string{"AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"}}},
		// "checkov has no exact equivalent (CKV_AWS_45 is Lambda's)" names no id of this rule
		{"aws-ecs-no-plaintext-secrets", OutsideIDs{Tfsec: []string{"aws-ecs-no-plaintext-secrets"}, AVD: []string{"AVD-AWS-0036"}}},
		{"aws-cognito-mfa", OutsideIDs{}},
	} {
		got, ok := OutsideIDsOf(tt.rule)
		if !ok {
			t.Errorf("%s: no such rule", tt.rule)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.rule, got, tt.want)
		}
	}
	if _, ok := OutsideIDsOf("no-such-rule"); ok {
		t.Error("OutsideIDsOf found a rule that does not exist")
	}
}

// TestEveryNamedIDIsRead guards the parser against a Doc written in a new
// form: every id-shaped word of a Doc is read, except ids a Doc mentions
// as not this rule's ("checkov has no exact equivalent (CKV_AWS_45 ...").
func TestEveryNamedIDIsRead(t *testing.T) {
	avd := regexp.MustCompile(`AVD-AWS-\d{4}`)
	for _, r := range DefaultRules() {
		o := r.Outside()
		if len(o.Tfsec) != len(o.AVD) {
			t.Errorf("%s: %d tfsec ids but %d AVD ids: %+v", r.ID, len(o.Tfsec), len(o.AVD), o)
		}
		for _, id := range avd.FindAllString(r.Doc, -1) {
			if !slices.Contains(o.AVD, id) {
				t.Errorf("%s: Doc names %s, not read", r.ID, id)
			}
		}
		if strings.Contains(r.Doc, "checkov CKV") && len(o.Checkov) == 0 {
			t.Errorf("%s: Doc names checkov ids, none read", r.ID)
		}
		if strings.Contains(r.Doc, "tfsec aws-") && len(o.Tfsec) == 0 {
			t.Errorf("%s: Doc names tfsec ids, none read", r.ID)
		}
	}
}

// TestOutsideIDsOfEveryRule: OutsideIDsOf gives, for every rule of
// DefaultRules, Outside of the first rule with its id, when asked the
// first time and again.
func TestOutsideIDsOfEveryRule(t *testing.T) {
	some := 0
	seen := map[string]bool{}
	for _, r := range DefaultRules() {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		want := r.Outside()
		if !want.Empty() {
			some++
		}
		for range 2 {
			if got, ok := OutsideIDsOf(r.ID); !ok || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: OutsideIDsOf %+v (%v), Outside %+v", r.ID, got, ok, want)
			}
		}
	}
	if some < 10 {
		t.Errorf("only %d rules have outside ids", some)
	}
}
