package github

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// connectTo makes a client for the server at rawURL with a dummy token.
func connectTo(t *testing.T, rawURL string) *Client {
	t.Helper()
	env := map[string]string{"GH_HOST": rawURL, "GH_ENTERPRISE_TOKEN": "ghp_test"}
	c, err := Connect(context.Background(), func(k string) string { return env[k] }, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A server that accepts the connection and never answers gives one clear
// line after the response timeout, not a hang, and is not asked again.
func TestHungServerGivesOneClearLine(t *testing.T) {
	defer func(d time.Duration) { responseTimeout = d }(responseTimeout)
	responseTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			defer conn.Close() // held open, never answered
		}
	}()
	c := connectTo(t, "http://"+ln.Addr().String())
	start := time.Now()
	_, err = c.Me(context.Background())
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "did not answer in time") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line saying it did not answer", err)
	}
	if took > 2*time.Second || accepted.Load() != 1 {
		t.Errorf("took %s over %d connections, want one attempt of about 300ms", took, accepted.Load())
	}
}

// A Retry-After longer than the response timeout is waited out, and the
// wait is said.
func TestLongRetryAfterOutlastsTheTimeout(t *testing.T) {
	defer func(d time.Duration) { responseTimeout = d }(responseTimeout)
	responseTimeout = 300 * time.Millisecond
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, `{"login":"ana"}`)
	}))
	defer srv.Close()
	c := connectTo(t, srv.URL)
	c.transport.notifyAfter = 0
	var said strings.Builder
	c.TellWaits(&said)
	me, err := c.Me(context.Background())
	if err != nil || me != "ana" || calls.Load() != 2 {
		t.Fatalf("Me = %q, %v after %d calls", me, err, calls.Load())
	}
	if !strings.Contains(said.String(), "waiting 1s before trying again") {
		t.Errorf("said %q, want the wait announced", said.String())
	}
}

// Network failures become sentences a person can act on.
func TestNetworkErrorsAreExplained(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	c := connectTo(t, "https://"+host)
	_, err := c.Me(context.Background())
	if err == nil || err.Error() != host+" speaks plain HTTP, not HTTPS; set GH_HOST=http://"+host {
		t.Errorf("HTTPS to an HTTP server: %v", err)
	}

	dns := &url.Error{Op: "Get", URL: "https://nosuch.example/api/v3/user", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: "nosuch.example", IsNotFound: true}}}
	if got := explain(dns).Error(); got != "there is no host nosuch.example (check GH_HOST, or your network)" {
		t.Errorf("unknown host: %s", got)
	}
	refused := &url.Error{Op: "Get", URL: "http://127.0.0.1:1/api/v3/user", Err: &net.OpError{Op: "dial", Err: fmt.Errorf("connect: connection refused")}}
	if got := explain(refused).Error(); got != "cannot reach GitHub at 127.0.0.1:1: connect: connection refused" {
		t.Errorf("refused: %s", got)
	}
}
