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
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return SubmitResult{}, err
	}
	defer unlock()
	var res SubmitResult
	// Everything is read before anything changes: a refused token, a
	// reviewer's copy or a published case study leave the text unsaved.
	if err := cs.refuseIfPublished(); err != nil {
		return res, err
	}
	rv, err := cs.LoadReview(ctx, f)
	if err != nil {
		return res, err
	}
	me, err := cs.LearnRole(ctx, f)
	if err != nil {
		return res, err
	}
	if indexOfName(cs.Chain(f), me) >= 0 {
		return res, fmt.Errorf("you (%s) review this case study; only the mentee submits it, and nothing was saved", me)
	}
	if cs.isReader() {
		return res, ErrNotWriter{Me: me, Mentee: cs.Config.Mentee.String(), Did: "submit it"}
	}
	if rv.Request != nil && rv.Request.Merged {
		return res, ErrPublished
	}
	if rv.Request != nil && rv.Request.Abandoned {
		return res, errors.New("the review was abandoned (git appraise abandon), so nothing was submitted; to go on, ask for it again with: git appraise request")
	}
	if rv.Request == nil {
		// No review yet, but maybe a round tagged by a submit that
		// stopped before opening it: that round is the one to open.
		if rv.Rounds, err = cs.Rounds(); err != nil {
			return res, err
		}
	}
	d, err := cs.draftToSubmit(o, now)
	if err != nil {
		return res, err
	}
	res.Saved = d.saved
	plan, err := cs.planRound(f, o, rv, d)
	if err != nil {
		return res, err
	}
	res.Asked = []string{plan.asked}
	// The round's tag is made first, so it goes out with the drafting
	// branch in one push; a submit that stops after making it finishes
	// the round when run again (carryOut).
	if !plan.tagged {
		who, err := cs.Identity()
		if err != nil {
			return res, err
		}
		plan.round.When = now
		if err := cs.Repo.CreateTag(plan.round.Tag, plan.round.Commit, roundTagMessage(plan.round, res.Asked), who, now); err != nil {
			return res, fmt.Errorf("tagging %s failed, and nothing was sent: %w", plan.round.Tag, err)
		}
	}
	if err := cs.Share(ctx, f, DraftBranch); err != nil {
		return res, err
	}
	req, err := cs.carryOut(ctx, f, plan, &res)
	if err != nil {
		what := "updating the review"
		if plan.rv.Request == nil {
			what = "opening the review"
		}
		return res, fmt.Errorf("draft %d is shared as round %d, but %s failed; casestudy submit finishes it: %w", plan.round.Draft, plan.round.Number, what, err)
	}
	res.Request, res.Round = req, plan.round
	res.settle(req)
	return res, nil
}

// submission is the draft a submit sends: saved first when there was
// unsaved work.
type submission struct {
	saved  *Draft
	drafts []Draft
	last   Draft // the latest draft, its commit the drafting branch's head
}

// draftToSubmit saves unsaved work as a draft and returns the drafts.
func (cs *CaseStudy) draftToSubmit(o SubmitOptions, now time.Time) (submission, error) {
	var d submission
	changes, err := cs.Repo.Changes()
	if err != nil {
		return d, err
	}
	if len(changes) > 0 {
		// The note (-m) is for the reviewer; the draft just takes its number.
		saved, err := cs.Save("", now)
		var other NotADraft
		if err != nil && !errors.Is(err, ErrNothingToSave) && !errors.As(err, &other) {
			return d, err
		}
		if err == nil {
			d.saved = &saved
		}
	}
	if d.drafts, err = cs.Drafts(); err != nil {
		return d, err
	}
	if len(d.drafts) == 0 {
		return d, errors.New(`there is no draft to submit yet; write in the document, then run: casestudy save -m "first draft"`)
	}
	d.last = d.drafts[len(d.drafts)-1]
	head, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil {
		return d, err
	}
	// Commits after the last draft (a journal entry, say) go to review with
	// it, under the number of the draft they extend; alone they are no new
	// round (planRound).
	d.last.Commit = head
	return d, nil
}

// roundPlan is what a submit does on the forge, decided from what it read.
type roundPlan struct {
	rv     *Review
	d      submission
	asked  string
	round  Round  // the round this submit makes, or the one it finishes
	tagged bool   // the round's tag exists: made by an earlier submit
	body   string // the request's description
	note   string // what the conversation is told; "" for none
}

// planRound decides whom to ask, which round this is, and what to say.
func (cs *CaseStudy) planRound(f Forge, o SubmitOptions, rv *Review, d submission) (roundPlan, error) {
	p := roundPlan{rv: rv, d: d}
	var votes []Vote
	if rv.Request != nil {
		votes = rv.Activity.Votes
	}
	asked, err := cs.whomToAsk(f, o.To, rv.Request, votes, rv.Rounds)
	if err != nil {
		return p, err
	}
	p.asked = asked
	head := d.last.Commit
	lastRound := lastOf(rv.Rounds)
	switch {
	case lastRound != nil && (lastRound.Commit == head || lastRound.Draft == d.last.Number):
		// Submitted before, or begun: what the round says compares it
		// with the round before it, as when it was made.
		p.round, p.tagged = *lastRound, true
		lastRound = nil
		if n := len(rv.Rounds); n > 1 {
			lastRound = &rv.Rounds[n-2]
		}
	case lastRound != nil:
		p.round = Round{Number: lastRound.Number + 1, Draft: d.last.Number, Commit: head}
	default:
		p.round = Round{Number: 1, Draft: d.last.Number, Commit: head}
	}
	if !p.tagged {
		p.round.Tag = fmt.Sprintf("%s%d", RoundTagPrefix, p.round.Number)
	}
	// The words changed since the last round, worked out once for the
	// note and the description.
	var words wordChange
	if lastRound != nil {
		if words.added, words.removed, err = cs.wordsSince(*lastRound, d.last); err != nil {
			return p, err
		}
		if rv.Request != nil {
			p.note = roundNote(d.last, *lastRound, words, o.Note)
		}
	}
	chain := cs.Chain(f)
	p.body, err = cs.requestBody(f, d.drafts, lastRound, words, o.Note, StageOf(chain, indexOfName(chain, asked)), asked)
	return p, err
}

// wordChange is how many words were added and removed since a round.
type wordChange struct{ added, removed int }

// carryOut opens the request or brings it up to date, as planned. A round
// tagged before (by this submit, or by one that stopped after tagging)
// gets what the review still lacks of it: its note, its description, its
// ask; when it lacks nothing, the draft was submitted already.
func (cs *CaseStudy) carryOut(ctx context.Context, f Forge, p roundPlan, res *SubmitResult) (*Request, error) {
	req, head, ask := p.rv.Request, p.round.Commit, []string{p.asked}
	if req == nil {
		req, err := f.OpenRequest(ctx, NewRequest{Title: cs.Config.Title, Body: p.body, Head: head, Reviewers: ask})
		if err != nil {
			return nil, err
		}
		res.Opened = true
		return req, nil
	}
	note, body := p.note, p.body
	if said(p.rv.Activity, note) {
		note = "" // said by an earlier run: once is enough
	}
	if p.tagged && (p.note == "" || note == "") && describes(req.Description, body) {
		res.Already = true
		if !containsName(req.Reviewers, p.asked) {
			return req, f.UpdateRequest(ctx, req, RequestUpdate{Head: head, Reviewers: ask})
		}
		return req, nil
	}
	res.Note = p.note
	return req, f.UpdateRequest(ctx, req, RequestUpdate{Head: head, Note: note, Reviewers: ask, Body: body})
}

// said reports whether the review's conversation already has a round's
// note: its first line names the draft, the words changed and the round
// before, whatever message came with it.
func said(act Activity, note string) bool {
	first := strings.TrimSpace(firstLineOf(note))
	if first == "" {
		return false
	}
	for _, c := range act.Comments {
		if c.Path == "" && strings.TrimSpace(firstLineOf(c.Body)) == first {
			return true
		}
	}
	return false
}

// describes reports whether a request's description is already the one
// for this round: it says what changed, as body does.
func describes(description, body string) bool {
	_, changed, ok := strings.Cut(body, "## What changed\n\n")
	changed, _, _ = strings.Cut(changed, "\n")
	return !ok || strings.Contains(description, changed)
}

func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
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

// requestBody is the review request's description, written for the round
// being submitted: the mentee's note, what changed since the last round,
// what feedback helps now, and how to give it. Sections of the repository's
// pull-request template that the mentee filled in are taken in; its
// placeholders, written for GitHub's web page, never are.
func (cs *CaseStudy) requestBody(f Forge, drafts []Draft, prev *Round, words wordChange, note string, stage Stage, next string) (string, error) {
	var b strings.Builder
	if note = strings.TrimSpace(note); note != "" {
		b.WriteString(note + "\n\n")
	}
	last := drafts[len(drafts)-1]
	docs := strings.Join(cs.Config.Documents, ", ")
	b.WriteString("## What changed\n\n")
	if prev == nil {
		fmt.Fprintf(&b, "Draft %d of %q, %s, is new to you: every line of %s is in this review, so you can comment on any sentence.\n",
			last.Number, cs.Config.Title, Plural(last.Words, "word", "words"), docs)
	} else {
		fmt.Fprintf(&b, "Draft %d of %q, %s: +%d/-%d words since round %d (draft %d).\n",
			last.Number, cs.Config.Title, Plural(last.Words, "word", "words"), words.added, words.removed, prev.Number, prev.Draft)
		for _, d := range drafts {
			if d.Number > prev.Draft && d.Message != "" {
				fmt.Fprintf(&b, "- Draft %d: %s\n", d.Number, d.Message)
			}
		}
		fmt.Fprintf(&b, "GitHub's \"changes since your last review\" and `casestudy review` show what is new since round %d; every line is still open to comments.\n", prev.Number)
	}
	template, ok, err := cs.Repo.ReadWorkFile(".github/pull_request_template.md")
	if err != nil {
		return "", err
	}
	filled := map[string]string{}
	if ok {
		filled = filledSections(template)
	}
	b.WriteString("\n## What feedback helps\n\n")
	if asks := filled[askSection]; asks != "" {
		b.WriteString(asks + "\n")
	} else {
		b.WriteString(feedbackWanted(stage) + "\n")
	}
	for _, s := range templateSections(template) {
		if s != askSection && s != changedSection && filled[s] != "" {
			fmt.Fprintf(&b, "\n## %s\n\n%s\n", s, filled[s])
		}
	}
	b.WriteString("\n## How to answer\n\n" + f.WhereToComment())
	b.WriteString("`casestudy comment case-study.md:42 \"…\" --suggest \"…\"`. End the round with `casestudy approve` or `casestudy request-changes -m \"…\"`.\n")
	// Mentioning the reviewers, on a forge where that tells them, makes
	// the review theirs to find (GitHub's involves: search, which
	// casestudy queue uses).
	var who []string
	for i, name := range cs.Chain(f) {
		role := "reviewer"
		switch {
		case i == 0:
			role = "mentor"
		case i == len(cs.Config.Reviewers):
			role = "final reviewer"
		}
		if m := f.Mention(name); name != "" && m != "" {
			who = append(who, fmt.Sprintf("%s (%s)", m, role))
		}
	}
	if len(who) > 0 {
		fmt.Fprintf(&b, "\nReviewers: %s.\n", strings.Join(who, ", "))
	}
	m := Marker{Draft: last.Number, Words: last.Words, Mentor: f.Name(cs.Config.Mentor), Reviewers: []string{}, Stage: stage, Next: next}
	for _, r := range cs.Config.Reviewers {
		m.Reviewers = append(m.Reviewers, f.Name(r))
	}
	b.WriteString("\n" + m.Line() + "\n")
	return b.String(), nil
}

// The template's sections that requestBody writes itself, unless filled in.
const (
	askSection     = "What this round asks of you"
	changedSection = "What changed since the last round"
)

// feedbackWanted is what helps most at a stage, when the mentee did not say.
func feedbackWanted(stage Stage) string {
	switch stage {
	case StageFinalReview:
		return "Whether it is ready to publish, and the sentences you would still change; the review is two-way learning, so questions back are welcome."
	case StageReview:
		return "Your view of how the adoption is told: the experiments (context, narrative, inspection, adaptation), the system models, and where LeSS's rules are honoured or bent."
	}
	return "Your read of the whole story: whether the theme comes through, whether each experiment has its context, narrative, inspection and adaptation, and what is missing or could go."
}

// templateSections lists the template's "## " headings in order.
func templateSections(template string) []string {
	var out []string
	for _, l := range strings.Split(template, "\n") {
		if h, ok := strings.CutPrefix(l, "## "); ok {
			out = append(out, strings.TrimSpace(h))
		}
	}
	return out
}

// filledSections is each template section's text with its comments and
// its placeholders (lines in parentheses, list items of one) left out:
// what the mentee wrote there, or "" when she wrote nothing.
func filledSections(template string) map[string]string {
	out := map[string]string{}
	var section string
	var lines []string
	inComment := false
	flush := func() {
		if section != "" {
			out[section] = strings.TrimSpace(strings.Join(lines, "\n"))
		}
		lines = nil
	}
	placeholder := false
	for _, l := range strings.Split(template, "\n") {
		if inComment {
			if _, after, ok := strings.Cut(l, "-->"); ok {
				inComment, l = false, after
			} else {
				continue
			}
		}
		for {
			before, rest, ok := strings.Cut(l, "<!--")
			if !ok {
				break
			}
			if _, after, closed := strings.Cut(rest, "-->"); closed {
				l = before + after
			} else {
				l, inComment = before, true
				break
			}
		}
		if h, ok := strings.CutPrefix(l, "## "); ok {
			flush()
			section = strings.TrimSpace(h)
			continue
		}
		t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*0123456789. "))
		switch {
		case strings.HasPrefix(t, "("):
			placeholder = !strings.HasSuffix(t, ")")
			continue
		case placeholder:
			placeholder = !strings.HasSuffix(t, ")")
			continue
		}
		lines = append(lines, l)
	}
	flush()
	return out
}

// wordsSince counts the words added and removed from a round to a draft.
func (cs *CaseStudy) wordsSince(prev Round, last Draft) (added, removed int, err error) {
	files, err := cs.Diff(prev.Version(), Version{commit: last.Commit, Label: "now"}, true)
	if err != nil {
		return 0, 0, err
	}
	for _, fd := range files {
		a, r := prose.Stat(fd.Segments)
		added += a
		removed += r
	}
	return added, removed, nil
}

// roundNote says what changed since the last round, in words.
func roundNote(last Draft, prev Round, words wordChange, note string) string {
	s := fmt.Sprintf("Draft %d ready: +%d/-%d words since round %d.", last.Number, words.added, words.removed, prev.Number)
	if note != "" {
		s += "\n\n" + note
	}
	return s
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
