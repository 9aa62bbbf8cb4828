// Command schemagen refreshes the committed provider schema snapshots: it
// runs `terraform providers schema -json` through terraform-exec in a
// temporary directory, with providers installed from this machine's
// filesystem mirror, writes the output gzipped to
// gen/schema/snapshot/<name>-<version>.json.gz and derives the compact form
// (<name>-<version>.compact) that validation loads.
//
//	go run ./gen/schema/schemagen                     # make schemas
//	go run ./gen/schema/schemagen -compact-only       # re-derive from the JSON snapshots
//	go run ./gen/schema/schemagen -provider aws=hashicorp/aws@5.100.0
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tfcli"
)

func main() {
	dir := flag.String("dir", "gen/schema/snapshot", "snapshot directory")
	provider := flag.String("provider", "aws=hashicorp/aws@5.100.0", "provider as name=source@version")
	compactOnly := flag.Bool("compact-only", false, "only re-derive the compact forms from the JSON snapshots in -dir")
	flag.Parse()
	if err := run(*dir, *provider, *compactOnly); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

func run(dir, provider string, compactOnly bool) error {
	if !compactOnly {
		if err := fetch(dir, provider); err != nil {
			return err
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no *.json.gz snapshot in %s", dir)
	}
	for _, f := range files {
		if err := derive(f); err != nil {
			return err
		}
	}
	return nil
}

// derive writes the compact form next to a JSON snapshot.
func derive(jsonPath string) error {
	s, err := schema.ReadSnapshot(jsonPath)
	if err != nil {
		return err
	}
	name, version, _ := schema.ParseSnapshotName(jsonPath)
	for _, p := range s.Providers {
		if p.LocalName() != name {
			continue
		}
		data, err := schema.EncodeCompact(p)
		if err != nil {
			return err
		}
		out := filepath.Join(filepath.Dir(jsonPath), schema.CompactName(name, version))
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d resources, %d data sources, %d bytes\n", out, len(p.ResourceTypes()), len(p.DataSourceTypes()), len(data))
	}
	return nil
}

// fetch runs terraform to write the JSON snapshot of one provider.
func fetch(dir, spec string) error {
	name, rest, ok := strings.Cut(spec, "=")
	source, version, ok2 := strings.Cut(rest, "@")
	if !ok || !ok2 {
		return fmt.Errorf("-provider %q: want name=source@version", spec)
	}
	execPath, err := exec.LookPath("terraform")
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "schemagen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	cfg := fmt.Sprintf("terraform {\n  required_providers {\n    %s = {\n      source  = %q\n      version = %q\n    }\n  }\n}\n", name, source, version)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o644); err != nil {
		return err
	}
	mirror, err := tfcli.FindMirror()
	if err != nil {
		return err
	}
	cliConfig, err := tfcli.Config{Mirror: mirror}.Write(filepath.Join(work, "cli.tfrc"))
	if err != nil {
		return err
	}
	tf, err := tfexec.NewTerraform(work, execPath)
	if err != nil {
		return err
	}
	if err := tf.SetEnv(map[string]string{"TF_CLI_CONFIG_FILE": cliConfig, "CHECKPOINT_DISABLE": "1"}); err != nil {
		return err
	}
	ctx := context.Background()
	if err := tf.Init(ctx, tfexec.Upgrade(false)); err != nil {
		return err
	}
	_, versions, err := tf.Version(ctx, true)
	if err != nil {
		return err
	}
	full := schema.NormalizeSource(source)
	got := versions[full]
	if got == nil || got.String() != version {
		return fmt.Errorf("terraform installed %s %v, want %s", full, got, version)
	}
	var raw bytes.Buffer
	tf.SetStdout(&raw)
	if _, err := tf.ProvidersSchema(ctx); err != nil {
		return err
	}
	out := filepath.Join(dir, schema.SnapshotName(name, version))
	if err := schema.WriteSnapshot(out, bytes.TrimSpace(raw.Bytes())); err != nil {
		return err
	}
	fmt.Printf("%s: %d bytes of JSON\n", out, raw.Len())
	return nil
}
