// Package web is casestudy serve: a reviewing page for the case study,
// served on loopback to one person's browser. It renders and acts only
// through the review package, the same functions the commands call, so
// what it writes is what casestudy feedback reads, on either forge.
//
// It is safe by construction: every request must carry the random token
// the address was printed with and come to a loopback host name; state
// changes only by POST from the page itself (same origin); all text is
// escaped by html/template; the style sheet and script are embedded; and
// no part of a request ever names a file.
package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/less-trainers/casestudy/review"
)

// Options is what the server needs: the case study and its forge, and the
// token every request must carry.
type Options struct {
	CaseStudy *review.CaseStudy
	Forge     review.Forge
	Token     string
	// RefreshEvery is how often the page redraws when the forge keeps
	// the review on a server (GitHub): the repository does not change when
	// someone comments there.
	RefreshEvery time.Duration
}

// NewToken makes the secret that goes into the address, as Jupyter's does.
func NewToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Server serves the page.
type Server struct {
	opts Options
	// onServer is set when the forge keeps no review data in the
	// repository (see RefreshEvery).
	onServer bool
	// mu serialises every use of the case study: go-git's repository is
	// not meant for concurrent writers, and one person's page needs no
	// parallelism.
	mu  sync.Mutex
	mux *http.ServeMux
}

// New returns the handler of the page.
func New(opts Options) *Server {
	if opts.RefreshEvery == 0 {
		opts.RefreshEvery = time.Minute
	}
	s := &Server{opts: opts, onServer: opts.Forge != nil && opts.Forge.InRepo() == nil, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /{$}", s.page)
	s.mux.HandleFunc("GET /stamp", s.stamp)
	s.mux.HandleFunc("GET /static/{name}", s.static)
	s.mux.HandleFunc("POST /comment", s.action(s.comment))
	s.mux.HandleFunc("POST /reply", s.action(s.reply))
	s.mux.HandleFunc("POST /vote", s.action(s.vote))
	s.mux.HandleFunc("POST /apply", s.action(s.apply))
	s.mux.HandleFunc("POST /sync", s.actionSharing(s.sync, false))
	s.mux.HandleFunc("POST /resolve", s.action(s.resolve))
	s.mux.HandleFunc("POST /pending", s.actionSharing(s.editPending, false))
	return s
}

// ServeHTTP checks every request before any handler sees it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	switch {
	case !loopbackHost(r.Host):
		// A page elsewhere that points a name of its own at 127.0.0.1
		// (DNS rebinding) arrives with that name.
		http.Error(w, "casestudy serve answers only on a loopback address", http.StatusForbidden)
	case !s.hasToken(r):
		http.Error(w, "this page needs the token in the address casestudy serve printed", http.StatusForbidden)
	case r.Method != http.MethodGet && r.Method != http.MethodHead && !sameOrigin(r):
		http.Error(w, "changes are accepted only from the page itself", http.StatusForbidden)
	default:
		s.mux.ServeHTTP(w, r)
	}
}

func (s *Server) hasToken(r *http.Request) bool {
	got := r.Header.Get("X-Casestudy-Token")
	if got == "" {
		got = r.URL.Query().Get("token")
	}
	if got == "" && r.Method == http.MethodPost {
		got = r.PostFormValue("token")
	}
	return s.opts.Token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.Token)) == 1
}

// loopbackHost says whether a Host header names this machine.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// sameOrigin accepts a state change only when the browser says it comes
// from this page: Sec-Fetch-Site where the browser sends it, else Origin,
// else Referer. A request that proves nothing is refused.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	origin := "http://" + r.Host
	if o := r.Header.Get("Origin"); o != "" {
		return o == origin
	}
	if ref := r.Header.Get("Referer"); ref != "" {
		return ref == origin || strings.HasPrefix(ref, origin+"/")
	}
	return false
}

//go:embed static/app.css static/app.js
var staticFiles embed.FS

// static serves the two embedded files by name; nothing else exists.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	types := map[string]string{"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
	name := r.PathValue("name")
	ct, ok := types[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	data, err := staticFiles.ReadFile("static/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Write(data)
}

// stamp answers what the page polls: a fingerprint of the repository (its
// refs, and the documents as they are on disk), with an ETag so an
// unchanged state costs a 304.
func (s *Server) stamp(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	st, err := s.fingerprint()
	s.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	etag := `"` + st + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(st))
}

func (s *Server) fingerprint() (string, error) {
	cs := s.opts.CaseStudy
	refs, err := cs.Repo.RefsStamp()
	if err != nil {
		return "", err
	}
	h := newHash()
	h.add(refs, cs.PendingStamp())
	for _, d := range cs.Config.Documents {
		text, _, err := cs.Repo.ReadWorkFile(d)
		if err != nil {
			return "", err
		}
		h.add(d, text)
	}
	if s.onServer {
		h.add(time.Now().Truncate(s.opts.RefreshEvery).String())
	}
	return h.sum(), nil
}

// ctx bounds the forge's work for one request, as a command's is bounded.
func ctx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), 2*time.Minute)
}
