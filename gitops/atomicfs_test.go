package gitops

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-billy/v5/osfs"
)

// What go-git writes through atomicFS appears whole on Close, never before
// and never in part: a kill -9 mid-write leaves the old file.
func TestAtomicFSReplacesFilesWhole(t *testing.T) {
	dir := t.TempDir()
	index := filepath.Join(dir, "index")
	if err := os.WriteFile(index, []byte("old index"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := atomicFS{osfs.New(dir)}
	f, err := fs.Create("index")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new ")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(index); string(got) != "old index" {
		t.Errorf("while writing, the index reads %q", got)
	}
	f.Write([]byte("index"))
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(index); string(got) != "new index" {
		t.Errorf("after Close, the index reads %q", got)
	}

	// A ref as go-git updates it: read the old value, truncate, write.
	ref := filepath.Join(dir, "ref")
	os.WriteFile(ref, []byte("aaaa\n"), 0o644)
	g, err := fs.OpenFile("ref", os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	if old, _ := io.ReadAll(g); string(old) != "aaaa\n" {
		t.Errorf("read the old ref as %q", old)
	}
	g.Seek(0, io.SeekStart)
	g.Truncate(0)
	if got, _ := os.ReadFile(ref); string(got) != "aaaa\n" {
		t.Errorf("after the truncate, the ref reads %q", got)
	}
	g.Write([]byte("bbbb\n"))
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(ref); string(got) != "bbbb\n" {
		t.Errorf("after Close, the ref reads %q", got)
	}

	// Opened for writing, left unwritten: nothing changes, nothing is made.
	h, _ := fs.OpenFile("never", os.O_RDWR|os.O_CREATE, 0o666)
	h.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}
