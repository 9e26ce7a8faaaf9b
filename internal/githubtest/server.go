// Package githubtest is an in-process emulator of a GitHub Enterprise server
// for offline tests.
//
// It serves the REST API under URL/api/v3 and real git smart HTTP at
// URL/OWNER/NAME.git (through `git http-backend`), on loopback only. It keeps
// the GitHub rules that shape the case-study review workflow: line comments
// must fall inside the pull request's diff, authors cannot approve their own
// pull requests or be asked to review them, head and base need a common
// ancestor, and there is at most one open pull request per head and base.
// Every request is recorded, and faults (5xx, rate limits, dropped
// connections, failures after the work is done, delays) can be injected to
// test retries, from Go or from outside through a loopback-only control
// endpoint. Tests turn on Validate, which checks every REST request and
// answer against GitHub's published REST description.
//
// It is faithful where the workflow depends on it and deliberately small
// elsewhere: no forks, teams, labels, GraphQL or webhooks.
package githubtest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Server is a running emulator. Its zero value is not usable; call New or
// NewAt.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234, without a trailing
	// slash. The REST API is at URL/api/v3 and repositories at
	// URL/OWNER/NAME.git, as on GitHub Enterprise.
	URL string

	dir      string // temporary directory owned by the server
	repoRoot string // GIT_PROJECT_ROOT: dir/repos/OWNER/NAME.git
	home     string // HOME for every git process, so user config never leaks in

	httpServer *http.Server
	listener   net.Listener
	api        *http.ServeMux
	closeOnce  sync.Once

	// mu guards the forge state below. REST handlers hold it for their whole
	// run (including the git commands they start) so each call sees and
	// leaves a consistent state; git smart HTTP only takes it to authorise.
	mu       sync.Mutex
	accounts map[string]*account // lower-case login -> user or organisation
	byToken  map[string]*account
	repos    map[string]*repo // lower-case "owner/name"
	nextID   int64

	// rateMu guards the per-account rate-limit windows, which are also
	// touched by fault responses outside mu.
	rateMu sync.Mutex

	// faultMu guards the faults and the validator, which tests set while
	// the server runs.
	faultMu   sync.Mutex
	faults    []*Fault
	validator *validator

	reqMu    sync.Mutex
	requests []*Request

	invitations []*invitation   // pending, guarded by mu
	index       map[int64]*pull // what search sees with SearchLag, guarded by mu

	// InvitationsAccepted adds collaborators at once (204), as GitHub
	// Enterprise Server's API description documents, instead of inviting
	// them (201), as github.com and GHE.com do. Set it before use.
	InvitationsAccepted bool
	// HeadLag is how long an open pull request's head takes to follow a
	// push to its branch: GitHub updates pull requests asynchronously, so
	// right after a push the API may still show the old head. Set it before
	// use.
	HeadLag time.Duration
	// SearchLag is how long changes take to reach search: GitHub's search
	// index is updated asynchronously ("may take up to a minute"). Set it
	// before use.
	SearchLag time.Duration
}

// account is a user or an organisation. Logins are case-insensitive on
// GitHub, so lookups go through lower-case keys while the display case is kept.
type account struct {
	id      int64
	login   string
	token   string // empty for organisations
	org     bool
	members map[string]bool // organisations: lower-case logins of members
	created time.Time
	// onlyOwner is set for a fine-grained token: the one owner whose
	// repositories it can see.
	onlyOwner string

	// Rate-limit window, guarded by Server.rateMu.
	used  int
	reset time.Time
}

// Request is one recorded HTTP request, REST or git.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	User     string // login of the token used; empty when missing or invalid
	Status   int    // 0 for a dropped connection or a request still running
	// Header holds the request headers with Authorization removed, so
	// recordings can be printed without leaking tokens.
	Header http.Header
	// Start and End are when the request arrived and when it was answered
	// (End is zero while it runs), so a test can tell which requests a
	// client made at the same time.
	Start, End time.Time
}

// New starts a server on a random loopback port with one account and a fresh
// token per user.
func New(users ...string) (*Server, error) {
	return NewAt("127.0.0.1:0", users...)
}

var loginPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$`)

// NewAt is New listening on addr (host:port). The emulator never dials out;
// choose a loopback address unless you mean to share it.
func NewAt(addr string, users ...string) (*Server, error) {
	if _, err := lookPathGit(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "githubtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{
		dir:      dir,
		repoRoot: filepath.Join(dir, "repos"),
		home:     filepath.Join(dir, "home"),
		accounts: map[string]*account{},
		byToken:  map[string]*account{},
		repos:    map[string]*repo{},
	}
	for _, d := range []string{s.repoRoot, s.home} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	for _, u := range users {
		if _, err := s.AddUser(u); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.listener = ln
	s.URL = "http://" + ln.Addr().String()
	s.api = http.NewServeMux()
	s.routes()
	s.httpServer = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 30 * time.Second,
	}
	go s.httpServer.Serve(ln) //nolint:errcheck // returns ErrServerClosed on Close
	return s, nil
}

// AddUser creates a user account and returns its token. It fails if the
// login is taken or not a valid GitHub login.
func (s *Server) AddUser(login string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.addAccount(login, false)
	if err != nil {
		return "", err
	}
	a.token = newToken()
	s.byToken[a.token] = a
	return a.token, nil
}

// AddOrg creates an organisation whose members may create repositories in
// it and administer them. Members must be existing users.
func (s *Server) AddOrg(name string, members ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range members {
		if u := s.accounts[strings.ToLower(m)]; u == nil || u.org {
			return fmt.Errorf("githubtest: org member %q is not a user", m)
		}
	}
	a, err := s.addAccount(name, true)
	if err != nil {
		return err
	}
	a.members = map[string]bool{}
	for _, m := range members {
		a.members[strings.ToLower(m)] = true
	}
	return nil
}

func (s *Server) addAccount(login string, org bool) (*account, error) {
	if !loginPattern.MatchString(login) {
		return nil, fmt.Errorf("githubtest: invalid login %q", login)
	}
	key := strings.ToLower(login)
	if s.accounts[key] != nil {
		return nil, fmt.Errorf("githubtest: login %q already exists", login)
	}
	a := &account{id: s.newID(), login: login, org: org, created: now()}
	s.accounts[key] = a
	return a, nil
}

// FineGrained makes user's token a fine-grained personal access token for
// the repositories of owner only.
func (s *Server) FineGrained(user, owner string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[strings.ToLower(user)]; a != nil {
		a.onlyOwner = owner
	}
}

// Token returns the token of user, or "" for an unknown user.
func (s *Server) Token(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[strings.ToLower(user)]; a != nil {
		return a.token
	}
	return ""
}

// RepoDir returns the path of the bare repository OWNER/NAME on disk (it may
// not exist), for tests to inspect with git.
func (s *Server) RepoDir(owner, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.repos[repoKey(owner, name)]; r != nil {
		return r.dir
	}
	return filepath.Join(s.repoRoot, owner, name+".git")
}

// Close stops the server, ends open connections and removes its repositories.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := s.httpServer.Shutdown(ctx); err != nil {
			s.httpServer.Close()
		}
		os.RemoveAll(s.dir)
	})
}

// Requests returns a copy of every request received since the start or the
// last ResetRequests, in arrival order.
func (s *Server) Requests() []Request {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
		out[i].Header = r.Header.Clone()
	}
	return out
}

// ResetRequests forgets the recorded requests, so a test can count the
// requests of one operation.
func (s *Server) ResetRequests() {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	s.requests = nil
}

// ServeHTTP records the request, applies any injected fault, then hands the
// request to the REST API or to git. Requests to the control endpoint are
// neither recorded nor validated: they are the test talking, not a client.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == controlPath || strings.HasPrefix(r.URL.Path, controlPath+"/") || r.URL.Path == requestsPath {
		s.serveControl(w, r)
		return
	}
	user := s.authenticate(r)
	rec := &Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Start:    time.Now(),
	}
	rec.Header.Del("Authorization")
	if user != nil {
		rec.User = user.login
	}
	s.reqMu.Lock()
	s.requests = append(s.requests, rec)
	s.reqMu.Unlock()

	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		s.reqMu.Lock()
		rec.Status, rec.End = sw.status, time.Now()
		s.reqMu.Unlock()
	}()

	isAPI := r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
	var check *exchange
	if v := s.currentValidator(); v != nil && isAPI {
		check = v.checkRequest(r)
	}
	delay, f := s.takeFaults(r)
	if delay != nil {
		select {
		case <-time.After(delay.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if f != nil && f.Kind != After {
		s.serveFault(sw, r, user, f)
		return
	}
	if !isAPI {
		if f != nil {
			// git's answer streams; carry the request out, then fail it.
			s.serveGit(&discardWriter{header: http.Header{}}, r, user)
			s.serveFault(sw, r, user, f)
			return
		}
		s.serveGit(sw, r, user)
		return
	}
	var out http.ResponseWriter = sw
	if f != nil {
		out = &discardWriter{header: http.Header{}}
	}
	if check != nil {
		tee := &teeWriter{ResponseWriter: out}
		out = tee
		defer func() { check.checkResponse(tee.status, tee.Header(), tee.body.Bytes()) }()
	}
	s.serveAPI(out, r, user)
	if f != nil {
		s.serveFault(sw, r, user, f)
	}
}

// statusWriter remembers the status code for the request log. It forwards
// Flush (git streams pack data) and Hijack (dropped-connection faults).
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// newID hands out ids unique across all object kinds. Callers hold s.mu.
func (s *Server) newID() int64 {
	s.nextID++
	return s.nextID
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newToken makes a token in GitHub's classic personal-access-token format, so
// code that recognises tokens by their prefix treats these the same way.
func newToken() string {
	b := make([]byte, 36)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = tokenAlphabet[int(b[i])%len(tokenAlphabet)]
	}
	return "ghp_" + string(b)
}

// now is the server clock, at GitHub's one-second resolution.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func isoPtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := iso(t)
	return &v
}

var errNoGit = errors.New("githubtest: the git command is required but was not found in PATH")
