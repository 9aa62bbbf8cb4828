package main

import rego.v1

# A conftest-style policy over `terraform show -json`.

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket_acl"
	rc.change.after.acl == "public-read"
	msg := {"msg": sprintf("%s: public-read ACL", [rc.address]), "address": rc.address}
}

# Deliberately quotes a sensitive value: the report must blank it out.
warn_auth_token contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_elasticache_replication_group"
	rc.name == "good"
	token := rc.change.after.auth_token
	msg := sprintf("%s uses auth token %s", [rc.address, token])
}
