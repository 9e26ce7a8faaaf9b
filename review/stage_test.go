package review

import (
	"testing"
	"time"

	"github.com/less-trainers/casestudy/gitops"
)

func TestDerive(t *testing.T) {
	chain := []string{"bob", "lemmy", "craig"}
	t0 := time.Unix(1700000000, 0)
	r1 := Round{Number: 1, Commit: "c1", When: t0}
	r2 := Round{Number: 2, Commit: "c2", When: t0.Add(time.Hour)}
	req := &Request{Requester: "ana"}
	vote := func(who string, v Verdict, commit gitops.SHA, at time.Duration) Vote {
		return Vote{Author: who, Verdict: v, Commit: commit, When: t0.Add(at)}
	}
	tests := []struct {
		name   string
		req    *Request
		votes  []Vote
		rounds []Round
		stage  Stage
		next   string
	}{
		{"nothing submitted", nil, nil, nil, StageDrafting, ""},
		{"submitted", req, nil, []Round{r1}, StageMentorReview, "bob"},
		{"mentor asks for changes", req, []Vote{vote("bob", ChangesRequested, "c1", time.Minute)}, []Round{r1}, StageRevising, "ana"},
		{"a new round answers them", req, []Vote{vote("bob", ChangesRequested, "c1", time.Minute)}, []Round{r1, r2}, StageMentorReview, "bob"},
		{"mentor approves: the next reviewer", req, []Vote{vote("bob", Approved, "c1", time.Minute)}, []Round{r1}, StageReview, "lemmy"},
		{"a comment does not undo an approval", req, []Vote{vote("bob", Approved, "c1", time.Minute), vote("bob", Commented, "c1", 2*time.Minute)}, []Round{r1}, StageReview, "lemmy"},
		{"the second reviewer approves: the final review", req, []Vote{vote("bob", Approved, "c1", 1), vote("lemmy", Approved, "c1", 2)}, []Round{r1}, StageFinalReview, "craig"},
		{"a stranger's approval does not count", req, []Vote{vote("eve", Approved, "c1", time.Minute)}, []Round{r1}, StageMentorReview, "bob"},
		{"the final reviewer's approval decides", req, []Vote{vote("bob", Approved, "c1", 1), vote("lemmy", Approved, "c1", 2), vote("CRAIG", Approved, "c1", 3)}, []Round{r1}, StageApproved, ""},
		{"same second: the later round wins", req, []Vote{vote("bob", Approved, "c2", 0), vote("bob", ChangesRequested, "c1", 0)}, []Round{r1, r2}, StageReview, "lemmy"},
		{"merged", &Request{Requester: "ana", Merged: true}, nil, []Round{r1}, StagePublished, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Derive(chain, tt.req, tt.votes, tt.rounds)
			if p.Stage != tt.stage || p.Next != tt.next {
				t.Errorf("Derive = %s, next %q; want %s, next %q", p.Stage, p.Next, tt.stage, tt.next)
			}
		})
	}
}

func TestSuggestionOf(t *testing.T) {
	tests := []struct {
		body string
		want *string
	}{
		{"No suggestion here.", nil},
		{"Shorter:\n\n```suggestion\nEight teams.\n```", strPtr("Eight teams.\n")},
		{"```suggestion\n```", strPtr("")},
		{"````suggestion\nuses ``` inside\n````", strPtr("uses ``` inside\n")},
		{"```suggestion\nunclosed", nil},
	}
	for _, tt := range tests {
		got := suggestionOf(tt.body)
		if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("suggestionOf(%q) = %v, want %v", tt.body, deref(got), deref(tt.want))
		}
	}
	if got := suggestionOf(SuggestionBlock("a ``` b")); got == nil || *got != "a ``` b\n" {
		t.Errorf("SuggestionBlock does not round-trip: %v", deref(got))
	}
}

func TestFindLinesPrefersTheNearestOccurrence(t *testing.T) {
	lines := []string{"a", "x", "b", "x", "c", "x"}
	if got := findLines(lines, []string{"x"}, 5); got != 4 {
		t.Errorf("findLines near 5 = %d, want 4", got)
	}
	if got := findLines(lines, []string{"x", "c"}, 1); got != 4 {
		t.Errorf("findLines of a block = %d, want 4", got)
	}
	if got := findLines(lines, []string{"y"}, 1); got != 0 {
		t.Errorf("findLines of a missing line = %d, want 0", got)
	}
}

func strPtr(s string) *string { return &s }

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func TestInsideRepository(t *testing.T) {
	for path, want := range map[string]bool{
		"case-study.md": true, "models/loop.md": true,
		"": false, "../x.md": false, "/etc/passwd": false, "models/../../x": false, ".git/config": false, `a\..\..\x`: false,
	} {
		if got := insideRepository(path); got != want {
			t.Errorf("insideRepository(%q) = %v, want %v", path, got, want)
		}
	}
}

// Replies whose first comment was deleted stay together, led by the first
// of them; a state set on any of them counts.
func TestRepliesOfADeletedCommentStayAThread(t *testing.T) {
	yes := true
	at := time.Unix(1700000000, 0)
	threads := threadsOf([]Comment{
		{ID: "2", Parent: "1", Path: "case-study.md", Line: 3, Body: "Done.", When: at},
		{ID: "3", Parent: "1", Path: "case-study.md", Line: 3, Body: "Thanks.", When: at.Add(time.Second), Resolved: &yes},
	})
	if len(threads) != 1 || threads[0].Comment.ID != "2" || len(threads[0].Replies) != 1 || !threads[0].Resolved {
		t.Errorf("threads = %+v", threads)
	}
}

// A thread's state is the last say among its comments: git-appraise's
// -lgtm reply resolves it, a later resolved false opens it again.
func TestThreadStateIsTheLastSay(t *testing.T) {
	yes, no := true, false
	at := time.Unix(1700000000, 0)
	root := Comment{ID: "r", Path: "case-study.md", Line: 3, Body: "Which teams?", When: at}
	lgtm := Comment{ID: "a", Parent: "r", Path: "case-study.md", When: at.Add(time.Second), Resolved: &yes}
	again := Comment{ID: "b", Parent: "r", Path: "case-study.md", When: at.Add(2 * time.Second), Resolved: &no}
	if th := threadsOf([]Comment{root, lgtm}); !th[0].Resolved {
		t.Error("an -lgtm reply does not resolve the thread")
	}
	if th := threadsOf([]Comment{root, lgtm, again}); th[0].Resolved {
		t.Error("a later resolved false leaves the thread resolved")
	}
}
