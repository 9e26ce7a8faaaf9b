package review

import (
	"context"
	"fmt"
)

// Who writes: drafts are the mentee's. The mentee is whoever the forge
// knows as casestudy.yaml's mentee: on GitHub the token's login against
// mentee.github, on the local forge git's user.email against mentee.email
// (git-appraise knows people by email). Anyone else (the mentor, the
// reviewers, a stranger with a copy) reads, comments and suggests; their
// copy never saves a draft nor pushes the drafting branch.

// ErrNotWriter is a reader trying to write the case study.
type ErrNotWriter struct {
	Me, Mentee string
	// Did is what was refused, as "save a draft".
	Did string
}

func (e ErrNotWriter) Error() string {
	return fmt.Sprintf("only %s, the mentee, can %s in this case study, and you are %s: comment on a line with casestudy comment FILE:LINE \"…\", or suggest wording with --suggest \"…\"; nothing was changed", e.Mentee, e.Did, e.Me)
}

// IsMentee says whether me, as the forge names people, is the mentee. When
// casestudy.yaml gives the mentee no name on this forge, anyone who is not
// one of the reviewers is taken for her, as before roles were checked.
func (cs *CaseStudy) IsMentee(me string, f Forge) bool {
	mentee := f.Name(cs.Config.Mentee)
	if mentee == "" {
		return indexOfName(cs.Chain(f), me) < 0
	}
	return sameName(me, mentee)
}

// LearnRole asks the forge who runs the command and remembers whether they
// write here: a reader's copy never pushes the drafting branch. It returns
// the forge's name for the user.
func (cs *CaseStudy) LearnRole(ctx context.Context, f Forge) (string, error) {
	cs.AskRole(ctx, f)
	return cs.role()
}

// AskRole starts asking the forge who runs the command, without waiting:
// the answer (a round trip on GitHub) comes while the command goes on, and
// whatever needs it waits for it.
func (cs *CaseStudy) AskRole(ctx context.Context, f Forge) {
	if cs.roleAnswer != nil {
		return
	}
	done := make(chan struct{})
	var me string
	var err error
	go func() {
		defer close(done)
		if me, err = f.Me(ctx); err == nil {
			cs.reader = !cs.IsMentee(me, f)
		}
	}()
	cs.roleAnswer = func() (string, error) { <-done; return me, err }
}

// role waits for the answer AskRole asked for; without one, the user is
// taken for the writer, as before roles were checked.
func (cs *CaseStudy) role() (string, error) {
	if cs.roleAnswer == nil {
		return "", nil
	}
	return cs.roleAnswer()
}

// isReader says whether the user only reads here, waiting for the answer
// if it is on its way.
func (cs *CaseStudy) isReader() bool {
	cs.role()
	return cs.reader
}

// CheckWriter refuses a reader what only the mentee does; did says what,
// as "save a draft".
func (cs *CaseStudy) CheckWriter(ctx context.Context, f Forge, did string) error {
	me, err := cs.LearnRole(ctx, f)
	if err != nil {
		return err
	}
	if cs.isReader() {
		return ErrNotWriter{Me: me, Mentee: cs.Config.Mentee.String(), Did: did}
	}
	return nil
}

// Published says whether the case study is published: the final tag, which
// publish makes and every sync carries, so both forges agree offline.
func (cs *CaseStudy) Published() (bool, error) {
	_, ok, err := cs.Repo.TagTarget(FinalTag)
	return ok, err
}

// refuseIfPublished is the first step of every command that changes the
// case study or its review, so after publishing they refuse before they
// change anything, on every forge.
func (cs *CaseStudy) refuseIfPublished() error {
	published, err := cs.Published()
	if err != nil {
		return err
	}
	if published {
		return ErrPublished
	}
	return nil
}
