package review

import "context"

// Refresh brings in what others wrote, as Sync does. A forge that keeps
// the review outside the repository is read at the same time, since
// reading it needs nothing the fetch brings; the next LoadReview takes
// what was read instead of asking again. A forge whose review travels
// with the repository is read after the fetch has brought it.
func (cs *CaseStudy) Refresh(ctx context.Context, f Forge) (SyncResult, error) {
	if f.InRepo() != nil {
		return cs.Sync(ctx, f)
	}
	var res SyncResult
	ahead, err := ReadBeside(ctx, f, func() (err error) {
		res, err = cs.Sync(ctx, f)
		return err
	})
	cs.TakeReview(ahead)
	return res, err
}

// ReadAhead is a review read beside other work: the request and
// everything said in it, or why reading them failed.
type ReadAhead struct {
	req *Request
	act Activity
	err error
}

// ReadBeside does work (a fetch, a clone) while it reads the review from
// f, which must keep its review outside the repository: the work's round
// trips and the reading's overlap instead of adding up. It returns what
// was read, and the work's error.
func ReadBeside(ctx context.Context, f Forge, work func() error) (*ReadAhead, error) {
	ahead, read := &ReadAhead{}, make(chan struct{})
	go func() {
		defer close(read)
		if ahead.req, ahead.err = f.FindRequest(ctx); ahead.err == nil && ahead.req != nil {
			ahead.act, ahead.err = f.Activity(ctx, ahead.req)
		}
	}()
	err := work()
	<-read
	return ahead, err
}

// TakeReview makes the next LoadReview use a review read ahead instead of
// asking the forge again.
func (cs *CaseStudy) TakeReview(ahead *ReadAhead) { cs.ahead = ahead }

// takeReadAhead hands out what was read ahead, once: a later read in the
// same command (after it wrote something, say) asks the forge again.
func (cs *CaseStudy) takeReadAhead() *ReadAhead {
	ahead := cs.ahead
	cs.ahead = nil
	return ahead
}
