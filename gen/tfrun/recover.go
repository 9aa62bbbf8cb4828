package tfrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// applyRecord is written before terraform apply starts and removed when it
// returns. Found by a later run, it means moochat died during an apply.
type applyRecord struct {
	PID         int       `json:"pid"`
	Started     time.Time `json:"started"`
	Destroy     bool      `json:"destroy"`
	StateBackup string    `json:"state_backup,omitempty"` // "" when there was no state yet
}

func (r *Runner) applyRecordFile() string { return filepath.Join(r.work, "apply-running.json") }

// StateBackupFile is where apply copies the state before it starts.
func (r *Runner) StateBackupFile() string { return filepath.Join(r.work, "state-before-apply.tfstate") }

func (r *Runner) stateFile() string { return filepath.Join(r.dir, "terraform.tfstate") }

// beginApply copies the local state aside (only its owner may read it: it
// holds secrets) and records that an apply is running. It fails, and the
// apply does not start, when the copy cannot be made.
func (r *Runner) beginApply(destroy bool) error {
	rec := applyRecord{PID: os.Getpid(), Started: time.Now().UTC().Truncate(time.Second), Destroy: destroy}
	b, err := os.ReadFile(r.stateFile())
	switch {
	case errors.Is(err, os.ErrNotExist):
		os.Remove(r.StateBackupFile())
	case err != nil:
		return fmt.Errorf("backing up the state: %w", err)
	default:
		if err := writeFile(r.StateBackupFile(), b, 0o600); err != nil {
			return fmt.Errorf("backing up the state to %s: %w", r.StateBackupFile(), err)
		}
		rec.StateBackup = r.StateBackupFile()
	}
	return writeJSON(r.applyRecordFile(), rec, 0o644)
}

func (r *Runner) endApply() { os.Remove(r.applyRecordFile()) }

// InterruptedApplyError is a run that will not start because the last
// apply was interrupted and the state needs a person's look first.
type InterruptedApplyError struct {
	Dir    string
	Detail string
}

func (e *InterruptedApplyError) Error() string { return e.Detail }

// checkInterruptedApply looks for an apply that moochat did not see to
// its end. If the terraform it started is still running, the environment
// is busy. If terraform stopped and the state reads back, the run goes on
// and hears what happened (a "recover" step notice). If the state is
// missing or broken, the run stops with how to recover.
func (r *Runner) checkInterruptedApply() error {
	var rec applyRecord
	if err := readJSON(r.applyRecordFile(), &rec); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return &InterruptedApplyError{Dir: r.dir, Detail: fmt.Sprintf("%s is unreadable (%v): an earlier apply was interrupted; check %s and remove that file",
			r.applyRecordFile(), err, r.stateFile())}
	}
	if pid := r.lastTerraformPID(); pid > 0 && terraformAlive(pid, r.tfPath) {
		return &BusyError{Dir: r.dir, Holder: fmt.Sprintf("terraform (pid %d), started by an apply whose moochat (pid %d) is gone and now stopping on its own,", pid, rec.PID)}
	}
	what := fmt.Sprintf("the last apply on %s (moochat pid %d, started %s) was interrupted before it finished",
		r.name, rec.PID, rec.Started.Format(time.DateTime+" UTC"))
	var unlock string
	if id := terraformLockID(r.dir); id != "" {
		unlock = fmt.Sprintf("; terraform's state lock was left behind: release it with `terraform -chdir=%s force-unlock -force %s`", r.dir, id)
	}
	if err := validState(r.stateFile()); err != nil {
		how := "there is no state from before it (it was the first apply): every resource it created must be found and imported, or removed by hand"
		if rec.StateBackup != "" {
			how = fmt.Sprintf("the state from before it is in %s: check it, then restore it with `cp %s %s` (resources the interrupted apply created are then missing from the state: import them or remove them by hand)",
				rec.StateBackup, rec.StateBackup, r.stateFile())
		}
		if _, err := os.Stat(filepath.Join(r.dir, "errored.tfstate")); err == nil {
			how += fmt.Sprintf("; terraform saved the state it could not write in %s, which is newer: prefer it when it reads", filepath.Join(r.dir, "errored.tfstate"))
		}
		return &InterruptedApplyError{Dir: r.dir, Detail: fmt.Sprintf("%s, and %s %v: %s%s; then run moochat again",
			what, r.stateFile(), err, how, unlock)}
	}
	r.emit(StepEvent{Step: "recover", Kind: StepNotice, Reason: fmt.Sprintf(
		"%s; terraform stopped on its own and %s reads back. Run `moochat plan -env %s` to see what is left to do; the state from before that apply is in %s%s",
		what, r.stateFile(), r.name, orNone(rec.StateBackup), unlock)})
	if unlock == "" {
		r.endApply()
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none: it was the first apply)"
	}
	return s
}

// validState checks that a local state file is whole JSON state.
func validState(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return errors.New("is missing")
	}
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return errors.New("is empty (0 bytes)")
	}
	var st struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(b, &st); err != nil || st.Version == nil {
		return fmt.Errorf("is not a valid state (%d bytes, not whole JSON)", len(b))
	}
	return nil
}

func (r *Runner) lastTerraformPID() int {
	b, err := os.ReadFile(r.terraformPIDFile())
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// terraformLockID is the ID of a local state lock terraform left behind.
func terraformLockID(dir string) string {
	var info struct {
		ID string `json:"ID"`
	}
	if readJSONLoose(filepath.Join(dir, ".terraform.tfstate.lock.info"), &info) != nil {
		return ""
	}
	return info.ID
}

func readJSONLoose(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
