package tfrun

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// providerServers are provider plugins the runner started itself, in
// their debug mode, so that plan and show -json talk to one running
// provider (TF_REATTACH_PROVIDERS) instead of each starting and
// describing it again: that saves about three seconds per plan with the
// AWS provider. Terraform does not stop providers it reattached to; stop
// does.
type providerServers struct {
	cmds []*exec.Cmd
	info tfexec.ReattachInfo
}

// reattachLine is how a plugin in debug mode announces itself.
const reattachLine = "TF_REATTACH_PROVIDERS='"

// startProviders starts every provider init installed under
// .terraform/providers. It returns nil, without error, when there is
// nothing to share or sharing is off; a provider that does not start in
// debug mode is an error, and the caller then plans the usual way.
func (r *Runner) startProviders(ctx context.Context) (*providerServers, error) {
	if err := r.canShareProviders(); err != nil {
		return nil, err
	}
	bins, err := installedProviders(filepath.Join(r.dir, ".terraform", "providers"))
	if err != nil || len(bins) == 0 {
		return nil, err
	}
	env := os.Environ()[:0:0]
	for k, v := range r.environ() {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	s := &providerServers{info: tfexec.ReattachInfo{}}
	for addr, bin := range bins {
		info, cmd, err := startProvider(ctx, bin, env)
		if err != nil {
			s.stop()
			return nil, fmt.Errorf("provider %s: %w", addr, err)
		}
		s.cmds = append(s.cmds, cmd)
		for k, v := range info {
			s.info[k] = v
		}
	}
	return s, nil
}

// canShareProviders says why providers cannot be shared, or nil. One
// running provider serves one configuration: terraform would configure a
// shared process once per provider block (aws and aws.us_east_1, say),
// each configuration overwriting the last.
func (r *Runner) canShareProviders() error {
	if r.cfg.NoSharedProviders {
		return errors.New("Config.NoSharedProviders")
	}
	if r.root.cloud {
		return errors.New("remote runs start their own providers")
	}
	names := make([]string, 0, len(r.root.providerBlocks))
	for name := range r.root.providerBlocks {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if n := r.root.providerBlocks[name]; n > 1 {
			return fmt.Errorf("provider %s has %d configurations, and one shared process holds only one", name, n)
		}
	}
	return nil
}

// installedProviders maps each provider address (registry.terraform.io/
// hashicorp/aws) to its plugin binary for this platform, as init laid
// them out: <host>/<namespace>/<type>/<version>/<os_arch>/terraform-provider-*.
func installedProviders(dir string) (map[string]string, error) {
	out := map[string]string{}
	matches, err := filepath.Glob(filepath.Join(dir, "*", "*", "*", "*", "*", "terraform-provider-*"))
	if err != nil {
		return nil, err
	}
	for _, m := range matches {
		rel, err := filepath.Rel(dir, m)
		if err != nil {
			continue
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) != 6 {
			continue
		}
		if st, err := os.Stat(m); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			continue
		}
		out[strings.Join(parts[:3], "/")] = m
	}
	return out, nil
}

// startProvider runs one plugin in debug mode and reads the reattach
// configuration it prints.
func startProvider(ctx context.Context, bin string, env []string) (tfexec.ReattachInfo, *exec.Cmd, error) {
	cmd := exec.Command(bin, "-debug")
	cmd.Env = env
	// Its own process group, like terraform's: the terminal's Ctrl-C must
	// not kill the provider under a terraform that is stopping gracefully.
	setProcessGroup(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if i := strings.Index(line, reattachLine); i >= 0 && !sent {
				rest := line[i+len(reattachLine):]
				if j := strings.LastIndexByte(rest, '\''); j >= 0 {
					found <- rest[:j]
					sent = true
				}
			}
		}
		if !sent {
			close(found)
		}
		// The plugin keeps logging; keep reading so it never blocks.
		io.Copy(io.Discard, stdout)
	}()
	stop := func(err error) (tfexec.ReattachInfo, *exec.Cmd, error) {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, nil, err
	}
	select {
	case raw, ok := <-found:
		if !ok {
			return stop(errors.New("exited without a reattach configuration"))
		}
		var info tfexec.ReattachInfo
		if err := json.Unmarshal([]byte(raw), &info); err != nil {
			return stop(fmt.Errorf("reattach configuration: %w", err))
		}
		return info, cmd, nil
	case <-time.After(60 * time.Second):
		return stop(errors.New("no reattach configuration after 60s"))
	case <-ctx.Done():
		return stop(ctx.Err())
	}
}

// option is the reattach option for terraform-exec calls; nil servers
// give no option.
func (s *providerServers) options() []*tfexec.ReattachOption {
	if s == nil || len(s.info) == 0 {
		return nil
	}
	return []*tfexec.ReattachOption{tfexec.Reattach(s.info)}
}

// stop ends every provider the runner started.
func (s *providerServers) stop() {
	if s == nil {
		return
	}
	for _, c := range s.cmds {
		c.Process.Kill()
		c.Wait()
	}
	s.cmds = nil
}
