package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/prose"
)

// SubmitOptions says whom to ask and what to tell them.
type SubmitOptions struct {
	// To is "mentor", "reviewer" or empty for whoever the stage calls for.
	To   string
	Note string
}

// SubmitResult says what Submit did.
type SubmitResult struct {
	Saved   *Draft // unsaved work, saved as a draft first
	Request *Request
	Opened  bool
	Round   Round
	Asked   []string
	// Waiting were to be asked but cannot be yet (an invitation to the
	// repository not accepted); a later command asks them.
	Waiting []string
	Note    string // what the review's conversation was told
	// Already is set when this draft was submitted before: nothing changed.
	Already bool
}

// Submit asks for a review of the latest draft: it saves unsaved work,
// shares the drafting branch, opens the review request or updates the open
// one, and tags the round. Running it again after any failure finds the
// request and the round it made and never opens a second one.
func (cs *CaseStudy) Submit(ctx context.Context, f Forge, o SubmitOptions, now time.Time) (SubmitResult, error) {
	var res SubmitResult
	me, err := f.Me(ctx)
	if err != nil {
		return res, err
	}
	if indexOfName(cs.Chain(f), me) >= 0 {
		return res, fmt.Errorf("you (%s) review this case study; only the mentee submits it, and nothing was saved", me)
	}
	changes, err := cs.Repo.Changes()
	if err != nil {
		return res, err
	}
	if len(changes) > 0 {
		msg := "Submitted for review"
		if o.Note != "" {
			msg = o.Note
		}
		d, err := cs.Save(msg, now)
		if err != nil && !errors.Is(err, ErrNothingToSave) {
			return res, err
		}
		if err == nil {
			res.Saved = &d
		}
	}
	drafts, err := cs.Drafts()
	if err != nil {
		return res, err
	}
	if len(drafts) == 0 {
		return res, errors.New(`there is no draft to submit yet; write in the document, then run: casestudy save -m "first draft"`)
	}
	last := drafts[len(drafts)-1]
	head, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil {
		return res, err
	}
	if head != last.Commit {
		// Commits after the last draft (an archived round of feedback, say)
		// go to review too, under the number of the draft they extend.
		last.Commit = head
	}
	rounds, err := cs.Rounds()
	if err != nil {
		return res, err
	}
	if err := f.Share(ctx); err != nil {
		return res, err
	}
	req, err := f.FindRequest(ctx)
	if err != nil {
		return res, err
	}
	if req != nil && req.Merged {
		return res, errors.New("the case study is already published; there is nothing left to submit")
	}
	var votes []Vote
	if req != nil {
		act, err := f.Activity(ctx, req)
		if err != nil {
			return res, err
		}
		votes = act.Votes
	}
	asked, err := cs.whomToAsk(f, o.To, req, votes, rounds)
	if err != nil {
		return res, err
	}
	res.Asked = []string{asked}

	var lastRound *Round
	if len(rounds) > 0 {
		lastRound = &rounds[len(rounds)-1]
	}
	newRound := Round{Number: 1, Draft: last.Number, Commit: head}
	if lastRound != nil {
		newRound.Number = lastRound.Number + 1
	}
	newRound.Tag = fmt.Sprintf("%s%d", RoundTagPrefix, newRound.Number)

	chain := cs.Chain(f)
	stage := StageOf(chain, indexOfName(chain, asked))
	body, err := cs.requestBody(f, drafts, o.Note, stage, asked)
	if err != nil {
		return res, err
	}
	switch {
	case req == nil:
		req, err = f.OpenRequest(ctx, NewRequest{Title: cs.Config.Title, Body: body, Head: head, Reviewers: res.Asked})
		if err != nil {
			return res, err
		}
		res.Opened = true
	case lastRound != nil && lastRound.Commit == head:
		res.Request, res.Round, res.Already = req, *lastRound, true
		if !containsName(req.Reviewers, asked) {
			err := f.UpdateRequest(ctx, req, RequestUpdate{Head: head, Reviewers: res.Asked})
			res.settle(req)
			return res, err
		}
		return res, nil
	case lastRound == nil:
		// The request exists but its round tag does not: an earlier run
		// stopped between the two. The tag is missing, and maybe the ask.
		if !containsName(req.Reviewers, asked) {
			if err := f.UpdateRequest(ctx, req, RequestUpdate{Head: head, Reviewers: res.Asked}); err != nil {
				return res, err
			}
		}
	default:
		note, err := cs.roundNote(last, *lastRound, o.Note)
		if err != nil {
			return res, err
		}
		res.Note = note
		if err := f.UpdateRequest(ctx, req, RequestUpdate{Head: head, Note: note, Reviewers: res.Asked, Body: body}); err != nil {
			return res, err
		}
	}
	if lastRound != nil && lastRound.Commit == head {
		newRound = *lastRound
	} else {
		who, err := cs.Identity()
		if err != nil {
			return res, err
		}
		newRound.When = now
		if err := cs.Repo.CreateTag(newRound.Tag, head, roundTagMessage(newRound, res.Asked), who, now); err != nil {
			return res, fmt.Errorf("the review is updated but tagging %s failed (run casestudy submit again to finish): %w", newRound.Tag, err)
		}
	}
	res.Request, res.Round = req, newRound
	res.settle(req)
	return res, nil
}

// settle moves whoever the forge could not ask yet from Asked to Waiting.
func (res *SubmitResult) settle(req *Request) {
	var asked []string
	for _, a := range res.Asked {
		if containsName(req.Waiting, a) {
			res.Waiting = append(res.Waiting, a)
		} else {
			asked = append(asked, a)
		}
	}
	res.Asked = asked
}

func containsName(names []string, name string) bool {
	for _, n := range names {
		if sameName(n, name) {
			return true
		}
	}
	return false
}

// whomToAsk picks the reviewer: the one the stage calls for, or the one
// --to names.
func (cs *CaseStudy) whomToAsk(f Forge, to string, req *Request, votes []Vote, rounds []Round) (string, error) {
	chain := cs.Chain(f)
	var who string
	var person Person
	switch to {
	case "mentor":
		who, person = chain[0], cs.Config.Mentor
	case "reviewer", "":
		p := Derive(chain, req, votes, rounds)
		i := indexOfName(chain, p.Current)
		if to == "reviewer" && i < 1 {
			i = 1
		}
		if i < 0 {
			i = 0
		}
		who = chain[i]
		person = cs.Config.Mentor
		if i > 0 {
			person = cs.Config.Reviewers[i-1]
		}
	default:
		return "", fmt.Errorf("--to %q: say mentor or reviewer", to)
	}
	if who == "" {
		return "", fmt.Errorf("%s has no %s in %s, which %s needs to ask them; add it there", person, f.NameField(), ConfigFile, f.Where())
	}
	return who, nil
}

func indexOfName(chain []string, name string) int {
	for i, n := range chain {
		if sameName(n, name) {
			return i
		}
	}
	return -1
}

// requestBody is the first round's description: the pull-request template
// of the case study, then a summary of its drafts.
func (cs *CaseStudy) requestBody(f Forge, drafts []Draft, note string, stage Stage, next string) (string, error) {
	var b strings.Builder
	if note != "" {
		b.WriteString(note + "\n\n")
	}
	last := drafts[len(drafts)-1]
	fmt.Fprintf(&b, "Draft %d of %q: %d words, %s saved since the start.\n", last.Number, cs.Config.Title, last.Words, Plural(len(drafts), "draft", "drafts"))
	if f.NameField() == "github" {
		// Mentioning the reviewers makes the pull request theirs to find
		// (GitHub's involves: search, which casestudy queue uses).
		var who []string
		for i, name := range cs.Chain(f) {
			role := "reviewer"
			switch {
			case i == 0:
				role = "mentor"
			case i == len(cs.Config.Reviewers):
				role = "final reviewer"
			}
			if name != "" {
				who = append(who, fmt.Sprintf("@%s (%s)", name, role))
			}
		}
		fmt.Fprintf(&b, "Reviewers: %s.\n", strings.Join(who, ", "))
	}
	template, ok, err := cs.Repo.ReadWorkFile(".github/pull_request_template.md")
	if err != nil {
		return "", err
	}
	if ok {
		b.WriteString("\n" + template)
	}
	m := Marker{Draft: last.Number, Words: last.Words, Mentor: f.Name(cs.Config.Mentor), Reviewers: []string{}, Stage: stage, Next: next}
	for _, r := range cs.Config.Reviewers {
		m.Reviewers = append(m.Reviewers, f.Name(r))
	}
	b.WriteString("\n" + m.Line() + "\n")
	return b.String(), nil
}

// roundNote says what changed since the last round, in words.
func (cs *CaseStudy) roundNote(last Draft, prev Round, note string) (string, error) {
	files, err := cs.Diff(prev.Version(), Version{commit: last.Commit, Label: "now"}, true)
	if err != nil {
		return "", err
	}
	added, removed := 0, 0
	for _, fd := range files {
		a, r := prose.Stat(fd.Segments)
		added += a
		removed += r
	}
	s := fmt.Sprintf("Draft %d ready: +%d/-%d words since round %d.", last.Number, added, removed, prev.Number)
	if note != "" {
		s += "\n\n" + note
	}
	return s, nil
}

// Plural says "1 draft", "2 drafts".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func lastOf(rounds []Round) *Round {
	if len(rounds) == 0 {
		return nil
	}
	return &rounds[len(rounds)-1]
}
