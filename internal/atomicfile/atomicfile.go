// Package atomicfile replaces a file's content all at once: it writes a
// temporary file beside it and renames it over the old one, so a crash or
// a full disk leaves either the old text or the new, never half of it.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path with data, keeping the file's permissions (0644 for
// a new file).
func Write(path string, data []byte) error {
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
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
