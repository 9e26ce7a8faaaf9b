package cmd

import (
	"context"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/review"
)

func TestNewCmdComment(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name string
		args []string
		want commentOptions // the command line's part
	}{
		{"a comment", []string{"case-study.md:42", "Which teams?"},
			commentOptions{Place: "case-study.md:42", Text: "Which teams?"}},
		{"a suggestion, flags last", []string{"case-study.md:42-44", "Tighter:", "--suggest", `Nine teams.\nOne PO.`},
			commentOptions{Place: "case-study.md:42-44", Text: "Tighter:", Suggest: str("Nine teams.\nOne PO.")}},
		{"a suggestion alone", []string{"--suggest", "Nine teams.", "case-study.md:7"},
			commentOptions{Place: "case-study.md:7", Suggest: str("Nine teams.")}},
		{"at once", []string{"--now", "case-study.md:7", "Typo in the title."},
			commentOptions{Place: "case-study.md:7", Text: "Typo in the title.", Now: true}},
		{"edit", []string{"--edit", "p1", "Which teams? Name all eight."},
			commentOptions{Edit: str("p1"), Text: "Which teams? Name all eight."}},
		{"drop", []string{"--drop", "p2"}, commentOptions{Drop: str("p2")}},
	}
	for _, tt := range tests {
		got, err := parse(t, newCmdComment, tt.args...)
		if err != nil {
			t.Errorf("%s: comment %q: %v", tt.name, tt.args, err)
			continue
		}
		if got.Place != tt.want.Place || got.Text != tt.want.Text || got.Now != tt.want.Now ||
			!sameString(got.Suggest, tt.want.Suggest) || !sameString(got.Edit, tt.want.Edit) || !sameString(got.Drop, tt.want.Drop) {
			t.Errorf("%s: comment %q:\n got place %q text %q now %v suggest %s edit %s drop %s\nwant place %q text %q now %v suggest %s edit %s drop %s",
				tt.name, tt.args, got.Place, got.Text, got.Now, show(got.Suggest), show(got.Edit), show(got.Drop),
				tt.want.Place, tt.want.Text, tt.want.Now, show(tt.want.Suggest), show(tt.want.Edit), show(tt.want.Drop))
		}
		if tt.want.Place != "" && (got.Target.Path != "case-study.md" || got.Target.Start == 0) {
			t.Errorf("%s: comment %q: target %+v, want the place read", tt.name, tt.args, got.Target)
		}
	}
}

// Command lines that cannot mean anything stop before anything is opened.
func TestNewCmdCommentUsage(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"case-study.md:42"}, // no text, no suggestion
		{"case-study.md", "Which teams?"},
		{"case-study.md:42", "Which teams?", "extra"},
		{"--edit", "p1", "--drop", "p2"},
		{"--edit", "p1"},
		{"--drop", "p2", "extra"},
	} {
		if _, err := parse(t, newCmdComment, args...); !isUsage(err) {
			t.Errorf("comment %q: err = %v, want a usage error", args, err)
		}
	}
}

func sameString(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func show(s *string) string {
	if s == nil {
		return "nil"
	}
	return "&" + *s
}

// The run functions of the review commands work on the case study and
// forge handed in: here Bob's copy on the local forge, after Ana submitted.
func TestRunCommentThenSend(t *testing.T) {
	cs := newCaseStudy(t)
	write(t, cs, "case-study.md", "# Acme\n\nNine teams shared one Product Owner.\n")
	io, stdout, stderr := testStreams(t)
	f := &factory{IO: io}
	ctx := context.Background()
	ana, err := f.Forge(ctx, cs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Submit(ctx, ana, review.SubmitOptions{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	asPerson(t, "Bob Mentor", "bob@example.com")
	bob, err := review.Open(cs.Root)
	if err != nil {
		t.Fatal(err)
	}
	open := func(ctx context.Context) (*review.CaseStudy, review.Forge, error) {
		fg, err := f.Forge(ctx, bob)
		return bob, fg, err
	}

	err = runComment(ctx, &commentOptions{IO: io, Open: open, Place: "case-study.md:3", Target: review.Target{Path: "case-study.md", Start: 3, End: 3}, Text: "Which teams?"})
	if err != nil {
		t.Fatal(err)
	}
	err = runSend(ctx, &sendOptions{IO: io, Open: open, Message: "First read."})
	if err != nil {
		t.Fatal(err)
	}
	want := "Kept your comment on case-study.md:3 as p1, unsent; it goes with your verdict (casestudy approve, request-changes) or casestudy send.\n" +
		"Sent your review with 1 comment.\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
}

// asPerson makes git (and so the local forge) take the caller for someone.
func asPerson(t *testing.T, name, email string) {
	t.Helper()
	t.Setenv("GIT_AUTHOR_NAME", name)
	t.Setenv("GIT_AUTHOR_EMAIL", email)
	t.Setenv("GIT_COMMITTER_NAME", name)
	t.Setenv("GIT_COMMITTER_EMAIL", email)
}
