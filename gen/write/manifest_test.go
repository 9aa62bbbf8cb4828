package write

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"
)

// TestParseManifestIsUnmarshal checks that parseManifest reads what
// writeJSONFile writes as json.Unmarshal does, and leaves every other
// form to json.Unmarshal.
func TestParseManifestIsUnmarshal(t *testing.T) {
	written := func(files map[string]string) string {
		b, err := json.MarshalIndent(manifest{Comment: manifestComment, Files: files}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return string(b) + "\n"
	}
	plain := []string{
		written(map[string]string{}),
		written(map[string]string{"a.tf": "xxh64:0123456789abcdef"}),
		written(map[string]string{"envs/dev/main.tf": "xxh64:1", "modules/chat/README.md": "sha256:ff", "x y/z.tf": ""}),
	}
	for _, in := range plain {
		got, ok := parseManifest([]byte(in))
		var want manifest
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if !ok || got.Comment != want.Comment || !maps.Equal(got.Files, want.Files) {
			t.Errorf("parseManifest(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	others := []string{
		written(map[string]string{"a<b>.tf": "x"}), // escaped by MarshalIndent
		written(map[string]string{"é.tf": "x"}),
		written(map[string]string{`a"b.tf`: "x"}),
		strings.TrimSuffix(plain[1], "\n"),
		plain[1] + " ",
		strings.Replace(plain[1], `"files"`, `"Files"`, 1),
		strings.Replace(plain[1], `"comment"`, `"Comment"`, 1),
		strings.Replace(plain[1], "\n    ", "\n   ", 1),
		strings.Replace(plain[2], ",\n", "\n", 1),
		strings.Replace(plain[1], `"xxh64:0123456789abcdef"`, `"xxh64:\u0030"`, 1),
		strings.Replace(plain[0], "{}", "null", 1),
		`{"comment": "c", "files": {"a": "b"}}`,
		"", "{", "null",
	}
	for _, in := range others {
		if m, ok := parseManifest([]byte(in)); ok {
			t.Errorf("parseManifest(%q) = %v, true; want it left to json.Unmarshal", in, m)
		}
	}
}
