package tfrun

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// rootConfig is what the runner needs to know of a root module and the
// local modules it calls, read from the rendered files without terraform.
type rootConfig struct {
	dir       string
	cloud     bool                // cloud block or remote backend
	versions  []versionConstraint // every required_version
	modDirs   []string            // root first, then local modules called, transitively
	variables map[string]bool     // root module variables: name -> sensitive
	required  map[string]bool     // root module variables without a default
	// initInputs are the parts of the configuration terraform init acts
	// on, one line each: terraform blocks (providers, backend, cloud),
	// module calls and the providers resources imply.
	initInputs []string
	// installs is set when init leaves something in .terraform: modules,
	// providers or backend settings.
	installs bool
	// providerBlocks counts provider configuration blocks by provider
	// name, over the root and every module it calls.
	providerBlocks map[string]int
}

type versionConstraint struct {
	constraint string
	file       string
}

var (
	fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "terraform"},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	}}
	terraformSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "required_version"}},
		Blocks: []hcl.BlockHeaderSchema{
			{Type: "backend", LabelNames: []string{"type"}},
			{Type: "cloud"},
		},
	}
	moduleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}, {Name: "version"}}}
	metaSchema   = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "provider"}, {Name: "sensitive"}, {Name: "default"}}}
)

// readRoot reads the root module in dir and every local module it calls.
func readRoot(dir string) (*rootConfig, error) {
	rc := &rootConfig{dir: dir, variables: map[string]bool{}, required: map[string]bool{}, providerBlocks: map[string]int{}}
	seen := map[string]bool{}
	var visit func(mod string, root bool) error
	visit = func(mod string, root bool) error {
		if seen[mod] {
			return nil
		}
		seen[mod] = true
		rc.modDirs = append(rc.modDirs, mod)
		calls, err := rc.readModule(mod, root)
		if err != nil {
			return err
		}
		for _, src := range calls {
			if err := visit(filepath.Join(mod, filepath.FromSlash(src)), false); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(dir, true); err != nil {
		return nil, err
	}
	sort.Strings(rc.initInputs)
	return rc, nil
}

// readModule reads one module directory and returns the local module
// sources it calls.
func (rc *rootConfig) readModule(mod string, root bool) ([]string, error) {
	rel := rc.rel(mod)
	files, err := configFiles(mod)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no Terraform files (render it first: moochat gen)", mod)
	}
	parser := hclparse.NewParser()
	var calls []string
	var diags hcl.Diagnostics
	for _, name := range files {
		path := filepath.Join(mod, name)
		var f *hcl.File
		var d hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			f, d = parser.ParseJSONFile(path)
		} else {
			f, d = parser.ParseHCLFile(path)
		}
		diags = append(diags, d...)
		if f == nil {
			continue
		}
		content, _, d := f.Body.PartialContent(fileSchema)
		diags = append(diags, d...)
		for _, b := range content.Blocks {
			switch b.Type {
			case "terraform":
				// init acts on everything in the terraform block; the
				// renderer keeps it in its own file, so the file's bytes
				// stand for it.
				sum, err := fileSum(path)
				if err != nil {
					return nil, err
				}
				rc.initInputs = append(rc.initInputs, fmt.Sprintf("terraform-block %s/%s %s", rel, name, sum))
				tc, _, d := b.Body.PartialContent(terraformSchema)
				diags = append(diags, d...)
				if a, ok := tc.Attributes["required_version"]; ok {
					if s, ok := literalString(a.Expr); ok {
						rc.versions = append(rc.versions, versionConstraint{s, filepath.Join(rel, name)})
					}
				}
				for _, bb := range tc.Blocks {
					if root {
						rc.installs = true
					}
					if root && (bb.Type == "cloud" || bb.Labels[0] == "remote") {
						rc.cloud = true
					}
				}
			case "module":
				mc, _, d := b.Body.PartialContent(moduleSchema)
				diags = append(diags, d...)
				src, _ := literalAttr(mc, "source")
				ver, _ := literalAttr(mc, "version")
				rc.initInputs = append(rc.initInputs, fmt.Sprintf("module %s %s %s %s", rel, b.Labels[0], src, ver))
				rc.installs = true
				if strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") {
					calls = append(calls, src)
				}
			case "provider":
				rc.initInputs = append(rc.initInputs, fmt.Sprintf("provider %s %s", rel, b.Labels[0]))
				rc.installs = true
				rc.providerBlocks[b.Labels[0]]++
			case "resource", "data", "ephemeral":
				mc, _, _ := b.Body.PartialContent(metaSchema)
				p := mc.Attributes["provider"]
				local := impliedProvider(b.Labels[0])
				if p != nil {
					if tr, d := hcl.AbsTraversalForExpr(p.Expr); !d.HasErrors() && len(tr) > 0 {
						local = tr.RootName()
					}
				}
				if local != "terraform" {
					rc.initInputs = append(rc.initInputs, fmt.Sprintf("uses %s %s", rel, local))
					rc.installs = true
				}
			case "variable":
				if root {
					mc, _, _ := b.Body.PartialContent(metaSchema)
					sensitive := false
					if a, ok := mc.Attributes["sensitive"]; ok {
						if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() {
							sensitive = v.True()
						}
					}
					rc.variables[b.Labels[0]] = sensitive
					if _, ok := mc.Attributes["default"]; !ok {
						rc.required[b.Labels[0]] = true
					}
				}
			}
		}
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("reading %s: %w", mod, diags)
	}
	return calls, nil
}

// impliedProvider is the provider local name a resource type implies: the
// part before the first underscore.
func impliedProvider(typ string) string {
	name, _, _ := strings.Cut(typ, "_")
	return name
}

func literalAttr(c *hcl.BodyContent, name string) (string, bool) {
	a, ok := c.Attributes[name]
	if !ok {
		return "", false
	}
	return literalString(a.Expr)
}

func literalString(e hcl.Expression) (string, bool) {
	v, d := e.Value(nil)
	if d.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// configFiles lists the Terraform configuration files in a module
// directory, sorted; override files are included like the others.
func configFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
			names = append(names, n)
		}
	}
	return names, nil
}

func (rc *rootConfig) rel(path string) string {
	r, err := filepath.Rel(rc.dir, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}

// checkVersion checks terraform's version against every required_version.
func (rc *rootConfig) checkVersion(path string, v *version.Version) error {
	for _, vc := range rc.versions {
		c, err := version.NewConstraint(vc.constraint)
		if err != nil {
			return fmt.Errorf("%s: required_version %q: %w", vc.file, vc.constraint, err)
		}
		if !c.Check(v.Core()) {
			return &VersionError{Path: path, Version: v.String(), Constraint: vc.constraint, File: vc.file}
		}
	}
	return nil
}

// VersionError is a terraform binary too old (or too new) for the
// configuration.
type VersionError struct {
	Path       string // the binary
	Version    string // its version
	Constraint string // the required_version it fails
	File       string // where that required_version is, relative to the root module
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("terraform %s (%s) does not satisfy required_version %q in %s: install terraform %s "+
		"(https://developer.hashicorp.com/terraform/install) and put it first on PATH, or set TF_BIN to a terraform that does",
		e.Version, e.Path, e.Constraint, e.File, DefaultTerraformVersion)
}

// skipDirs and skipFile keep terraform's own working files out of the
// content hash: they change with every run, not with what was rendered.
var skipDirs = map[string]bool{".terraform": true, WorkDirName: true, ".git": true}

func skipFile(name string) bool {
	return strings.HasSuffix(name, ".tfstate") || strings.Contains(name, ".tfstate.") ||
		strings.HasSuffix(name, ".tfplan") || name == ".terraform.tfstate.lock.info" || name == "crash.log"
}

// contentHash hashes every rendered file of the root module and of the
// local modules it calls (names and contents), leaving out terraform's
// working files and the runner's own. It hashes what terraform reads:
// a file or module folder that is a symbolic link is followed, so that an
// edit to its target after the plan makes the plan stale.
func (rc *rootConfig) contentHash() (string, error) {
	h := sha256.New()
	seen := map[string]bool{}
	for _, mod := range rc.modDirs {
		if err := rc.hashDir(h, mod, mod, seen, 0); err != nil {
			return "", fmt.Errorf("hashing rendered files: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (rc *rootConfig) hashDir(h io.Writer, mod, dir string, seen map[string]bool, depth int) error {
	if depth > 40 {
		return fmt.Errorf("%s: directories nest too deep (a symbolic link loop?)", dir)
	}
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return err
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		st, err := os.Stat(path) // follows links
		if err != nil {
			return err
		}
		if st.IsDir() {
			if skipDirs[e.Name()] {
				continue
			}
			if err := rc.hashDir(h, mod, path, seen, depth+1); err != nil {
				return err
			}
			continue
		}
		if skipFile(e.Name()) || seen[path] || !st.Mode().IsRegular() {
			continue
		}
		seen[path] = true
		if err := hashFile(h, rc.rel(path), path); err != nil {
			return err
		}
	}
	return nil
}

func hashFile(h io.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(h, "%s\x00", name)
	n, err := io.Copy(h, f)
	fmt.Fprintf(h, "\x00%d\x00", n)
	return err
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
