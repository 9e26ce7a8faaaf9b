package githubtest_test

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/less-trainers/casestudy/internal/githubtest"
)

func TestRateLimitHeadersAndETag(t *testing.T) {
	e := newEnv(t)
	tok := e.srv.Token("ana")

	resp, body := e.rawGet(tok, "/api/v3/user", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"login":"ana"`) {
		t.Fatalf("GET /user: %d %s", resp.StatusCode, body)
	}
	h := resp.Header
	for _, k := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Used", "X-GitHub-Request-Id", "ETag"} {
		if h.Get(k) == "" {
			t.Errorf("missing %s", k)
		}
	}
	if h.Get("X-RateLimit-Limit") != "5000" || h.Get("X-RateLimit-Remaining") != "4999" || h.Get("X-RateLimit-Used") != "1" {
		t.Errorf("rate = %s/%s used %s", h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Used"))
	}
	if reset, _ := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); time.Until(time.Unix(reset, 0)) < 50*time.Minute {
		t.Errorf("reset %s is not about an hour away", h.Get("X-RateLimit-Reset"))
	}
	if !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("Content-Type = %s", h.Get("Content-Type"))
	}

	// A conditional request that matches costs nothing.
	resp, body = e.rawGet(tok, "/api/v3/user", map[string]string{"If-None-Match": h.Get("ETag")})
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("conditional GET: %d %q", resp.StatusCode, body)
	}
	if resp.Header.Get("X-RateLimit-Remaining") != "4999" {
		t.Errorf("304 counted: remaining %s", resp.Header.Get("X-RateLimit-Remaining"))
	}
	resp, _ = e.rawGet(tok, "/api/v3/user", map[string]string{"If-None-Match": `"stale"`})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-RateLimit-Remaining") != "4998" {
		t.Errorf("stale ETag: %d remaining %s", resp.StatusCode, resp.Header.Get("X-RateLimit-Remaining"))
	}

	// Asking for the rate limit is free.
	if resp, body := e.rawGet(tok, "/api/v3/rate_limit", nil); resp.Header.Get("X-RateLimit-Remaining") != "4998" || !strings.Contains(body, `"remaining":4998`) {
		t.Errorf("rate_limit: %s %s", resp.Header.Get("X-RateLimit-Remaining"), body)
	}

	// go-github sees the same numbers.
	_, r, err := e.client("bob").Users.Get(e.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Rate.Limit != 5000 || r.Rate.Remaining != 4999 || r.Rate.Reset.IsZero() {
		t.Errorf("go-github rate = %+v", r.Rate)
	}

	// The real limit, reached.
	e.srv.SetRateUsed("bob", 5000)
	_, _, err = e.client("bob").Users.Get(e.ctx, "")
	var rle *github.RateLimitError
	if !errors.As(err, &rle) {
		t.Errorf("exhausted: %v", err)
	}
}

func TestBadCredentials(t *testing.T) {
	e := newEnv(t)
	_, _, err := e.clientWithToken("ghp_not_a_token").Users.Get(e.ctx, "")
	apiError(t, err, http.StatusUnauthorized, "Bad credentials")
	resp, body := e.rawGet("", "/api/v3/user", nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"documentation_url"`) {
		t.Errorf("no token: %d %s", resp.StatusCode, body)
	}
	resp, body = e.rawGet(e.srv.Token("ana"), "/api/v3/no/such/endpoint", nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"message":"Not Found"`) {
		t.Errorf("unknown endpoint: %d %s", resp.StatusCode, body)
	}
	// No client of ours may call it: validation says so.
	if v := e.srv.Violations(); len(v) != 1 || v[0].Operation != "" || v[0].Path != "/api/v3/no/such/endpoint" {
		t.Errorf("violations = %v", v)
	}
	e.srv.ResetViolations()
}

func TestPaginationWithLinkHeaders(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.addCollaborator("bob")
	pr := e.openPR()
	bob := e.client("bob")
	head := pr.GetHead().GetSHA()
	for i := 0; i < 250; i++ {
		line := i%20 + 1
		if _, _, err := bob.PullRequests.CreateComment(e.ctx, "ana", "acme", 1, &github.PullRequestComment{
			Body: github.String("comment " + strconv.Itoa(i)), CommitID: &head, Path: github.String("case-study.md"), Line: &line,
		}); err != nil {
			t.Fatal(err)
		}
	}

	e.srv.ResetRequests()
	opts := &github.PullRequestListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	var all []*github.PullRequestComment
	var sizes []int
	for {
		page, resp, err := bob.PullRequests.ListComments(e.ctx, "ana", "acme", 1, opts)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		sizes = append(sizes, len(page))
		if opts.Page == 0 && (resp.NextPage != 2 || resp.LastPage != 3) {
			t.Errorf("first page: next %d last %d", resp.NextPage, resp.LastPage)
		}
		if resp.NextPage == 0 {
			if resp.PrevPage != 2 || resp.FirstPage != 1 {
				t.Errorf("last page: prev %d first %d", resp.PrevPage, resp.FirstPage)
			}
			break
		}
		opts.Page = resp.NextPage
	}
	if len(all) != 250 || sizes[0] != 100 || sizes[1] != 100 || sizes[2] != 50 {
		t.Errorf("got %d comments in pages %v", len(all), sizes)
	}
	for i, c := range all {
		if c.GetBody() != "comment "+strconv.Itoa(i) {
			t.Fatalf("comment %d = %q: not in creation order", i, c.GetBody())
		}
	}
	if n := len(e.srv.Requests()); n != 3 {
		t.Errorf("%d requests for 250 comments, want 3", n)
	}

	// The Link header is absolute and keeps the other parameters.
	resp, _ := e.rawGet(e.srv.Token("bob"), "/api/v3/repos/ana/acme/pulls/1/comments?per_page=100&page=2", nil)
	link := resp.Header.Get("Link")
	for _, want := range []string{
		"<" + e.srv.URL + "/api/v3/repos/ana/acme/pulls/1/comments?page=1&per_page=100>; rel=\"prev\"",
		"<" + e.srv.URL + "/api/v3/repos/ana/acme/pulls/1/comments?page=3&per_page=100>; rel=\"next\"",
		`page=3&per_page=100>; rel="last"`,
		`page=1&per_page=100>; rel="first"`,
	} {
		if !strings.Contains(link, want) {
			t.Errorf("Link %q lacks %q", link, want)
		}
	}
	// per_page is capped at 100 and defaults to 30.
	if resp, body := e.rawGet(e.srv.Token("bob"), "/api/v3/repos/ana/acme/pulls/1/comments?per_page=500", nil); strings.Count(body, `"pull_request_review_id"`) != 100 {
		t.Errorf("per_page=500 gave %d (Link %s)", strings.Count(body, `"pull_request_review_id"`), resp.Header.Get("Link"))
	}
	if _, body := e.rawGet(e.srv.Token("bob"), "/api/v3/repos/ana/acme/pulls/1/comments", nil); strings.Count(body, `"pull_request_review_id"`) != 30 {
		t.Errorf("default page has %d", strings.Count(body, `"pull_request_review_id"`))
	}
}

func TestFaults(t *testing.T) {
	e := newEnv(t)

	t.Run("ServerError", func(t *testing.T) {
		e.srv.Inject(githubtest.Fault{Method: "GET", PathPrefix: "/api/v3/user", Kind: githubtest.ServerError, Times: 2})
		for i := 0; i < 2; i++ {
			_, _, err := e.client("ana").Users.Get(e.ctx, "")
			apiError(t, err, http.StatusInternalServerError, "")
		}
		if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
			t.Errorf("third request: %v", err)
		}
		e.srv.Inject(githubtest.Fault{Kind: githubtest.ServerError, Status: http.StatusBadGateway})
		_, _, err := e.client("ana").Users.Get(e.ctx, "")
		apiError(t, err, http.StatusBadGateway, "")
	})

	t.Run("Method and path must match", func(t *testing.T) {
		e.srv.Inject(githubtest.Fault{Method: "POST", PathPrefix: "/api/v3/user", Kind: githubtest.ServerError})
		if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
			t.Errorf("GET hit a POST fault: %v", err)
		}
		e.srv.Inject(githubtest.Fault{PathPrefix: "/api/v3/users/", Kind: githubtest.ServerError})
		if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
			t.Errorf("/user hit a /users/ fault: %v", err)
		}
		_, _, err := e.client("ana").Users.Get(e.ctx, "bob")
		apiError(t, err, http.StatusInternalServerError, "")
		// The POST fault is still armed, and /user/repos has its prefix.
		_, _, err = e.client("ana").Repositories.Create(e.ctx, "", &github.Repository{Name: github.String("x")})
		apiError(t, err, http.StatusInternalServerError, "")
	})

	t.Run("RateLimit", func(t *testing.T) {
		e.srv.Inject(githubtest.Fault{Kind: githubtest.RateLimit, RetryAfter: 30 * time.Second})
		_, _, err := e.client("ana").Users.Get(e.ctx, "")
		var rle *github.RateLimitError
		if !errors.As(err, &rle) {
			t.Fatalf("err = %v (%T)", err, err)
		}
		if rle.Rate.Remaining != 0 || time.Until(rle.Rate.Reset.Time) > 31*time.Second || time.Until(rle.Rate.Reset.Time) < 20*time.Second {
			t.Errorf("rate = %+v", rle.Rate)
		}
		if rle.Response.StatusCode != http.StatusForbidden {
			t.Errorf("status = %d", rle.Response.StatusCode)
		}
	})

	t.Run("SecondaryLimit", func(t *testing.T) {
		e.srv.Inject(githubtest.Fault{Kind: githubtest.SecondaryLimit, RetryAfter: 2 * time.Second})
		resp, body := e.rawGet(e.srv.Token("ana"), "/api/v3/user", nil)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, "secondary rate limit") {
			t.Errorf("secondary: %d Retry-After %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		// As a 403, go-github recognises it and reports when to retry.
		e.srv.Inject(githubtest.Fault{Kind: githubtest.SecondaryLimit, RetryAfter: 2 * time.Second, Status: http.StatusForbidden})
		_, _, err := e.client("ana").Users.Get(e.ctx, "")
		var abuse *github.AbuseRateLimitError
		if !errors.As(err, &abuse) || abuse.GetRetryAfter() != 2*time.Second {
			t.Errorf("err = %v (%T)", err, err)
		}
	})

	t.Run("Drop", func(t *testing.T) {
		e.srv.Inject(githubtest.Fault{PathPrefix: "/api/v3/user", Kind: githubtest.Drop})
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v3/user", nil)
		req.Header.Set("Authorization", "token "+e.srv.Token("ana"))
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("dropped request answered %d", resp.StatusCode)
		}
		if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
			t.Errorf("after drop: %v", err)
		}
	})

	t.Run("git push", func(t *testing.T) {
		dir := e.caseStudy()
		e.git(dir, "checkout", "-q", "-b", "draft-2")
		e.srv.Inject(githubtest.Fault{Method: "POST", PathPrefix: "/ana/acme.git/git-receive-pack", Kind: githubtest.ServerError})
		if out, err := e.tryGit(dir, "push", e.remote("ana", "ana", "acme"), "draft-2"); err == nil || !strings.Contains(out, "500") {
			t.Errorf("push through fault: err=%v out=%s", err, out)
		}
		e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "draft-2")
	})
}

func TestRequestsAreRecorded(t *testing.T) {
	e := newEnv(t)
	dir := e.caseStudy()
	e.srv.ResetRequests()
	e.tryGit(dir, "ls-remote", e.remote("bob", "ana", "acme")) // bob is no collaborator: 404
	e.rawGet("ghp_bad", "/api/v3/user", map[string]string{"X-Test": "yes"})
	e.client("ana").Users.Get(e.ctx, "")

	// git tries anonymously first and sends the token after the 401.
	reqs := e.srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("requests = %+v", reqs)
	}
	anon, git, bad, ok := reqs[0], reqs[1], reqs[2], reqs[3]
	if anon.User != "" || anon.Status != http.StatusUnauthorized {
		t.Errorf("anonymous git request = %+v", anon)
	}
	if git.Method != "GET" || git.Path != "/ana/acme.git/info/refs" || git.RawQuery != "service=git-upload-pack" || git.User != "bob" || git.Status != http.StatusNotFound {
		t.Errorf("git request = %+v", git)
	}
	if bad.User != "" || bad.Status != http.StatusUnauthorized || bad.Header.Get("X-Test") != "yes" {
		t.Errorf("bad-token request = %+v", bad)
	}
	if ok.User != "ana" || ok.Status != http.StatusOK || ok.Path != "/api/v3/user" {
		t.Errorf("ok request = %+v", ok)
	}
	for _, r := range reqs {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("Authorization recorded for %s", r.Path)
		}
	}
	e.srv.ResetRequests()
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d requests after reset", n)
	}
}
