package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func testTransport(cacheDir string) (*politeTransport, *[]time.Duration) {
	t := newTransport(nil, cacheDir)
	var slept []time.Duration
	t.sleep = func(d time.Duration) { slept = append(slept, d) }
	return t, &slept
}

func get(t *testing.T, rt http.RoundTripper, url string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

func TestTransportRetriesServerErrorsWithBackoff(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	tr, slept := testTransport("")
	resp, body := get(t, tr, srv.URL)
	if resp.StatusCode != 200 || body != "ok" || calls.Load() != 3 {
		t.Fatalf("status %d body %q after %d calls", resp.StatusCode, body, calls.Load())
	}
	if len(*slept) != 2 || (*slept)[1] <= (*slept)[0] {
		t.Errorf("backoff waits = %v, want two growing waits", *slept)
	}
}

func TestTransportGivesUpAfterItsAttempts(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	tr, _ := testTransport("")
	resp, _ := get(t, tr, srv.URL)
	if resp.StatusCode != http.StatusBadGateway || int(calls.Load()) != tr.attempts {
		t.Errorf("status %d after %d calls, want 502 after %d", resp.StatusCode, calls.Load(), tr.attempts)
	}
}

func TestTransportHonoursRetryAfterAndReset(t *testing.T) {
	var calls atomic.Int32
	reset := time.Now().Add(20 * time.Second).Unix()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
			w.WriteHeader(http.StatusForbidden)
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	defer srv.Close()
	tr, slept := testTransport("")
	resp, _ := get(t, tr, srv.URL)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if len(*slept) != 2 || (*slept)[0] != 7*time.Second || (*slept)[1] < 15*time.Second || (*slept)[1] > 25*time.Second {
		t.Errorf("waits = %v, want 7s then about 20s", *slept)
	}
}

func TestTransportRefusesToWaitTooLong(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	tr, slept := testTransport("")
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	_, err := tr.RoundTrip(req)
	var rl ErrRateLimited
	if !errors.As(err, &rl) || len(*slept) != 0 {
		t.Fatalf("err = %v after waits %v; want ErrRateLimited at once", err, *slept)
	}
	if !strings.Contains(err.Error(), "rate limit is used up until") {
		t.Errorf("message = %q", err)
	}
}

func TestTransportDoesNotRepeatAPostAfterADroppedConnection(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer srv.Close()
	tr, _ := testTransport("")
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL, strings.NewReader("{}"))
	if _, err := tr.RoundTrip(req); err == nil {
		t.Fatal("a dropped connection gave no error")
	}
	if calls.Load() != 1 {
		t.Errorf("POST sent %d times, want once", calls.Load())
	}
	calls.Store(0)
	req, _ = http.NewRequest(http.MethodGet, srv.URL, nil)
	tr.RoundTrip(req)
	if int(calls.Load()) != tr.attempts {
		t.Errorf("GET sent %d times, want %d", calls.Load(), tr.attempts)
	}
}

func TestTransportAnswersFromItsCacheOn304(t *testing.T) {
	var calls, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Link", `<`+"http://x/?page=2"+`>; rel="next"`)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"id":1}]`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	tr, _ := testTransport(dir)
	_, first := get(t, tr, srv.URL+"/pulls")
	resp, second := get(t, tr, srv.URL+"/pulls")
	if first != second || second != `[{"id":1}]` || resp.StatusCode != 200 {
		t.Fatalf("second answer %d %q, want the cached body", resp.StatusCode, second)
	}
	if notModified.Load() != 1 || !strings.Contains(resp.Header.Get("Link"), `rel="next"`) {
		t.Errorf("304s = %d, Link = %q", notModified.Load(), resp.Header.Get("Link"))
	}
}

func TestTheCacheNeverHoldsTheToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	tr, _ := testTransport(dir)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Authorization", "token sekrit-token-123")
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	assertNoFileHolds(t, dir, "sekrit-token-123")
}

func TestResolveHost(t *testing.T) {
	tests := []struct{ env, name, api, git string }{
		{"", "github.com", "https://api.github.com/", "https://github.com/ana/acme.git"},
		{"ghe.example.com", "ghe.example.com", "https://ghe.example.com/api/v3/", "https://ghe.example.com/ana/acme.git"},
		// GHE.com, as gh knows it: the API on api.SUBDOMAIN.ghe.com.
		{"octocorp.ghe.com", "octocorp.ghe.com", "https://api.octocorp.ghe.com/", "https://octocorp.ghe.com/ana/acme.git"},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1:8080/api/v3/", "http://127.0.0.1:8080/ana/acme.git"},
		{"http://127.0.0.1:8080/", "127.0.0.1:8080", "http://127.0.0.1:8080/api/v3/", "http://127.0.0.1:8080/ana/acme.git"},
	}
	for _, tt := range tests {
		h, err := ResolveHost(func(string) string { return tt.env })
		if err != nil || h.Name != tt.name || h.API != tt.api || h.GitURL("ana/acme") != tt.git {
			t.Errorf("GH_HOST=%q: %+v %v", tt.env, h, err)
		}
	}
	if _, err := ResolveHost(func(string) string { return "ftp://x" }); err == nil {
		t.Error("ftp URL accepted")
	}
}

func TestFindTokenOrderAndMessage(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no gh, no git: only the environment counts
	env := map[string]string{"GITHUB_TOKEN": "second", "GH_TOKEN": "first"}
	dotcom, _ := ResolveHost(func(string) string { return "" })
	tok, err := FindToken(context.Background(), dotcom, func(k string) string { return env[k] })
	if err != nil || tok != "first" {
		t.Errorf("token = %q, %v; want GH_TOKEN first", tok, err)
	}
	ghe, _ := ResolveHost(func(string) string { return "ghe.example.com" })
	env["GH_ENTERPRISE_TOKEN"] = "enterprise"
	if tok, _ := FindToken(context.Background(), ghe, func(k string) string { return env[k] }); tok != "enterprise" {
		t.Errorf("enterprise token = %q", tok)
	}
	_, err = FindToken(context.Background(), dotcom, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "looked at GH_TOKEN, GITHUB_TOKEN, gh auth token and git's credential helper") {
		t.Errorf("no token: %v", err)
	}
}

func TestParseRepo(t *testing.T) {
	h, _ := ResolveHost(func(string) string { return "http://127.0.0.1:8080" })
	for in, want := range map[string]string{
		"ana/acme": "ana/acme", "http://127.0.0.1:8080/ana/acme": "ana/acme",
		"http://127.0.0.1:8080/ana/acme/pull/3": "ana/acme", "http://127.0.0.1:8080/ana/acme.git": "ana/acme",
	} {
		if got, err := ParseRepo(h, in); err != nil || got != want {
			t.Errorf("ParseRepo(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"acme", "https://github.com/ana/acme", "ana/acme/x"} {
		if _, err := ParseRepo(h, bad); err == nil {
			t.Errorf("ParseRepo(%q) accepted", bad)
		}
	}
}
