package worktree

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFile(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "reviews"), 0o755))
	must(os.WriteFile(filepath.Join(root, "doc.md"), nil, 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret.md"), nil, 0o644))
	must(os.Symlink(outside, filepath.Join(root, "export")))
	must(os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "link.md")))
	must(os.Mkdir(filepath.Join(root, "dir.md"), 0o755))
	for rel, ok := range map[string]bool{
		"doc.md": true, "reviews/round-1.md": true, "new/dir/file.md": true,
		"export/case-study.html": false, "link.md": false, "dir.md": false, "doc.md/x": false,
		"../x.md": false, "/etc/passwd": false, "": false, `a\b`: false,
	} {
		_, err := File(root, rel)
		if (err == nil) != ok || err != nil && !errors.Is(err, ErrUnsafePath) {
			t.Errorf("File(%q) = %v, want ok=%v", rel, err, ok)
		}
	}
}
