package write_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

// TestMain lets the fault-injection test run this binary as a generator:
// with WRITE_FAULT_ROOT set it writes tree WRITE_FAULT_TREE there, holding
// interrupts as `go run ./gen` does, and exits 130 when interrupted.
func TestMain(m *testing.M) {
	if root := os.Getenv("WRITE_FAULT_ROOT"); root != "" {
		var err error
		interrupted := write.HoldingInterrupts(func() {
			_, err = write.Tree(root, faultTree(os.Getenv("WRITE_FAULT_TREE")))
		})
		switch {
		case err != nil:
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		case interrupted:
			os.Exit(130)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// faultTree is one of two versions of a tree like out/: in "A" every
// module is HCL and takes input "name"; in "B" it is JSON and takes
// "label", so that a mixed tree has both main.tf and main.tf.json in a
// module, or a root out of step with its modules, as the issue saw.
func faultTree(v string) []write.File {
	const modules = 150
	var files []write.File
	var root strings.Builder
	root.WriteString("# " + write.Marker + "fault test; DO NOT EDIT.\n")
	pad := strings.Repeat("#", 2048)
	for i := range modules {
		dir := fmt.Sprintf("modules/m%03d", i)
		switch v {
		case "A":
			files = append(files, write.File{Path: dir + "/main.tf", Data: []byte(fmt.Sprintf(
				"# %sfault test; DO NOT EDIT.\nvariable \"name\" {}\n%s\n", write.Marker, pad))})
			fmt.Fprintf(&root, "module \"m%03d\" {\n  source = \"../../%s\"\n  name = \"x\"\n}\n", i, dir)
		default:
			files = append(files, write.File{Path: dir + "/main.tf.json", Data: []byte(fmt.Sprintf(
				"{\"//\": \"%sfault test; DO NOT EDIT.\", \"variable\": {\"label\": {}}, \"pad\": %q}\n", write.Marker, pad))})
			fmt.Fprintf(&root, "module \"m%03d\" {\n  source = \"../../%s\"\n  label = \"x\"\n}\n", i, dir)
		}
	}
	return append(files, write.File{Path: "envs/dev/main.tf", Data: []byte(root.String())})
}

// treeIs reports whether the files below root (outside dot-directories,
// the manifest aside) are exactly want, and lists temporary files.
func treeIs(t *testing.T, root string, want []write.File) (same bool, temps []string) {
	t.Helper()
	got := map[string][]byte{}
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".tmp") {
			temps = append(temps, rel)
			return nil
		}
		if rel == write.ManifestName {
			return nil
		}
		b, _ := os.ReadFile(p)
		got[rel] = b
		return nil
	})
	if len(got) != len(want) {
		return false, temps
	}
	for _, f := range want {
		if !bytes.Equal(got[f.Path], f.Data) {
			return false, temps
		}
	}
	return true, temps
}

// TestFaultInjection kills a generator writing out/ with SIGKILL or SIGINT
// at random moments while it switches between two trees (up to 200 runs,
// at most 30 s): after a SIGINT the tree must be whole at once (the
// generator finishes, then exits); after a SIGKILL it must be whole once
// the next run's first step (Recover) is done. Whole means exactly the
// old tree or exactly the new one, and no temporary file anywhere (issue
// 11, items 7 and 8, and the fault-injection proof).
func TestFaultInjection(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	t.Parallel()
	root := t.TempDir()
	trees := map[string][]write.File{"A": faultTree("A"), "B": faultTree("B")}
	if _, err := write.Tree(root, trees["A"]); err != nil {
		t.Fatal(err)
	}
	// How long one whole switch takes here, to spread the kills over it.
	start := time.Now()
	run := func(v string) *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "WRITE_FAULT_ROOT="+root, "WRITE_FAULT_TREE="+v)
		return cmd
	}
	if out, err := run("B").CombinedOutput(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	span := time.Since(start)
	if out, err := run("A").CombinedOutput(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	cur := "A"
	deadline := time.Now().Add(30 * time.Second)
	rng := rand.New(rand.NewPCG(11, uint64(time.Now().UnixNano())))
	var runs, kills, ints, mixedSeen int
	for runs = 0; runs < 200 && time.Now().Before(deadline); runs++ {
		next := map[string]string{"A": "B", "B": "A"}[cur]
		sig := syscall.SIGKILL
		if runs%2 == 1 {
			sig = syscall.SIGINT
		}
		cmd := run(next)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(span) + 1)))
		cmd.Process.Signal(sig)
		cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		if sig == syscall.SIGKILL {
			kills++
			if same, _ := treeIs(t, root, trees[cur]); !same {
				if same, _ := treeIs(t, root, trees[next]); !same {
					mixedSeen++ // killed mid-switch: Recover must mend it
				}
			}
			if _, err := write.Recover(root); err != nil {
				t.Fatalf("run %d: recover: %v", runs, err)
			}
		} else {
			ints++
			if code != 0 && code != 130 && code != -1 {
				t.Fatalf("run %d: generator exited %d after SIGINT", runs, code)
			}
		}
		oldOK, temps := treeIs(t, root, trees[cur])
		newOK, _ := treeIs(t, root, trees[next])
		if !oldOK && !newOK {
			t.Fatalf("run %d (%v after up to %s): the tree is neither the old nor the new one", runs, sig, span)
		}
		if len(temps) > 0 {
			t.Fatalf("run %d (%v): temporary files left: %v", runs, sig, temps)
		}
		if newOK {
			cur = next
		}
	}
	t.Logf("%d runs (%d SIGKILL, %d SIGINT), spread over %s; %d kills left a mixed tree that Recover completed", runs, kills, ints, span, mixedSeen)
}

// TestTreeTouchesOnlyWhatItOwns: gen removes only files its manifest
// records; a user's tfvars copied from a generated one, a state whose
// text holds the marker, and hand-written notes stay; a directory holding
// someone else's generated files is refused as an output root, and an
// edited file gen no longer makes is kept (issue 11, item 4).
func TestTreeTouchesOnlyWhatItOwns(t *testing.T) {
	root := t.TempDir()
	if _, err := write.Tree(root, []write.File{gen("envs/dev/main.tf", "1"), gen("envs/dev/example.auto.tfvars", "x = 1"), gen("modules/a/main.tf", "a")}); err != nil {
		t.Fatal(err)
	}
	theirs := map[string]string{
		"envs/dev/mine.auto.tfvars":  "# " + write.Marker + "test; DO NOT EDIT.\nx = 2\n",
		"envs/dev/terraform.tfstate": `{"version": 4, "outputs": {"o": {"value": "` + write.Marker + `x"}}}`,
		"modules/a/NOTES.md":         "mine",
		"envs/dev/.terraform/x.tf":   "# " + write.Marker + "x",
	}
	for p, c := range theirs {
		os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755)
		os.WriteFile(filepath.Join(root, p), []byte(c), 0o644)
	}
	res, err := write.Tree(root, []write.File{gen("envs/dev/main.tf", "2")})
	if err != nil {
		t.Fatal(err)
	}
	for p, c := range theirs {
		if got := read(t, filepath.Join(root, p)); got != c {
			t.Errorf("%s was touched: %q", p, got)
		}
	}
	if strings.Join(res.Removed, " ") != "envs/dev/example.auto.tfvars modules/a/main.tf" {
		t.Errorf("removed %v, want only the generator's own files", res.Removed)
	}

	// An edited generated file that is no longer made is kept.
	os.WriteFile(filepath.Join(root, "envs/dev/main.tf"), []byte("# "+write.Marker+"edited"), 0o644)
	res, err = write.Tree(root, nil)
	if err != nil || len(res.Kept) != 1 || len(res.Removed) != 0 {
		t.Errorf("edited stale file: kept %v removed %v (%v); want it kept", res.Kept, res.Removed, err)
	}

	// Someone else's folder: a generated Go file and a repository's
	// generated bindings. Refused, nothing written.
	other := t.TempDir()
	os.MkdirAll(filepath.Join(other, "gen/bindings/aws"), 0o755)
	foreign := map[string]string{
		"x.pb.go":                  "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n",
		"gen/bindings/aws/s3.go":   "// Code generated by go run ./gen/bindgen; DO NOT EDIT.\npackage aws\n",
		"go.mod":                   "module x\n",
		"modules/a/main.tf.backup": "x",
	}
	for p, c := range foreign {
		os.MkdirAll(filepath.Dir(filepath.Join(other, p)), 0o755)
		os.WriteFile(filepath.Join(other, p), []byte(c), 0o644)
	}
	_, err = write.Tree(other, []write.File{gen("modules/a/main.tf", "a")})
	if err == nil || !strings.Contains(err.Error(), "not an output root of this generator") || !strings.Contains(err.Error(), "x.pb.go") {
		t.Fatalf("-out at another project's folder: %v; want a refusal naming its generated files", err)
	}
	for p, c := range foreign {
		if got := read(t, filepath.Join(other, p)); got != c {
			t.Errorf("%s was touched: %q", p, got)
		}
	}
	if _, err := os.Stat(filepath.Join(other, "modules/a/main.tf")); !os.IsNotExist(err) {
		t.Error("a file was written into a refused root")
	}
}

// TestTreeRefusesSymlinks: a module folder or a file in out/ that is a
// symbolic link is refused; nothing is written through it (issue 11,
// item 12).
func TestTreeRefusesSymlinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if _, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a"), gen("envs/dev/main.tf", "d")}); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(root, "modules/a"))
	if err := os.Symlink(outside, filepath.Join(root, "modules/a")); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(root, "envs/dev/main.tf"))
	os.WriteFile(filepath.Join(outside, "target.tf"), []byte("mine"), 0o644)
	os.Symlink(filepath.Join(outside, "target.tf"), filepath.Join(root, "envs/dev/main.tf"))
	_, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a2"), gen("envs/dev/main.tf", "d2")})
	if err == nil || strings.Count(err.Error(), "is a symbolic link") != 2 {
		t.Fatalf("writing through symbolic links: %v; want both refused", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 || read(t, filepath.Join(outside, "target.tf")) != "mine" {
		t.Errorf("something was written outside out/ through a link: %v", entries)
	}
}

// TestTreeRemovesTempFilesOfKilledRuns: staging files a killed run left
// are removed by the next run (issue 11, item 8).
func TestTreeRemovesTempFilesOfKilledRuns(t *testing.T) {
	root := t.TempDir()
	if _, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a")}); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(root, "modules/a/.main.tf.123456.tmp")
	os.WriteFile(stray, []byte("half"), 0o644)
	res, err := write.Tree(root, []write.File{gen("modules/a/main.tf", "a")})
	if err != nil || res.TempRemoved != 1 {
		t.Fatalf("temp files removed %d (%v), want 1", res.TempRemoved, err)
	}
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Error("the stray temporary file survived")
	}
}
