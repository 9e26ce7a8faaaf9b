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
	ahead, read := &readAhead{}, make(chan struct{})
	go func() {
		defer close(read)
		if ahead.req, ahead.err = f.FindRequest(ctx); ahead.err == nil && ahead.req != nil {
			ahead.act, ahead.err = f.Activity(ctx, ahead.req)
		}
	}()
	res, err := cs.Sync(ctx, f)
	<-read
	cs.ahead = ahead
	return res, err
}

// readAhead is the review as Refresh read it beside the fetch.
type readAhead struct {
	req *Request
	act Activity
	err error
}

// takeReadAhead hands out what Refresh read, once: a later read in the
// same command (after it wrote something, say) asks the forge again.
func (cs *CaseStudy) takeReadAhead() *readAhead {
	ahead := cs.ahead
	cs.ahead = nil
	return ahead
}
