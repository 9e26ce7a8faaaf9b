package review

import (
	"context"
	"errors"

	"github.com/less-trainers/casestudy/gitops"
)

// Review is a review as the forge and this copy know it: the request,
// everything said in it, the rounds submitted, and where it stands. It is
// read once per command, as git-appraise's review.Get reads a review.
type Review struct {
	Request  *Request
	Activity Activity
	Rounds   []Round
	Progress Progress
}

// LoadReview reads the review. Request is nil when nothing was submitted
// yet. The request's head is caught up with the last round submitted: a
// forge can show a push a little late (GitHub updates a pull request's
// head asynchronously), and the round's tag, made after the push, is what
// was submitted.
func (cs *CaseStudy) LoadReview(ctx context.Context, f Forge) (*Review, error) {
	rv := &Review{Progress: Progress{Stage: StageDrafting, Latest: []Vote{}}}
	ahead := cs.takeReadAhead()
	req, rounds, err := cs.findRequest(ctx, f, ahead)
	if err != nil || req == nil {
		return rv, err
	}
	rv.Request, rv.Rounds = req, rounds
	if ahead != nil {
		rv.Activity = ahead.act
	} else if rv.Activity, err = f.Activity(ctx, req); err != nil {
		return rv, err
	}
	rv.Progress = Derive(cs.Chain(f), req, rv.Activity.Votes, rv.Rounds)
	return rv, nil
}

// findRequest is the request alone, for commands that need nothing said
// in it, with the rounds it was caught up with.
func (cs *CaseStudy) findRequest(ctx context.Context, f Forge, ahead *ReadAhead) (*Request, []Round, error) {
	var req *Request
	var err error
	if ahead != nil {
		req, err = ahead.req, ahead.err
	} else {
		req, err = f.FindRequest(ctx)
	}
	if err != nil || req == nil {
		return req, nil, err
	}
	rounds, err := cs.Rounds()
	if err != nil {
		return nil, nil, err
	}
	if len(rounds) == 0 {
		// Asked for without casestudy submit (git appraise request): what
		// is under review is round 1 all the same.
		rounds = []Round{{Number: 1, Commit: req.Head, When: req.Opened, Draft: cs.draftAt(req.Head)}}
	}
	if last := lastOf(rounds); last != nil && last.Commit != req.Head && !req.Merged {
		if newer, err := cs.Repo.IsAncestor(req.Head, last.Commit); err == nil && newer {
			req.Head = last.Commit
		}
	}
	return req, rounds, nil
}

// openRequest is findRequest for commands that act on an open review.
func (cs *CaseStudy) openRequest(ctx context.Context, f Forge) (*Request, error) {
	req, _, err := cs.findRequest(ctx, f, cs.takeReadAhead())
	switch {
	case err != nil:
		return nil, err
	case req == nil:
		return nil, ErrNoRequest
	case req.Merged:
		return nil, ErrPublished
	case req.Abandoned:
		return nil, ErrAbandoned
	}
	return req, nil
}

// loadOpenReview is LoadReview for commands that act on an open review:
// one submitted and not yet published.
func (cs *CaseStudy) loadOpenReview(ctx context.Context, f Forge) (*Review, error) {
	if err := cs.refuseIfPublished(); err != nil {
		return nil, err
	}
	rv, err := cs.LoadReview(ctx, f)
	switch {
	case err != nil:
		return nil, err
	case rv.Request == nil:
		return nil, ErrNoRequest
	case rv.Request.Merged:
		return nil, ErrPublished
	case rv.Request.Abandoned:
		return nil, ErrAbandoned
	}
	return rv, nil
}

// ErrPublished refuses to act on a review that is closed by publishing.
var ErrPublished = errors.New("the case study is published (tagged final), so it takes no more drafts, rounds or review comments; casestudy export writes it as HTML")

// ErrAbandoned refuses to act on a review its author withdrew.
var ErrAbandoned = errors.New("the review was abandoned (git appraise abandon); nothing can be approved or published in it; the mentee can submit again")

// draftAt is the number of the draft tagged at commit, 0 when none is.
func (cs *CaseStudy) draftAt(commit gitops.SHA) int {
	drafts, err := cs.Drafts()
	if err != nil {
		return 0
	}
	for _, d := range drafts {
		if d.Commit == commit {
			return d.Number
		}
	}
	return 0
}
