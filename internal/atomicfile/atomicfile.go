// Package atomicfile replaces a file's content all at once: it writes a
// temporary file beside it, flushes it to disk and renames it over the old
// one, so a crash, a kill -9, a power cut or a full disk leaves either the
// old text or the new, never half of it.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with data, keeping the file's permissions (0644 for
// a new file). Errors name path, never the temporary file.
func Write(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory", path)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return fmt.Errorf("cannot write %s: there is no directory %s", path, filepath.Dir(path))
	}
	if err := write(path, data); err != nil {
		var pe *fs.PathError
		var le *os.LinkError
		switch {
		case errors.As(err, &pe):
			err = pe.Err // its path is the temporary file's
		case errors.As(err, &le):
			err = le.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

func write(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	// Without the sync, a crash soon after the rename can leave the new
	// name pointing at an empty file on some file systems.
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename itself lasts once the directory is synced; not every
	// system can sync a directory, and the file is in place either way.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
