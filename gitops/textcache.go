package gitops

import (
	"os"
	"path/filepath"
	"sort"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing"
)

// Comparing drafts reads the same few documents again and again, and
// go-git inflates and hashes a 200 KB blob twice on every read. Keeping the
// plain text of the most recently read blobs, named by their hash, makes a
// second read a plain file read. A blob's hash names its content, so a
// cached copy can never be stale.
const (
	textCacheDir  = "casestudy/text"
	textCacheKeep = 16
)

func (r *Repo) textCachePath(h plumbing.Hash) string {
	return filepath.Join(r.GitDir(), textCacheDir, h.String())
}

func (r *Repo) cachedText(h plumbing.Hash) (string, bool) {
	b, err := readShared(r.textCachePath(h))
	if err != nil {
		return "", false
	}
	if len(b) == 0 {
		return "", true
	}
	// b is never written again, so the string may share its bytes: a copy
	// of a 200 KB draft would cost as much as reading it.
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

// cacheText keeps a blob's text; failing to is harmless, so errors are
// dropped.
func (r *Repo) cacheText(h plumbing.Hash, text string) {
	dir := filepath.Join(r.GitDir(), textCacheDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return
	}
	_, werr := tmp.WriteString(text)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), r.textCachePath(h)) != nil {
		os.Remove(tmp.Name())
		return
	}
	r.trimTextCache(dir)
}

// trimTextCache keeps the most recently written copies.
func (r *Repo) trimTextCache(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= textCacheKeep {
		return
	}
	type aged struct {
		name string
		mod  int64
	}
	var files []aged
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			files = append(files, aged{e.Name(), info.ModTime().UnixNano()})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod > files[j].mod })
	for _, f := range files[min(textCacheKeep, len(files)):] {
		os.Remove(filepath.Join(dir, f.name))
	}
}
