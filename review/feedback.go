package review

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/internal/worktree"
)

// Thread is a line comment with its replies, anchored to the text.
type Thread struct {
	Comment Comment   `json:"comment"`
	Replies []Comment `json:"replies"`
	// Quote is the commented lines as the reviewer saw them.
	Quote []string `json:"quote"`
	// StartNow and EndNow are where those lines are in the working tree
	// now; 0 when they are gone (the thread is outdated).
	StartNow int  `json:"start_now,omitempty"`
	EndNow   int  `json:"end_now,omitempty"`
	Outdated bool `json:"outdated"`
	// Suggestion is the replacement text of a suggestion block, if any.
	Suggestion *string `json:"suggestion,omitempty"`
	Round      int     `json:"round,omitempty"`
	// Resolved is the thread's state: the last say among its comments that
	// set one (by time, then by the order written), as GitHub shows it and
	// git-appraise's -lgtm sets it.
	Resolved bool `json:"resolved"`
}

// Feedback is one round of review as the mentee reads it.
type Feedback struct {
	Request  *Request  `json:"request"`
	Progress Progress  `json:"progress"`
	Round    *Round    `json:"round,omitempty"`
	Votes    []Vote    `json:"votes"`
	Remarks  []Comment `json:"remarks"`
	Threads  []Thread  `json:"threads"`
	// Pending are the current user's own comments not sent yet, which
	// only they see.
	Pending []PendingComment `json:"pending,omitempty"`
}

// Feedback gathers what reviewers said in a round. Round 0 means the
// latest round, together with the threads of earlier rounds that are still
// open (their lines are still there), so nothing unanswered drops out of
// sight.
func (cs *CaseStudy) Feedback(ctx context.Context, f Forge, round int) (Feedback, error) {
	rv, err := cs.LoadReview(ctx, f)
	if err != nil {
		return Feedback{}, err
	}
	return cs.FeedbackOf(f, rv, round)
}

// FeedbackOf is Feedback from a review already read (LoadReview), for a
// caller that shows other views of the same read, as casestudy serve's
// page does.
func (cs *CaseStudy) FeedbackOf(f Forge, rv *Review, round int) (Feedback, error) {
	if rv.Request == nil {
		return Feedback{}, ErrNoRequest
	}
	fb, err := cs.feedbackOf(rv, round)
	if err != nil {
		return fb, err
	}
	fb.Pending, err = cs.Pending(f, rv.Request)
	return fb, err
}

// feedbackOf is Feedback from a review already read.
func (cs *CaseStudy) feedbackOf(rv *Review, round int) (Feedback, error) {
	latest := round == 0
	fb := Feedback{Votes: []Vote{}, Remarks: []Comment{}, Threads: []Thread{}}
	req, act, rounds := rv.Request, rv.Activity, rv.Rounds
	fb.Request = req
	fb.Progress = rv.Progress
	if round == 0 && len(rounds) > 0 {
		round = rounds[len(rounds)-1].Number
	}
	if round > 0 {
		for i := range rounds {
			if rounds[i].Number == round {
				fb.Round = &rounds[i]
			}
		}
		if fb.Round == nil {
			return fb, fmt.Errorf("no round %d: %s", round, roundList(rounds))
		}
	}
	in := func(c Comment) bool { return fb.Round == nil || roundOf(rounds, c.Commit, c.When) == fb.Round.Number }
	for _, v := range act.Votes {
		if v.Verdict == Commented && strings.TrimSpace(v.Body) == "" {
			continue // the review GitHub makes around a line comment: it says nothing itself
		}
		if fb.Round == nil || roundOf(rounds, v.Commit, v.When) == fb.Round.Number {
			fb.Votes = append(fb.Votes, v)
		}
	}
	threads := threadsOf(act.Comments)
	for _, t := range threads {
		if t.Comment.Path == "" {
			if in(t.Comment) {
				fb.Remarks = append(fb.Remarks, t.Comment)
			}
			continue
		}
		t.Round = roundOf(rounds, t.Comment.Commit, t.Comment.When)
		if err := cs.anchor(&t); err != nil {
			return fb, err
		}
		answered := false
		for _, r := range t.Replies {
			answered = answered || fb.Round != nil && in(r)
		}
		// A thread of an earlier round stays in sight while it is open, and
		// comes back when someone answers it in this round, outdated or not.
		if in(t.Comment) || answered || latest && !t.Outdated && !t.Resolved {
			fb.Threads = append(fb.Threads, t)
		}
	}
	return fb, nil
}

func roundList(rounds []Round) string {
	if len(rounds) == 0 {
		return "nothing has been submitted yet"
	}
	return fmt.Sprintf("the rounds are 1\u2013%d", rounds[len(rounds)-1].Number)
}

// roundOf finds the round a comment or vote belongs to: the round of the
// commit it was made on, or else the last round submitted before it.
func roundOf(rounds []Round, commit gitops.SHA, when time.Time) int {
	n := 0
	for _, r := range rounds {
		if commit != "" && r.Commit == commit {
			return r.Number
		}
	}
	for _, r := range rounds {
		if r.When.Unix() <= when.Unix() {
			n = r.Number
		}
	}
	return n
}

// threadsOf groups replies under the comment they answer, oldest first.
func threadsOf(comments []Comment) []Thread {
	byID := map[string]int{}
	var threads []Thread
	var replies []Comment
	for _, c := range comments {
		if c.Parent == "" {
			byID[c.ID] = len(threads)
			threads = append(threads, Thread{Comment: c, Replies: []Comment{}})
		} else {
			replies = append(replies, c)
		}
	}
	for _, r := range replies {
		// A reply to a reply joins the thread of its root.
		at, missing := r.Parent, ""
		for at != "" {
			if i, found := byID[at]; found {
				threads[i].Replies = append(threads[i].Replies, r)
				break
			}
			next, ok := parentOf(replies, at)
			if !ok {
				missing = at
			}
			at = next
		}
		if missing != "" && r.Path != "" {
			// The thread's first comment was deleted (GitHub keeps the
			// replies): the conversation goes on, led by its first reply.
			byID[missing] = len(threads)
			lead := r
			lead.Parent = ""
			threads = append(threads, Thread{Comment: lead, Replies: []Comment{}})
		}
	}
	for i := range threads {
		t := &threads[i]
		sort.SliceStable(t.Replies, func(a, b int) bool { return t.Replies[a].When.Before(t.Replies[b].When) })
		t.Suggestion = suggestionOf(t.Comment.Body)
		var last *Comment
		for _, c := range append([]Comment{t.Comment}, t.Replies...) {
			if c.Resolved != nil && (last == nil || !c.When.Before(last.When)) {
				c := c
				last = &c
			}
		}
		t.Resolved = last != nil && *last.Resolved
	}
	return threads
}

func parentOf(comments []Comment, id string) (string, bool) {
	for _, c := range comments {
		if c.ID == id {
			return c.Parent, true
		}
	}
	return "", false
}

// suggestionOf finds a GitHub suggestion block: a fenced block tagged
// suggestion, whose content replaces the commented lines.
func suggestionOf(body string) *string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "```") || strings.TrimSpace(strings.TrimLeft(t, "`")) != "suggestion" {
			continue
		}
		fence := t[:len(t)-len(strings.TrimLeft(t, "`"))]
		for j := i + 1; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) == fence {
				s := strings.Join(lines[i+1:j], "\n")
				if j > i+1 {
					s += "\n"
				}
				return &s
			}
		}
	}
	return nil
}

// SuggestionBlock writes replacement text as a GitHub suggestion block.
func SuggestionBlock(replacement string) string {
	fence := "```"
	for strings.Contains(replacement, fence) {
		fence += "`"
	}
	return fence + "suggestion\n" + strings.TrimSuffix(replacement, "\n") + "\n" + fence
}

// anchor quotes the commented lines as the reviewer saw them and finds
// them in the working tree, nearest to where they were.
func (cs *CaseStudy) anchor(t *Thread) error {
	c := t.Comment
	if !insideRepository(c.Path) {
		// A comment's path comes from someone else; one that leads out of
		// the repository is never read, let alone written.
		t.Quote, t.Outdated = []string{}, true
		return nil
	}
	if c.WholeFile() {
		// About the whole file: it stays current while the file is there.
		t.Quote = []string{}
		_, ok, err := cs.Repo.ReadWorkFile(c.Path)
		if errors.Is(err, worktree.ErrUnsafePath) {
			ok, err = false, nil
		}
		t.Outdated = c.Outdated || !ok
		return err
	}
	start := c.StartLine
	if start == 0 {
		start = c.Line
	}
	if c.Commit != "" && c.Line > 0 {
		then, ok, err := cs.Repo.ReadFile(c.Commit, c.Path)
		if err == nil && ok {
			t.Quote = quoteOf(splitLines(then), start, c.Line)
		}
	}
	if t.Quote == nil {
		t.Quote = []string{}
	}
	if len(t.Quote) == 0 {
		t.Outdated = true
		return nil
	}
	now, ok, err := cs.Repo.ReadWorkFile(c.Path)
	if errors.Is(err, worktree.ErrUnsafePath) {
		ok, err = false, nil // a symbolic link now: nothing to anchor to here
	}
	if err != nil {
		return err
	}
	if !ok {
		t.Outdated = true
		return nil
	}
	if at := findLines(splitLines(now), t.Quote, start); at > 0 {
		t.StartNow, t.EndNow = at, at+len(t.Quote)-1
	}
	t.Outdated = c.Outdated || t.StartNow == 0
	return nil
}

// quoteOf returns lines start..end (1-based, inclusive). A range comes
// from someone else's note or a server: one that ends before it starts, or
// lies outside the file, quotes nothing.
func quoteOf(lines []string, start, end int) []string {
	if start < 1 || start > end || end > len(lines) {
		return nil
	}
	return lines[start-1 : end]
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// findLines returns the 1-based line where block occurs in lines, the
// occurrence nearest to near; 0 when it does not occur.
func findLines(lines, block []string, near int) int {
	best := 0
	for i := 0; i+len(block) <= len(lines); i++ {
		match := true
		for j := range block {
			if lines[i+j] != block[j] {
				match = false
				break
			}
		}
		if match && (best == 0 || abs(i+1-near) < abs(best-near)) {
			best = i + 1
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// insideRepository reports whether a slash-separated path from a comment
// names a file within the repository (not absolute, no "..", not .git).
func insideRepository(path string) bool {
	local := filepath.FromSlash(path)
	first, _, _ := strings.Cut(path, "/")
	return path != "" && filepath.IsLocal(local) && !strings.Contains(path, "\\") && first != ".git"
}
