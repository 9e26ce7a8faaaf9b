package githubtest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/less-trainers/casestudy/internal/githubtest"
)

// control sends a request to the emulator's control endpoint.
func (e *env) control(method, body string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+"/_emulator/faults", strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 512)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

// GitHub can fail after doing what was asked: the comment exists although
// the POST was answered 502.
func TestAfterFaultCarriesTheRequestOut(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.openPR()
	e.srv.Inject(githubtest.Fault{Method: "POST", PathPrefix: "/api/v3/repos/ana/acme/issues/1/comments", Kind: githubtest.After})
	_, _, err := e.client("ana").Issues.CreateComment(e.ctx, "ana", "acme", 1, &github.IssueComment{Body: github.String("Draft 2 ready")})
	apiError(t, err, http.StatusBadGateway, "")
	comments, _, err := e.client("ana").Issues.ListComments(e.ctx, "ana", "acme", 1, nil)
	if err != nil || len(comments) != 1 || comments[0].GetBody() != "Draft 2 ready" {
		t.Fatalf("comments after a 502 = %v, %v; want the one posted", comments, err)
	}
	reqs := e.srv.Requests()
	if last := reqs[len(reqs)-2]; last.Method != "POST" || last.Status != http.StatusBadGateway {
		t.Errorf("recorded %+v, want the POST with the fault's status", last)
	}
}

func TestDelayFault(t *testing.T) {
	e := newEnv(t)
	// Times zero: every matching request waits, until cleared.
	e.srv.Inject(githubtest.Fault{PathPrefix: "/api/v3/user", Kind: githubtest.Delay, Delay: 150 * time.Millisecond})
	e.srv.Inject(githubtest.Fault{PathPrefix: "/api/v3/user", Kind: githubtest.ServerError})
	start := time.Now()
	_, _, err := e.client("ana").Users.Get(e.ctx, "")
	apiError(t, err, http.StatusInternalServerError, "") // a delay combines with another fault
	for i := 0; i < 2; i++ {
		if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 450*time.Millisecond {
		t.Errorf("three delayed requests took %v", took)
	}
	e.srv.ClearFaults()
	start = time.Now()
	if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("request after ClearFaults took %v", took)
	}
}

func TestControlEndpoint(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.openPR()
	e.srv.ResetRequests()

	status, body := e.control("POST", `{"method":"POST","path_prefix":"/api/v3/repos/ana/acme/issues/","kind":"after","status":502,"times":1}`)
	if status != http.StatusNoContent {
		t.Fatalf("POST fault: %d %s", status, body)
	}
	_, _, err := e.client("ana").Issues.CreateComment(e.ctx, "ana", "acme", 1, &github.IssueComment{Body: github.String("hi")})
	apiError(t, err, http.StatusBadGateway, "")
	if c, _, _ := e.client("ana").Issues.ListComments(e.ctx, "ana", "acme", 1, nil); len(c) != 1 {
		t.Errorf("%d comments, want the one carried out", len(c))
	}

	for _, spec := range []string{
		`{"kind":"secondary_limit","status":403,"retry_after_s":7}`,
		`{"kind":"rate_limit","retry_after_s":30}`,
		`{"path_prefix":"/api/v3/users/","kind":"server_error","status":503,"times":3}`,
		`{"kind":"delay","delay_ms":10}`,
	} {
		if status, body := e.control("POST", spec); status != http.StatusNoContent {
			t.Fatalf("POST %s: %d %s", spec, status, body)
		}
	}
	resp, _ := e.rawGet(e.srv.Token("ana"), "/api/v3/user", nil)
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Retry-After") != "7" {
		t.Errorf("secondary limit from the control endpoint: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if status, _ := e.control("DELETE", ""); status != http.StatusNoContent {
		t.Fatalf("DELETE: %d", status)
	}
	for _, path := range []string{"/api/v3/user", "/api/v3/users/bob"} {
		if resp, body := e.rawGet(e.srv.Token("ana"), path, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("%s after DELETE: %d %s", path, resp.StatusCode, body)
		}
	}

	for spec, want := range map[string]string{
		`{"kind":"explode"}`:               "unknown fault kind",
		`{"kind":"drop","times":-1}`:       "negative",
		`{"kind":"after","status":1000}`:   "not an HTTP status",
		`{"kind":"drop","pathprefix":"/"}`: "unknown field",
		`not json`:                         "fault",
	} {
		if status, body := e.control("POST", spec); status != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("POST %s: %d %s, want 400 saying %q", spec, status, body, want)
		}
	}
	if status, _ := e.control("PUT", "{}"); status != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d", status)
	}

	// The test talking to the emulator is not a client: nothing recorded.
	for _, r := range e.srv.Requests() {
		if strings.HasPrefix(r.Path, "/_emulator") {
			t.Errorf("control request recorded: %+v", r)
		}
	}
}

// A server listening beyond loopback must not let the network inject
// faults.
func TestControlEndpointRefusesOtherHosts(t *testing.T) {
	e := newEnv(t)
	for _, peer := range []string{"192.0.2.7:40000", "[2001:db8::1]:40000", "10.0.0.1:1"} {
		req := httptest.NewRequest("POST", "/_emulator/faults", strings.NewReader(`{"kind":"server_error"}`))
		req.RemoteAddr = peer
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("from %s: %d %s", peer, rec.Code, rec.Body)
		}
		// Nor read who asked for what.
		req = httptest.NewRequest("GET", "/_emulator/requests", nil)
		req.RemoteAddr = peer
		rec = httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("GET requests from %s: %d %s", peer, rec.Code, rec.Body)
		}
	}
	// Nothing was injected.
	if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
		t.Errorf("a refused fault was applied: %v", err)
	}
	req := httptest.NewRequest("DELETE", "/_emulator/faults", nil)
	req.RemoteAddr = "[::1]:5000"
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Errorf("from ::1: %d", rec.Code)
	}
}

// The request log, for a test that runs the emulator as a process: each
// request with when it started and ended; DELETE clears it; reading it is
// not itself recorded.
func TestRequestLogEndpoint(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.srv.ResetRequests()
	e.control("POST", `{"kind":"delay","delay_ms":50}`)
	before := time.Now()
	e.rawGet(e.srv.Token("ana"), "/api/v3/user", nil)

	resp, err := http.Get(e.srv.URL + "/_emulator/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log []githubtest.RequestJSON
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Path != "/api/v3/user" || log[0].User != "ana" || log[0].Status != 200 {
		t.Fatalf("log = %+v", log)
	}
	if took := log[0].End.Sub(log[0].Start); log[0].Start.Before(before.Add(-time.Second)) || took < 50*time.Millisecond {
		t.Errorf("start %s, took %s; want it timed, delay included", log[0].Start, took)
	}
	req, _ := http.NewRequest(http.MethodDelete, e.srv.URL+"/_emulator/requests", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %v %v", resp, err)
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d requests after DELETE", n)
	}
}

// What bench/latency counts: requests made together overlap in the log,
// requests made one after the other do not, and git's requests are there
// too (its first, unauthenticated one included).
func TestRequestLogOverlapAndGit(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.srv.ResetRequests()
	e.control("POST", `{"path_prefix":"/api/v3/user","kind":"delay","delay_ms":100}`)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := e.client("ana").Users.Get(e.ctx, ""); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, _, err := e.client("bob").Users.Get(e.ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	e.git(t.TempDir(), "ls-remote", e.remote("ana", "ana", "acme"))

	resp, err := http.Get(e.srv.URL + "/_emulator/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log []githubtest.RequestJSON
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		t.Fatal(err)
	}
	if len(log) != 6 {
		t.Fatalf("%d requests recorded, want 6: %+v", len(log), log)
	}
	for i, want := range []githubtest.RequestJSON{
		{Method: "GET", Path: "/api/v3/user", User: "ana", Status: 200},
		{Method: "GET", Path: "/api/v3/user", User: "ana", Status: 200},
		{Method: "GET", Path: "/api/v3/users/ana", User: "bob", Status: 200},
		{Method: "GET", Path: "/ana/acme.git/info/refs", Query: "service=git-upload-pack", Status: 401},
		{Method: "GET", Path: "/ana/acme.git/info/refs", Query: "service=git-upload-pack", User: "ana", Status: 200},
		{Method: "POST", Path: "/ana/acme.git/git-upload-pack", User: "ana", Status: 200},
	} {
		got := log[i]
		if got.End.Before(got.Start) || got.Start.IsZero() {
			t.Errorf("request %d: start %s, end %s", i, got.Start, got.End)
		}
		if i < 3 && got.End.Sub(got.Start) < 100*time.Millisecond {
			t.Errorf("request %d took %s, less than its delay", i, got.End.Sub(got.Start))
		}
		got.Start, got.End = time.Time{}, time.Time{}
		if got != want {
			t.Errorf("request %d = %+v, want %+v", i, got, want)
		}
	}
	if !log[0].Start.Before(log[1].End) || !log[1].Start.Before(log[0].End) {
		t.Errorf("the requests made together do not overlap: %+v", log[:2])
	}
	if log[2].Start.Before(log[0].End) || log[2].Start.Before(log[1].End) {
		t.Errorf("the later request overlaps the first two: %+v", log[:3])
	}
}
