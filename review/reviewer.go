package review

import (
	"context"
	"fmt"

	"time"

	"github.com/less-trainers/casestudy/prose"
)

// ReviewerView is what a reviewer sees on opening a case study: the stage,
// what changed since the round they last reviewed, and the threads.
type ReviewerView struct {
	Progress Progress
	// Since is the round the reviewer last reviewed; nil the first time.
	Since            *Version
	FromLabel        string
	ToLabel          string
	Diff             []prose.FileDiff
	Threads          []Thread
	Request          *Request
	RoundUnderReview *Round
	// Pending are the reviewer's own comments not sent yet.
	Pending  []PendingComment
	me       string
	lastSaid time.Time
}

// IsNew reports whether a comment came after the reviewer last said
// anything in the review (the same second counts: times are whole seconds
// in git-appraise): a reply they have not answered yet.
func (rv ReviewerView) IsNew(c Comment) bool {
	return !sameName(c.Author, rv.me) && (rv.lastSaid.IsZero() || !c.When.Before(rv.lastSaid))
}

// ReviewerView compares the version under review with the round the
// current user last commented on or voted on, or with nothing the first
// time, so the whole document reads as new.
func (cs *CaseStudy) ReviewerView(ctx context.Context, f Forge) (ReviewerView, error) {
	loaded, err := cs.LoadReview(ctx, f)
	if err != nil {
		return ReviewerView{}, err
	}
	return cs.ReviewerViewOf(ctx, f, loaded)
}

// ReviewerViewOf is ReviewerView from a review already read (LoadReview),
// for a caller that shows other views of the same read, as casestudy
// serve's page does.
func (cs *CaseStudy) ReviewerViewOf(ctx context.Context, f Forge, loaded *Review) (ReviewerView, error) {
	var rv ReviewerView
	var err error
	if loaded.Request == nil {
		return rv, ErrNoRequest
	}
	req, act, rounds := loaded.Request, loaded.Activity, loaded.Rounds
	rv.Request = req
	me, err := f.Me(ctx)
	if err != nil {
		return rv, err
	}
	rv.RoundUnderReview = lastOf(rounds)
	if rv.Pending, err = cs.Pending(f, req); err != nil {
		return rv, err
	}
	rv.Progress = loaded.Progress
	rv.me = me
	last := 0
	for _, v := range act.Votes {
		if sameName(v.Author, me) && v.When.After(rv.lastSaid) {
			rv.lastSaid = v.When
		}
	}
	for _, c := range act.Comments {
		if sameName(c.Author, me) && c.When.After(rv.lastSaid) {
			rv.lastSaid = c.When
		}
	}
	for _, v := range act.Votes {
		if sameName(v.Author, me) {
			last = max(last, roundOf(rounds, v.Commit, v.When))
		}
	}
	for _, c := range act.Comments {
		if sameName(c.Author, me) && c.Path != "" {
			last = max(last, roundOf(rounds, c.Commit, c.When))
		}
	}
	to := Version{Label: "under review", commit: req.Head}
	if rv.RoundUnderReview != nil && rv.RoundUnderReview.Commit == req.Head {
		to = rv.RoundUnderReview.Version()
	}
	from := Version{Label: "nothing"}
	for i := range rounds {
		if rounds[i].Number == last {
			v := rounds[i].Version()
			from, rv.Since = v, &v
		}
	}
	rv.FromLabel, rv.ToLabel = from.Label, to.Label
	if rv.Diff, err = cs.Diff(from, to, false); err != nil {
		return rv, err
	}
	for _, t := range threadsOf(act.Comments) {
		if t.Comment.Path == "" {
			continue
		}
		t.Round = roundOf(rounds, t.Comment.Commit, t.Comment.When)
		if err := cs.anchor(&t); err != nil {
			return rv, fmt.Errorf("reading the threads: %w", err)
		}
		rv.Threads = append(rv.Threads, t)
	}
	return rv, nil
}
