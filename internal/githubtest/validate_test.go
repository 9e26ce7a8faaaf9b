package githubtest

import (
	"net/http"
	"strings"
	"testing"
)

// validated is a server with validation on whose violations the test
// inspects itself.
func validated(t *testing.T) *Server {
	t.Helper()
	if _, err := lookPathGit(); err != nil {
		t.Skip("git not installed")
	}
	s, err := New("ana")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

func send(t *testing.T, s *Server, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+s.Token("ana"))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// wantViolation checks that exactly one violation was found and that its
// text names the operation and the field.
func wantViolation(t *testing.T, s *Server, parts ...string) {
	t.Helper()
	found := s.Violations()
	if len(found) != 1 {
		t.Fatalf("violations = %q, want one naming %q", found, parts)
	}
	for _, p := range parts {
		if !strings.Contains(found[0].String(), p) {
			t.Errorf("violation %q does not name %q", found[0], p)
		}
	}
	s.ResetViolations()
}

func TestValidationCatchesWrongRequests(t *testing.T) {
	s := validated(t)

	send(t, s, "POST", "/api/v3/user/repos", `{"name": 5}`)
	wantViolation(t, s, "repos/create-for-authenticated-user", "POST /api/v3/user/repos", "request", "field /name", "must be a string")

	send(t, s, "POST", "/api/v3/user/repos", `{"private": true}`)
	wantViolation(t, s, "repos/create-for-authenticated-user", "field /name", "missing")

	send(t, s, "GET", "/api/v3/repos/ana/x/pulls?state=merged", "")
	wantViolation(t, s, "pulls/list", `parameter "state" in query`)

	send(t, s, "GET", "/api/v3/repos/ana/x/pulls?per_page=many", "")
	wantViolation(t, s, "pulls/list", `parameter "per_page" in query`)

	send(t, s, "DELETE", "/api/v3/user", "")
	wantViolation(t, s, "no operation", "DELETE /api/v3/user")

	// Git, and well-formed requests, are not violations.
	send(t, s, "POST", "/api/v3/user/repos", `{"name": "fine", "private": true}`)
	send(t, s, "GET", "/ana/fine.git/info/refs?service=git-upload-pack", "")
	send(t, s, "GET", "/api/v3/repos/ana/fine/branches/feature%2Fx", "") // one segment, as go-github escapes it
	if found := s.Violations(); len(found) != 0 {
		t.Errorf("violations = %q", found)
	}
}

func TestValidationCatchesWrongResponses(t *testing.T) {
	s := validated(t)
	// Stand-in handlers that break the description the ways a careless
	// emulator change would.
	s.api = http.NewServeMux()
	s.handle("GET /user", func(c *call) { c.json(http.StatusTeapot, errorBody{Message: "short and stout"}) })
	s.handle("GET /users/{login}", func(c *call) {
		c.json(http.StatusOK, map[string]any{"login": "ana", "id": "seven", "user_view_type": "public"})
	})
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/merge", func(c *call) { c.json(http.StatusOK, map[string]any{}) })

	send(t, s, "GET", "/api/v3/user", "")
	wantViolation(t, s, "users/get-authenticated", "response 418", "status is not supported")

	send(t, s, "GET", "/api/v3/users/ana", "")
	found := s.Violations()
	var text []string
	for _, v := range found {
		text = append(text, v.String())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"users/get-by-username (GET /api/v3/users/ana) response 200: body field /id", `"repos_url" is missing`} {
		if !strings.Contains(all, want) {
			t.Errorf("violations do not say %q:\n%s", want, all)
		}
	}
	s.ResetViolations()

	send(t, s, "GET", "/api/v3/repos/ana/x/pulls/1/merge", "")
	wantViolation(t, s, "pulls/check-if-merged", "response 200", "status is not supported")
}

// Injected faults answer outside the description (GitHub documents rate
// limits and 5xx for the whole API), so only the request is checked; the
// real answer behind an After fault is checked too.
func TestValidationAndFaults(t *testing.T) {
	s := validated(t)
	s.Inject(Fault{Kind: SecondaryLimit, Status: http.StatusForbidden})
	s.Inject(Fault{Method: "POST", Kind: ServerError, Status: http.StatusServiceUnavailable})
	if got := send(t, s, "GET", "/api/v3/user", ""); got != http.StatusForbidden {
		t.Errorf("status %d", got)
	}
	if got := send(t, s, "POST", "/api/v3/user/repos", `{"name": 5}`); got != http.StatusServiceUnavailable {
		t.Errorf("status %d", got)
	}
	wantViolation(t, s, "repos/create-for-authenticated-user", "request", "field /name")

	s.api = http.NewServeMux()
	s.handle("POST /user/repos", func(c *call) { c.json(http.StatusCreated, map[string]any{"name": "x"}) })
	s.Inject(Fault{Method: "POST", Kind: After})
	if got := send(t, s, "POST", "/api/v3/user/repos", `{"name": "x"}`); got != http.StatusBadGateway {
		t.Errorf("status %d", got)
	}
	if found := s.Violations(); len(found) == 0 || found[0].Status != http.StatusCreated {
		t.Errorf("the real answer behind After was not checked: %q", found)
	}
}

// A GraphQL query that GitHub's schema does not allow is a violation.
func TestGraphQLValidationCatchesWrongQueries(t *testing.T) {
	s := validated(t)
	if got := send(t, s, http.MethodPost, "/api/graphql", `{"query":"query { viewer { login } }"}`); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	wantViolation(t, s, "graphql", "viewer")
	send(t, s, http.MethodPost, "/api/graphql", `{"query":"query($n: Int!) { repository(owner: \"ana\", name: \"x\") { pullRequest(number: $n) { id } } }","variables":{"n":1}}`)
	wantViolation(t, s, "graphql", "id")
}
