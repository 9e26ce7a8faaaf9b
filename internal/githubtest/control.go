package githubtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"time"
)

// controlPath is where tests that run the emulator as a process inject
// faults: POST a FaultSpec to add one, DELETE to clear them all. It is not
// part of GitHub's API, so it sits outside /api/v3.
const controlPath = "/_emulator/faults"

// requestsPath is where a test that runs the emulator as a process reads
// the request log (GET) or clears it (DELETE), e.g. to count a command's
// requests and which of them it made at the same time.
const requestsPath = "/_emulator/requests"

// RequestJSON is one recorded request as the control endpoint lists it.
type RequestJSON struct {
	Method string    `json:"method"`
	Path   string    `json:"path"`
	Query  string    `json:"query,omitempty"`
	User   string    `json:"user,omitempty"`
	Status int       `json:"status"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
}

// FaultSpec is a Fault as JSON, for the control endpoint. Times 0 (or
// absent) means once, except for delay, where it means every matching
// request until DELETE; status 0 means the kind's usual status (500,
// after: 502, secondary_limit: 429); retry_after_s 0 means a minute.
type FaultSpec struct {
	Method      string `json:"method"`
	PathPrefix  string `json:"path_prefix"`
	Kind        string `json:"kind"` // server_error, after, rate_limit, secondary_limit, drop, delay
	Status      int    `json:"status"`
	Times       int    `json:"times"`
	RetryAfterS int    `json:"retry_after_s"`
	DelayMS     int    `json:"delay_ms"`
}

var faultKinds = map[string]FaultKind{
	"server_error":    ServerError,
	"after":           After,
	"rate_limit":      RateLimit,
	"secondary_limit": SecondaryLimit,
	"drop":            Drop,
	"delay":           Delay,
}

// Fault converts the spec, refusing unknown kinds and impossible numbers.
func (fs FaultSpec) Fault() (Fault, error) {
	kind, ok := faultKinds[fs.Kind]
	if !ok {
		return Fault{}, fmt.Errorf("unknown fault kind %q: use server_error, after, rate_limit, secondary_limit, drop or delay", fs.Kind)
	}
	if fs.Status != 0 && (fs.Status < 100 || fs.Status > 599) {
		return Fault{}, fmt.Errorf("status %d is not an HTTP status", fs.Status)
	}
	if fs.Times < 0 || fs.RetryAfterS < 0 || fs.DelayMS < 0 {
		return Fault{}, fmt.Errorf("times, retry_after_s and delay_ms cannot be negative")
	}
	return Fault{
		Method:     fs.Method,
		PathPrefix: fs.PathPrefix,
		Kind:       kind,
		Status:     fs.Status,
		Times:      fs.Times,
		RetryAfter: time.Duration(fs.RetryAfterS) * time.Second,
		Delay:      time.Duration(fs.DelayMS) * time.Millisecond,
	}, nil
}

// serveControl answers the control endpoint, to loopback peers only: a
// server listening more widely must not let the network inject faults.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		writeJSON(w, http.StatusForbidden, errorBody{Message: "the emulator's control endpoint answers loopback clients only"})
		return
	}
	if r.URL.Path == requestsPath {
		s.serveRequestLog(w, r)
		return
	}
	if r.URL.Path != controlPath {
		writeJSON(w, http.StatusNotFound, errorBody{Message: "Not Found"})
		return
	}
	switch r.Method {
	case http.MethodPost:
		var spec FaultSpec
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&spec); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{Message: "fault: " + err.Error()})
			return
		}
		f, err := spec.Fault()
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{Message: "fault: " + err.Error()})
			return
		}
		s.Inject(f)
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "POST, DELETE")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Message: "use POST to add a fault, DELETE to clear them"})
	}
}

func (s *Server) serveRequestLog(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, s.RequestLog())
	case http.MethodDelete:
		s.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, DELETE")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Message: "use GET to read the request log, DELETE to clear it"})
	}
}

// RequestLog is Requests as the control endpoint lists them.
func (s *Server) RequestLog() []RequestJSON {
	out := []RequestJSON{}
	for _, rq := range s.Requests() {
		out = append(out, RequestJSON{Method: rq.Method, Path: rq.Path, Query: rq.RawQuery, User: rq.User,
			Status: rq.Status, Start: rq.Start, End: rq.End})
	}
	return out
}

// Waves counts the sequential waves requests came in: one that starts
// after every earlier one has ended begins a new wave. With a delay on
// every request, it is the number of round trips a person waited for.
func Waves(reqs []RequestJSON) int {
	reqs = slices.Clone(reqs)
	sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].Start.Before(reqs[j].Start) })
	n := 0
	var end time.Time
	for _, r := range reqs {
		if n == 0 || r.Start.After(end) {
			n++
			end = r.End
		} else if r.End.After(end) {
			end = r.End
		}
	}
	return n
}
