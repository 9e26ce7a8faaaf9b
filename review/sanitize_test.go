package review

import (
	"context"
	"strings"
	"testing"
)

// hostileForge answers as a server or a note writer could: every text
// field holds an escape sequence and a bidi override.
type hostileForge struct{ Forge }

const hostile = "x\x1b]0;pwned\x07\u202e\xffy"

func (hostileForge) Me(context.Context) (string, error) { return hostile, nil }

func (hostileForge) FindRequest(context.Context) (*Request, error) {
	return &Request{ID: hostile, URL: hostile, Title: hostile, Description: hostile, Requester: hostile, Reviewers: []string{hostile}}, nil
}

func (hostileForge) Activity(context.Context, *Request) (Activity, error) {
	return Activity{
		Votes:    []Vote{{Author: hostile, Body: hostile}},
		Comments: []Comment{{ID: hostile, Author: hostile, Path: hostile, Body: hostile, Parent: hostile}},
	}, nil
}

func TestSanitizedCleansEveryTextField(t *testing.T) {
	f := Sanitized(hostileForge{})
	ctx := context.Background()
	me, _ := f.Me(ctx)
	req, _ := f.FindRequest(ctx)
	act, _ := f.Activity(ctx, req)
	fields := []string{me, req.ID, req.URL, req.Title, req.Description, req.Requester, req.Reviewers[0],
		act.Votes[0].Author, act.Votes[0].Body,
		act.Comments[0].ID, act.Comments[0].Author, act.Comments[0].Path, act.Comments[0].Body, act.Comments[0].Parent}
	for i, s := range fields {
		if s != "x<U+202E>\ufffdy" || strings.ContainsAny(s, "\x1b\x07\u202e") {
			t.Errorf("field %d reads %q", i, s)
		}
	}
}
