package githubtest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is the way an injected fault makes a request fail.
type FaultKind int

const (
	// ServerError answers 500 (or Fault.Status) with GitHub's JSON error.
	ServerError FaultKind = iota
	// RateLimit answers 403 with X-RateLimit-Remaining: 0 and an
	// X-RateLimit-Reset RetryAfter (default one minute) from now: GitHub's
	// primary rate limit.
	RateLimit
	// SecondaryLimit answers 429 (or Fault.Status, e.g. 403, which GitHub
	// also uses and which go-github v60 alone maps to AbuseRateLimitError)
	// with Retry-After: GitHub's secondary ("abuse") rate limit.
	SecondaryLimit
	// Drop hijacks the connection and closes it without answering, like a
	// network failure mid-request.
	Drop
)

func (k FaultKind) String() string {
	switch k {
	case ServerError:
		return "ServerError"
	case RateLimit:
		return "RateLimit"
	case SecondaryLimit:
		return "SecondaryLimit"
	case Drop:
		return "Drop"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault describes requests to fail. Empty Method and PathPrefix match any
// request; PathPrefix is compared with the URL path, e.g. "/api/v3/repos/ana"
// or "/ana/acme.git/git-receive-pack".
type Fault struct {
	Method     string
	PathPrefix string
	Kind       FaultKind
	// Times is how many matching requests fail; zero or less means once.
	Times int
	// RetryAfter sets Retry-After (SecondaryLimit) or how far in the future
	// X-RateLimit-Reset is (RateLimit). Zero means one minute, as GitHub
	// typically asks.
	RetryAfter time.Duration
	// Status overrides the status code of a ServerError (e.g. 502, 503) or
	// a SecondaryLimit (403).
	Status int
}

// Inject makes the next f.Times requests matching f fail the way f says.
// Faults are applied in injection order, before authentication and routing.
func (s *Server) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = append(s.faults, &f)
}

// takeFault consumes one use of the first fault matching r.
func (s *Server) takeFault(r *http.Request) *Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for i, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		hit := *f
		return &hit
	}
	return nil
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, user *account, f *Fault) {
	wait := f.RetryAfter
	if wait <= 0 {
		wait = time.Minute
	}
	h := w.Header()
	h.Set("X-GitHub-Request-Id", requestID())
	switch f.Kind {
	case Drop:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			// HTTP/2 cannot be hijacked; aborting the handler resets the
			// stream, which the client sees the same way.
			panic(http.ErrAbortHandler)
		}
		conn.Close()
	case RateLimit:
		reset := time.Now().Add(wait)
		h.Set("X-RateLimit-Limit", strconv.Itoa(rateLimit))
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Used", strconv.Itoa(rateLimit))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(int64(math.Ceil(float64(reset.UnixNano())/1e9)), 10))
		h.Set("X-RateLimit-Resource", "core")
		id := int64(0)
		if user != nil {
			id = user.id
		}
		writeJSON(w, http.StatusForbidden, errorBody{
			Message:          fmt.Sprintf("API rate limit exceeded for user ID %d. If you reach out to GitHub Support for help, please include the request ID %s.", id, h.Get("X-GitHub-Request-Id")),
			DocumentationURL: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
		})
	case SecondaryLimit:
		s.setRateHeaders(h, user, "core", false)
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		status := f.Status
		if status == 0 {
			status = http.StatusTooManyRequests
		}
		writeJSON(w, status, errorBody{
			Message:          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID " + h.Get("X-GitHub-Request-Id") + ".",
			DocumentationURL: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		})
	default:
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		s.setRateHeaders(h, user, "core", false)
		writeJSON(w, status, errorBody{Message: "Server Error"})
	}
}
