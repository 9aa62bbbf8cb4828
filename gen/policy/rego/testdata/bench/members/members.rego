# Added to ../changes, it reads input with a variable key, so every
# member of the plan stays in OPA's input.
package main

import rego.v1

warn_members contains sprintf("plan has member %s", [k]) if {
	some k, _ in input
}
