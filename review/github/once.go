package github

import (
	"context"
	"errors"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// postOnce makes a POST that must not happen twice. GitHub can fail after
// it did the work (a 5xx, a connection dropped before the answer), so
// after such a failure it looks with landed whether the POST took effect,
// and posts again only if it did not. It tries at most three times.
func postOnce(ctx context.Context, post func() error, landed func() (bool, error)) error {
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		if attempt > 1 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt-1) * 250 * time.Millisecond):
			}
			ok, lerr := landed()
			if lerr != nil {
				return explain(err)
			}
			if ok {
				return nil
			}
		}
		if err = post(); err == nil || !uncertain(err) {
			return explain(err)
		}
	}
	return explain(err)
}

// uncertain is a failure after which the POST may or may not have taken
// effect: a server error, or no answer at all.
func uncertain(err error) bool {
	var ge *gh.ErrorResponse
	if errors.As(err, &ge) {
		return ge.Response != nil && ge.Response.StatusCode >= 500
	}
	var rl ErrRateLimited
	var bad ErrBadToken
	if errors.As(err, &rl) || errors.As(err, &bad) || errors.Is(err, context.Canceled) {
		return false
	}
	// A transport error: the request may have reached GitHub.
	return true
}

// allPages reads every page of a list, a hundred to a page.
func allPages[T any](read func(page int) ([]T, *gh.Response, error)) ([]T, error) {
	var out []T
	for page := 1; page != 0; {
		items, resp, err := read(page)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		page = resp.NextPage
	}
	return out, nil
}

// mine keeps what user wrote.
func mine[T interface{ GetUser() *gh.User }](items []T, user string) []T {
	var out []T
	for _, it := range items {
		if it.GetUser().GetLogin() == user {
			out = append(out, it)
		}
	}
	return out
}

// myLineComments, myIssueComments and myReviews are what the user wrote
// (since a moment before a POST), for the landed checks.
func (f *Forge) myLineComments(ctx context.Context, n int, since time.Time) ([]*gh.PullRequestComment, error) {
	me, err := f.Me(ctx)
	if err != nil {
		return nil, err
	}
	all, err := allPages(func(page int) ([]*gh.PullRequestComment, *gh.Response, error) {
		return f.api.PullRequests.ListComments(ctx, f.owner, f.name, n,
			&gh.PullRequestListCommentsOptions{Since: since, ListOptions: gh.ListOptions{PerPage: perPage, Page: page}})
	})
	return mine(all, me), err
}

func (f *Forge) myIssueComments(ctx context.Context, n int, since time.Time) ([]*gh.IssueComment, error) {
	me, err := f.Me(ctx)
	if err != nil {
		return nil, err
	}
	all, err := allPages(func(page int) ([]*gh.IssueComment, *gh.Response, error) {
		return f.api.Issues.ListComments(ctx, f.owner, f.name, n,
			&gh.IssueListCommentsOptions{Since: &since, ListOptions: gh.ListOptions{PerPage: perPage, Page: page}})
	})
	return mine(all, me), err
}

func (f *Forge) myReviews(ctx context.Context, n int) ([]*gh.PullRequestReview, error) {
	me, err := f.Me(ctx)
	if err != nil {
		return nil, err
	}
	all, err := allPages(func(page int) ([]*gh.PullRequestReview, *gh.Response, error) {
		return f.api.PullRequests.ListReviews(ctx, f.owner, f.name, n, &gh.ListOptions{PerPage: perPage, Page: page})
	})
	return mine(all, me), err
}

// justBefore is a moment safely before a POST, for since= filters: GitHub
// keeps whole seconds, and clocks differ a little.
func justBefore(t time.Time) time.Time { return t.Add(-2 * time.Minute).Truncate(time.Second) }
