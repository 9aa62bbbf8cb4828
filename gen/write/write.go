// Package write puts rendered module directories on disk under an output
// root so that the root is always either the whole old tree or the whole
// new one, and so that it never loses a file it did not write.
//
// Ownership is recorded, not guessed: a manifest in the root
// ([ManifestName]) lists every file the generator wrote with a hash of its
// content (XXH64; SHA-256 in manifests of earlier versions), and only
// those files are ever replaced or removed. Files of other kinds (state,
// tfvars, lock files, dot-directories, anything hand-written) are never
// touched. A root that has no manifest yet is adopted only when
// it holds no generated files of someone else's: pointing -out at a
// repository or another project's folder is refused.
//
// A change is made in two phases. Every new file is staged next to its
// destination; then a journal naming every rename, removal and the new
// manifest is written in one atomic step, and carried out. A run killed
// before the journal exists leaves the old tree (and temporary files, which
// the next run removes); a run killed after it leaves a journal that the
// next run, or [Recover], completes before anything else. Symbolic links
// inside the root are refused: the generator writes only real files below
// its root.
package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/render"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/contentsum"
	"github.com/runntimeterror/moo-chat-infrastructure/internal/rawfile"
)

// Marker is the text every generated file carries near its start.
const Marker = render.GeneratedMarker

// ManifestName is the file in the output root that records what the
// generator owns; JournalName is the change being made, present only
// while a write runs or after one was killed.
const (
	ManifestName = ".moochat-gen.json"
	JournalName  = ".moochat-gen.journal.json"
)

// File is one file to write, at a slash-separated path below the root.
type File struct {
	Path string
	Data []byte
}

// Result says what changed.
type Result struct {
	Written   []string
	Unchanged int
	Removed   []string
	// Kept are files the generator once wrote and no longer makes, left in
	// place because they were edited since.
	Kept []string
	// Recovered is set when an interrupted earlier write was completed
	// first.
	Recovered bool
	// TempRemoved counts temporary files of killed runs removed first.
	TempRemoved int
}

// manifest is what ManifestName holds.
type manifest struct {
	Comment string            `json:"comment"`
	Files   map[string]string `json:"files"` // slash path -> contentsum.Of its content (hex SHA-256 in earlier versions)
}

const manifestComment = Marker + "gen/write; DO NOT EDIT. The files the generator owns below this directory, with a hash of each (xxh64: XXH64, or SHA-256 from earlier versions)."

// journal is what JournalName holds: enough to finish the change.
type journal struct {
	Renames  []rename `json:"renames"`
	Removes  []string `json:"removes"`
	Manifest manifest `json:"manifest"`
}

type rename struct{ Tmp, Dst string } // slash paths below the root

// IsGenerated reports whether the file at path carries the marker in its
// first 512 bytes.
func IsGenerated(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := f.Read(buf)
	return bytes.Contains(buf[:n], []byte(Marker))
}

// isTempName reports whether name is one of the staging files this
// package makes: "." + name + "." + digits + ".tmp", where name is not
// empty and holds no newline (what `^\..+\.[0-9]+\.tmp$` matches, without
// compiling it at every start).
func isTempName(name string) bool {
	rest, ok := strings.CutSuffix(name, ".tmp")
	if !ok || !strings.HasPrefix(rest, ".") {
		return false
	}
	// The digits are the longest run at the end: a shorter one would be
	// preceded by a digit, not by the dot.
	i := len(rest)
	for i > 0 && '0' <= rest[i-1] && rest[i-1] <= '9' {
		i--
	}
	if i == len(rest) || i < 3 || rest[i-1] != '.' {
		return false
	}
	return !strings.Contains(rest[1:i-1], "\n")
}

// others are files the generator never owns, never touches and never
// counts against a root: Terraform's state and plans, variable files,
// crash logs. Dot-files and dot-directories are skipped as well.
func others(name string) bool {
	for _, suf := range []string{".tfstate", ".tfplan", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return strings.Contains(name, ".tfstate.") || name == "crash.log"
}

// Recover completes a write that was interrupted after its journal was
// written, and removes the temporary files of writes killed before that.
// Tree calls it first; a command that reads the tree without writing it
// (moochat plan -no-render) calls it so that it never reads a mixed tree.
func Recover(root string) (Result, error) {
	var res Result
	j, err := readJournal(root)
	if err != nil {
		return res, err
	}
	if j != nil {
		if err := apply(root, j, &res); err != nil {
			return res, fmt.Errorf("write: completing the interrupted write recorded in %s: %w", filepath.Join(root, JournalName), err)
		}
		res.Recovered = true
		res.Written, res.Removed = nil, nil
	}
	n, err := removeTemps(root)
	res.TempRemoved = n
	return res, err
}

func readJournal(root string) (*journal, error) {
	b, err := os.ReadFile(filepath.Join(root, JournalName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("write: %s is not a journal this generator wrote (%v): look at the tree, then remove it", filepath.Join(root, JournalName), err)
	}
	return &j, nil
}

// apply carries a journal out. Every step can be repeated: a rename whose
// temporary file is gone was done, a removal of a missing file too.
func apply(root string, j *journal, res *Result) error {
	for _, r := range j.Renames {
		tmp, dst := join(root, r.Tmp), join(root, r.Dst)
		if err := os.Rename(tmp, dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		res.Written = append(res.Written, r.Dst)
	}
	for _, rel := range j.Removes {
		p := join(root, rel)
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		res.Removed = append(res.Removed, rel)
		removeEmptyDirs(filepath.Dir(p), root)
	}
	if err := writeJSONFile(filepath.Join(root, ManifestName), j.Manifest); err != nil {
		return err
	}
	return os.Remove(filepath.Join(root, JournalName))
}

// removeTemps removes staging files left by killed runs.
func removeTemps(root string) (int, error) {
	temps, err := findTemps(root)
	n, rerr := removeFiles(temps)
	if rerr != nil {
		return n, rerr
	}
	return n, err
}

// removeFiles removes the temporary files findTemps listed; one already
// gone is not counted.
func removeFiles(temps []string) (int, error) {
	n := 0
	for _, t := range temps {
		if err := os.Remove(t); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return n, fmt.Errorf("write: removing temporary files: %w", err)
		}
		n++
	}
	return n, nil
}

// findTemps lists the staging files left by killed runs below root.
func findTemps(root string) ([]string, error) {
	info, err := os.Lstat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("write: removing temporary files: %w", err)
	}
	var temps []string
	if !info.IsDir() {
		if info.Mode().IsRegular() && isTempName(info.Name()) {
			temps = append(temps, root)
		}
		return temps, nil
	}
	if err := walkTemps(root, &temps); err != nil {
		return temps, fmt.Errorf("write: removing temporary files: %w", err)
	}
	return temps, nil
}

// walkTemps adds to temps the staging files below dir, in lexical order,
// as filepath.WalkDir visits them, except the directories whose name
// starts with a dot, which it skips; a directory gone meanwhile holds
// none. It makes each path with join: WalkDir's filepath.Join cleans
// every one again.
func walkTemps(dir string, temps *[]string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		switch p := join(dir, e.Name()); {
		case e.IsDir():
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if err := walkTemps(p, temps); err != nil {
				return err
			}
		case e.Type().IsRegular() && isTempName(e.Name()):
			*temps = append(*temps, p)
		}
	}
	return nil
}

// Tree writes files below root. Every file's data must carry Marker.
// When scope is non-empty, only those subdirectories of root (for example
// "modules" and "envs") are searched for files in the way; otherwise all
// of root. It first completes or cleans up an interrupted earlier write
// (see Recover). All problems found are returned together, before
// anything is written.
func Tree(root string, files []File, scope ...string) (Result, error) {
	awaitHolds()
	rec, err := Recover(root)
	if err != nil {
		return rec, err
	}
	res := Result{Recovered: rec.Recovered, TempRemoved: rec.TempRemoved}
	pl, err := plan(root, files, scope)
	if err != nil {
		return res, err
	}
	return pl.apply(res)
}

// A Prepared is a write of files below root, as Tree makes it, with
// everything read and decided ahead and nothing changed yet: a generator
// prepares while its checks still run, and writes once they pass.
type Prepared struct {
	root  string
	files []File
	scope []string
	// journal is set when an interrupted write's journal was there:
	// Write then does all of Tree's work, as the tree is about to change.
	journal bool
	temps   []string // temporary files of killed runs, for Write to remove
	pl      *writePlan
	err     error
}

// Prepare reads what Tree needs to know of root to write files there:
// only reads, so it can run before the caller knows whether it will
// write. Files must not change until Write.
func Prepare(root string, files []File, scope ...string) *Prepared {
	p := &Prepared{root: root, files: files, scope: scope}
	if _, err := os.Lstat(filepath.Join(root, JournalName)); !errors.Is(err, fs.ErrNotExist) {
		p.journal = true
		return p
	}
	if p.temps, p.err = findTemps(root); p.err == nil {
		p.pl, p.err = plan(root, files, scope)
	}
	return p
}

// Write is Tree on what Prepare found: it removes the temporary files of
// killed runs and writes what differs. When an interrupted write's journal
// has turned up meanwhile, it is Tree.
func (p *Prepared) Write() (Result, error) {
	awaitHolds()
	if _, err := os.Lstat(filepath.Join(p.root, JournalName)); p.journal || !errors.Is(err, fs.ErrNotExist) {
		return Tree(p.root, p.files, p.scope...)
	}
	var res Result
	var err error
	if res.TempRemoved, err = removeFiles(p.temps); err != nil {
		return res, err
	}
	if p.err != nil {
		return res, p.err
	}
	return p.pl.apply(res)
}

// writePlan is what a write finds below its root before it changes
// anything.
type writePlan struct {
	root        string
	want        map[string][]byte
	old         *manifest
	stale, keep []string
	paths       []string // of want, sorted
	same        []bool   // by paths: the file there holds it already
	sums        []string // by paths
}

// plan reads root for a write of files; the problems found, all together,
// are its error.
func plan(root string, files []File, scope []string) (*writePlan, error) {
	want := map[string][]byte{}
	var problems []error
	// cleans holds each file's path as the checks below take it.
	cleans := make([]string, len(files))
	for i, f := range files {
		clean := filepath.ToSlash(filepath.Clean(f.Path))
		cleans[i] = clean
		switch {
		case strings.HasPrefix(clean, "../") || clean == ".." || filepath.IsAbs(f.Path):
			problems = append(problems, fmt.Errorf("%s is outside the output root", f.Path))
		case !bytes.Contains(f.Data[:min(len(f.Data), 512)], []byte(Marker)):
			problems = append(problems, fmt.Errorf("%s does not carry the generated-file marker", f.Path))
		case want[clean] != nil:
			problems = append(problems, fmt.Errorf("%s is produced twice", f.Path))
		case clean == ManifestName || clean == JournalName:
			problems = append(problems, fmt.Errorf("%s is the generator's own bookkeeping", f.Path))
		}
		want[clean] = f.Data
	}
	if len(problems) > 0 {
		return nil, joinProblems(problems)
	}

	old, err := readManifest(root)
	if err != nil {
		return nil, err
	}
	// The checks Lstat every file (and each directory once); the size they
	// find lets an unchanged file be told apart by one read of that size.
	chk := pathChecker{root: root, old: old, dirs: map[string]error{}, sizes: make(map[string]int64, len(files))}
	for _, clean := range cleans {
		problems = append(problems, chk.check(clean)...)
	}
	stale, keep, more := scan(root, scope, want, old)
	problems = append(problems, more...)
	if len(problems) > 0 {
		return nil, joinProblems(problems)
	}

	paths := make([]string, 0, len(want))
	for p := range want {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	same, sums := unchanged(root, paths, want, chk.sizes)
	return &writePlan{root: root, want: want, old: old, stale: stale, keep: keep, paths: paths, same: same, sums: sums}, nil
}

// apply writes what the plan found different, through the journal.
func (pl *writePlan) apply(res Result) (Result, error) {
	root, want, old, stale, keep, paths, same, sums := pl.root, pl.want, pl.old, pl.stale, pl.keep, pl.paths, pl.same, pl.sums
	next := manifest{Comment: manifestComment, Files: map[string]string{}}
	j := &journal{}
	var staged []string
	cleanup := func() {
		for _, t := range staged {
			os.Remove(t)
		}
	}
	for i, rel := range paths {
		data := want[rel]
		next.Files[rel] = sums[i]
		dst := join(root, rel)
		if same[i] {
			res.Unchanged++
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			cleanup()
			return res, fmt.Errorf("write: %w", err)
		}
		tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
		if err != nil {
			cleanup()
			return res, fmt.Errorf("write: %w", err)
		}
		staged = append(staged, tmp.Name())
		_, werr := tmp.Write(data)
		if err := errors.Join(werr, tmp.Close(), os.Chmod(tmp.Name(), 0o644)); err != nil {
			cleanup()
			return res, fmt.Errorf("write: %s: %w", dst, err)
		}
		trel, _ := filepath.Rel(root, tmp.Name())
		j.Renames = append(j.Renames, rename{Tmp: filepath.ToSlash(trel), Dst: rel})
	}
	for _, rel := range keep {
		// An edited file the generator no longer makes stays, and stays
		// recorded so that a later run can still tell it apart.
		next.Files[rel] = old.Files[rel]
	}
	j.Removes = stale
	j.Manifest = next
	res.Kept = keep
	if len(j.Renames) == 0 && len(j.Removes) == 0 && old != nil && sameFiles(old.Files, next.Files) {
		return res, nil
	}
	if err := writeJSONFile(filepath.Join(root, JournalName), j); err != nil {
		cleanup()
		os.Remove(filepath.Join(root, JournalName))
		return res, fmt.Errorf("write: %w", err)
	}
	// From here on the journal stands for the change: a failure leaves it
	// for the next run to complete.
	if err := apply(root, j, &res); err != nil {
		return res, fmt.Errorf("write: %w (the next run completes it)", err)
	}
	return res, nil
}

// parseManifest reads a manifest in the form writeJSONFile gives it, as
// json.Unmarshal would, without its reflection and scanning: the comment
// and then the files, indented, each string of printable ASCII without
// escapes. ok is false for anything else, which json.Unmarshal reads.
func parseManifest(b []byte) (m manifest, ok bool) {
	// The strings are substrings of one copy of the file.
	s, ok := strings.CutPrefix(string(b), "{\n  \"comment\": ")
	if !ok {
		return m, false
	}
	if m.Comment, s, ok = plainJSONString(s); !ok {
		return m, false
	}
	if s, ok = strings.CutPrefix(s, ",\n  \"files\": {"); !ok {
		return m, false
	}
	m.Files = map[string]string{}
	if rest, ok := strings.CutPrefix(s, "}\n}\n"); ok {
		return m, rest == ""
	}
	for {
		var k, v string
		if s, ok = strings.CutPrefix(s, "\n    "); !ok {
			return m, false
		}
		if k, s, ok = plainJSONString(s); !ok {
			return m, false
		}
		if s, ok = strings.CutPrefix(s, ": "); !ok {
			return m, false
		}
		if v, s, ok = plainJSONString(s); !ok {
			return m, false
		}
		m.Files[k] = v
		if s, ok = strings.CutPrefix(s, ","); !ok {
			return m, s == "\n  }\n}\n"
		}
	}
}

// plainJSONString cuts a JSON string of printable ASCII without escapes
// (which decodes to itself) from the front of s.
func plainJSONString(s string) (str, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", s, false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return s[1:i], s[i+1:], true
		case c < 0x20 || c > 0x7e || c == '\\':
			return "", s, false
		}
	}
	return "", s, false
}

// join is filepath.Join(root, filepath.FromSlash(rel)), the path of rel
// below root. When root is a clean directory other than "/" and "." and
// rel a clean relative slash path (as plan makes every path it writes),
// root+"/"+rel is already what Join's Clean would make, and join skips
// it; anything else is Join's.
func join(root, rel string) string {
	if filepath.Separator == '/' && root != "" && cleanElems(strings.TrimPrefix(root, "/")) && cleanElems(rel) {
		return root + "/" + rel
	}
	return filepath.Join(root, filepath.FromSlash(rel))
}

// cleanElems reports whether s is slash-separated elements, each neither
// empty nor "." nor "..": no doubled, leading or trailing slash.
func cleanElems(s string) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '/' {
			continue
		}
		switch s[start:i] {
		case "", ".", "..":
			return false
		}
		start = i + 1
	}
	return true
}

func readManifest(root string) (*manifest, error) {
	b, err := rawfile.ReadFile(filepath.Join(root, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	m, ok := parseManifest(b)
	if !ok {
		m = manifest{}
		if err := json.Unmarshal(b, &m); err != nil || m.Files == nil {
			return nil, fmt.Errorf("write: %s is not a manifest this generator wrote: restore it from version control, or remove it and the files it listed", filepath.Join(root, ManifestName))
		}
	}
	return &m, nil
}

// pathChecker refuses to write a file through a symbolic link, over a
// directory, or over a file the generator does not own. It checks each
// directory once however many files lie below it, and records the size
// of every file already there.
type pathChecker struct {
	root  string
	old   *manifest
	dirs  map[string]error // slash path below root -> its problem, nil when fine
	sizes map[string]int64 // slash path below root -> size of the file there
}

func (c *pathChecker) check(rel string) []error {
	for i := 0; i < len(rel); i++ {
		if rel[i] != '/' {
			continue
		}
		err, seen := c.dirs[rel[:i]]
		if !seen {
			err = c.dir(rel[:i])
			c.dirs[rel[:i]] = err
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil // the rest does not exist yet
		}
		if err != nil {
			return []error{err}
		}
	}
	p := join(c.root, rel)
	st, err := os.Lstat(p)
	if err != nil {
		return nil
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return []error{c.symlink(p)}
	}
	switch {
	case st.IsDir():
		return []error{fmt.Errorf("%s is a directory", p)}
	case c.old != nil && c.old.Files[rel] != "":
	case c.old == nil && IsGenerated(p):
		// Written by an earlier version, before manifests: the file
		// at one of the generator's own paths is adopted.
	default:
		return []error{fmt.Errorf("%s exists and was not generated; move it away or delete it", p)}
	}
	if st.Mode().IsRegular() {
		c.sizes[rel] = st.Size()
	}
	return nil
}

// dir is the problem with writing below the directory rel: fs.ErrNotExist
// when it is not there yet, an error for a symbolic link, nil when fine.
// A plain file in its place is left for the write to report.
func (c *pathChecker) dir(rel string) error {
	p := join(c.root, rel)
	st, err := os.Lstat(p)
	if err != nil {
		return fs.ErrNotExist
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return c.symlink(p)
	}
	return nil
}

func (c *pathChecker) symlink(p string) error {
	return fmt.Errorf("%s is a symbolic link: the generator writes only real files below %s, never through a link; replace the link with a directory or remove it", p, c.root)
}

// unchanged reports, for each of paths, whether the file there already
// holds what want has for it (only a file of the same size is read), and
// the sum of what want has. The work is spread over one goroutine
// per CPU: the reads are mostly system calls.
func unchanged(root string, paths []string, want map[string][]byte, sizes map[string]int64) (same []bool, sums []string) {
	same, sums = make([]bool, len(paths)), make([]string, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			var buf []byte
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				data := want[paths[i]]
				sums[i] = contentsum.Of(data)
				if size, ok := sizes[paths[i]]; ok && size == int64(len(data)) {
					same[i], buf = holds(join(root, paths[i]), data, buf)
				}
			}
		})
	}
	wg.Wait()
	return same, sums
}

// holds reports whether the file at path holds exactly data, whose length
// the caller has already seen the file to have: one open and one read into
// buf (grown as needed and returned for the next call), rather than a
// stat and a fresh buffer per file.
func holds(path string, data, buf []byte) (bool, []byte) {
	// One byte more than expected: a file that grew since the Lstat reads
	// longer and so differs.
	if cap(buf) < len(data)+1 {
		buf = make([]byte, len(data)+1)
	}
	buf = buf[:len(data)+1]
	n, ok := rawfile.ReadInto(path, buf)
	return ok && bytes.Equal(buf[:n], data), buf
}

// scan looks through the root for owned files no longer made (stale, to
// remove, or kept when edited) and, in a root without a manifest, for
// generated files of someone else's, which mean the root is not the
// generator's.
func scan(root string, scope []string, want map[string][]byte, old *manifest) (stale, keep []string, problems []error) {
	if old != nil {
		for rel, h := range old.Files {
			if want[rel] != nil {
				continue
			}
			p := join(root, rel)
			b, err := rawfile.ReadFile(p)
			switch {
			case errors.Is(err, fs.ErrNotExist):
			case err != nil:
				problems = append(problems, err)
			case sumMatches(b, h):
				stale = append(stale, rel)
			default:
				keep = append(keep, rel)
			}
		}
		sort.Strings(stale)
		sort.Strings(keep)
		return stale, keep, problems
	}
	dirs := []string{root}
	if len(scope) > 0 {
		dirs = dirs[:0]
		for _, s := range scope {
			dirs = append(dirs, filepath.Join(root, s))
		}
	}
	var foreign []string
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if p != root && strings.HasPrefix(e.Name(), ".") {
				if e.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !e.Type().IsRegular() || others(e.Name()) {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			if rel = filepath.ToSlash(rel); want[rel] == nil && IsGenerated(p) {
				foreign = append(foreign, rel)
			}
			return nil
		})
		if err != nil {
			problems = append(problems, err)
		}
	}
	if len(foreign) > 0 {
		sort.Strings(foreign)
		shown := foreign[:min(len(foreign), 5)]
		problems = append(problems, fmt.Errorf("%s holds %d generated file(s) this generator did not make (%s%s) and no %s: it is not an output root of this generator; choose an empty directory or this generator's own output root",
			root, len(foreign), strings.Join(shown, ", "), more(len(foreign)-len(shown)), ManifestName))
	}
	return nil, nil, problems
}

func more(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n)
}

func joinProblems(ps []error) error {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = "write: " + p.Error()
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// sumMatches reports whether b is the content recorded as h, by either
// hash a manifest may hold: contentsum.Of's, or the hex SHA-256 of earlier
// versions (the next write records contentsum's form instead, rewriting the
// manifest once even when no file changed).
func sumMatches(b []byte, h string) bool {
	if strings.HasPrefix(h, contentsum.Prefix) {
		return contentsum.Of(b) == h
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]) == h
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// writeJSONFile writes v atomically: a reader sees the old file or the
// new one, never a part.
func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(append(b, '\n'))
	if err := errors.Join(werr, tmp.Close(), os.Chmod(tmp.Name(), 0o644)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// removeEmptyDirs removes dir and its parents up to (not including) root
// while they are empty.
func removeEmptyDirs(dir, root string) {
	root = filepath.Clean(root)
	for dir = filepath.Clean(dir); dir != root && strings.HasPrefix(dir, root); dir = filepath.Dir(dir) {
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) > 0 {
			return
		}
		if os.Remove(dir) != nil {
			return
		}
	}
}

// HoldingInterrupts runs fn with Ctrl-C (SIGINT), SIGTERM and SIGHUP held
// off, and reports whether one came: a generator interrupted half-way
// through a write would leave its temporary files and, after the journal,
// a tree the next run must complete. Holding the signal lets the write
// finish (it takes milliseconds); the caller then exits as interrupted.
//
// Setting the hold up takes the runtime a round trip to its signal thread
// per signal (0.2 ms together), so it is done on a goroutine of its own
// while fn starts: Tree waits for it before it changes anything. A signal
// that comes before then ends the program as it would have, before
// anything was written.
func HoldingInterrupts(fn func()) (interrupted bool) {
	sigs := make(chan os.Signal, 1)
	held := make(chan struct{})
	interruptHolds.Lock()
	interruptHolds.setting = append(interruptHolds.setting, held)
	interruptHolds.Unlock()
	go func() {
		notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		close(held)
	}()
	defer func() {
		<-held
		signal.Stop(sigs)
		interruptHolds.Lock()
		interruptHolds.setting = slices.DeleteFunc(interruptHolds.setting, func(c chan struct{}) bool { return c == held })
		interruptHolds.Unlock()
	}()
	fn()
	<-held
	select {
	case <-sigs:
		return true
	default:
		return false
	}
}

// notify is signal.Notify; tests slow it down.
var notify = signal.Notify

// interruptHolds is the interrupt holds being set up (each channel closed once in
// place).
var interruptHolds struct {
	sync.Mutex
	setting []chan struct{}
}

// awaitHolds waits until every interrupt hold being set up is in place.
func awaitHolds() {
	interruptHolds.Lock()
	setting := slices.Clone(interruptHolds.setting)
	interruptHolds.Unlock()
	for _, c := range setting {
		<-c
	}
}
