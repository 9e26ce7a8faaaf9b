package review

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/less-trainers/casestudy/gitops"
)

// Target is what a line comment is about: FILE:LINE or FILE:START-END.
type Target struct {
	Path       string
	Start, End int
}

var targetPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.+):(\d+)(?:-(\d+))?$`) })

// ParseTarget reads FILE:LINE[-LINE].
func ParseTarget(s string) (Target, error) {
	m := targetPattern().FindStringSubmatch(s)
	if m == nil {
		return Target{}, fmt.Errorf("%q: write the place as FILE:LINE or FILE:START-END, e.g. case-study.md:42", s)
	}
	t := Target{Path: strings.TrimPrefix(m[1], "./")}
	var errStart, errEnd error
	t.Start, errStart = strconv.Atoi(m[2])
	t.End = t.Start
	if m[3] != "" {
		t.End, errEnd = strconv.Atoi(m[3])
	}
	// A number too large for an int is no line of any document (Atoi
	// would give the largest int instead).
	if errStart != nil || errEnd != nil {
		return Target{}, fmt.Errorf("%q: there is no such line; lines count from 1, e.g. case-study.md:42", s)
	}
	if t.Start < 1 || t.End < t.Start {
		return Target{}, fmt.Errorf("%q: lines count from 1 and a range goes forward, e.g. case-study.md:42-44", s)
	}
	return t, nil
}

// Comment adds a line comment (with a suggested replacement when suggest
// is not nil) on the text under review. The place is checked here first, so
// a wrong line gets a plain answer instead of a server's refusal.
//
// The comment is on the version this reviewer has checked out, the one
// whose line numbers they read; when a newer round has arrived since, it is
// refused (ErrNewerVersion), as the lines may have moved.
//
// Unless now is set, a reviewer's comment waits in this copy (Pending) and
// goes out with the reviewer's verdict, or with casestudy send, as one
// review; the mentee's goes at once (Note).
func (cs *CaseStudy) Comment(ctx context.Context, f Forge, t Target, text string, suggest *string, now bool) (CommentResult, error) {
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return CommentResult{}, err
	}
	defer unlock()
	var res CommentResult
	if strings.TrimSpace(text) == "" && suggest == nil {
		return res, errors.New("the comment is empty; say something, or suggest a replacement with --suggest")
	}
	req, err := cs.openRequest(ctx, f)
	if err != nil {
		return res, err
	}
	res.Request = req
	commit, err := cs.readCommit(req)
	if err != nil {
		return res, err
	}
	content, ok, err := cs.Repo.ReadFile(commit, t.Path)
	if err != nil {
		return res, err
	}
	if !ok {
		return res, fmt.Errorf("%s is not in the version under review; the case study is %s", t.Path, strings.Join(cs.Config.Documents, ", "))
	}
	n := len(splitLines(content))
	if t.End > n {
		return res, fmt.Errorf("%s has %s in the version under review; line %d is past its end", t.Path, Plural(n, "line", "lines"), t.End)
	}
	if changed, err := cs.changedInReview(commit, t.Path, content); err != nil || !changed {
		if err != nil {
			return res, err
		}
		return res, fmt.Errorf("%s has not changed since the case study began, so it is not part of the review; comment on %s", t.Path, strings.Join(cs.Config.Documents, ", "))
	}
	body := strings.TrimSpace(text)
	if suggest != nil {
		if body != "" {
			body += "\n\n"
		}
		body += SuggestionBlock(*suggest)
	}
	nc := NewComment{Path: t.Path, Line: t.End, Commit: commit, Body: body}
	if t.Start != t.End {
		nc.StartLine = t.Start
	}
	// The mentee gives no verdict that could carry her comment: it is a
	// note to her reviewers, so it goes at once. The forge remembers who
	// asks (the command asked when it started); when it cannot tell, the
	// comment is kept for a sitting, as a reviewer's.
	if me, err := f.Me(ctx); err == nil && cs.IsMentee(me, f) {
		now, res.Note = true, true
	}
	if !now {
		p, err := cs.addPending(f, req, nc, time.Now())
		res.Pending = &p
		return res, err
	}
	return res, f.AddComment(ctx, req, nc)
}

// CommentResult says where a comment went.
type CommentResult struct {
	Request *Request
	// Pending is the comment kept for the end of the sitting; nil when it
	// was sent at once.
	Pending *PendingComment
	// Note is set when the comment is the mentee's, a note to her
	// reviewers: it was sent at once, as no verdict of hers carries it.
	Note bool
}

// readCommit is the version the user has in front of them: their checkout
// of the drafting branch, when the review knows it (it is what is under
// review, or an earlier version of it); otherwise what is under review.
func (cs *CaseStudy) readCommit(req *Request) (gitops.SHA, error) {
	local, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil || local == req.Head {
		return req.Head, nil
	}
	if !cs.Repo.HasCommit(req.Head) {
		// The review has a version this copy never fetched: the reviewer
		// has not read it.
		return "", ErrNewerVersion
	}
	if older, err := cs.Repo.IsAncestor(local, req.Head); err == nil && older {
		return "", ErrNewerVersion
	}
	return req.Head, nil
}

// ErrNewerVersion refuses a comment or verdict on a version the reviewer
// has not read: what they write must be about the text they saw.
var ErrNewerVersion = errors.New("a newer version was submitted after the one you read, so nothing was recorded; see what changed with casestudy review, then comment or give your verdict again")

// changedInReview says whether a file differs from the case study's first
// commit, which is what the review compares against: only such files are
// in the review's diff.
func (cs *CaseStudy) changedInReview(commit gitops.SHA, path, content string) (bool, error) {
	first, err := cs.Repo.FirstCommitAfterRoot(commit)
	if err != nil {
		return true, nil
	}
	c, err := cs.Repo.CommitInfo(first)
	if err != nil || len(c.Parents) == 0 {
		return true, err
	}
	before, ok, err := cs.Repo.ReadFile(c.Parents[0], path)
	if err != nil {
		return false, err
	}
	return !ok || before != content, nil
}

// VoteResult says what a verdict changed.
type VoteResult struct {
	Request  *Request
	Progress Progress
	// Asked is who was asked to review because of this verdict.
	Asked string
	// Waiting is who is next but cannot be asked yet (an invitation not
	// accepted); a later command asks them.
	Waiting string
	// Counted is false when the voter is not in the review chain.
	Counted bool
	// Already is set when the verdict was given before (approving twice,
	// or approving what is published): nothing was recorded.
	Already bool
	// Sent is how many pending line comments went with the verdict.
	Sent int
}

// Vote records the current user's verdict. When an approval moves the
// case study on, the next reviewer is asked at once. confirm, when not
// nil, is told how many threads an approval leaves open before anything
// is recorded, and can refuse.
func (cs *CaseStudy) Vote(ctx context.Context, f Forge, v Verdict, body string, confirm func(open int) error) (VoteResult, error) {
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return VoteResult{}, err
	}
	defer unlock()
	var res VoteResult
	rv, err := cs.loadOpenReview(ctx, f)
	if errors.Is(err, ErrPublished) && v == Approved {
		// Approving what is published is done already: nothing to do.
		res.Already = true
		res.Progress.Stage = StagePublished
		return res, nil
	}
	if err != nil {
		return res, err
	}
	req := rv.Request
	res.Request = req
	me, err := f.Me(ctx)
	if err != nil {
		return res, err
	}
	if sameName(me, req.Requester) && v != Commented {
		return res, errors.New("you submitted this case study, so you cannot approve it or request changes on it; your reviewers do that")
	}
	commit, err := cs.readCommit(req)
	if err != nil {
		return res, err
	}
	pending, err := cs.Pending(f, req)
	if err != nil {
		return res, err
	}
	if v == Approved && len(pending) == 0 {
		// Approving again what one approved is done already (unless
		// comments wait to go with it).
		for _, l := range rv.Progress.Latest {
			if sameName(l.Author, me) && l.Verdict == Approved && (l.Commit == commit || onRound(l, lastOf(rv.Rounds))) {
				res.Already, res.Progress, res.Counted = true, rv.Progress, true
				return res, nil
			}
		}
	}
	if confirm != nil && v == Approved {
		open, err := cs.openThreads(rv.Activity.Comments)
		if err != nil {
			return res, err
		}
		if open > 0 {
			if err := confirm(open); err != nil {
				return res, err
			}
		}
	}
	var stale []string
	for _, p := range pending {
		if p.Commit != commit {
			stale = append(stale, fmt.Sprintf("p%d (%s)", p.Number, p.Place()))
		}
	}
	if len(stale) > 0 {
		// Their line numbers are of a version no longer under review: sent
		// now, they would land on other lines.
		what := "comment " + stale[0] + " was"
		if len(stale) > 1 {
			what = "comments " + strings.Join(stale, ", ") + " were"
		}
		return res, fmt.Errorf("nothing was sent: your unsent %s written on an earlier version, whose lines may have moved; drop them (casestudy comment --drop pN) and write them again on the text casestudy review shows", what)
	}
	if v == Commented && len(pending) == 0 && strings.TrimSpace(body) == "" {
		return res, errors.New("nothing to send: you have no unsent comments; write some with casestudy comment, or say something with -m")
	}
	read := *req
	read.Head = commit
	sitting := Sitting{Verdict: v, Body: body}
	for _, p := range pending {
		sitting.Comments = append(sitting.Comments, p.newComment())
	}
	if err := f.SubmitReview(ctx, &read, sitting); err != nil {
		return res, err
	}
	res.Sent = len(pending)
	// Sent: they must not go out a second time, whatever happens next.
	if err := cs.savePending(f, req, nil); err != nil {
		return res, fmt.Errorf("your review is sent, but its comments are still listed as unsent (%w); remove %s", err, cs.pendingPath(f, req))
	}
	chain := cs.Chain(f)
	res.Counted = indexOfName(chain, me) >= 0
	// The stage after the verdict, without reading the review again.
	votes := append(append([]Vote(nil), rv.Activity.Votes...), Vote{Author: me, Verdict: v, Body: body, When: time.Now(), Commit: commit})
	res.Progress = Derive(chain, req, votes, rv.Rounds)
	update := RequestUpdate{Head: req.Head, Reviewers: req.Reviewers}
	if (res.Progress.Stage == StageReview || res.Progress.Stage == StageFinalReview) && !containsName(req.Reviewers, res.Progress.Next) {
		res.Asked = res.Progress.Next
		update.Reviewers = []string{res.Asked}
	}
	// The description's marker follows the stage, so every queue sees it.
	if m, ok := ParseMarker(req.Description); ok && res.Counted && (m.Stage != res.Progress.Stage || m.Next != res.Progress.Next) {
		m.Stage, m.Next = res.Progress.Stage, res.Progress.Next
		update.Body = WithMarker(req.Description, m)
	}
	if res.Asked != "" || update.Body != "" {
		if err := f.UpdateRequest(ctx, req, update); err != nil {
			return res, fmt.Errorf("your verdict is recorded, but updating the review failed: %w", err)
		}
		if res.Asked != "" && containsName(req.Waiting, res.Asked) {
			res.Waiting, res.Asked = res.Asked, ""
		}
	}
	return res, nil
}

// ReviewStatus is where the review stands on the forge.
type ReviewStatus struct {
	Where       string    `json:"forge"`
	Request     *Request  `json:"request,omitempty"`
	Progress    Progress  `json:"progress"`
	Rounds      int       `json:"rounds"`
	OpenThreads int       `json:"open_threads"`
	LastRound   *Round    `json:"last_round,omitempty"`
	Votes       []Vote    `json:"-"`
	Comments    []Comment `json:"-"`
	// Waiting is whom the review waits for who cannot be asked yet: an
	// invitation to the repository not accepted.
	Waiting []string `json:"waiting_for_invitation,omitempty"`
	// AskedNow is whom this reading of the status asked to review: the
	// one the stage waits for, who could not be asked before (an
	// invitation accepted since).
	AskedNow []string `json:"asked_now,omitempty"`
}

// ReviewStatus reads the review's state from the forge.
func (cs *CaseStudy) ReviewStatus(ctx context.Context, f Forge) (ReviewStatus, error) {
	st := ReviewStatus{Where: f.Where(), Progress: Progress{Stage: StageDrafting, Latest: []Vote{}}}
	rv, err := cs.LoadReview(ctx, f)
	if err != nil || rv.Request == nil {
		return st, err
	}
	req, act, rounds := rv.Request, rv.Activity, rv.Rounds
	st.Request = req
	st.Rounds, st.LastRound = len(rounds), lastOf(rounds)
	st.Votes, st.Comments = act.Votes, act.Comments
	st.Progress = rv.Progress
	if st.AskedNow, st.Waiting, err = cs.askIfDue(ctx, f, req, act, rounds, st.Progress); err != nil {
		return st, err
	}
	for i := range st.Progress.Latest {
		v := &st.Progress.Latest[i]
		v.Round = roundOf(rounds, v.Commit, v.When)
	}
	st.OpenThreads, err = cs.openThreads(act.Comments)
	return st, err
}

// openThreads counts the review's open threads: line comments whose lines
// are still in the text. An approval that leaves them open hands them on.
func (cs *CaseStudy) openThreads(comments []Comment) (int, error) {
	n := 0
	for _, t := range threadsOf(comments) {
		if t.Comment.Path == "" || t.Comment.Outdated || t.Resolved {
			continue
		}
		if err := cs.anchor(&t); err != nil {
			return n, err
		}
		if !t.Outdated {
			n++
		}
	}
	return n, nil
}

// Reply answers a thread, named by the number feedback shows (a unique
// prefix is enough) or by its place, FILE:LINE.
func (cs *CaseStudy) Reply(ctx context.Context, f Forge, id, text string) (Thread, error) {
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return Thread{}, err
	}
	defer unlock()
	if strings.TrimSpace(text) == "" {
		return Thread{}, errors.New("the reply is empty; say something")
	}
	rv, err := cs.loadOpenReview(ctx, f)
	if err != nil {
		return Thread{}, err
	}
	req, act := rv.Request, rv.Activity
	t, err := cs.findThread(act.Comments, id, nil)
	if err != nil {
		return Thread{}, err
	}
	return t, f.AddComment(ctx, req, NewComment{Parent: t.Comment.ID, Body: strings.TrimSpace(text), Path: t.Comment.Path, Commit: req.Head})
}

// findThread finds the thread id names: its number as feedback shows it
// (a unique prefix is enough) or its place, FILE:LINE. When a place holds
// several threads and only one of them could be meant (want, when not
// nil, says which could), that one is found.
func (cs *CaseStudy) findThread(comments []Comment, id string, want func(Thread) bool) (Thread, error) {
	id = strings.TrimPrefix(id, "#")
	place, placeErr := ParseTarget(id)
	var found []Thread
	for _, t := range threadsOf(comments) {
		if t.Comment.Path == "" {
			continue
		}
		if err := cs.anchor(&t); err != nil {
			return Thread{}, err
		}
		byID := id != "" && strings.HasPrefix(t.Comment.ID, id)
		byPlace := placeErr == nil && t.Comment.Path == place.Path &&
			(t.Comment.Line == place.End || !t.Outdated && (t.EndNow == place.End || t.StartNow == place.End))
		if byID || byPlace {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return Thread{}, fmt.Errorf("no thread %s; casestudy feedback shows each thread's number and place", id)
	case 1:
		return found[0], nil
	}
	// A line often holds a thread of an earlier round, outdated since, or
	// one already settled beside the one meant: the choice is real only
	// when more than one could be meant. A thread on the text as it is now
	// comes before an outdated one.
	if placeErr == nil && want != nil {
		for _, now := range []bool{true, false} {
			var fit []Thread
			for _, t := range found {
				if want(t) && (!now || !t.Outdated) {
					fit = append(fit, t)
				}
			}
			if len(fit) == 1 {
				return fit[0], nil
			}
			if len(fit) > 1 {
				break
			}
		}
	}
	numbers := make([]string, len(found))
	for i, t := range found {
		numbers[i] = t.ShortID()
	}
	return Thread{}, fmt.Errorf("%s names %d threads (%s); say which by its number, e.g. %s", id, len(found), strings.Join(numbers, ", "), numbers[0])
}

// Resolve closes a thread (resolved true) or opens it again, named as
// Reply names it. A thread already in that state is left as it is.
func (cs *CaseStudy) Resolve(ctx context.Context, f Forge, id string, resolved bool) (Thread, bool, error) {
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return Thread{}, false, err
	}
	defer unlock()
	rv, err := cs.loadOpenReview(ctx, f)
	if err != nil {
		return Thread{}, false, err
	}
	// Of several threads on a line, the one this would change is meant.
	t, err := cs.findThread(rv.Activity.Comments, id, func(t Thread) bool { return t.Resolved != resolved })
	if err != nil {
		return t, false, err
	}
	if t.Resolved == resolved {
		return t, false, nil
	}
	return t, true, f.Resolve(ctx, rv.Request, t.Comment, resolved)
}

// ShortID is how a thread is named to people: GitHub's number, or the
// first seven characters of a git-appraise comment hash.
func (t Thread) ShortID() string {
	if len(t.Comment.ID) > 7 {
		return t.Comment.ID[:7]
	}
	return t.Comment.ID
}

// askIfDue asks the reviewer the review waits for when they were not asked
// yet: on GitHub a reviewer can be asked only once they have accepted the
// invitation to the repository, which happens after submit. It runs for
// the mentee only, and only when the reviewer is neither asked nor has
// said anything in the last round, so it costs nothing otherwise. It
// returns who still cannot be asked.
func (cs *CaseStudy) askIfDue(ctx context.Context, f Forge, req *Request, act Activity, rounds []Round, p Progress) (asked, waiting []string, err error) {
	next := p.Next
	if next == "" || req.Merged || sameName(next, req.Requester) || containsName(req.Reviewers, next) {
		return nil, nil, nil
	}
	if me, err := f.Me(ctx); err != nil || !sameName(me, req.Requester) {
		return nil, nil, nil
	}
	if last := lastOf(rounds); last != nil {
		for _, v := range act.Votes {
			if sameName(v.Author, next) && roundOf(rounds, v.Commit, v.When) >= last.Number {
				return nil, nil, nil
			}
		}
		for _, c := range act.Comments {
			if sameName(c.Author, next) && roundOf(rounds, c.Commit, c.When) >= last.Number {
				return nil, nil, nil
			}
		}
	}
	if err := f.UpdateRequest(ctx, req, RequestUpdate{Head: req.Head, Reviewers: []string{next}}); err != nil {
		return nil, nil, err
	}
	if !containsName(req.Waiting, next) {
		asked = []string{next}
	}
	return asked, req.Waiting, nil
}
