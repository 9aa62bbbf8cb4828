package terraform.ecr

import rego.v1

# The allowed tag mutability comes from a data file (conftest --data):
# limits/ecr.yaml under a -data directory lands at data.limits, as OPA
# loads directories.
warn_mutable contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_ecr_repository"
	not rc.change.after.image_tag_mutability in data.limits.allowed_mutability
	msg := {"msg": sprintf("%s: tags are %s", [rc.address, rc.change.after.image_tag_mutability]), "address": rc.address}
}

# A helper that is neither deny, violation nor warn: never reported.
repos contains rc.address if {
	some rc in input.resource_changes
	rc.type == "aws_ecr_repository"
}
