# Policies outside package main, as real conftest policy sets ship them:
# conftest reads them only with --namespace or --all-namespaces.
package terraform.s3

import rego.v1

deny_public_acl contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket_acl"
	rc.change.after.acl == "public-read"
	msg := {"msg": sprintf("%s: public-read ACL", [rc.address]), "address": rc.address}
}

# While it holds, deny_public_acl's messages are exceptions (conftest's
# exception rule names the rule without its deny_ prefix).
exception contains rules if {
	data.exceptions.public_acl_allowed
	rules := ["public_acl"]
}
