package gitops

import (
	"crypto/sha1"
	"encoding/hex"
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
	r.writeCacheFile(textCacheDir, h.String(), text, textCacheKeep)
}

// Reading a file of a revision inflates and hashes the tag, the commit and
// the tree before the file itself. Which blob a path is in a revision
// never changes, since both are named by their content, so it is kept too,
// in a file named by the revision and the path.
const (
	blobAtDir  = "casestudy/blob-at"
	blobAtKeep = 256
)

func blobAtName(rev SHA, path string) (string, bool) {
	if !isObjectID(string(rev)) {
		return "", false // a name that may move, such as HEAD
	}
	sum := sha1.Sum([]byte(path))
	return string(rev) + "-" + hex.EncodeToString(sum[:10]), true
}

func (r *Repo) cachedBlobAt(rev SHA, path string) (plumbing.Hash, bool) {
	name, ok := blobAtName(rev, path)
	if !ok {
		return plumbing.ZeroHash, false
	}
	b, err := os.ReadFile(filepath.Join(r.GitDir(), blobAtDir, name))
	if err != nil || !isObjectID(string(b)) {
		return plumbing.ZeroHash, false
	}
	return plumbing.NewHash(string(b)), true
}

func (r *Repo) cacheBlobAt(rev SHA, path string, blob plumbing.Hash) {
	if name, ok := blobAtName(rev, path); ok {
		r.writeCacheFile(blobAtDir, name, blob.String(), blobAtKeep)
	}
}

func isObjectID(s string) bool {
	if len(s) != 40 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// writeCacheFile replaces dir/name (dir under .git) whole, through a
// temporary file, and keeps the keep most recent files of dir. A cache
// that cannot be written is only slower, so errors are dropped.
func (r *Repo) writeCacheFile(dir, name, content string, keep int) {
	dir = filepath.Join(r.GitDir(), dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return
	}
	_, werr := tmp.WriteString(content)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(dir, name)) != nil {
		os.Remove(tmp.Name())
		return
	}
	trimCache(dir, keep)
}

// trimCache keeps the most recently written files of dir.
func trimCache(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= keep {
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
	for _, f := range files[min(keep, len(files)):] {
		os.Remove(filepath.Join(dir, f.name))
	}
}
