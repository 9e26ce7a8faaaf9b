package gitops

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var ana = Identity{Name: "Ana Silva", Email: "ana@example.com"}

func newRepo(t *testing.T) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := Init(dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func write(t *testing.T, r *Repo, path, content string) {
	t.Helper()
	p := filepath.Join(r.Root(), path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// git runs the real git CLI, to check that go-git wrote real git.
func gitCLI(t *testing.T, r *Repo, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Root()
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestCommitAllRecordsNewModifiedAndDeletedFiles(t *testing.T) {
	r := newRepo(t)
	write(t, r, "a.md", "one\n")
	write(t, r, "b.md", "two\n")
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	if _, err := r.CommitAll("first", ana, when); err != nil {
		t.Fatal(err)
	}
	write(t, r, "a.md", "one, changed\n")
	os.Remove(filepath.Join(r.Root(), "b.md"))
	write(t, r, "sub/c.md", "three\n")
	changes, err := r.Changes()
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{{"a.md", "modified"}, {"b.md", "deleted"}, {"sub/c.md", "new"}}
	if len(changes) != len(want) {
		t.Fatalf("changes = %v, want %v", changes, want)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Errorf("change %d = %v, want %v", i, changes[i], want[i])
		}
	}
	sha, err := r.CommitAll("second", ana, when.Add(time.Hour))
	if err != nil || sha == "" {
		t.Fatalf("CommitAll = %q, %v", sha, err)
	}
	if got := gitCLI(t, r, "ls-tree", "-r", "--name-only", "HEAD"); got != "a.md\nsub/c.md\n" {
		t.Errorf("tree after second commit:\n%s", got)
	}
	if got := gitCLI(t, r, "status", "--porcelain"); got != "" {
		t.Errorf("work tree not clean after CommitAll:\n%s", got)
	}
	gitCLI(t, r, "fsck", "--strict")

	again, err := r.CommitAll("nothing", ana, when)
	if err != nil || again != "" {
		t.Errorf("CommitAll with no change = %q, %v; want no commit", again, err)
	}
}

func TestCommitAllRespectsGitignore(t *testing.T) {
	r := newRepo(t)
	write(t, r, ".gitignore", "*.html\n")
	write(t, r, "a.md", "one\n")
	write(t, r, "redline.html", "<p>")
	if _, err := r.CommitAll("first", ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := gitCLI(t, r, "ls-tree", "-r", "--name-only", "HEAD"); strings.Contains(got, "redline.html") {
		t.Errorf("ignored file committed:\n%s", got)
	}
}

func TestAnnotatedTagsReadBack(t *testing.T) {
	r := newRepo(t)
	write(t, r, "a.md", "one\n")
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	sha, err := r.CommitAll("first", ana, when)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CreateTag("draft-1", sha, "Draft 1\n\nWords: 1\n", ana, when); err != nil {
		t.Fatal(err)
	}
	if got := gitCLI(t, r, "tag", "-n1"); !strings.Contains(got, "draft-1         Draft 1") {
		t.Errorf("git tag -n1:\n%s", got)
	}
	tags, _, err := r.Tags("draft-")
	if err != nil || len(tags) != 1 {
		t.Fatalf("Tags = %v, %v", tags, err)
	}
	tag := tags[0]
	if tag.Commit != sha || tag.Message != "Draft 1\n\nWords: 1\n" || !tag.When.Equal(when) || tag.Tagger != ana {
		t.Errorf("tag read back = %+v", tag)
	}
	content, ok, err := r.ReadFile(sha, "a.md")
	if err != nil || !ok || content != "one\n" {
		t.Errorf("ReadFile = %q, %v, %v", content, ok, err)
	}
	if _, ok, _ := r.ReadFile(sha, "missing.md"); ok {
		t.Error("ReadFile found a file the commit does not have")
	}
}

func TestIdentityFromEnvironmentWins(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GIT_AUTHOR_NAME", "")
	t.Setenv("GIT_AUTHOR_EMAIL", "")
	t.Setenv("GIT_COMMITTER_NAME", "")
	t.Setenv("GIT_COMMITTER_EMAIL", "")
	if _, err := GlobalIdentity(); err != ErrNoIdentity {
		t.Errorf("no identity anywhere: err = %v, want ErrNoIdentity", err)
	}
	t.Setenv("GIT_AUTHOR_NAME", "Bob")
	t.Setenv("GIT_AUTHOR_EMAIL", "bob@example.com")
	id, err := GlobalIdentity()
	if err != nil || id != (Identity{"Bob", "bob@example.com"}) {
		t.Errorf("GlobalIdentity = %v, %v", id, err)
	}
}

func TestCommitPathsLeavesOtherChangesUnsaved(t *testing.T) {
	r := newRepo(t)
	write(t, r, "doc.md", "one\n")
	if _, err := r.CommitAll("first", ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	write(t, r, "doc.md", "one, edited and not saved\n")
	write(t, r, "reviews/round-1.md", "archive\n")
	if _, err := r.CommitPaths([]string{"reviews/round-1.md"}, "archive", ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := gitCLI(t, r, "show", "HEAD:doc.md"); got != "one\n" {
		t.Errorf("the unsaved edit went into the commit: %q", got)
	}
	if got := gitCLI(t, r, "status", "--porcelain"); got != " M doc.md\n" {
		t.Errorf("status after CommitPaths = %q", got)
	}
}

func TestReadFileThroughATagWritesNothing(t *testing.T) {
	r := newRepo(t)
	write(t, r, "doc/a.md", "one\n")
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	sha, err := r.CommitAll("first", ana, when)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CreateTag("draft-1", sha, "Draft 1\n", ana, when); err != nil {
		t.Fatal(err)
	}
	target, ok, err := r.TagTarget("draft-1")
	if err != nil || !ok || target == sha {
		t.Fatalf("TagTarget = %s, %v, %v; want the tag object, not commit %s", target, ok, err, sha)
	}
	if _, ok, err := r.TagTarget("draft-9"); ok || err != nil {
		t.Errorf("TagTarget(draft-9) = %v, %v", ok, err)
	}
	before := gitDirListing(t, r)
	for range 2 {
		content, ok, err := r.ReadFile(target, "doc/a.md")
		if err != nil || !ok || content != "one\n" {
			t.Fatalf("ReadFile(tag) = %q, %v, %v", content, ok, err)
		}
	}
	if _, ok, err := r.ReadFile(target, "doc/b.md"); ok || err != nil {
		t.Errorf("ReadFile(missing file) = %v, %v", ok, err)
	}
	// Reading is reading: nothing under .git is written, not even a cache.
	if after := gitDirListing(t, r); after != before {
		t.Errorf("reading wrote into .git:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if _, _, err := r.ReadFile("HEAD", "doc/a.md"); err == nil {
		t.Error("ReadFile(HEAD) worked: only object ids are revisions here")
	}
}

// gitDirListing lists every file under .git with its size and time.
func gitDirListing(t *testing.T, r *Repo) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(r.GitDir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %s\n", path, info.Size(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
