package review

import (
	"sort"
	"strings"
)

// Chain is the people who review, in order: the mentor, then the reviewers;
// the last is the final reviewer. Names are as the forge gives them.
func (cs *CaseStudy) Chain(f Forge) []string {
	chain := []string{f.Name(cs.Config.Mentor)}
	for _, r := range cs.Config.Reviewers {
		chain = append(chain, f.Name(r))
	}
	return chain
}

// sameName compares forge names: GitHub logins and emails ignore case.
func sameName(a, b string) bool { return a != "" && strings.EqualFold(a, b) }

// Progress is where a review stands, derived from the forge alone.
type Progress struct {
	Stage Stage `json:"stage"`
	// Next is who the case study waits for: a reviewer, or the mentee
	// while revising; empty once approved or published.
	Next string `json:"next,omitempty"`
	// Current is the reviewer whose approval comes next, also while the
	// mentee revises; empty once approved or published.
	Current string `json:"current,omitempty"`
	// Latest is each reviewer's latest verdict, in chain order.
	Latest []Vote `json:"latest"`
}

// Derive works out the stage from the request, the votes, and the last
// round submitted. Only the people in chain count: a stranger's approval
// changes nothing. Comments without a verdict do not undo an approval, as
// on GitHub. A request for changes made on the last round's commit means
// the mentee is revising; one made on an older round is answered by the
// newer one.
//
// Votes are ordered by time and, within the same second (git-appraise
// keeps seconds), by the round they were made on.
func Derive(chain []string, req *Request, votes []Vote, rounds []Round) Progress {
	if req == nil {
		return Progress{Stage: StageDrafting, Latest: []Vote{}}
	}
	lastRound := lastOf(rounds)
	sorted := append([]Vote(nil), votes...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if !a.When.Equal(b.When) {
			return a.When.Before(b.When)
		}
		return roundOf(rounds, a.Commit, a.When) < roundOf(rounds, b.Commit, b.When)
	})
	latest := make([]Vote, len(chain))
	for _, v := range sorted {
		if v.Verdict == Commented {
			continue
		}
		for i, who := range chain {
			if sameName(v.Author, who) {
				latest[i] = v
			}
		}
	}
	p := Progress{Latest: []Vote{}}
	for i, v := range latest {
		if v.Verdict != "" {
			v.Author = chain[i]
			p.Latest = append(p.Latest, v)
		}
	}
	final := len(chain) - 1
	switch {
	case req.Merged:
		p.Stage = StagePublished
		return p
	case latest[final].Verdict == Approved:
		p.Stage = StageApproved
		return p
	}
	current := 0
	for current < final && latest[current].Verdict == Approved {
		current++
	}
	v := latest[current]
	p.Current = chain[current]
	switch {
	case v.Verdict == ChangesRequested && onRound(v, lastRound):
		p.Stage, p.Next = StageRevising, req.Requester
	case current == 0:
		p.Stage, p.Next = StageMentorReview, chain[0]
	default:
		p.Stage, p.Next = StageFinalReview, chain[current]
	}
	return p
}

func onRound(v Vote, r *Round) bool {
	switch {
	case r == nil:
		return true
	case v.Commit != "":
		return v.Commit == r.Commit
	}
	return !v.When.Before(r.When)
}
