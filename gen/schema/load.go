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

var (
	defaultOnce    sync.Once
	defaultSchemas *Schemas
	defaultErr     error
)

// Default returns the schemas of every provider snapshot committed with
// this package, loaded once from their embedded compact forms.
func Default() (*Schemas, error) {
	defaultOnce.Do(func() { defaultSchemas, defaultErr = LoadCompact(snapshots, "snapshot") })
	return defaultSchemas, defaultErr
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
	sort.Slice(s.Providers, func(i, j int) bool { return s.Providers[i].Source < s.Providers[j].Source })
	return s, nil
}

// CompactName is the file name of the compact form derived from a JSON
// snapshot: "aws-5.100.0.compact".
func CompactName(name, version string) string { return name + "-" + version + ".compact" }

// SnapshotFS is the embedded snapshot directory ("snapshot/*.compact"),
// for LoadCompact.
func SnapshotFS() fs.FS { return snapshots }
