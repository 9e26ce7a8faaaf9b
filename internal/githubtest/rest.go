package githubtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const (
	apiPrefix = "/api/v3"
	rateLimit = 5000 // authenticated requests per hour, as on GitHub
	anonLimit = 60
	docsURL   = "https://docs.github.com/enterprise-server@3.12/rest"
)

// routes lists every REST endpoint the emulator serves.
func (s *Server) routes() {
	s.handle("GET /rate_limit", s.getRateLimit)
	s.handle("GET /user", s.getAuthenticatedUser)
	s.handle("GET /users/{login}", s.getUser)

	s.handle("POST /user/repos", s.createUserRepo)
	s.handle("POST /orgs/{org}/repos", s.createOrgRepo)
	s.handle("GET /repos/{owner}/{repo}", s.getRepo)
	s.handle("GET /repos/{owner}/{repo}/branches/{branch...}", s.getBranch)
	s.handle("GET /repos/{owner}/{repo}/collaborators", s.listCollaborators)
	s.handle("GET /repos/{owner}/{repo}/collaborators/{user}", s.checkCollaborator)
	s.handle("PUT /repos/{owner}/{repo}/collaborators/{user}", s.addCollaborator)
	s.handle("GET /repos/{owner}/{repo}/invitations", s.listRepoInvitations)
	s.handle("GET /user/repository_invitations", s.listMyInvitations)
	s.handle("PATCH /user/repository_invitations/{id}", s.acceptInvitation)
	s.handle("DELETE /user/repository_invitations/{id}", s.declineInvitation)

	s.handle("GET /repos/{owner}/{repo}/pulls", s.listPulls)
	s.handle("POST /repos/{owner}/{repo}/pulls", s.createPull)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}", s.getPull)
	s.handle("PATCH /repos/{owner}/{repo}/pulls/{number}", s.updatePull)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/commits", s.listPullCommits)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/files", s.listPullFiles)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/merge", s.checkMerged)
	s.handle("PUT /repos/{owner}/{repo}/pulls/{number}/merge", s.mergePull)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/requested_reviewers", s.listRequestedReviewers)
	s.handle("POST /repos/{owner}/{repo}/pulls/{number}/requested_reviewers", s.requestReviewers)
	s.handle("DELETE /repos/{owner}/{repo}/pulls/{number}/requested_reviewers", s.removeRequestedReviewers)

	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/reviews", s.listReviews)
	s.handle("POST /repos/{owner}/{repo}/pulls/{number}/reviews", s.createReview)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/reviews/{id}", s.getReview)
	s.handle("DELETE /repos/{owner}/{repo}/pulls/{number}/reviews/{id}", s.deletePendingReview)
	s.handle("POST /repos/{owner}/{repo}/pulls/{number}/reviews/{id}/events", s.submitReview)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/reviews/{id}/comments", s.listReviewComments)

	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/comments", s.listPullComments)
	s.handle("POST /repos/{owner}/{repo}/pulls/{number}/comments", s.createPullComment)
	s.handle("POST /repos/{owner}/{repo}/pulls/{number}/comments/{id}/replies", s.replyPullComment)
	// Really GET /repos/{owner}/{repo}/pulls/comments/{id}, which ServeMux
	// cannot tell from /pulls/{number}/...; serveAPI rewrites it.
	s.handle("GET /repos/{owner}/{repo}/pulls-comments/{id}", s.getPullComment)

	s.handle("GET /repos/{owner}/{repo}/issues/{number}", s.getIssue)
	s.handle("GET /repos/{owner}/{repo}/issues/{number}/comments", s.listIssueComments)
	s.handle("POST /repos/{owner}/{repo}/issues/{number}/comments", s.createIssueComment)
	s.handle("POST /repos/{owner}/{repo}/issues/{number}/labels", s.addLabels)
	s.handle("POST /repos/{owner}/{repo}/labels", s.createLabel)

	s.handle("GET /search/issues", s.searchIssues)
}

// call is one REST request being served.
type call struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	user *account // never nil once a handler runs
	// resource is the rate-limit bucket reported in X-RateLimit-Resource.
	resource string
	// free responses do not count against the rate limit.
	free bool
	// simpleErrors: the review endpoints' 422s list plain strings, not
	// objects (validation-error-simple in GitHub's REST description).
	simpleErrors bool
}

type callKey struct{}

// handle registers h for "METHOD /path" under the API prefix.
func (s *Server) handle(pattern string, h func(*call)) {
	method, path, _ := strings.Cut(pattern, " ")
	s.api.HandleFunc(method+" "+apiPrefix+path, func(w http.ResponseWriter, r *http.Request) {
		c := r.Context().Value(callKey{}).(*call)
		c.r = r // carries the path values
		h(c)
	})
}

var pullCommentPath = regexp.MustCompile(`^(` + apiPrefix + `/repos/[^/]+/[^/]+)/pulls/comments/([^/]+)$`)

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, user *account) {
	c := &call{s: s, w: w, r: r, user: user, resource: "core"}
	if strings.HasPrefix(r.URL.Path, apiPrefix+"/search/") {
		c.resource = "search"
	}
	h := w.Header()
	h.Set("X-GitHub-Request-Id", requestID())
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Enterprise-Version", "3.12.0")
	h.Set("Server", "GitHub.com")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")

	if user == nil {
		// GitHub distinguishes a missing token from a wrong one; both are 401.
		msg := "Requires authentication"
		if hasCredentials(r) {
			msg = "Bad credentials"
		}
		c.fail(http.StatusUnauthorized, msg)
		return
	}
	h.Set("X-OAuth-Scopes", "repo, read:org, user")
	if s.rateExhausted(user) {
		h.Set("X-RateLimit-Resource", c.resource)
		c.fail(http.StatusForbidden, fmt.Sprintf("API rate limit exceeded for user ID %d.", user.id))
		return
	}
	if r.URL.Path == graphQLPath {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.serveGraphQL(c)
		return
	}
	if m := pullCommentPath.FindStringSubmatch(r.URL.Path); m != nil {
		r = r.Clone(r.Context())
		r.URL.Path, r.URL.RawPath = m[1]+"/pulls-comments/"+m[2], ""
	}
	if _, pattern := s.api.Handler(r); pattern == "" {
		// GitHub answers unknown paths and unsupported methods alike.
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.api.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callKey{}, c)))
}

// ---- responses ----

type errorBody struct {
	Message          string `json:"message"`
	Errors           []any  `json:"errors,omitempty"`
	DocumentationURL string `json:"documentation_url,omitempty"`
	Status           string `json:"status,omitempty"`
}

// fieldError is one entry of a 422's "errors" array.
type fieldError struct {
	Resource string `json:"resource"`
	Code     string `json:"code"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// send writes a REST response. GET responses carry an ETag; a matching
// If-None-Match turns them into a bodiless 304 that, as on GitHub, does not
// count against the rate limit.
func (c *call) send(status int, body []byte) {
	h := c.w.Header()
	if c.r.Method == http.MethodGet && status == http.StatusOK {
		sum := sha256.Sum256(body)
		etag := `W/"` + hex.EncodeToString(sum[:]) + `"`
		h.Set("ETag", etag)
		h.Set("Cache-Control", "private, max-age=60, s-maxage=60")
		if etagMatches(c.r.Header.Get("If-None-Match"), etag) {
			c.s.setRateHeaders(h, c.user, c.resource, false)
			h.Del("Link")
			c.w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	c.s.setRateHeaders(h, c.user, c.resource, c.user != nil && !c.free)
	if body != nil {
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	c.w.WriteHeader(status)
	if body != nil {
		c.w.Write(body)
	}
}

// etagMatches compares weakly, as If-None-Match requires.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

func (c *call) json(status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	c.send(status, body)
}

func (c *call) noContent() { c.send(http.StatusNoContent, nil) }

// fail answers GitHub's error shape: {"message": ..., "documentation_url": ...}.
func (c *call) fail(status int, msg string) {
	c.json(status, errorBody{Message: msg, DocumentationURL: docsURL, Status: strconv.Itoa(status)})
}

func (c *call) notFound() { c.fail(http.StatusNotFound, "Not Found") }

// invalid answers 422 with an errors array; entries are fieldError values or
// plain strings, both of which GitHub uses.
func (c *call) invalid(msg string, errs ...any) {
	if c.simpleErrors {
		for i, e := range errs {
			if fe, ok := e.(fieldError); ok {
				errs[i] = fe.text()
			}
		}
	}
	c.json(http.StatusUnprocessableEntity, errorBody{Message: msg, Errors: errs, DocumentationURL: docsURL, Status: "422"})
}

// text is the error as a plain string, for validation-error-simple.
func (fe fieldError) text() string {
	if fe.Message != "" {
		return fe.Message
	}
	return fmt.Sprintf("%s %s is %s", fe.Resource, fe.Field, strings.ReplaceAll(fe.Code, "_", " "))
}

// validation is the common "Validation Failed" 422 with one custom message.
func (c *call) validation(resource, field, msg string) {
	c.invalid("Validation Failed", fieldError{Resource: resource, Code: "custom", Field: field, Message: msg})
}

// decode reads a JSON request body into v; an empty body is an empty object.
// It answers 400 or 422 itself and reports false on failure.
func (c *call) decode(v any) bool {
	data, err := io.ReadAll(io.LimitReader(c.r.Body, 32<<20))
	if err != nil {
		c.fail(http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return true
	}
	if err := json.Unmarshal(data, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			c.invalid(fmt.Sprintf("Invalid request.\n\nFor '%s', %s is not %s.", typeErr.Field, typeErr.Value, typeErr.Type))
			return false
		}
		c.fail(http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}

// ---- rate limit ----

// setRateHeaders reports the caller's rate-limit window, counting this
// response against it when count is true.
func (s *Server) setRateHeaders(h http.Header, a *account, resource string, count bool) {
	limit, used := anonLimit, 0
	reset := time.Now().Add(time.Hour)
	if a != nil {
		s.rateMu.Lock()
		s.rollWindow(a)
		if count {
			a.used++
		}
		limit, used, reset = rateLimit, a.used, a.reset
		s.rateMu.Unlock()
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(0, limit-used)))
	h.Set("X-RateLimit-Used", strconv.Itoa(used))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", resource)
}

// rollWindow starts a new one-hour window when the last one has passed.
// Callers hold rateMu.
func (s *Server) rollWindow(a *account) {
	if t := time.Now(); a.reset.IsZero() || !t.Before(a.reset) {
		a.used = 0
		a.reset = t.Add(time.Hour).Truncate(time.Second)
	}
}

func (s *Server) rateExhausted(a *account) bool {
	s.rateMu.Lock()
	defer s.rateMu.Unlock()
	s.rollWindow(a)
	return a.used >= rateLimit
}

// SetRateUsed sets how many requests user has made in the current window,
// so tests can reach the real (not injected) rate limit quickly.
func (s *Server) SetRateUsed(user string, used int) {
	s.mu.Lock()
	a := s.accounts[strings.ToLower(user)]
	s.mu.Unlock()
	if a == nil {
		return
	}
	s.rateMu.Lock()
	defer s.rateMu.Unlock()
	s.rollWindow(a)
	a.used = used
}

// getRateLimit reports the caller's window; as on GitHub, asking costs
// nothing.
func (s *Server) getRateLimit(c *call) {
	c.free = true
	h := http.Header{}
	c.s.setRateHeaders(h, c.user, "core", false)
	n := func(k string) int { v, _ := strconv.Atoi(h.Get(k)); return v }
	core := map[string]int{
		"limit":     n("X-RateLimit-Limit"),
		"remaining": n("X-RateLimit-Remaining"),
		"used":      n("X-RateLimit-Used"),
		"reset":     n("X-RateLimit-Reset"),
	}
	c.json(http.StatusOK, map[string]any{"resources": map[string]any{"core": core, "search": core}, "rate": core})
}

// ---- pagination ----

// paginate returns the page of items that per_page and page select (30 and 1
// by default, per_page at most 100) and sets GitHub's Link header with
// absolute URLs when there is more than one page.
func paginate[T any](c *call, items []T) []T {
	q := c.r.URL.Query()
	perPage := intParam(q, "per_page", 30)
	if perPage < 1 {
		perPage = 30
	}
	perPage = min(perPage, 100)
	page := max(intParam(q, "page", 1), 1)
	last := max(1, (len(items)+perPage-1)/perPage)
	if last > 1 {
		link := func(p int, rel string) string {
			q.Set("page", strconv.Itoa(p))
			return fmt.Sprintf("<%s%s?%s>; rel=%q", c.s.URL, c.r.URL.Path, q.Encode(), rel)
		}
		var links []string
		if page > 1 {
			links = append(links, link(min(page-1, last), "prev"))
		}
		if page < last {
			links = append(links, link(page+1, "next"), link(last, "last"))
		}
		if page > 1 {
			links = append(links, link(1, "first"))
		}
		c.w.Header().Set("Link", strings.Join(links, ", "))
	}
	start := min((page-1)*perPage, len(items))
	end := min(start+perPage, len(items))
	out := make([]T, 0, end-start)
	return append(out, items[start:end]...)
}

func intParam(q url.Values, name string, def int) int {
	v, err := strconv.Atoi(q.Get(name))
	if err != nil {
		return def
	}
	return v
}

// requestID mimics X-GitHub-Request-Id, which support asks for.
func requestID() string {
	b := make([]byte, 10)
	rand.Read(b)
	x := strings.ToUpper(hex.EncodeToString(b))
	return x[0:4] + ":" + x[4:8] + ":" + x[8:14] + ":" + x[14:20]
}

// apiURL and htmlURL build the absolute links GitHub puts in every object.
func (s *Server) apiURL(format string, a ...any) string {
	return s.URL + apiPrefix + fmt.Sprintf(format, a...)
}

func (s *Server) htmlURL(format string, a ...any) string {
	return s.URL + fmt.Sprintf(format, a...)
}
