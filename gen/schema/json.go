package schema

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// FromJSON builds schemas from the output of `terraform providers schema
// -json`. That output does not carry provider versions; versions maps
// source addresses to them (a missing entry leaves Version empty).
func FromJSON(ps *tfjson.ProviderSchemas, versions map[string]string) *Schemas {
	s := &Schemas{}
	for _, source := range sortedKeys(ps.Schemas) {
		js := ps.Schemas[source]
		p := &Provider{
			Source:  NormalizeSource(source),
			Version: versions[source],
		}
		if js.ConfigSchema != nil && js.ConfigSchema.Block != nil {
			p.config = lazyBlock{block: blockFromJSON(js.ConfigSchema.Block)}
		} else {
			p.config = lazyBlock{block: &Block{}}
		}
		p.resources = builtSet(blocksFromJSON(js.ResourceSchemas))
		p.data = builtSet(blocksFromJSON(js.DataSourceSchemas))
		p.ephemeral = builtSet(blocksFromJSON(js.EphemeralResourceSchemas))
		p.functions = make(map[string]*Function, len(js.Functions))
		for name, f := range js.Functions {
			p.functions[name] = functionFromJSON(name, f)
		}
		s.Providers = append(s.Providers, p)
	}
	return s
}

func blockFromJSON(jb *tfjson.SchemaBlock) *Block {
	if jb == nil {
		return &Block{}
	}
	b := &Block{Deprecated: jb.Deprecated, Description: jb.Description}
	for _, name := range sortedKeys(jb.Attributes) {
		b.Attributes = append(b.Attributes, attrFromJSON(name, jb.Attributes[name]))
	}
	for _, name := range sortedKeys(jb.NestedBlocks) {
		jbt := jb.NestedBlocks[name]
		inner := jbt.Block
		if inner == nil {
			inner = &tfjson.SchemaBlock{}
		}
		b.BlockTypes = append(b.BlockTypes, &BlockType{
			Name:     name,
			Nesting:  parseNesting(string(jbt.NestingMode)),
			MinItems: int(jbt.MinItems),
			MaxItems: int(jbt.MaxItems),
			Block:    blockFromJSON(inner),
		})
	}
	return b
}

func attrFromJSON(name string, ja *tfjson.SchemaAttribute) *Attribute {
	a := &Attribute{
		Name:        name,
		Type:        ja.AttributeType,
		Required:    ja.Required,
		Optional:    ja.Optional,
		Computed:    ja.Computed,
		Deprecated:  ja.Deprecated,
		Sensitive:   ja.Sensitive,
		WriteOnly:   ja.WriteOnly,
		Description: ja.Description,
	}
	if nt := ja.AttributeNestedType; nt != nil {
		a.Nested = &NestedType{
			Nesting:  parseNesting(string(nt.NestingMode)),
			MinItems: int(nt.MinItems),
			MaxItems: int(nt.MaxItems),
		}
		for _, n := range sortedKeys(nt.Attributes) {
			a.Nested.Attributes = append(a.Nested.Attributes, attrFromJSON(n, nt.Attributes[n]))
		}
		a.Type = a.Nested.ImpliedType()
	}
	return a
}

// SnapshotName is the file name of a JSON snapshot of provider local name
// at version: "aws-5.100.0.json.gz".
func SnapshotName(name, version string) string { return name + "-" + version + ".json.gz" }

// ParseSnapshotName splits a snapshot or compact file name into the
// provider's local name and version.
func ParseSnapshotName(file string) (name, version string, ok bool) {
	base := filepath.Base(file)
	for _, ext := range []string{".json.gz", ".compact"} {
		if strings.HasSuffix(base, ext) {
			base = strings.TrimSuffix(base, ext)
			// The version starts at the first dash followed by a digit, so
			// local names may hold dashes (google-beta).
			for i := 1; i+1 < len(base); i++ {
				if base[i] == '-' && base[i+1] >= '0' && base[i+1] <= '9' {
					return base[:i], base[i+1:], true
				}
			}
			return "", "", false
		}
	}
	return "", "", false
}

// ReadSnapshot reads a gzipped `terraform providers schema -json` snapshot
// whose file name carries the provider version, with descriptions. It is
// what bindgen and the compact form are made from; it takes about a second,
// so validation uses Default instead.
func ReadSnapshot(path string) (*Schemas, error) {
	raw, err := ReadSnapshotJSON(path)
	if err != nil {
		return nil, err
	}
	return decodeSnapshot(path, raw)
}

// ReadSnapshots reads every *.json.gz snapshot in dir into one set.
func ReadSnapshots(dir string) (*Schemas, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	if err != nil {
		return nil, err
	}
	all := &Schemas{}
	for _, f := range files {
		s, err := ReadSnapshot(f)
		if err != nil {
			return nil, err
		}
		all.Providers = append(all.Providers, s.Providers...)
	}
	sort.Slice(all.Providers, func(i, j int) bool { return all.Providers[i].Source < all.Providers[j].Source })
	return all, nil
}

// ReadSnapshotJSON returns the uncompressed JSON of a snapshot file.
func ReadSnapshotJSON(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

func decodeSnapshot(path string, raw []byte) (*Schemas, error) {
	name, version, ok := ParseSnapshotName(path)
	if !ok {
		return nil, fmt.Errorf("%s: snapshot file names are <provider>-<version>.json.gz", path)
	}
	var ps tfjson.ProviderSchemas
	if err := json.Unmarshal(raw, &ps); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	versions := map[string]string{}
	for source := range ps.Schemas {
		if source[strings.LastIndexByte(source, '/')+1:] == name {
			versions[source] = version
		}
	}
	return FromJSON(&ps, versions), nil
}

// WriteSnapshot gzips the JSON Terraform printed into path, byte for byte
// reproducibly (no timestamp, best compression).
func WriteSnapshot(path string, raw []byte) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(raw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func blocksFromJSON(m map[string]*tfjson.Schema) map[string]*Block {
	out := make(map[string]*Block, len(m))
	for name, s := range m {
		out[name] = blockFromJSON(s.Block)
	}
	return out
}
