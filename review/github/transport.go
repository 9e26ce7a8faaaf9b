package github

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// politeTransport makes casestudy a polite, sturdy GitHub client: bounded
// retries with backoff for server errors and dropped connections, waits
// that honour Retry-After and X-RateLimit-Reset (or one clear error when
// the wait would be too long), and conditional GETs from an ETag cache on
// disk, so reading an unchanged review costs 304s, not quota.
type politeTransport struct {
	base     http.RoundTripper
	cacheDir string        // "" for no cache
	maxWait  time.Duration // longest wait for a rate limit before giving up
	attempts int
	backoff  time.Duration
	sleep    func(time.Duration)
	now      func() time.Time
	// tokenSource names where the token came from, for a 401.
	tokenSource string
	// notify, when set, is told about waits of notifyAfter or more.
	notify      io.Writer
	notifyAfter time.Duration
	// held keeps answers in memory while there is no copy to keep them in
	// yet (a first review reads while it clones), until keepHeldIn writes
	// them into the copy's cache; nil when not holding.
	held   map[string][]byte // cache file name → entry
	heldMu sync.Mutex
}

// The network timeouts of one attempt. A server that accepts and never
// answers costs responseTimeout per attempt, so a hung GitHub gives one
// clear line in about half a minute rather than hanging.
var (
	connectTimeout  = 10 * time.Second
	responseTimeout = 15 * time.Second // a variable so tests can shorten it
	idleTimeout     = 90 * time.Second
)

// baseTransport is http.DefaultTransport's behaviour with every wait
// bounded.
func baseTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = connectTimeout
	t.ResponseHeaderTimeout = responseTimeout
	t.IdleConnTimeout = idleTimeout
	return t
}

// ErrRateLimited is a rate limit that lasts longer than casestudy waits.
type ErrRateLimited struct{ Until time.Time }

func (e ErrRateLimited) Error() string {
	return fmt.Sprintf("GitHub's rate limit is used up until %s; try again then", e.Until.Local().Format("15:04"))
}

func newTransport(base http.RoundTripper, cacheDir string) *politeTransport {
	if base == nil {
		base = baseTransport()
	}
	return &politeTransport{base: base, cacheDir: cacheDir, maxWait: time.Minute, attempts: 4, notifyAfter: 5 * time.Second,
		backoff: 250 * time.Millisecond, sleep: time.Sleep, now: time.Now}
}

func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	cached := t.cached(req)
	if cached != nil {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", cached.etag)
	}
	var resp *http.Response
	var err error
	for attempt := 1; ; attempt++ {
		if attempt > 1 && req.GetBody != nil {
			body, gerr := req.GetBody()
			if gerr != nil {
				return nil, gerr
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		resp, err = t.base.RoundTrip(req)
		wait, retry, werr := t.verdict(req, resp, err, attempt)
		if werr != nil {
			if resp != nil {
				resp.Body.Close()
			}
			return nil, werr
		}
		if !retry {
			break
		}
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		select {
		case <-req.Context().Done():
			return nil, req.Context().Err()
		default:
		}
		if t.notify != nil && wait >= t.notifyAfter {
			fmt.Fprintf(t.notify, "GitHub asks casestudy to wait; waiting %s before trying again…\n", wait.Round(time.Second))
		}
		t.sleep(wait)
	}
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified && cached != nil {
		resp.Body.Close()
		if !cached.mayHideLaterPages(req, resp) {
			return cached.response(req, resp), nil
		}
		// The page is the same, but the list may have grown past it: ask
		// again without the ETag to learn the pages there are now.
		fresh := req.Clone(req.Context())
		fresh.Header.Del("If-None-Match")
		if resp, err = t.base.RoundTrip(fresh); err != nil {
			return nil, err
		}
	}
	if req.Method == http.MethodGet && resp.StatusCode == http.StatusOK && resp.Header.Get("ETag") != "" {
		return t.store(req, resp)
	}
	return resp, nil
}

// verdict decides whether to try again, and after how long.
func (t *politeTransport) verdict(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool, error) {
	last := attempt >= t.attempts
	backoff := t.backoff << (attempt - 1)
	if err != nil {
		// A dropped connection may have delivered a POST; only requests
		// that can be repeated safely are repeated. A server that let a
		// timeout pass is not asked again: it is hung, and the person is
		// better told at once.
		var ne net.Error
		if last || !idempotent(req.Method) || req.Context().Err() != nil || errors.As(err, &ne) && ne.Timeout() {
			return 0, false, nil
		}
		return backoff, true, nil
	}
	if resp.StatusCode == http.StatusUnauthorized && t.tokenSource != "" {
		return 0, false, ErrBadToken{Source: t.tokenSource}
	}
	switch {
	case resp.StatusCode >= 500:
		// GitHub can fail after it created what a POST asked for: the forge
		// looks before it posts again, so only repeatable requests are
		// repeated here.
		return backoff, !last && idempotent(req.Method), nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden && isRateLimited(resp):
		wait := t.rateLimitWait(resp)
		if wait > t.maxWait {
			return 0, false, ErrRateLimited{Until: t.now().Add(wait)}
		}
		return max(wait, backoff), !last, nil
	}
	return 0, false, nil
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

func isRateLimited(resp *http.Response) bool {
	return resp.Header.Get("X-RateLimit-Remaining") == "0" || resp.Header.Get("Retry-After") != ""
}

// rateLimitWait reads Retry-After (seconds) or X-RateLimit-Reset (epoch
// seconds), as GitHub documents them.
func (t *politeTransport) rateLimitWait(resp *http.Response) time.Duration {
	if s := resp.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			return time.Duration(n) * time.Second
		}
	}
	if s := resp.Header.Get("X-RateLimit-Reset"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return max(time.Until(time.Unix(n, 0)), 0) + time.Second
		}
	}
	return time.Minute
}

type cacheEntry struct {
	etag        string
	contentType string
	link        string // pagination, which a 304 need not repeat
	body        []byte
}

func (t *politeTransport) cachePath(req *http.Request) string {
	return filepath.Join(t.cacheDir, cacheName(req))
}

func cacheName(req *http.Request) string {
	sum := sha256.Sum256([]byte(req.URL.String() + "\n" + req.Header.Get("Accept")))
	return hex.EncodeToString(sum[:16])
}

func (t *politeTransport) cached(req *http.Request) *cacheEntry {
	if t.cacheDir == "" || req.Method != http.MethodGet {
		return nil
	}
	data, err := os.ReadFile(t.cachePath(req))
	if err != nil {
		return nil
	}
	r := bufio.NewReader(bytes.NewReader(data))
	etag, err1 := r.ReadString('\n')
	ctype, err2 := r.ReadString('\n')
	link, err3 := r.ReadString('\n')
	if err1 != nil || err2 != nil || err3 != nil {
		return nil
	}
	body, _ := io.ReadAll(r)
	return &cacheEntry{etag: strings.TrimSpace(etag), contentType: strings.TrimSpace(ctype), link: strings.TrimSpace(link), body: body}
}

// store keeps a response's body under its URL. Only URL, ETag and body are
// kept: the request's Authorization header never reaches the disk.
func (t *politeTransport) store(req *http.Request, resp *http.Response) (*http.Response, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	entry := append([]byte(resp.Header.Get("ETag")+"\n"+resp.Header.Get("Content-Type")+"\n"+resp.Header.Get("Link")+"\n"), body...)
	switch {
	case t.cacheDir != "":
		keepIn(t.cacheDir, map[string][]byte{cacheName(req): entry})
	case t.held != nil:
		t.heldMu.Lock()
		t.held[cacheName(req)] = entry
		t.heldMu.Unlock()
	}
	return resp, nil
}

// keepIn writes cache entries into dir; one that cannot be written is
// only a cache miss later.
func keepIn(dir string, entries map[string][]byte) {
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	for name, entry := range entries {
		path := filepath.Join(dir, name)
		if os.WriteFile(path+".tmp", entry, 0o600) == nil {
			os.Rename(path+".tmp", path)
		}
	}
}

// keepHeldIn writes the answers held in memory into the cache in dir,
// and holds no more.
func (t *politeTransport) keepHeldIn(dir string) {
	t.heldMu.Lock()
	defer t.heldMu.Unlock()
	if len(t.held) > 0 {
		keepIn(dir, t.held)
	}
	t.held = nil
}

// mayHideLaterPages is true when a 304 answers a full page that had no next
// page when it was cached and the 304 carries no Link header: the list may
// have grown since, and the cached links would hide the new pages.
func (c *cacheEntry) mayHideLaterPages(req *http.Request, notModified *http.Response) bool {
	if notModified.Header.Get("Link") != "" || strings.Contains(c.link, `rel="next"`) {
		return false
	}
	perPage, err := strconv.Atoi(req.URL.Query().Get("per_page"))
	if err != nil {
		perPage = 30 // GitHub's default
	}
	var items []json.RawMessage
	return json.Unmarshal(c.body, &items) == nil && len(items) >= perPage
}

// response answers a 304 with what the cache holds, keeping the fresh
// headers (rate limit, pagination links).
func (c *cacheEntry) response(req *http.Request, notModified *http.Response) *http.Response {
	h := notModified.Header.Clone()
	if c.contentType != "" {
		h.Set("Content-Type", c.contentType)
	}
	if c.link != "" && h.Get("Link") == "" {
		h.Set("Link", c.link)
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: notModified.Proto, ProtoMajor: notModified.ProtoMajor,
		ProtoMinor: notModified.ProtoMinor, Header: h, Body: io.NopCloser(bytes.NewReader(c.body)),
		ContentLength: int64(len(c.body)), Request: req,
	}
}

var errNoRepo = errors.New("this case study is not on GitHub yet; put it there with: casestudy remote create OWNER/NAME")
