package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/internal/ghcase"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
	"github.com/less-trainers/casestudy/web"
)

// post sends an action as the page's script does.
func post(t *testing.T, base, path string, form url.Values) (int, map[string]any) {
	t.Helper()
	u, _ := url.Parse(base)
	form.Set("token", u.Query().Get("token"))
	req, _ := http.NewRequest("POST", u.Scheme+"://"+u.Host+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func page(t *testing.T, pageURL string) string {
	t.Helper()
	res, err := http.Get(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The page acts through the same domain on GitHub, reading the review once
// per page: Bob's suggestion and
// request for changes become a line comment and a review on the pull
// request (each request checked against GitHub's description), and Ana's
// page applies the suggestion.
func TestServeOnGitHub(t *testing.T) {
	cfg := &review.Config{Title: "Acme", Mentee: review.Person{Name: "Ana Silva", Email: "ana@example.com", GitHub: "ana"},
		Mentor: review.Person{Name: "Bob Mentor", GitHub: "bob"}, Reviewers: []review.Person{{Name: "Craig Larman", GitHub: "craig"}}, Documents: []string{"case-study.md"}}
	srv, cs := ghcase.Place(t, cfg)
	ctx := context.Background()
	ana := ghcase.Connect(t, srv, "ana", "")
	doc, _ := os.ReadFile("testdata/case-study.md")
	os.WriteFile(filepath.Join(cs.Root, "case-study.md"), doc, 0o644)
	anaForge := github.ForRepo(ana, "ana/acme", nil)
	if _, err := cs.Submit(ctx, anaForge, review.SubmitOptions{}, time.Now()); err != nil {
		t.Fatal(err)
	}

	// Bob reviews in the same clone, with his own token.
	bobForge := github.ForRepo(ghcase.Connect(t, srv, "bob", ""), "ana/acme", nil)
	serveWith := func(f review.Forge) string {
		s := httptest.NewServer(web.New(web.Options{CaseStudy: cs, Forge: f, Token: "gh-token"}))
		t.Cleanup(s.Close)
		return s.URL + "/?token=gh-token"
	}
	bobURL, anaURL := serveWith(bobForge), serveWith(anaForge)
	if p := page(t, bobURL); !strings.Contains(p, `data-role="reviewer"`) || !strings.Contains(p, "mentor review, waiting for Bob Mentor") {
		t.Fatalf("Bob's page on GitHub:\n%.2000s", p)
	}
	code, out := post(t, bobURL, "/comment", url.Values{"path": {"case-study.md"}, "start": {"21"}, "end": {"22"}, "text": {"Tighter:"}, "suggest": {"1"}, "suggestion": {"Eight teams shared one Product Owner from March 2019."}})
	if code != 200 || out["message"] != "Kept your suggestion on case-study.md:21-22 as p1, unsent; it goes with your verdict, or with Send comments." {
		t.Fatalf("comment: %d %v", code, out)
	}
	if p := page(t, bobURL); !strings.Contains(p, `class="thread pending"`) || !strings.Contains(p, "1 unsent") {
		t.Fatalf("Bob's page does not show his unsent comment")
	}
	// The sitting ends with the verdict: one review with its line comment.
	srv.ResetRequests()
	code, out = post(t, bobURL, "/vote", url.Values{"verdict": {"request-changes"}, "message": {"Say when."}})
	if code != 200 || !strings.HasPrefix(out["message"].(string), "Asked for changes with 1 comment.") || !strings.Contains(out["message"].(string), "Stage: revising, waiting for Ana Silva") {
		t.Fatalf("request changes: %d %v", code, out)
	}
	var posts []string
	for _, r := range srv.Requests() {
		if r.Method == "POST" && strings.HasPrefix(r.Path, "/api/v3/") { // GraphQL reads are POSTs too
			posts = append(posts, r.Path)
		}
	}
	if len(posts) != 1 || !strings.HasSuffix(posts[0], "/pulls/1/reviews") {
		t.Errorf("the verdict with its comment should be one review, got REST POSTs %v", posts)
	}

	// Ana's page shows the thread with its suggestion, and applies it.
	srv.ResetRequests()
	p := page(t, anaURL)
	var api []string
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/api/") {
			api = append(api, r.Method+" "+r.Path)
		}
	}
	// One read of the review: the pull request, its threads' state
	// (GraphQL), reviews, conversation and line comments.
	if len(api) != 5 {
		t.Errorf("one page on GitHub: %d API requests, want 5: %s", len(api), strings.Join(api, ", "))
	}
	if !strings.Contains(p, `data-role="writer"`) || !strings.Contains(p, "Apply suggestion") || !strings.Contains(p, "Say when.") {
		t.Fatalf("Ana's page on GitHub:\n%s", p)
	}
	fb, err := cs.Feedback(ctx, anaForge, 0)
	if err != nil || len(fb.Threads) != 1 {
		t.Fatalf("feedback: %v %v", fb.Threads, err)
	}
	code, out = post(t, anaURL, "/apply", url.Values{"id": {fb.Threads[0].Comment.ID}})
	if code != 200 || !strings.HasPrefix(out["message"].(string), "Applied the suggestion on case-study.md:21-22") {
		t.Fatalf("apply: %d %v", code, out)
	}
	text, _ := os.ReadFile(filepath.Join(cs.Root, "case-study.md"))
	if !strings.Contains(string(text), "\nEight teams shared one Product Owner from March 2019.\n\n## Experiment 1") {
		t.Fatalf("after apply:\n%s", text)
	}
}
