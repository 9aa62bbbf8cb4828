package schema

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"
)

// snapshots holds the committed compact forms. The JSON snapshots they are
// derived from are read from disk by bindgen and the tests only, so they
// are not embedded.
//
//go:embed snapshot/*.compact
var snapshots embed.FS

// The compact forms Default loads, embedded as strings as well, so that
// loading copies nothing: reading a file of an embed.FS copies it, and
// the index's names are substrings of the form. The linker stores each
// file once. TestDefaultLoadsEverySnapshot fails when a snapshot is added
// without a line here.
//
//go:embed snapshot/aws-5.100.0.compact
var awsCompact string

var defaultForms = []struct{ name, data string }{{"snapshot/aws-5.100.0.compact", awsCompact}}

var (
	defaultOnce    sync.Once
	defaultSchemas *Schemas
	defaultErr     error
)

// Default returns the schemas of every provider snapshot committed with
// this package, loaded once from their embedded compact forms.
func Default() (*Schemas, error) {
	defaultOnce.Do(func() { defaultSchemas, defaultErr = loadEmbedded() })
	return defaultSchemas, defaultErr
}

// LoadDefault loads the schemas Default returns afresh, as a new process
// does (for benchmarks).
func LoadDefault() (*Schemas, error) { return loadEmbedded() }

func loadEmbedded() (*Schemas, error) {
	s := &Schemas{}
	for _, f := range defaultForms {
		p, err := decodeCompact(f.data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		s.Providers = append(s.Providers, p)
	}
	sortProviders(s)
	return s, nil
}

func sortProviders(s *Schemas) {
	sort.Slice(s.Providers, func(i, j int) bool { return s.Providers[i].Source < s.Providers[j].Source })
}

// LoadCompact loads every *.compact file in dir of fsys.
func LoadCompact(fsys fs.FS, dir string) (*Schemas, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.compact"))
	if err != nil {
		return nil, err
	}
	s := &Schemas{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		p, err := DecodeCompact(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		s.Providers = append(s.Providers, p)
	}
	sortProviders(s)
	return s, nil
}

// CompactName is the file name of the compact form derived from a JSON
// snapshot: "aws-5.100.0.compact".
func CompactName(name, version string) string { return name + "-" + version + ".compact" }

// SnapshotFS is the embedded snapshot directory ("snapshot/*.compact"),
// for LoadCompact.
func SnapshotFS() fs.FS { return snapshots }
