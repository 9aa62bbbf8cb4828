package typed

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/internal/contentsum"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/lockedmap"
)

// Reading a blueprint's literals means parsing its Go files, the largest
// cost of building the platform in a fresh process. An index made ahead
// of time (MakeIndex, by `go run ./gen/bindings/typed/litindex`) holds
// what that parse finds; a file whose content is the one indexed (by its
// 64-bit xxHash, which costs a tenth of a SHA-256: the index only tells
// edits apart, it is no defence against crafted collisions) takes its
// literals from there, and any other file, an edited
// one included, is parsed as before, so a stale index costs time, never
// a different order.
//
// The index is text, one file after another:
//
//	file <slash-separated path> xxh64:<hex>
//	<line> <type name, or . for none> <literal>
//	...
//
// where a literal is - (not keyed) or {key,key[elem elem],...}: each key,
// and after a key whose value holds literals, those literals (see
// keyed.elems) in brackets, separated by spaces.

// indexes holds the indexed files by slash-separated absolute path.
var indexes lockedmap.Map[string, indexEntry]

type indexEntry struct {
	sum  string // contentsum.Of the file's content, as write's manifests record theirs
	body string // its lines of literals
}

// UseIndex makes the files that index (made by MakeIndex) holds, found
// under dir, take their literals from it while their content is the one
// indexed. Call it before the first Build, as an init function does.
func UseIndex(dir, index string) {
	dir = filepath.ToSlash(dir)
	for index != "" {
		var header string
		header, index, _ = strings.Cut(index, "\n")
		rest, ok := strings.CutPrefix(header, "file ")
		p, sum, ok2 := strings.Cut(rest, " ")
		if !ok || !ok2 {
			panic("typed.UseIndex: not an index: " + strconv.Quote(header))
		}
		end := strings.Index(index, "\nfile ")
		if end < 0 {
			end = len(index)
		} else {
			end++
		}
		indexes.Store(path.Join(dir, p), indexEntry{sum: sum, body: index[:end]})
		index = index[end:]
	}
}

// indexed is the literals of the file at p from an index, when one holds
// the file with the content data.
func indexed(p string, data []byte) (map[int][]litArg, bool) {
	e, ok := indexes.Load(filepath.ToSlash(p))
	if !ok {
		return nil, false
	}
	if contentsum.Of(data) != e.sum {
		return nil, false
	}
	lits, err := decodeLines(e.body)
	if err != nil {
		panic(fmt.Sprintf("typed: index of %s: %v", p, err))
	}
	return lits, true
}

// MakeIndex indexes the Go files (not tests) in dirs and the directories
// below them, paths relative to root, skipping testdata and directories
// whose name starts with . or _: what Build reads of them, for UseIndex.
func MakeIndex(root string, dirs ...string) (string, error) {
	var files []string
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := e.Name()
			if e.IsDir() {
				if p != filepath.Join(root, d) && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
				rel, err := filepath.Rel(root, p)
				if err != nil {
					return err
				}
				files = append(files, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	slices.Sort(files)
	files = slices.Compact(files)
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return "", err
		}
		lits := parseLiterals(f, data)
		if lits == nil {
			return "", fmt.Errorf("%s: does not parse", f)
		}
		if len(lits) == 0 {
			continue
		}
		fmt.Fprintf(&b, "file %s %s\n", f, contentsum.Of(data))
		encodeLines(&b, lits)
	}
	return b.String(), nil
}

func encodeLines(b *strings.Builder, lits map[int][]litArg) {
	for _, line := range slices.Sorted(maps.Keys(lits)) {
		for _, a := range lits[line] {
			name := a.typeName
			if name == "" {
				name = "."
			}
			b.WriteString(strconv.Itoa(line) + " " + name + " ")
			encodeKeyed(b, a.lit)
			b.WriteByte('\n')
		}
	}
}

func encodeKeyed(b *strings.Builder, k *keyed) {
	if k == nil {
		b.WriteByte('-')
		return
	}
	b.WriteByte('{')
	for i, key := range k.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(key)
		if es, ok := k.elems[key]; ok {
			b.WriteByte('[')
			for j, e := range es {
				if j > 0 {
					b.WriteByte(' ')
				}
				encodeKeyed(b, e)
			}
			b.WriteByte(']')
		}
	}
	b.WriteByte('}')
}

// decodeLines reads what encodeLines wrote.
func decodeLines(body string) (map[int][]litArg, error) {
	lits := map[int][]litArg{}
	for body != "" {
		var row string
		row, body, _ = strings.Cut(body, "\n")
		lineText, rest, ok := strings.Cut(row, " ")
		name, lit, ok2 := strings.Cut(rest, " ")
		line, err := strconv.Atoi(lineText)
		if !ok || !ok2 || err != nil {
			return nil, fmt.Errorf("bad row %q", row)
		}
		if name == "." {
			name = ""
		}
		d := decoder{s: lit}
		k := d.keyed()
		if d.err != nil || d.s != "" {
			return nil, fmt.Errorf("bad literal in row %q", row)
		}
		lits[line] = append(lits[line], litArg{name, k})
	}
	return lits, nil
}

type decoder struct {
	s   string
	err error
}

func (d *decoder) keyed() *keyed {
	switch {
	case strings.HasPrefix(d.s, "-"):
		d.s = d.s[1:]
		return nil
	case !strings.HasPrefix(d.s, "{"):
		d.err = fmt.Errorf("want a literal at %q", d.s)
		return nil
	}
	d.s = d.s[1:]
	k := &keyed{}
	for d.err == nil && !strings.HasPrefix(d.s, "}") {
		if len(k.keys) > 0 {
			if !strings.HasPrefix(d.s, ",") {
				d.err = fmt.Errorf("want , at %q", d.s)
				return nil
			}
			d.s = d.s[1:]
		}
		i := strings.IndexAny(d.s, ",[}")
		if i <= 0 {
			d.err = fmt.Errorf("want a key at %q", d.s)
			return nil
		}
		key := d.s[:i]
		d.s = d.s[i:]
		k.keys = append(k.keys, key)
		if !strings.HasPrefix(d.s, "[") {
			continue
		}
		d.s = d.s[1:]
		es := []*keyed{}
		for d.err == nil && !strings.HasPrefix(d.s, "]") {
			if len(es) > 0 {
				if !strings.HasPrefix(d.s, " ") {
					d.err = fmt.Errorf("want a space at %q", d.s)
					return nil
				}
				d.s = d.s[1:]
			}
			es = append(es, d.keyed())
		}
		if d.err != nil {
			return nil
		}
		d.s = d.s[1:]
		if k.elems == nil {
			k.elems = map[string][]*keyed{}
		}
		k.elems[key] = es
	}
	if d.err != nil {
		return nil
	}
	d.s = d.s[1:]
	return k
}
