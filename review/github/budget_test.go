package github_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/internal/ghcase"
	"github.com/less-trainers/casestudy/internal/githubtest"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
)

// budgetEnv is a case study on the emulator with one round submitted.
type budgetEnv struct {
	srv   *githubtest.Server
	cs    *review.CaseStudy
	forge *github.Forge
}

func newBudgetEnv(t *testing.T) *budgetEnv {
	t.Helper()
	cfg := &review.Config{Title: "Acme", Mentee: review.Person{Name: "Ana", Email: "ana@example.com", GitHub: "ana"},
		Mentor: review.Person{GitHub: "bob"}, Reviewers: []review.Person{{GitHub: "craig"}}, Documents: []string{"case-study.md"}}
	srv, cs := ghcase.Place(t, cfg)
	ctx := context.Background()
	writeDoc(t, cs, 40, "first")
	forge, err := github.New(ctx, cs.Repo, cs.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Submit(ctx, forge, review.SubmitOptions{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	return &budgetEnv{srv: srv, cs: cs, forge: forge}
}

func writeDoc(t *testing.T, cs *review.CaseStudy, lines int, word string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Acme\n\n")
	for i := 1; i <= lines; i++ {
		fmt.Fprintf(&b, "Sentence %d of the %s draft.\n", i, word)
	}
	if err := os.WriteFile(filepath.Join(cs.Root, "case-study.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// apiRequests are the REST requests recorded since the last reset.
func apiRequests(srv *githubtest.Server) []githubtest.Request {
	var out []githubtest.Request
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/api/v3/") {
			out = append(out, r)
		}
	}
	return out
}

func describe(reqs []githubtest.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "  %s %s?%s -> %d\n", r.Method, r.Path, r.RawQuery, r.Status)
	}
	return b.String()
}

// The budget of a later round: submit on an existing pull request makes
// these REST requests and no others (plus git's push, fetch and push of
// tags over smart HTTP).
func TestSubmitOnAnExistingPullRequestStaysInItsBudget(t *testing.T) {
	e := newBudgetEnv(t)
	writeDoc(t, e.cs, 40, "second")
	e.srv.ResetRequests()
	ctx := context.Background()
	forge, err := github.New(ctx, e.cs.Repo, e.cs.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.cs.Submit(ctx, forge, review.SubmitOptions{}, time.Now())
	if err != nil || res.Round.Number != 2 {
		t.Fatalf("Submit = round %d, %v", res.Round.Number, err)
	}
	// Requests on one line are made at once, in any order.
	want := [][]string{
		{"GET /api/v3/repos/ana/acme/pulls"}, // find the pull request (who am I was asked once in this process already)
		{"GET /api/v3/repos/ana/acme/issues/1/comments", "GET /api/v3/repos/ana/acme/pulls/1/comments", "GET /api/v3/repos/ana/acme/pulls/1/reviews"}, // whom to ask
		{"PATCH /api/v3/repos/ana/acme/pulls/1", "POST /api/v3/repos/ana/acme/issues/1/comments"},                                                     // renew the description (draft, words); "Draft 2 ready: …"
	}
	checkWaves(t, "submit", apiRequests(e.srv), want)
}

// checkWaves compares the requests made with the expected ones, wave by
// wave; within a wave the order is free.
func checkWaves(t *testing.T, what string, got []githubtest.Request, want [][]string) {
	t.Helper()
	n := 0
	for _, w := range want {
		n += len(w)
	}
	if len(got) != n {
		t.Fatalf("%s made %d REST requests, the budget is %d:\n%s", what, len(got), n, describe(got))
	}
	i := 0
	for _, wave := range want {
		var seen []string
		for range wave {
			seen = append(seen, got[i].Method+" "+got[i].Path)
			i++
		}
		sort.Strings(seen)
		if strings.Join(seen, ", ") != strings.Join(wave, ", ") {
			t.Errorf("%s made %v, want %v", what, seen, wave)
		}
	}
}

// Feedback over 450 line comments reads them a hundred to a page, and a
// second feedback with nothing new is answered by 304s from the cache.
func TestFeedbackPagesAtAHundredAndThenCostsOnly304s(t *testing.T) {
	e := newBudgetEnv(t)
	postComments(t, e, 0, 450)
	ctx := context.Background()
	e.srv.ResetRequests()
	fb, err := e.cs.Feedback(ctx, e.forge, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(fb.Threads) != 450 {
		t.Fatalf("feedback has %d threads, want 450", len(fb.Threads))
	}
	pages := 0
	for _, r := range apiRequests(e.srv) {
		if r.Path == "/api/v3/repos/ana/acme/pulls/1/comments" {
			pages++
			if !strings.Contains(r.RawQuery, "per_page=100") {
				t.Errorf("comments read with %q, want per_page=100", r.RawQuery)
			}
		}
	}
	if pages != 5 {
		t.Errorf("450 comments took %d pages, want 5:\n%s", pages, describe(apiRequests(e.srv)))
	}

	e.srv.ResetRequests()
	forge, err := github.New(ctx, e.cs.Repo, e.cs.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.cs.Feedback(ctx, forge, 0); err != nil {
		t.Fatal(err)
	}
	again := apiRequests(e.srv)
	if len(again) == 0 {
		t.Fatal("no requests recorded")
	}
	for _, r := range again {
		if r.Status != http.StatusNotModified {
			t.Errorf("second feedback: %s %s?%s answered %d, want 304", r.Method, r.Path, r.RawQuery, r.Status)
		}
	}
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := execGit(dir, args...)
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return out
}

// postComments makes bob's line comments from..to-1 on the pull request.
func postComments(t *testing.T, e *budgetEnv, from, to int) {
	t.Helper()
	head := strings.TrimSpace(gitOut(t, e.cs.Root, "rev-parse", "draft"))
	for i := from; i < to; i++ {
		body := fmt.Sprintf(`{"body":"comment %d","commit_id":%q,"path":"case-study.md","line":%d,"side":"RIGHT"}`, i, head, 3+i%40)
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v3/repos/ana/acme/pulls/1/comments", strings.NewReader(body))
		req.Header.Set("Authorization", "token "+e.srv.Token("bob"))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("comment %d: %s", i, resp.Status)
		}
	}
}

// A 304 on an unchanged first page must not hide the pages added since:
// line comments grow from 100 to 600 between two reads.
func TestCachedPagesDoNotHideGrowth(t *testing.T) {
	e := newBudgetEnv(t)
	ctx := context.Background()
	postComments(t, e, 0, 100)
	if fb, err := e.cs.Feedback(ctx, e.forge, 0); err != nil || len(fb.Threads) != 100 {
		t.Fatalf("first feedback: %d threads, %v", len(fb.Threads), err)
	}
	postComments(t, e, 100, 600)
	forge, err := github.New(ctx, e.cs.Repo, e.cs.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := e.cs.Feedback(ctx, forge, 0)
	if err != nil || len(fb.Threads) != 600 {
		t.Fatalf("feedback after growth: %d threads, want 600 (%v)", len(fb.Threads), err)
	}
	st, err := e.cs.ReviewStatus(ctx, forge)
	if err != nil || len(st.Comments) != 600 {
		t.Fatalf("status after growth: %d comments, want 600 (%v)", len(st.Comments), err)
	}
}
