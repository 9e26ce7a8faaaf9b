package review

import (
	"context"

	"github.com/less-trainers/casestudy/prose"
)

// Sanitized wraps a forge so that everything it reads from the server or
// from other people's notes (titles, descriptions, names, comments, paths)
// is cleaned once, where it enters the workflow, as gh's ASCII sanitiser
// cleans API answers in its HTTP transport. What comes after (feedback,
// the archive, apply's suggestions, status) can then print it as it is.
func Sanitized(f Forge) Forge { return sanitized{f} }

type sanitized struct{ Forge }

func (s sanitized) Me(ctx context.Context) (string, error) {
	me, err := s.Forge.Me(ctx)
	return prose.Clean(me), err
}

func (s sanitized) FindRequest(ctx context.Context) (*Request, error) {
	r, err := s.Forge.FindRequest(ctx)
	if r != nil {
		cleanRequest(r)
	}
	return r, err
}

func (s sanitized) OpenRequest(ctx context.Context, nr NewRequest) (*Request, error) {
	r, err := s.Forge.OpenRequest(ctx, nr)
	if r != nil {
		cleanRequest(r)
	}
	return r, err
}

func (s sanitized) Activity(ctx context.Context, r *Request) (Activity, error) {
	act, err := s.Forge.Activity(ctx, r)
	for i := range act.Votes {
		v := &act.Votes[i]
		v.Author, v.Body = prose.Clean(v.Author), prose.Clean(v.Body)
	}
	for i := range act.Comments {
		c := &act.Comments[i]
		c.ID, c.Author, c.Path, c.Body, c.Parent = prose.Clean(c.ID), prose.Clean(c.Author), prose.Clean(c.Path), prose.Clean(c.Body), prose.Clean(c.Parent)
	}
	return act, err
}

func cleanRequest(r *Request) {
	r.ID, r.URL, r.Title, r.Description, r.Requester = prose.Clean(r.ID), prose.Clean(r.URL), prose.Clean(r.Title), prose.Clean(r.Description), prose.Clean(r.Requester)
	for i := range r.Reviewers {
		r.Reviewers[i] = prose.Clean(r.Reviewers[i])
	}
}
