package main

# Rego v0 syntax, as older conftest policies are written.
violation_mutable_ecr[msg] {
	rc := input.resource_changes[_]
	rc.type == "aws_ecr_repository"
	rc.change.after.image_tag_mutability == "MUTABLE"
	msg := sprintf("%s: mutable tags", [rc.address])
}
