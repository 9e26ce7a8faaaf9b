package github

import (
	"context"
	"strings"
	"sync"

	"github.com/less-trainers/casestudy/review"
)

// A reviewer's first review clones the repository, and the clone's round
// trips are time they wait. The pull request and what was said in it do
// not depend on the copy, so they are read while the clone runs, and the
// forge opened on the new copy takes them instead of asking again.

// earlyReads are those reads, for this process only.
var earlyReads sync.Map // host, token hash and repository → *earlyRead

type earlyRead struct {
	from *Client
	done chan struct{}
	req  *review.Request
	act  review.Activity
	err  error
}

func (c *Client) earlyKey(repo string) string {
	return c.Host.Name + "\n" + c.tokenHash() + "\n" + strings.ToLower(repo)
}

// ReadReviewEarly starts reading repo's pull request and its activity, for
// the forge of repo's copy opened later in this command (one that is
// never opened leaves them unread). Who the token is, is asked alongside.
// GitHub's answers are held in memory until then, and go into the copy's
// cache, as if the forge had asked.
func (c *Client) ReadReviewEarly(ctx context.Context, repo string) {
	c.HoldAnswers()
	e := &earlyRead{from: c, done: make(chan struct{})}
	earlyReads.Store(c.earlyKey(repo), e)
	f := ForRepo(c, repo, nil)
	go func() {
		defer close(e.done)
		if e.req, e.err = f.findRequest(ctx); e.err == nil && e.req != nil {
			e.act, e.err = f.activity(ctx, e.req)
		}
	}()
}

// takeEarly is the review read early for this forge's repository, once;
// nil when there is none, or when reading it failed (the forge then asks
// again, and reports what goes wrong then).
func (f *Forge) takeEarly(ctx context.Context) *earlyRead {
	v, ok := earlyReads.LoadAndDelete(f.earlyKey(f.owner + "/" + f.name))
	if !ok {
		return nil
	}
	e := v.(*earlyRead)
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil
	}
	e.from.transport.handOver(f.transport)
	if e.err != nil {
		return nil
	}
	return e
}

// HoldAnswers makes a client with no cache directory (one made before the
// copy exists) keep GitHub's answers in memory, for a forge of the copy
// to take into its cache with the early reads.
func (c *Client) HoldAnswers() {
	c.transport.heldMu.Lock()
	defer c.transport.heldMu.Unlock()
	if c.transport.cacheDir == "" && c.transport.held == nil {
		c.transport.held = map[string][]byte{}
	}
}
