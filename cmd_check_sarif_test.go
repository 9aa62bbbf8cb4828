package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema is the official SARIF 2.1.0 schema (OASIS, errata 01), as
// committed under gen/policy/testdata/sarif with its origin.
const sarifSchema = "gen/policy/testdata/sarif/sarif-schema-2.1.0.json"

// rfc3986 checks that a URI (reference) uses only the characters RFC 3986
// allows, percent-escapes included: the schema library parses with
// net/url, which lets a space through.
func rfc3986(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return fmt.Errorf("%q: character %q at %d is not allowed in a URI", s, c, i)
		}
	}
	if strings.Count(s, "#") > 1 {
		return fmt.Errorf("%q: more than one '#'", s)
	}
	_, err := url.Parse(s)
	return err
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// compileSARIFSchema compiles the schema with format assertions on, so
// that "uri" and "date-time" fields are checked too, not only the shape;
// URIs are held to RFC 3986's character set on top of the library's own
// check.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "uri-reference", Validate: rfc3986})
	c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: func(v any) error {
		if err := rfc3986(v); err != nil {
			return err
		}
		if s, ok := v.(string); ok {
			if u, _ := url.Parse(s); !u.IsAbs() {
				return fmt.Errorf("%q is not an absolute URI", s)
			}
		}
		return nil
	}})
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkInputs are moochat check runs whose reports between them hold every
// part of the SARIF writer: failures of each level, unknowns, waivers and
// overrides (suppressions), warnings (tool notifications), and no result.
func checkInputs(t *testing.T) map[string][]string {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, []byte(`{"format_version":"1.2","planned_values":{},"resource_changes":[],"configuration":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	waivers := filepath.Join(dir, "waivers.json")
	if err := os.WriteFile(waivers, []byte(`[{"address":"aws_s3_bucket.bad","rule":"aws-s3-versioning","reason":"a \"quoted\" reason\nover two lines","expires":"2099-01-01"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	plans := filepath.Join("gen", "policy", "testdata", "plans")
	storage := filepath.Join(plans, "storage.json")
	// A plan whose path is not a URI as it stands (a space, a '#').
	odd := filepath.Join(dir, "my plans", "plan#1.json")
	b, err := os.ReadFile(storage)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(odd), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(odd, b, 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]string{
		"storage":      {"-plan", storage},
		"service":      {"-plan", filepath.Join(plans, "service.json")},
		"unknowns":     {"-plan", filepath.Join(plans, "resolve.json")},
		"resolved":     {"-plan", filepath.Join(plans, "resolve.json"), "-config", filepath.Join(plans, "resolve")},
		"waived":       {"-plan", storage, "-waivers", waivers, "-override", "aws-cloudfront-tls12=a one-run override"},
		"nothing":      {"-plan", empty},
		"odd path":     {"-plan", odd},
		"relative odd": {"-plan", relative(t, odd)},
	}
	// Rego needs a build with the rego tag (make test runs these tests
	// again with -tags rego); its warnings are what reach SARIF's
	// toolExecutionNotifications.
	if withRego {
		inputs["rego"] = []string{"-plan", storage, "-policy", filepath.Join("gen", "policy", "rego", "testdata", "policies")}
		inputs["rego warning"] = []string{"-plan", empty, "-policy", filepath.Join("gen", "policy", "rego", "testdata", "namespaces")}
	}
	return inputs
}

// relative returns path relative to the working directory.
func relative(t *testing.T, path string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// TestCheckSARIFValidatesAgainstTheSchema runs moochat check -format sarif
// on plans that exercise every part of the writer and validates each
// report against the official SARIF 2.1.0 JSON schema.
func TestCheckSARIFValidatesAgainstTheSchema(t *testing.T) {
	schema := compileSARIFSchema(t)
	seen := map[string]bool{}
	for name, args := range checkInputs(t) {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runCheck(append(args, "-format", "sarif"), &stdout, &stderr); code != 0 && code != 1 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(stdout.Bytes()))
			if err != nil {
				t.Fatalf("not JSON: %v\n%s", err, stdout.String())
			}
			if err := schema.Validate(doc); err != nil {
				t.Fatalf("SARIF report fails the 2.1.0 schema:\n%v", err)
			}
			out := stdout.String()
			for _, part := range []string{`"suppressions"`, `"toolExecutionNotifications"`, `"level": "note"`, `"level": "warning"`, `"level": "error"`, `"results": []`} {
				if strings.Contains(out, part) {
					seen[part] = true
				}
			}
		})
	}
	// The inputs must reach every part, or a schema error there would go
	// unnoticed.
	parts := []string{`"suppressions"`, `"level": "note"`, `"level": "warning"`, `"level": "error"`, `"results": []`}
	if withRego {
		parts = append(parts, `"toolExecutionNotifications"`)
	}
	for _, part := range parts {
		if !seen[part] {
			t.Errorf("no report holds %s", part)
		}
	}
}

// TestCheckSARIFArtifactNamesThePlan: the artifact URI of a plan whose
// path has a space and a '#' still leads back to that file.
func TestCheckSARIFArtifactNamesThePlan(t *testing.T) {
	inputs := checkInputs(t)
	for _, name := range []string{"odd path", "relative odd", "storage"} {
		plan := inputs[name][1]
		var stdout, stderr bytes.Buffer
		runCheck([]string{"-plan", plan, "-format", "sarif"}, &stdout, &stderr)
		var doc struct {
			Runs []struct {
				Results []struct {
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || len(doc.Runs) != 1 || len(doc.Runs[0].Results) == 0 {
			t.Fatalf("%s: %v\n%s%s", name, err, stdout.String(), stderr.String())
		}
		uri := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
		u, err := url.Parse(uri)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := filepath.ToSlash(plan)
		if filepath.IsAbs(plan) && u.Scheme != "file" {
			t.Errorf("%s: %q is not a file URI", name, uri)
		}
		if u.Path != want || u.Fragment != "" || u.RawQuery != "" {
			t.Errorf("%s: artifact URI %q names %q, want %q", name, uri, u.Path, want)
		}
	}
}

// TestCheckSARIFSchemaRejects makes sure the schema check can fail: a
// result without a message and a level SARIF does not have are rejected.
func TestCheckSARIFSchemaRejects(t *testing.T) {
	schema := compileSARIFSchema(t)
	for name, doc := range map[string]string{
		"no message": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r"}]}]}`,
		"bad level":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","level":"fatal","message":{"text":"m"}}]}]}`,
		"bad uri":    `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","informationUri":"not a uri"}}}]}`,
		"space in artifact uri": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},
			"locations":[{"physicalLocation":{"artifactLocation":{"uri":"my plans/plan.json"}}}]}]}]}`,
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(v) == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}

// TestCheckJUnitAndJSONWellFormed parses every input's JUnit report as XML
// and JSON report as JSON, as CI tools would.
func TestCheckJUnitAndJSONWellFormed(t *testing.T) {
	for name, args := range checkInputs(t) {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runCheck(append(args, "-format", "junit"), &stdout, &stderr); code != 0 && code != 1 {
				t.Fatalf("junit: exit %d\n%s", code, stderr.String())
			}
			var suites struct {
				XMLName xml.Name
				Tests   int `xml:"tests,attr"`
				Suites  []struct {
					Cases []struct {
						Name string `xml:"name,attr"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal(stdout.Bytes(), &suites); err != nil {
				t.Fatalf("junit is not XML: %v\n%s", err, stdout.String())
			}
			cases := 0
			for _, s := range suites.Suites {
				cases += len(s.Cases)
			}
			if suites.XMLName.Local != "testsuites" || cases != suites.Tests {
				t.Errorf("junit: root %q, %d test cases, tests=%d", suites.XMLName.Local, cases, suites.Tests)
			}
			stdout.Reset()
			if code := runCheck(append(args, "-format", "json"), &stdout, &stderr); code != 0 && code != 1 {
				t.Fatalf("json: exit %d\n%s", code, stderr.String())
			}
			var js struct {
				Findings []map[string]any `json:"findings"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &js); err != nil {
				t.Fatalf("json report is not JSON: %v\n%s", err, stdout.String())
			}
			if cases != len(js.Findings) {
				t.Errorf("junit has %d test cases, json %d findings", cases, len(js.Findings))
			}
		})
	}
}
