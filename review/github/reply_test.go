package github_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/less-trainers/casestudy/review"
)

// A reply goes to GitHub's replies endpoint, whose body is just the text:
// posting in_reply_to to .../comments (go-github's CreateCommentInReplyTo)
// breaks GitHub's REST description, which requires commit_id and path there.
func TestReplyUsesTheRepliesEndpoint(t *testing.T) {
	e := newBudgetEnv(t)
	ctx := context.Background()
	req, err := e.forge.FindRequest(ctx)
	if err != nil || req == nil {
		t.Fatalf("FindRequest = %v, %v", req, err)
	}
	body := fmt.Sprintf(`{"body":"why?","commit_id":%q,"path":"case-study.md","line":5,"side":"RIGHT"}`, req.Head)
	hr, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v3/repos/ana/acme/pulls/1/comments", strings.NewReader(body))
	hr.Header.Set("Authorization", "token "+e.srv.Token("bob"))
	hr.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(hr)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("bob's comment: %v %v", resp, err)
	}
	resp.Body.Close()
	act, err := e.forge.Activity(ctx, req)
	if err != nil || len(act.Comments) != 1 {
		t.Fatalf("Activity = %+v, %v", act, err)
	}
	root := act.Comments[0]

	e.srv.ResetRequests()
	if err := e.forge.AddComment(ctx, req, review.NewComment{Parent: root.ID, Body: "Because.", Path: root.Path, Commit: req.Head}); err != nil {
		t.Fatal(err)
	}
	got := apiRequests(e.srv)
	if len(got) != 1 || got[0].Method != "POST" || got[0].Path != "/api/v3/repos/ana/acme/pulls/1/comments/"+root.ID+"/replies" || got[0].Status != http.StatusCreated {
		t.Errorf("reply made:\n%s", describe(got))
	}
	act, err = e.forge.Activity(ctx, req)
	if err != nil || len(act.Comments) != 2 || act.Comments[1].Parent != root.ID || act.Comments[1].Body != "Because." {
		t.Errorf("after the reply: %+v, %v", act.Comments, err)
	}
}
