package gitops

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNotesAreReadableByGit(t *testing.T) {
	r := newRepo(t)
	write(t, r, "a.md", "one\n")
	sha, err := r.CommitAll("first", ana, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	const ref = "refs/notes/devtools/discuss"
	if err := r.AppendNote(ref, sha, []string{`{"timestamp":"1700000000","author":"ana@example.com"}`}, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := r.AppendNote(ref, sha, []string{`{"timestamp":"1700000001","author":"bob@example.com"}`}, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	got := gitCLI(t, r, "notes", "--ref", "devtools/discuss", "show", string(sha))
	want := "{\"timestamp\":\"1700000000\",\"author\":\"ana@example.com\"}\n{\"timestamp\":\"1700000001\",\"author\":\"bob@example.com\"}\n"
	if got != want {
		t.Errorf("git notes show:\n%s\nwant:\n%s", got, want)
	}
	gitCLI(t, r, "fsck", "--strict")

	// And what git writes, casestudy reads.
	gitCLI(t, r, "-c", "user.name=Bob", "-c", "user.email=bob@example.com", "notes", "--ref", "devtools/discuss", "append", "-m", `{"timestamp":"1700000002","author":"craig@example.com"}`, string(sha))
	note, err := r.Note(ref, sha)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "craig@example.com") || !strings.Contains(note, "ana@example.com") {
		t.Errorf("note after git notes append:\n%s", note)
	}
}

func TestMergeNotesUnionKeepsBothSides(t *testing.T) {
	r := newRepo(t)
	write(t, r, "a.md", "one\n")
	sha, err := r.CommitAll("first", ana, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	const ours, theirs = "refs/notes/devtools/discuss", "refs/notes/remotes/origin/devtools/discuss"
	common := `{"timestamp":"1700000000","author":"ana"}`
	if err := r.AppendNote(ours, sha, []string{common}, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	gitCLI(t, r, "update-ref", theirs, ours)
	if err := r.AppendNote(ours, sha, []string{`{"timestamp":"1700000005","author":"bob"}`}, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := r.AppendNote(theirs, sha, []string{`{"timestamp":"1700000003","author":"craig"}`}, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := r.MergeNotesUnion(ours, theirs, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, _ := r.Note(ours, sha)
	want := common + "\n" + `{"timestamp":"1700000003","author":"craig"}` + "\n" + `{"timestamp":"1700000005","author":"bob"}` + "\n"
	if got != want {
		t.Errorf("merged note:\n%s\nwant:\n%s", got, want)
	}
	parents := gitCLI(t, r, "log", "-1", "--format=%P", ours)
	if len(strings.Fields(parents)) != 2 {
		t.Errorf("merge commit parents = %q, want two", parents)
	}
	gitCLI(t, r, "fsck", "--strict")
}

// A note over MaxNoteSize is not read (a 49 MB note once took feedback 20 s
// and 2.9 GB), and writing another note keeps it as it was.
func TestOversizedNoteIsSkippedAndKept(t *testing.T) {
	r := newRepo(t)
	write(t, r, "a.md", "one\n")
	first, err := r.CommitAll("first", ana, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	write(t, r, "a.md", "two\n")
	second, err := r.CommitAll("second", ana, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	const ref = "refs/notes/devtools/discuss"
	big := strings.Repeat("x", MaxNoteSize+1)
	if err := r.AppendNote(ref, first, []string{big}, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Note(ref, first); !errors.Is(err, ErrNoteTooLarge) {
		t.Errorf("Note of %d bytes: %v, want ErrNoteTooLarge", len(big), err)
	}
	if err := r.AppendNote(ref, second, []string{"small"}, ana, time.Now()); err != nil {
		t.Fatal(err)
	}
	notes, oversized, err := r.Notes(ref)
	if err != nil || len(notes) != 1 || notes[second] != "small\n" || len(oversized) != 1 || oversized[0] != first {
		t.Errorf("Notes = %v, oversized %v, %v", notes, oversized, err)
	}
	if got := gitCLI(t, r, "notes", "--ref", "devtools/discuss", "show", string(first)); got != big+"\n" {
		t.Errorf("the big note changed: %d bytes now", len(got))
	}
}
