// Package local is the review forge that needs no account and no network:
// review requests, line comments and verdicts are git notes in the
// repository, in the git-appraise format, and travel with casestudy sync.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/review"
)

// Forge keeps reviews in the case study's own repository.
type Forge struct {
	repo *gitops.Repo
	cfg  *review.Config
	now  func() time.Time
	// Warnings, when set, is told once that notes were skipped.
	Warnings io.Writer
	warned   atomic.Bool
}

// New returns the local forge of the case study in repo, whose
// casestudy.yaml is cfg.
func New(repo *gitops.Repo, cfg *review.Config) *Forge {
	return &Forge{repo: repo, cfg: cfg, now: time.Now}
}

// skipped says, once per command, that some notes were not read: a bad
// note written by anyone must not stop everyone's review, nor pass
// unnoticed.
func (f *Forge) skipped(n int, why string) {
	if n == 0 || f.Warnings == nil || !f.warned.CompareAndSwap(false, true) {
		return
	}
	fmt.Fprintf(f.Warnings, "casestudy: warning: skipped %s; the rest of the review is read as usual\n", why)
}

const (
	reviewRef = "refs/heads/" + review.DraftBranch
	targetRef = "refs/heads/" + review.PublishBranch
)

// Where names the forge for people.
func (f *Forge) Where() string { return "the local review (git notes)" }

// Me is the git user.email, as in git-appraise.
func (f *Forge) Me(context.Context) (string, error) {
	id, err := review.Identity(f.repo)
	if err != nil {
		return "", err
	}
	return strings.ToLower(id.Email), nil
}

// Name is a person's email: git-appraise knows people by it.
func (f *Forge) Name(p review.Person) string { return strings.ToLower(p.Email) }

// NameField is the casestudy.yaml field Name reads.
func (f *Forge) NameField() string { return "email" }

// Mention is "": nobody is told anything by a note.
func (f *Forge) Mention(string) string { return "" }

// WhereToComment is a terminal: the notes have no page of their own.
func (f *Forge) WhereToComment() string {
	return "`casestudy review` shows every line with its number; "
}

// Remote is origin, where the case study is shared, when it has one;
// without one, everything stays in this repository until casestudy sync
// names a remote.
func (f *Forge) Remote() (gitops.Remote, bool) {
	rem, err := f.repo.FindRemote("origin")
	return rem, err == nil && f.repo.HasRemote("origin")
}

// InRepo is the whole review: git-appraise's notes, which travel with the
// drafts.
func (f *Forge) InRepo() review.InRepo { return Notes{} }

// FindRequest finds the review request of the drafting branch.
func (f *Forge) FindRequest(context.Context) (*review.Request, error) {
	notes, oversized, err := f.repo.Notes(RequestsRef)
	if err != nil {
		return nil, err
	}
	f.skipped(len(oversized), fmt.Sprintf("%d review request note(s) over 1 MiB (%s)", len(oversized), shortList(oversized)))
	var found *review.Request
	bad := 0
	for sha, note := range notes {
		var first, latest *request
		requests, n := parseRequests(note)
		bad += n
		for _, r := range requests {
			if r.ReviewRef != reviewRef {
				continue
			}
			r := r
			if first == nil {
				first = &r
			}
			if latest == nil || !before(r.Timestamp, latest.Timestamp) {
				latest = &r
			}
		}
		if first == nil {
			continue
		}
		req := &review.Request{
			ID:          string(sha),
			Title:       f.cfg.Title,
			Description: latest.Description,
			Requester:   first.Requester,
			Reviewers:   append([]string{}, latest.Reviewers...),
			Opened:      parseTimestamp(first.Timestamp),
			Abandoned:   latest.TargetRef == "",
		}
		if found == nil || req.Opened.After(found.Opened) {
			found = req
		}
	}
	f.skipped(bad, fmt.Sprintf("%d malformed line(s) in the review request notes (%s)", bad, RequestsRef))
	if found == nil {
		return nil, nil
	}
	head, err := f.repo.BranchHead(review.DraftBranch)
	if err != nil {
		return nil, err
	}
	found.Head = head
	if main, err := f.repo.BranchHead(review.PublishBranch); err == nil {
		found.Merged, _ = f.repo.IsAncestor(head, main)
	}
	return found, nil
}

// OpenRequest writes a review request on the first commit of the drafting
// branch, which is how git-appraise identifies a review.
func (f *Forge) OpenRequest(ctx context.Context, nr review.NewRequest) (*review.Request, error) {
	anchor, err := f.repo.FirstCommitAfterRoot(nr.Head)
	if err != nil {
		return nil, err
	}
	me, err := f.Me(ctx)
	if err != nil {
		return nil, err
	}
	now := f.now()
	base, _ := f.repo.BranchHead(review.PublishBranch)
	r := request{Timestamp: timestamp(now), ReviewRef: reviewRef, TargetRef: targetRef, Requester: me,
		Reviewers: nr.Reviewers, Description: nr.Title + "\n\n" + nr.Body, BaseCommit: string(base)}
	if err := f.appendRequest(anchor, r, now); err != nil {
		return nil, err
	}
	return &review.Request{ID: string(anchor), Title: nr.Title, Description: r.Description, Requester: me,
		Reviewers: nr.Reviewers, Head: nr.Head, Opened: now}, nil
}

// UpdateRequest records the reviewers asked now with a new request line
// (git-appraise reads the latest) and tells the conversation what changed.
func (f *Forge) UpdateRequest(ctx context.Context, req *review.Request, u review.RequestUpdate) error {
	me, err := f.Me(ctx)
	if err != nil {
		return err
	}
	now := f.now()
	description := req.Description
	switch {
	case u.Body == "":
	case strings.HasPrefix(u.Body, req.Title+"\n"):
		description = u.Body
	default:
		description = req.Title + "\n\n" + u.Body
	}
	r := request{Timestamp: timestamp(now), ReviewRef: reviewRef, TargetRef: targetRef, Requester: req.Requester,
		Reviewers: u.Reviewers, Description: description}
	if err := f.appendRequest(gitops.SHA(req.ID), r, now); err != nil {
		return err
	}
	req.Reviewers, req.Head = u.Reviewers, u.Head
	if u.Note == "" {
		return nil
	}
	return f.appendComment(gitops.SHA(req.ID), comment{Timestamp: timestamp(now), Author: me,
		Location: &location{Commit: string(u.Head)}, Description: u.Note}, now)
}

// Activity reads every comment of the review. Verdicts are comments on the
// whole review with resolved set: true accepts, false rejects, as in
// git-appraise.
func (f *Forge) Activity(_ context.Context, req *review.Request) (review.Activity, error) {
	note, err := f.repo.Note(CommentsRef, gitops.SHA(req.ID))
	if errors.Is(err, gitops.ErrNoteTooLarge) {
		f.skipped(1, fmt.Sprintf("the review's comments: their note (%s on %s) is over 1 MiB", CommentsRef, gitops.SHA(req.ID).Short()))
		return review.Activity{}, nil
	}
	if err != nil {
		return review.Activity{}, err
	}
	act, bad := activityOf(note)
	f.skipped(bad, fmt.Sprintf("%d malformed or inconsistent comment(s) in %s", bad, CommentsRef))
	return act, nil
}

// activityOf reads the comments and verdicts in a review's note; bad counts
// the lines skipped. A comment naming an original is an edit of it, as in
// git-appraise: the original shows the latest edit's text.
func activityOf(note string) (review.Activity, int) {
	var act review.Activity
	comments, bad := parseComments(note)
	sortComments(comments)
	edits := map[string]comment{}
	votes := map[string]bool{}
	for _, c := range comments {
		if c.Original != "" {
			edits[c.Original] = c // sorted: the last is the latest
		}
	}
	for _, c := range comments {
		if c.Original != "" {
			continue
		}
		id := c.hash()
		edited := false
		if e, ok := edits[id]; ok {
			c.Description, edited = e.Description, true
		}
		when := parseTimestamp(c.Timestamp)
		var commit gitops.SHA
		var path string
		var start, end int
		if c.Location != nil {
			commit, path = gitops.SHA(c.Location.Commit), c.Location.Path
			if c.Location.Range != nil {
				start, end = int(c.Location.Range.StartLine), int(c.Location.Range.EndLine)
				if end == 0 {
					end = start
				}
			}
		}
		if votes[c.Parent] {
			continue // an answer to a verdict (see SubmitReview): it says nothing of its own
		}
		if c.Parent == "" && path == "" && c.Resolved != nil {
			votes[id] = true
			v := review.Vote{Author: c.Author, Verdict: review.ChangesRequested, Body: c.Description, When: when, Commit: commit}
			if *c.Resolved {
				v.Verdict = review.Approved
			}
			act.Votes = append(act.Votes, v)
			continue
		}
		cm := review.Comment{ID: id, Author: c.Author, When: when, Path: path, Line: end, Commit: commit,
			Body: c.Description, Parent: c.Parent, Resolved: c.Resolved, Edited: edited}
		if start != end {
			cm.StartLine = start
		}
		act.Comments = append(act.Comments, cm)
	}
	return act, bad
}

// sortComments puts comments in git-appraise's order: by timestamp, then
// as written.
func sortComments(cs []comment) {
	sort.SliceStable(cs, func(i, j int) bool { return before(cs[i].Timestamp, cs[j].Timestamp) })
}

// AddComment writes a line comment, or a reply when Parent is set.
func (f *Forge) AddComment(ctx context.Context, req *review.Request, nc review.NewComment) error {
	me, err := f.Me(ctx)
	if err != nil {
		return err
	}
	now := f.now()
	c := newComment(timestamp(now), me, nc)
	return f.appendComment(gitops.SHA(req.ID), c, now)
}

// AddVote writes a verdict on the review's current commit.
func (f *Forge) AddVote(ctx context.Context, req *review.Request, v review.Verdict, body string) error {
	return f.SubmitReview(ctx, req, review.Sitting{Verdict: v, Body: body})
}

// SubmitReview writes a sitting's comments and its verdict in one note
// update. An approval also answers the approver's own earlier comments
// that ask for work (resolved false) with resolved true, as git-appraise
// does: by its rule a review is accepted only when no thread is left
// unresolved.
func (f *Forge) SubmitReview(ctx context.Context, req *review.Request, s review.Sitting) error {
	me, err := f.Me(ctx)
	if err != nil {
		return err
	}
	now := f.now()
	ts := timestamp(now)
	var lines []string
	add := func(c comment) error {
		line, err := c.line()
		lines = append(lines, line)
		return err
	}
	for _, nc := range s.Comments {
		if err := add(newComment(ts, me, nc)); err != nil {
			return err
		}
	}
	if s.Verdict == review.Approved {
		open, err := f.unanswered(req, func(c comment) bool { return strings.EqualFold(c.Author, me) })
		if err != nil {
			return err
		}
		for _, id := range open {
			if err := add(comment{Timestamp: ts, Author: me, Parent: id, Location: &location{Commit: string(req.Head)},
				Description: "Addressed.", Resolved: boolPtr(true)}); err != nil {
				return err
			}
		}
	}
	if s.Verdict != review.Commented || strings.TrimSpace(s.Body) != "" {
		c := comment{Timestamp: ts, Author: me, Location: &location{Commit: string(req.Head)}, Description: s.Body}
		switch s.Verdict {
		case review.Approved:
			c.Resolved = boolPtr(true)
		case review.ChangesRequested:
			c.Resolved = boolPtr(false)
		}
		if err := add(c); err != nil {
			return err
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return f.appendLines(CommentsRef, gitops.SHA(req.ID), lines, now)
}

// unanswered lists the comments that ask for work (resolved false) and
// that no reply has answered with resolved true, among those keep accepts.
func (f *Forge) unanswered(req *review.Request, keep func(comment) bool) ([]string, error) {
	note, err := f.repo.Note(CommentsRef, gitops.SHA(req.ID))
	if err != nil && !errors.Is(err, gitops.ErrNoteTooLarge) {
		return nil, err
	}
	comments, _ := parseComments(note)
	answered := map[string]bool{}
	for _, c := range comments {
		if c.Parent != "" && c.Resolved != nil && *c.Resolved {
			answered[c.Parent] = true
		}
	}
	var out []string
	for _, c := range comments {
		if c.Original == "" && c.Resolved != nil && !*c.Resolved && keep(c) && !answered[c.hash()] {
			out = append(out, c.hash())
		}
	}
	return out, nil
}

// Resolve answers a thread as git-appraise's -lgtm and -nmw do: resolving
// answers each comment of the thread that asks for work with a reply that
// resolves it (the thread's first comment when none asks), so git-appraise
// finds nothing unresolved; opening it again replies asking for work.
func (f *Forge) Resolve(ctx context.Context, req *review.Request, thread review.Comment, resolved bool) error {
	me, err := f.Me(ctx)
	if err != nil {
		return err
	}
	now := f.now()
	note, err := f.repo.Note(CommentsRef, gitops.SHA(req.ID))
	if err != nil {
		return err
	}
	comments, _ := parseComments(note)
	inThread := map[string]bool{thread.ID: true}
	for changed := true; changed; {
		changed = false
		for _, c := range comments {
			if h := c.hash(); !inThread[h] && inThread[c.Parent] {
				inThread[h], changed = true, true
			}
		}
	}
	// git-appraise's times are whole seconds, and a thread's state is its
	// latest word: a reopening in the same second as the resolving must
	// still come after it, so it is dated a second past the thread's last.
	now = now.Truncate(time.Second)
	for _, c := range comments {
		if last := parseTimestamp(c.Timestamp); inThread[c.hash()] && !now.After(last) {
			now = last.Add(time.Second)
		}
	}
	ts := timestamp(now)
	var parents []string
	if resolved {
		parents, err = f.unanswered(req, func(c comment) bool { return inThread[c.hash()] })
		if err != nil {
			return err
		}
	}
	if len(parents) == 0 {
		parents = []string{thread.ID}
	}
	var lines []string
	for _, p := range parents {
		c := comment{Timestamp: ts, Author: me, Parent: p, Location: &location{Commit: string(req.Head), Path: thread.Path},
			Resolved: boolPtr(resolved)}
		line, err := c.line()
		if err != nil {
			return err
		}
		lines = append(lines, line)
	}
	return f.appendLines(CommentsRef, gitops.SHA(req.ID), lines, now)
}

// Merge merges the drafting branch into the publication branch here; sync
// shares it.
func (f *Forge) Merge(_ context.Context, req *review.Request, message string) (gitops.SHA, error) {
	who, err := review.Identity(f.repo)
	if err != nil {
		return "", err
	}
	return f.repo.MergeInto(review.PublishBranch, review.DraftBranch, message, who, f.now())
}

func (f *Forge) appendRequest(anchor gitops.SHA, r request, now time.Time) error {
	line, err := r.line()
	if err != nil {
		return err
	}
	return f.appendLine(RequestsRef, anchor, line, now)
}

func (f *Forge) appendComment(anchor gitops.SHA, c comment, now time.Time) error {
	line, err := c.line()
	if err != nil {
		return err
	}
	return f.appendLine(CommentsRef, anchor, line, now)
}

// newComment is a line comment, a reply when Parent is set, in
// git-appraise's form.
func newComment(ts, me string, nc review.NewComment) comment {
	c := comment{Timestamp: ts, Author: me, Parent: nc.Parent, Description: nc.Body}
	if nc.Parent == "" && (nc.Path != "" || nc.Commit != "") {
		c.Location = &location{Commit: string(nc.Commit), Path: nc.Path}
		if nc.Line > 0 {
			start := nc.StartLine
			if start == 0 {
				start = nc.Line
			}
			c.Location.Range = &lineRange{StartLine: uint32(start)}
			if nc.Line != start {
				c.Location.Range.EndLine = uint32(nc.Line)
			}
		}
	}
	return c
}

func (f *Forge) appendLine(ref string, anchor gitops.SHA, line string, now time.Time) error {
	return f.appendLines(ref, anchor, []string{line}, now)
}

func (f *Forge) appendLines(ref string, anchor gitops.SHA, lines []string, now time.Time) error {
	who, err := review.Identity(f.repo)
	if err != nil {
		return err
	}
	unlock, err := f.repo.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	return f.repo.AppendNote(ref, anchor, lines, who, now)
}

func boolPtr(b bool) *bool { return &b }

func shortList(shas []gitops.SHA) string {
	var names []string
	for _, s := range shas {
		names = append(names, s.Short())
	}
	return strings.Join(names, ", ")
}

var _ review.Forge = (*Forge)(nil)
