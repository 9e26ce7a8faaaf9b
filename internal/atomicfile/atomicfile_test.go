package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesAndKeepsPermissions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.md")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(data) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v", data, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if err := Write(filepath.Join(dir, "missing", "b.md"), []byte("x")); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func TestWriteNamesThePathNotTheTemporaryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "x.html")
	err := Write(path, []byte("x"))
	if err == nil || err.Error() != "cannot write "+path+": there is no directory "+filepath.Dir(path) {
		t.Errorf("Write into a missing directory: %v", err)
	}
}

func TestWriteOverADirectorySaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.html")
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	err := Write(path, []byte("x"))
	if err == nil || err.Error() != "cannot write "+path+": it is a directory" {
		t.Errorf("Write over a directory: %v", err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Errorf("the directory is gone: %v", err)
	}
}
