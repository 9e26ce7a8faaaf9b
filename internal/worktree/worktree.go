// Package worktree keeps casestudy's reads and writes of the case study's
// files inside its working tree. A repository is shared: a committed
// symbolic link (reviews -> ../../elsewhere) must not make anyone's
// casestudy write, or count and publish, a file outside their clone.
package worktree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrUnsafePath means a path leads out of the working tree, through a
// symbolic link, or to something that is not a regular file.
var ErrUnsafePath = errors.New("not a regular file inside the case study")

// PathError says which path was refused and why.
type PathError struct {
	Path string // slash-separated, relative to the working tree
	Why  string
}

func (e *PathError) Error() string {
	return fmt.Sprintf("%s %s; casestudy reads and writes only regular files inside the case study, never through a symbolic link", e.Path, e.Why)
}

func (e *PathError) Unwrap() error { return ErrUnsafePath }

// File checks that rel (slash-separated, relative to root) names a regular
// file inside root, or one that does not exist yet, reached without
// following a symbolic link, and returns its absolute path. Directories on
// the way that do not exist are fine: MkdirAll makes them.
func File(root, rel string) (string, error) {
	local := filepath.FromSlash(rel)
	if rel == "" || !filepath.IsLocal(local) || strings.Contains(rel, "\\") {
		return "", &PathError{Path: rel, Why: "is not inside the case study"}
	}
	parts := strings.Split(filepath.Clean(local), string(filepath.Separator))
	at := root
	for i, p := range parts {
		at = filepath.Join(at, p)
		fi, err := os.Lstat(at)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", err
		}
		shown := strings.Join(parts[:i+1], "/")
		switch {
		case i == len(parts)-1 && fi.Mode()&fs.ModeSymlink != 0:
			return "", &PathError{Path: rel, Why: "is a symbolic link"}
		case fi.Mode()&fs.ModeSymlink != 0:
			return "", &PathError{Path: rel, Why: fmt.Sprintf("goes through %s, a symbolic link", shown)}
		case i < len(parts)-1 && !fi.IsDir():
			return "", &PathError{Path: rel, Why: fmt.Sprintf("goes through %s, which is not a directory", shown)}
		case i == len(parts)-1 && !fi.Mode().IsRegular():
			return "", &PathError{Path: rel, Why: "is not a regular file"}
		}
	}
	return filepath.Join(root, local), nil
}

// MkdirAll makes the directories that hold rel inside root, after File has
// checked that none on the way is a symbolic link.
func MkdirAll(root, rel string) (string, error) {
	abs, err := File(root, rel)
	if err != nil {
		return "", err
	}
	return abs, os.MkdirAll(filepath.Dir(abs), 0o755)
}

// Inside reports rel, the slash-separated path of abs inside root, when abs
// is inside root.
func Inside(root, abs string) (rel string, ok bool) {
	r, err := filepath.Rel(root, abs)
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}
