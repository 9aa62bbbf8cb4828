# A conftest-style gate that has something to say about every resource
# change: BenchmarkEvaluateMemory's policies (a finding per change and rule).
package main

import rego.v1

deny contains msg if {
	rc := input.resource_changes[_]
	msg := sprintf("%s: %s is planned (%v)", [rc.address, rc.type, rc.change.actions])
}

warn_unowned contains {"msg": sprintf("%s has no Owner tag", [rc.address]), "address": rc.address} if {
	rc := input.resource_changes[_]
	not rc.change.after.tags.Owner
}

exception contains ["unowned"] if {
	input.terraform_version == "0.0.0"
}
