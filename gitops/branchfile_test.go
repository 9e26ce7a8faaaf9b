package gitops

import (
	"strings"
	"testing"
	"time"
)

// The round archives go on main while the writer works on draft: the work
// tree and draft stay as they are, git reads what was written, and the
// merge that publishes keeps main's archives beside draft's text.
func TestCommitFileOnBranchAndMergeKeepBoth(t *testing.T) {
	r := newRepo(t)
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	write(t, r, "casestudy.yaml", "title: T\n")
	write(t, r, "reviews/README.md", "old layout\n")
	if _, err := r.CommitAll("start", ana, when); err != nil {
		t.Fatal(err)
	}
	if err := r.StartBranch("draft"); err != nil {
		t.Fatal(err)
	}
	write(t, r, "case-study.md", "Eight teams.\n")
	if _, err := r.CommitAll("draft 1", ana, when); err != nil {
		t.Fatal(err)
	}
	draftBefore, _ := r.BranchHead("draft")

	sha, err := r.CommitFileOnBranch("main", "reviews/round-1.md", []byte("# Round 1\n"), "Archive round 1", ana, when)
	if err != nil || sha == "" {
		t.Fatalf("CommitFileOnBranch = %q, %v", sha, err)
	}
	if again, err := r.CommitFileOnBranch("main", "reviews/round-1.md", []byte("# Round 1\n"), "Archive round 1", ana, when); err != nil || again != "" {
		t.Fatalf("the same content again = %q, %v; want no commit", again, err)
	}
	if _, err := r.CommitFileOnBranch("main", "reviews/deep/x.md", []byte("x\n"), "deep", ana, when); err != nil {
		t.Fatal(err)
	}
	if head, _ := r.BranchHead("draft"); head != draftBefore {
		t.Errorf("draft moved to %s", head)
	}
	if changes, _ := r.Changes(); len(changes) != 0 {
		t.Errorf("work tree changed: %v", changes)
	}
	gitCLI(t, r, "fsck", "--strict")
	if got := gitCLI(t, r, "ls-tree", "-r", "--name-only", "main"); got != "casestudy.yaml\nreviews/README.md\nreviews/deep/x.md\nreviews/round-1.md\n" {
		t.Errorf("main holds:\n%s", got)
	}

	merge, err := r.MergeInto("main", "draft", "Publish", ana, when)
	if err != nil {
		t.Fatal(err)
	}
	gitCLI(t, r, "fsck", "--strict")
	got := gitCLI(t, r, "ls-tree", "-r", "--name-only", string(merge))
	for _, want := range []string{"case-study.md", "casestudy.yaml", "reviews/README.md", "reviews/round-1.md", "reviews/deep/x.md"} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("the merge lacks %s:\n%s", want, got)
		}
	}
	if parents := gitCLI(t, r, "log", "-1", "--format=%P", string(merge)); len(strings.Fields(parents)) != 2 {
		t.Errorf("merge parents = %q", parents)
	}
}
