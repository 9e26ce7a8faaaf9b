package gitops

import (
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// go-git rewrites the index, refs and config in place (truncate, then
// write), so a process killed in between leaves an empty .git/index or an
// empty ref, which git then refuses. atomicFS gives go-git, for both the
// repository and the work tree, files that are written to a temporary file
// beside the real one, flushed to disk and renamed over it on Close: a
// reader, or the next command after a kill -9, sees the old content or the
// new, never a part. Objects go-git writes through TempFile are flushed
// before go-git renames them into place.

// openGit opens the repository whose work tree is root through atomicFS.
// With streaming, objects past largeObject (drafts, not commits, trees or
// tags) are read as streams rather than whole into go-git's object cache:
// for a handle that reads drafts' text once, caching costs a copy and a
// second SHA-1 of the whole text. Not for the handle that packs and
// pushes: go-git's packer reads each object more than once, and would
// unpack a streamed one each time (a push of 100 drafts took three times
// as long).
func openGit(root string, streaming bool) (*git.Repository, error) {
	if fi, err := os.Stat(filepath.Join(root, git.GitDirName)); err != nil || !fi.IsDir() {
		// A .git file (a linked work tree) or nothing: go-git's own
		// resolution, and its own errors.
		return git.PlainOpen(root)
	}
	dot := atomicFS{osfs.New(filepath.Join(root, git.GitDirName))}
	wt := atomicFS{osfs.New(root)}
	// Listing a thousand drafts reads a thousand tags from the same packs,
	// so the pack files stay open instead of being opened for each object;
	// they close with the process (or when the repository is garbage
	// collected).
	opts := filesystem.Options{KeepDescriptors: true}
	if streaming {
		opts.LargeObjectThreshold = largeObject
	}
	st := filesystem.NewStorageWithOptions(dot, cache.NewObjectLRUDefault(), opts)
	return git.Open(st, wt)
}

// largeObject is the size past which a text reader streams an object:
// about 5,000 words of text.
const largeObject = 32 << 10

type atomicFS struct{ billy.Filesystem }

func (a atomicFS) Chroot(p string) (billy.Filesystem, error) {
	fs, err := a.Filesystem.Chroot(p)
	if err != nil {
		return nil, err
	}
	return atomicFS{fs}, nil
}

func (a atomicFS) Capabilities() billy.Capability { return billy.Capabilities(a.Filesystem) }

func (a atomicFS) Create(name string) (billy.File, error) {
	return a.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (a atomicFS) TempFile(dir, prefix string) (billy.File, error) {
	f, err := a.Filesystem.TempFile(dir, prefix)
	if err != nil {
		return nil, err
	}
	return syncOnClose{f}, nil
}

// OpenFile opens files for reading as they are; a file opened for writing
// is replaced whole on Close. go-git never writes part of a file in place:
// it truncates first (refs, after reading the old value to compare).
func (a atomicFS) OpenFile(name string, flag int, perm os.FileMode) (billy.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR) == 0 || flag&os.O_APPEND != 0 {
		return a.Filesystem.OpenFile(name, flag, perm)
	}
	f := &atomicFile{fs: a.Filesystem, name: name, perm: perm &^ 0o022, dirty: flag&os.O_TRUNC != 0}
	if fi, err := a.Filesystem.Stat(name); err == nil {
		f.perm = fi.Mode().Perm()
	}
	if flag&os.O_TRUNC == 0 {
		orig, err := a.Filesystem.OpenFile(name, os.O_RDONLY, 0)
		switch {
		case err == nil:
			f.orig = orig
		case !os.IsNotExist(err) || flag&os.O_CREATE == 0:
			return nil, err
		}
	} else if flag&os.O_CREATE == 0 {
		if _, err := a.Filesystem.Stat(name); err != nil {
			return nil, err
		}
	}
	return f, nil
}

type atomicFile struct {
	fs    billy.Filesystem
	name  string
	perm  os.FileMode
	orig  billy.File // the current content, for reading and locking; nil when new
	tmp   billy.File // the new content, made at the first write
	dirty bool       // Close replaces the file
}

func (f *atomicFile) Name() string { return f.name }

func (f *atomicFile) Read(p []byte) (int, error) {
	if f.orig == nil || f.dirty {
		return 0, io.EOF
	}
	return f.orig.Read(p)
}

func (f *atomicFile) ReadAt(p []byte, off int64) (int, error) {
	if f.orig == nil || f.dirty {
		return 0, io.EOF
	}
	return f.orig.ReadAt(p, off)
}

func (f *atomicFile) Seek(off int64, whence int) (int64, error) {
	if f.tmp != nil {
		return f.tmp.Seek(off, whence)
	}
	if f.orig != nil {
		return f.orig.Seek(off, whence)
	}
	return 0, nil
}

func (f *atomicFile) temp() error {
	if f.tmp != nil {
		return nil
	}
	tmp, err := f.fs.TempFile(path.Dir(filepath.ToSlash(f.name)), "."+path.Base(filepath.ToSlash(f.name))+".tmp-")
	f.tmp = tmp
	return err
}

func (f *atomicFile) Write(p []byte) (int, error) {
	if err := f.temp(); err != nil {
		return 0, err
	}
	f.dirty = true
	return f.tmp.Write(p)
}

// Truncate starts the new content; go-git only ever truncates to zero.
func (f *atomicFile) Truncate(size int64) error {
	if err := f.temp(); err != nil {
		return err
	}
	f.dirty = true
	return f.tmp.Truncate(size)
}

func (f *atomicFile) Lock() error {
	if f.orig != nil {
		return f.orig.Lock()
	}
	return nil
}

func (f *atomicFile) Unlock() error {
	if f.orig != nil {
		return f.orig.Unlock()
	}
	return nil
}

func (f *atomicFile) Close() error {
	if f.orig != nil {
		defer f.orig.Close()
	}
	if !f.dirty {
		if f.tmp != nil {
			f.tmp.Close()
			f.fs.Remove(f.tmp.Name())
		}
		return nil
	}
	if err := f.temp(); err != nil {
		return err
	}
	err := syncFile(f.tmp)
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if ch, ok := f.fs.(billy.Change); ok && err == nil {
		err = ch.Chmod(f.tmp.Name(), f.perm)
	}
	if err == nil {
		err = f.fs.Rename(f.tmp.Name(), f.name)
	}
	if err != nil {
		f.fs.Remove(f.tmp.Name())
		return err
	}
	syncDir(filepath.Join(f.fs.Root(), filepath.Dir(filepath.FromSlash(f.name))))
	return nil
}

// syncOnClose flushes a temporary file to disk before go-git renames it
// into place.
type syncOnClose struct{ billy.File }

func (f syncOnClose) Close() error {
	err := syncFile(f.File)
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncFile(f billy.File) error {
	if s, ok := f.(interface{ Sync() error }); ok {
		return s.Sync()
	}
	return nil
}

// syncDir makes a rename in dir durable. Best effort: not every system can
// sync a directory, and the rename itself is done.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
