package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyTheRegoBuildLinksOPA holds issue 14's build-cost promise: the
// moochat a plain `go build` (make setup) makes links none of OPA's
// packages, which would double the binary and slow every cold build; the
// rego build links them.
func TestOnlyTheRegoBuildLinksOPA(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	opa := func(tags ...string) (n, total int) {
		t.Helper()
		args := append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, tags...)
		cmd := exec.Command(goBin, append(args, ".")...)
		cmd.Env = append(os.Environ(), "GOFLAGS=")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v", strings.Join(args, " "), err)
		}
		for _, p := range strings.Fields(string(out)) {
			total++
			if strings.HasPrefix(p, "github.com/open-policy-agent/") {
				n++
			}
		}
		return n, total
	}
	if n, total := opa(); n != 0 {
		t.Errorf("the default build links %d OPA packages (of %d): keep OPA behind the rego build tag", n, total)
	}
	if n, _ := opa("-tags", "rego"); n == 0 {
		t.Error("the rego build links no OPA package: is the rego tag still what brings in OPA?")
	}
}
