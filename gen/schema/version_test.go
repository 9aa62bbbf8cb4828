package schema

import (
	"testing"

	version "github.com/hashicorp/go-version"
)

// TestCheckVersionAgreesWithGoVersion checks that checkVersion, which
// compares plain release numbers itself, answers every constraint and
// version as go-version does, and that it leaves to go-version what is
// not plain.
func TestCheckVersionAgreesWithGoVersion(t *testing.T) {
	constraints := []string{
		"5.100.0", "=5.100.0", "= 5.100.0", " 5.100.0 ", "5.100", "5", "5.100.0.0",
		">= 5.0", ">=5.0", ">= 5.100.0", ">= 5.100.1", ">= 6", "> 5.100", "> 5.99.9", "> 5.100.0",
		"< 6.0", "< 5.100", "<= 5.100.0", "<= 5.99", "!= 5.100.0", "!= 5.99.0",
		">= 5.0, < 6.0", ">= 5.0,< 5.100", ">= 4, != 5.100.0", "007.0100",
		"~> 5.0", "~> 5.100.0", "~> 5.101", "v5.100.0", "5.100.0-beta1", ">= 5.0-rc1", "5.100.0+meta",
		"", ",", "5.0,", ",5.0", "5.0,,6.0", ">=", "=> 5.0", "5..0", "5.0.", ".5", "5.x", "\t5.100.0",
		"== 5.0", "1234567890123456789", "1.2.3.4.5.6.7.8.9",
	}
	versions := []string{
		"5.100.0", "5.100", "5", "5.100.0.0", "5.99.10", "6.0.0", "0.0.0", "05.100.00",
		"v5.100.0", "5.100.0-beta1", "5.100.0+meta", "", "x", "5..0",
	}
	for _, c := range constraints {
		for _, v := range versions {
			got := checkVersion(c, v)
			want := goVersionCheck(c, v)
			if got.matches != want.matches || (got.err == nil) != (want.err == nil) {
				t.Errorf("checkVersion(%q, %q) = %v, %v; go-version says %v, %v", c, v, got.matches, got.err, want.matches, want.err)
			}
		}
	}
	for _, c := range []string{"~> 5.0", "v5.0", "5.0-beta1", "5.0+meta", "", "5.0,", "\t5.0"} {
		if _, ok := checkPlainVersion(c, "5.100.0"); ok {
			t.Errorf("checkPlainVersion(%q, \"5.100.0\") answered; go-version should", c)
		}
	}
	for _, c := range []string{"5.100.0", ">= 5.0", " < 6 , != 5.1 "} {
		if _, ok := checkPlainVersion(c, "5.100.0"); !ok {
			t.Errorf("checkPlainVersion(%q, \"5.100.0\") left it to go-version", c)
		}
	}
}

// goVersionCheck is checkVersion as go-version alone answers it.
func goVersionCheck(constraint, v string) versionCheck {
	c, err := version.NewConstraint(constraint)
	if err != nil {
		return versionCheck{err: err}
	}
	have, err := version.NewVersion(v)
	return versionCheck{matches: err != nil || c.Check(have)}
}
