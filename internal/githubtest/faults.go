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
	// After lets the request be carried out, then answers 502 (or
	// Fault.Status) instead of the real answer: GitHub can fail after it
	// has created what was asked, so a client that posts again duplicates.
	After
	// Delay waits Fault.Delay before handling the request normally, like a
	// slow or overloaded server. Unlike the other kinds, a Delay with Times
	// zero or less applies to every matching request until ClearFaults,
	// since a slow server tends to stay slow. A request meeting a Delay can
	// also meet one fault of another kind.
	Delay
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
	case After:
		return "After"
	case Delay:
		return "Delay"
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
	// Times is how many matching requests fail; zero or less means once
	// (for Delay: every one, until ClearFaults).
	Times int
	// RetryAfter sets Retry-After (SecondaryLimit) or how far in the future
	// X-RateLimit-Reset is (RateLimit). Zero means one minute, as GitHub
	// typically asks.
	RetryAfter time.Duration
	// Status overrides the status code of a ServerError (e.g. 502, 503),
	// an After (default 502) or a SecondaryLimit (403).
	Status int
	// Delay is how long a Delay fault waits.
	Delay time.Duration
}

// Inject makes the next f.Times requests matching f fail the way f says.
// Faults are applied in injection order, before authentication and routing.
func (s *Server) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
		if f.Kind == Delay {
			f.Times = -1 // never used up
		}
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every injected fault, used up or not.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = nil
}

// takeFaults consumes one use of the first Delay and of the first fault of
// another kind matching r; either may be nil.
func (s *Server) takeFaults(r *http.Request) (delay, fault *Fault) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	kept := s.faults[:0]
	for _, f := range s.faults {
		take := f.Method == "" || strings.EqualFold(f.Method, r.Method)
		take = take && strings.HasPrefix(r.URL.Path, f.PathPrefix)
		if take && f.Kind == Delay && delay == nil {
			delay = f
		} else if take && f.Kind != Delay && fault == nil {
			fault = f
		} else {
			take = false
		}
		if take && f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				continue
			}
		}
		kept = append(kept, f)
	}
	clear(s.faults[len(kept):])
	s.faults = kept
	if delay != nil {
		d := *delay
		delay = &d
	}
	if fault != nil {
		hit := *fault
		fault = &hit
	}
	return delay, fault
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
			if f.Kind == After {
				status = http.StatusBadGateway
			}
		}
		s.setRateHeaders(h, user, "core", false)
		writeJSON(w, status, errorBody{Message: "Server Error"})
	}
}
