package blueprints

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/diagram"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

// repoRoot is where diagrams/ and README.md live, seen from this package.
const repoRoot = ".."

func diagramFile(t *testing.T, path string) []byte {
	t.Helper()
	for _, f := range Diagrams() {
		if f.Path == path {
			return f.Data
		}
	}
	t.Fatalf("Diagrams() has no %s", path)
	return nil
}

func TestDiagramBuilds(t *testing.T) {
	files := Diagrams()
	if len(files) != 2 {
		t.Fatalf("want platform.mmd and platform.dot, got %d files", len(files))
	}
	for _, f := range files {
		if !bytes.Contains(f.Data[:min(512, len(f.Data))], []byte(write.Marker)) {
			t.Errorf("%s lacks %q in its first 512 bytes", f.Path, write.Marker)
		}
	}
	again := Diagrams()
	for i := range files {
		if !bytes.Equal(files[i].Data, again[i].Data) {
			t.Errorf("%s is not deterministic", files[i].Path)
		}
	}
	mmd := diagramFile(t, DiagramMermaid)
	if err := diagram.CheckMermaid(mmd); err != nil {
		t.Errorf("platform.mmd: %v", err)
	}

	g, err := PlatformDiagram()
	if err != nil {
		t.Fatal(err)
	}
	// Every component of the prod root is drawn.
	var prod *tf.Module
	for _, e := range Environments {
		if e.Name == diagramEnv {
			prod = EnvRoot(e, NewComponents())
		}
	}
	for _, c := range prod.Calls {
		found := false
		for _, cl := range g.Clusters {
			found = found || cl.ID == diagram.SafeID(c.Name)
		}
		if !found {
			t.Errorf("module %s has no cluster", c.Name)
		}
	}
	// The request paths the README promises.
	r := diagram.Res
	for _, p := range [][2]string{
		{"user", r("ui", "aws_cloudfront_distribution")},
		{r("ui", "aws_cloudfront_distribution"), r("ui", "aws_s3_bucket")},
		{"user", r("chat", "aws_lb")},
		{r("chat", "aws_lb"), r("chat", "aws_ecs_service")},
		{r("chat", "aws_ecs_service"), r("redis", "aws_elasticache_replication_group")},
		{"user", r("auth", "aws_cognito_user_pool")},
		{"user", r("media", "aws_apigatewayv2_api")},
		{"github", r("cicd", "aws_iam_openid_connect_provider")},
		{"chat", "network"}, // derived from module.chat's inputs
	} {
		found := false
		for _, e := range g.Edges {
			found = found || (e.From == p[0] && e.To == p[1])
		}
		if !found {
			t.Errorf("no edge %s -> %s", p[0], p[1])
		}
	}
}

func TestDiagramsCommitted(t *testing.T) {
	for _, f := range Diagrams() {
		got, err := os.ReadFile(filepath.Join(repoRoot, f.Path))
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s is missing or stale: run `make diagrams` (or go run ./gen) and commit it", f.Path)
		}
	}
}

func TestDiagramSVGCurrent(t *testing.T) {
	svg, err := os.ReadFile(filepath.Join(repoRoot, DiagramSVG))
	if err != nil {
		t.Fatalf("%v: run `make diagrams` and commit %s", err, DiagramSVG)
	}
	got, ok := diagram.SVGSourceHash(svg)
	if !ok {
		t.Fatalf("%s records no dot-source-sha256: run `make diagrams`", DiagramSVG)
	}
	if want := diagram.SourceHash(diagramFile(t, DiagramDOT)); got != want {
		t.Errorf("%s was rendered from another platform.dot (sha256 %s, current %s): run `make diagrams` and commit it", DiagramSVG, got[:12], want[:12])
	}
	if bytes.Contains(svg[:min(512, len(svg))], []byte(write.Marker)) {
		t.Errorf("%s must not carry %q: go run ./gen would delete it as a stale generated file", DiagramSVG, write.Marker)
	}
}

func TestREADMEDiagram(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block, err := diagram.Embedded(readme, DiagramBegin, DiagramEnd)
	if err != nil {
		t.Fatalf("README.md: %v: the Architecture section needs the %s / %s markers", err, DiagramBegin, DiagramEnd)
	}
	want := diagram.MermaidBlock(diagramFile(t, DiagramMermaid))
	if !bytes.Equal(block, want) {
		t.Errorf("README.md's diagram differs from %s: run `make diagrams`", DiagramMermaid)
	}
	if strings.Contains(string(readme[:min(512, len(readme))]), write.Marker) {
		t.Errorf("README.md carries %q in its first 512 bytes and would count as generated", write.Marker)
	}
}

// TestGenerateDrawsThePictureItCommits: Generate draws the diagrams from
// the prod root it has just rendered, not from a build of its own; they
// must be the committed pictures, with either backend.
func TestGenerateDrawsThePictureItCommits(t *testing.T) {
	for _, org := range []string{"", "acme"} {
		t.Setenv("TF_CLOUD_ORGANIZATION", org)
		dir := t.TempDir()
		if _, err := Generate(filepath.Join(dir, "out"), "hcl", dir); err != nil {
			t.Fatal(err)
		}
		for _, f := range Diagrams() {
			got, err := os.ReadFile(filepath.Join(dir, f.Path))
			if err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(filepath.Join(repoRoot, f.Path))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, f.Data) || !bytes.Equal(got, committed) {
				t.Errorf("TF_CLOUD_ORGANIZATION=%q: Generate wrote a %s unlike Diagrams() or the committed one", org, f.Path)
			}
		}
	}
}

// The VPC's label is read from the prod row of the environment table, so
// the picture follows the table when the table changes.
func TestDiagramVPCLabelFollowsTheTable(t *testing.T) {
	vpcNode := func(t *testing.T) string {
		t.Helper()
		g, err := PlatformDiagram()
		if err != nil {
			t.Fatal(err)
		}
		mmd := string(diagram.Mermaid(g))
		for _, line := range strings.Split(mmd, "\n") {
			if strings.Contains(line, `["VPC<br>`) {
				return strings.TrimSpace(line)
			}
		}
		t.Fatalf("no VPC node in\n%s", mmd)
		return ""
	}
	if got := vpcNode(t); !strings.Contains(got, "3 AZs, NAT per AZ") {
		t.Errorf("prod's VPC node is %s, want 3 AZs, NAT per AZ", got)
	}
	i := -1
	for j, e := range Environments {
		if e.Name == diagramEnv {
			i = j
		}
	}
	saved := Environments[i]
	t.Cleanup(func() { Environments[i] = saved })
	Environments[i].AvailabilityZones = saved.AvailabilityZones[:2]
	Environments[i].NATPerAZ = false
	if got := vpcNode(t); !strings.Contains(got, "2 AZs, one shared NAT") {
		t.Errorf("with 2 AZs and a shared NAT, the VPC node is %s", got)
	}
}
