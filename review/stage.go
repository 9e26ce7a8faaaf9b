package review

import (
	"fmt"
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
	// Step is Current's place in the chain, from 1, and Steps the chain's
	// length: "2 of 3"; 0 once approved or published.
	Step  int `json:"step,omitempty"`
	Steps int `json:"steps,omitempty"`
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
	p.Current, p.Step, p.Steps = chain[current], current+1, len(chain)
	switch {
	case v.Verdict == ChangesRequested && onRound(v, lastRound):
		p.Stage, p.Next = StageRevising, req.Requester
	case current == 0:
		p.Stage, p.Next = StageMentorReview, chain[0]
	case current == final:
		p.Stage, p.Next = StageFinalReview, chain[current]
	default:
		p.Stage, p.Next = StageReview, chain[current]
	}
	return p
}

// StageOf is the stage in which the reviewer at index i of the chain
// reviews; someone outside it (-1) is taken for the final reviewer, whom
// submit --to reviewer asks.
func StageOf(chain []string, i int) Stage {
	switch {
	case i == 0:
		return StageMentorReview
	case i < 0 || i >= len(chain)-1:
		return StageFinalReview
	}
	return StageReview
}

// PersonName is how a forge's name for someone is shown to people: the
// name casestudy.yaml gives them, else the forge's name (an email for the
// local review, a GitHub handle), which is then all there is.
func (cs *CaseStudy) PersonName(f Forge, name string) string {
	if name == "" {
		return ""
	}
	c := cs.Config
	for _, p := range append([]Person{c.Mentee, c.Mentor}, c.Reviewers...) {
		if p.Name != "" && sameName(f.Name(p), name) {
			return p.Name
		}
	}
	return name
}

// Describe says where a review stands, with people named as casestudy.yaml
// names them and each reviewer's place in the chain:
//
//	mentor review, waiting for Bob Mentor (1 of 3), then Bas Vodde
//	review, waiting for Bas Vodde (2 of 3), then Craig Larman (final)
//	final review, waiting for Craig Larman (3 of 3)
//	revising, waiting for Ana Silva, then Bas Vodde (2 of 3)
func (cs *CaseStudy) Describe(f Forge, p Progress) string {
	s := string(p.Stage)
	if p.Next == "" {
		return s
	}
	s += ", waiting for " + cs.PersonName(f, p.Next)
	if p.Step == 0 {
		return s
	}
	chain := cs.Chain(f)
	place := fmt.Sprintf(" (%d of %d)", p.Step, p.Steps)
	switch {
	case p.Stage == StageRevising:
		s += ", then " + cs.PersonName(f, p.Current) + place
	case p.Step < len(chain):
		next := cs.PersonName(f, chain[p.Step])
		if p.Step == len(chain)-1 {
			next += " (final)"
		}
		s += place + ", then " + next
	default:
		s += place
	}
	return s
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
