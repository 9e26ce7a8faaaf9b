package gitops

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked means another casestudy command is changing the repository.
var ErrLocked = errors.New("repository is locked")

// Lock keeps two casestudy commands from writing the repository at once
// (two saves could otherwise both take the same draft number). The lock is a
// file created exclusively, as git's own index.lock is.
func (r *Repo) Lock() (unlock func(), err error) {
	path := filepath.Join(r.GitDir(), "casestudy.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, os.ErrExist) && staleLock(path) {
		// Left by a command that was killed (Ctrl-C during a save): the
		// process that wrote it is gone, so the lock protects nothing.
		os.Remove(path)
		f, err = os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	}
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%w: another casestudy command is running (if none is, remove %s)", ErrLocked, path)
	}
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(path) }, nil
}

// staleLock reports whether a lock file names a process of this machine
// that no longer runs.
func staleLock(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return false
	}
	return !processRuns(pid)
}
