package tfrun

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// StampKeyEnv names the environment variable that points at the key file
// stamps are authenticated with, when the default place (the user's
// config directory) will not do: a read-only HOME, or a CI job that keeps
// the key elsewhere.
const StampKeyEnv = "MOOCHAT_STAMP_KEY"

// stampKeyFile is where the stamp key lives: Config.StampKeyFile, then
// $MOOCHAT_STAMP_KEY, then <user config dir>/moochat/stamp.key. It is kept
// outside the repository on purpose: whoever can edit out/ must not be
// able to forge a stamp.
func (c Config) stampKeyFile() (string, error) {
	if c.StampKeyFile != "" {
		return c.StampKeyFile, nil
	}
	if p := envValue(c.Environ, StampKeyEnv); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config directory for the stamp key (%v): set %s to a file outside the repository", err, StampKeyEnv)
	}
	return filepath.Join(dir, "moochat", "stamp.key"), nil
}

// loadStampKey reads the key, making it on first use: 32 random bytes, hex,
// in a file only its owner can read. A new key is written to a temporary
// file and linked into place, so that runs starting at the same moment
// all end up with the one key that won.
func loadStampKey(path string) ([]byte, error) {
	fail := func(err error) ([]byte, error) {
		return nil, fmt.Errorf("stamp key %s: %w (set %s to a writable file outside the repository)", path, err, StampKeyEnv)
	}
	if b, err := os.ReadFile(path); err == nil {
		return decodeKey(path, b)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fail(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fail(err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".stamp.key.*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(hex.EncodeToString(raw) + "\n")
	if err := errors.Join(werr, tmp.Close()); err != nil {
		return fail(err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return fail(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fail(err)
	}
	return decodeKey(path, b)
}

func decodeKey(path string, b []byte) ([]byte, error) {
	k, err := hex.DecodeString(string(trimNewline(b)))
	if err != nil || len(k) < 32 {
		return nil, fmt.Errorf("stamp key %s is not 32 or more hex-encoded bytes: remove it and a new one is made (every saved plan then needs planning again)", path)
	}
	return k, nil
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// stampMAC authenticates a stamp for one root module: an HMAC-SHA256 over
// the directory and the stamp's JSON without its MAC. A stamp edited by
// hand ("passed": true), or copied from another environment, no longer
// matches.
func stampMAC(key []byte, dir string, s Stamp) (string, error) {
	s.MAC = ""
	b, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(dir))
	m.Write([]byte{0})
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil)), nil
}
