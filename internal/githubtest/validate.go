package githubtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/less-trainers/casestudy/internal/githubtest/openapi"
)

// Violation is a REST request or response that GitHub's published REST
// description does not allow.
type Violation struct {
	// Operation is GitHub's operationId, e.g. "pulls/create"; empty when
	// the description has no operation for the method and path.
	Operation string
	Method    string
	Path      string // as received, with /api/v3
	// Status is the response status, or 0 for a request violation.
	Status int
	// Message names the parameter or field and what is wrong with it.
	Message string
}

func (v Violation) String() string {
	op := v.Operation
	if op == "" {
		op = "no operation"
	}
	side := "request"
	if v.Status != 0 {
		side = fmt.Sprintf("response %d", v.Status)
	}
	return fmt.Sprintf("%s (%s %s) %s: %s", op, v.Method, v.Path, side, v.Message)
}

// restRouter finds operations in the description, which is parsed once per
// process: it is read-only from then on, so servers share it.
var restRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi.Load()
	if err != nil {
		return nil, fmt.Errorf("githubtest: GitHub's REST description: %w", err)
	}
	// The description is for https://api.github.com; the emulator serves
	// the same paths under /api/v3, which ServeHTTP strips before matching.
	doc.Servers = nil
	return gorillamux.NewRouter(doc)
})

// validator checks traffic against the description and keeps what fails.
type validator struct {
	router routers.Router
	mu     sync.Mutex
	found  []Violation
}

// Validate makes the server check every REST request it receives and every
// response it gives against GitHub's REST description (see package
// internal/githubtest/openapi): path, parameters, body and status code,
// where a status the operation does not document is a violation. Git smart
// HTTP and the emulator's control endpoint are not REST and are not checked,
// nor are the answers of injected faults (GitHub documents rate limits and
// server errors for the whole API, not per operation); a request that meets
// a fault is still checked, and so is the real answer behind an After
// fault. Call it before the server is used.
func (s *Server) Validate() error {
	router, err := restRouter()
	if err != nil {
		return err
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.validator = &validator{router: router}
	return nil
}

// Violations returns what validation found so far, in arrival order.
func (s *Server) Violations() []Violation {
	s.faultMu.Lock()
	v := s.validator
	s.faultMu.Unlock()
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]Violation(nil), v.found...)
}

// ResetViolations forgets the violations found so far, for a test that
// breaks the description on purpose and has checked that it was caught.
func (s *Server) ResetViolations() {
	if v := s.currentValidator(); v != nil {
		v.mu.Lock()
		v.found = nil
		v.mu.Unlock()
	}
}

// CheckViolations returns an error listing every violation, or nil; test
// helpers call it when an emulator stops.
func (s *Server) CheckViolations() error {
	found := s.Violations()
	if len(found) == 0 {
		return nil
	}
	lines := make([]string, len(found))
	for i, v := range found {
		lines[i] = v.String()
	}
	return fmt.Errorf("%d request(s) or response(s) break GitHub's REST description:\n%s", len(found), strings.Join(lines, "\n"))
}

func (s *Server) currentValidator() *validator {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return s.validator
}

// exchange is one REST request under validation.
type exchange struct {
	v     *validator
	input *openapi3filter.RequestValidationInput
	op    string
	rec   Violation
}

var validateOptions = &openapi3filter.Options{
	IncludeResponseStatus: true,
	MultiError:            true,
	AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
}

// checkRequest validates r and returns the exchange whose response is to be
// checked, or nil when r is not a REST request. It leaves r's body readable.
func (v *validator) checkRequest(r *http.Request) *exchange {
	path, ok := strings.CutPrefix(r.URL.Path, apiPrefix)
	if !ok || path == "" {
		return nil
	}
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	req := r.Clone(context.Background())
	// Routing uses the escaped path, so a branch named feature/x (sent as
	// feature%2Fx) stays one path segment.
	req.URL.Path = path
	req.URL.RawPath = strings.TrimPrefix(r.URL.EscapedPath(), apiPrefix)
	req.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) == 0 {
		req.Body = http.NoBody
	}
	x := &exchange{v: v, rec: Violation{Method: r.Method, Path: r.URL.Path}}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		x.add(0, []string{"GitHub's REST description has no such operation"})
		return nil
	}
	x.op = route.Operation.OperationID
	x.input = &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: validateOptions}
	if err := openapi3filter.ValidateRequest(context.Background(), x.input); err != nil {
		x.add(0, describe("", err))
	}
	return x
}

// checkResponse validates the response the handler gave.
func (x *exchange) checkResponse(status int, header http.Header, body []byte) {
	if status == 0 {
		return // the connection was dropped
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: x.input,
		Status:                 status,
		Header:                 header,
		Options:                validateOptions,
	}
	in.SetBodyBytes(body)
	if x.input.Route.Operation.Responses.Status(status) == nil && globalStatus(status, header) {
		if err := checkBasicError(x.input.Route.Spec, body); err != nil {
			x.add(status, describe("body", err))
		}
		return
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		x.add(status, describe("", err))
	}
}

// globalStatus tells the statuses GitHub documents for the whole API rather
// than per operation, so the description lists them for some operations
// only: 401 for a missing or wrong token
// (https://docs.github.com/rest/authentication/authenticating-to-the-rest-api),
// 404 for what does not exist or the token may not see
// (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#404-not-found-for-an-existing-resource),
// and a rate limit, a 403 with no requests remaining or a 429
// (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api).
// Their bodies are still checked as GitHub's basic-error.
func globalStatus(status int, h http.Header) bool {
	switch status {
	case http.StatusUnauthorized, http.StatusNotFound, http.StatusTooManyRequests:
		return true
	case http.StatusForbidden:
		return h.Get("X-RateLimit-Remaining") == "0" || h.Get("Retry-After") != ""
	}
	return false
}

func checkBasicError(doc *openapi3.T, body []byte) error {
	ref := doc.Components.Schemas["basic-error"]
	if ref == nil {
		return errors.New("the description lacks basic-error")
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	return ref.Value.VisitJSON(v, openapi3.MultiErrors())
}

func (x *exchange) add(status int, msgs []string) {
	x.v.mu.Lock()
	defer x.v.mu.Unlock()
	for _, m := range msgs {
		v := x.rec
		v.Operation, v.Status, v.Message = x.op, status, m
		x.v.found = append(x.v.found, v)
	}
}

// describe turns kin-openapi's nested errors into one line per problem,
// each naming the parameter, header or body field (as a JSON pointer).
func describe(where string, err error) []string {
	var out []string
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, x := range e {
			out = append(out, describe(where, x)...)
		}
	case *openapi3filter.RequestError:
		switch {
		case e.Parameter != nil:
			where = fmt.Sprintf("parameter %q in %s", e.Parameter.Name, e.Parameter.In)
		case e.RequestBody != nil:
			where = "body"
		}
		out = append(out, describeCause(where, e.Reason, e.Err)...)
	case *openapi3filter.ResponseError:
		if where == "" {
			where = "body"
		}
		if e.Err == nil {
			// Reasons without a cause are about the response as a whole,
			// e.g. "status is not supported".
			return []string{e.Reason}
		}
		out = append(out, describeCause(where, e.Reason, e.Err)...)
	case *openapi3.SchemaError:
		// A value that fits no branch of a oneOf says why in each branch;
		// those reasons name the fields.
		if branches := oneOfReasons(e); len(branches) > 0 {
			return describe(where, branches)
		}
		field := "/" + strings.Join(e.JSONPointer(), "/")
		out = append(out, fmt.Sprintf("%s field %s: %s", where, field, e.Reason))
	default:
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			return describe(where, se)
		}
		out = append(out, strings.TrimSpace(where+": "+err.Error()))
	}
	return out
}

func oneOfReasons(e *openapi3.SchemaError) openapi3.MultiError {
	if e.SchemaField != "oneOf" && e.SchemaField != "anyOf" {
		return nil
	}
	u, ok := errors.Unwrap(e.Origin).(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	me, _ := u.Unwrap().(openapi3.MultiError)
	return me
}

func describeCause(where, reason string, cause error) []string {
	if cause == nil {
		return []string{where + ": " + reason}
	}
	msgs := describe(where, cause)
	sort.Strings(msgs)
	return slices.Compact(msgs)
}

// teeWriter passes a response through while keeping a copy for validation.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *teeWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// discardWriter stands in for the client while an After fault lets the real
// handler run: its answer is validated, then replaced by the fault's.
type discardWriter struct{ header http.Header }

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
