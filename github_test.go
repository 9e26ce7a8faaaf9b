package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/internal/githubtest"
	"github.com/rogpeppe/go-internal/testscript"
)

// emulators holds each script's GitHub emulator, started by "github start".
var emulators sync.Map // *testscript.TestScript -> *githubtest.Server

func emulator(ts *testscript.TestScript) *githubtest.Server {
	srv, ok := emulators.Load(ts)
	if !ok {
		ts.Fatalf("no GitHub emulator: start one with: github start USER...")
	}
	return srv.(*githubtest.Server)
}

// scriptT is the key under which setupHome keeps each script's testing.T.
type scriptT struct{}

// failScript fails a script from a deferred function, where ts.Fatalf
// would panic past testscript (it only recovers inside commands).
func failScript(ts *testscript.TestScript, err error) {
	t, ok := ts.Value(scriptT{}).(interface{ Errorf(string, ...any) })
	if !ok {
		panic(fmt.Sprintf("%s: %v", "no testing.T for the script", err))
	}
	t.Errorf("%v", err)
}

// githubCmd drives the in-tree GitHub emulator from a story:
//
//	github start USER...              start it; sets GH_HOST and TOKEN_<USER>
//	github requests [REGEXP]          print the recorded requests ("METHOD PATH?QUERY USER STATUS"), those matching
//	github reset                      forget the recorded requests
//	github fail METHOD PATH KIND [N]  the next N (1) requests whose path starts with PATH fail: 500, ratelimit, secondary, drop,
//	                                  after STATUS (carried out, then answered STATUS), delay MS (every one until cleared if no N)
//	github clear-faults               remove every injected fault
//	github api USER METHOD PATH [JSON] call the REST API as USER and print the body; fails on a 4xx or 5xx
//	github repodir OWNER/NAME         set REPODIR to the bare repository on the emulator's disk
//	github accept USER OWNER/NAME     USER accepts the invitation to OWNER/NAME, as on GitHub's web page
//	github set SETTING VALUE...       invitations accepted|pending, head-lag D, search-lag D, fine-grained USER OWNER
func githubCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: github start|requests|reset|fail|api|repodir ...")
	}
	switch args[0] {
	case "start":
		srv, err := githubtest.New(args[1:]...)
		ts.Check(err)
		ts.Check(srv.Validate())
		emulators.Store(ts, srv)
		ts.Defer(func() {
			srv.Close()
			emulators.Delete(ts)
			// Every request the story's commands sent and every answer
			// they got must be as GitHub's REST description says.
			if err := srv.CheckViolations(); err != nil {
				failScript(ts, err)
			}
		})
		ts.Setenv("GH_HOST", srv.URL)
		for _, u := range args[1:] {
			ts.Setenv("TOKEN_"+strings.ToUpper(u), srv.Token(u))
		}
	case "requests":
		// --sort: requests made at the same time arrive in any order.
		sorted := len(args) > 1 && args[1] == "--sort"
		if sorted {
			args = append(args[:1], args[2:]...)
		}
		var re *regexp.Regexp
		if len(args) > 1 {
			re = regexp.MustCompile(args[1])
		}
		var lines []string
		for _, r := range emulator(ts).Requests() {
			line := fmt.Sprintf("%s %s", r.Method, r.Path)
			if r.RawQuery != "" {
				line += "?" + r.RawQuery
			}
			line += fmt.Sprintf(" %s %d", r.User, r.Status)
			if re == nil || re.MatchString(line) {
				lines = append(lines, line+"\n")
			}
		}
		if sorted {
			sort.Strings(lines)
		}
		ts.Stdout().Write([]byte(strings.Join(lines, "")))
	case "waves":
		// The sequential round trips since the last reset: run with a
		// delay on every request (github fail '' '' delay MS), so requests
		// sent together overlap.
		fmt.Fprintln(ts.Stdout(), githubtest.Waves(emulator(ts).RequestLog()))
	case "reset":
		emulator(ts).ResetRequests()
	case "fail":
		f, err := parseFail(args[1:])
		if err != nil {
			ts.Fatalf("%v\nusage: github fail METHOD PATH 500|ratelimit|secondary|drop|after STATUS|delay MS [N]", err)
		}
		emulator(ts).Inject(f)
	case "clear-faults":
		emulator(ts).ClearFaults()
	case "api":
		if len(args) < 4 {
			ts.Fatalf("usage: github api USER METHOD PATH [JSON]")
		}
		srv := emulator(ts)
		var body io.Reader
		if len(args) > 4 {
			body = strings.NewReader(ts.ReadFile(args[4]))
		}
		req, err := http.NewRequest(args[2], srv.URL+"/api/v3"+args[3], body)
		ts.Check(err)
		req.Header.Set("Authorization", "token "+srv.Token(args[1]))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		ts.Check(err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		ts.Stdout().Write(data)
		failed := resp.StatusCode >= 400
		if failed && !neg {
			ts.Fatalf("%s %s: %s\n%s", args[2], args[3], resp.Status, data)
		}
		if !failed && neg {
			ts.Fatalf("%s %s succeeded, want a failure", args[2], args[3])
		}
	case "resolve":
		// As GitHub's page does on "Resolve conversation": find the thread
		// through GraphQL, then resolve it there.
		if len(args) != 5 {
			ts.Fatalf("usage: github resolve USER OWNER/REPO NUMBER FIRST-COMMENT-TEXT")
		}
		owner, name, _ := strings.Cut(args[2], "/")
		number, _ := strconv.Atoi(args[3])
		var threads struct {
			Data struct {
				Repository struct {
					PullRequest struct {
						ReviewThreads struct {
							Nodes []struct {
								ID       string `json:"id"`
								Comments struct {
									Nodes []struct {
										Body string `json:"body"`
									} `json:"nodes"`
								} `json:"comments"`
							} `json:"nodes"`
						} `json:"reviewThreads"`
					} `json:"pullRequest"`
				} `json:"repository"`
			} `json:"data"`
		}
		graphQL(ts, args[1], `query($o: String!, $n: String!, $p: Int!) { repository(owner: $o, name: $n) { pullRequest(number: $p) {
			reviewThreads(first: 100) { nodes { id comments(first: 1) { nodes { body } } } } } } }`,
			map[string]any{"o": owner, "n": name, "p": number}, &threads)
		for _, t := range threads.Data.Repository.PullRequest.ReviewThreads.Nodes {
			if len(t.Comments.Nodes) > 0 && strings.Contains(t.Comments.Nodes[0].Body, args[4]) {
				var out any
				graphQL(ts, args[1], `mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { isResolved } } }`,
					map[string]any{"id": t.ID}, &out)
				b, _ := json.Marshal(out)
				ts.Stdout().Write(append(b, '\n'))
				return
			}
		}
		ts.Fatalf("no thread whose first comment says %q", args[4])
	case "accept":
		// github accept USER OWNER/NAME: USER accepts the invitation on
		// GitHub's web page (the API call the page makes).
		if len(args) != 3 {
			ts.Fatalf("usage: github accept USER OWNER/NAME")
		}
		srv := emulator(ts)
		get := func(method, path string) (*http.Response, []byte) {
			req, err := http.NewRequest(method, srv.URL+"/api/v3"+path, nil)
			ts.Check(err)
			req.Header.Set("Authorization", "token "+srv.Token(args[1]))
			resp, err := http.DefaultClient.Do(req)
			ts.Check(err)
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			return resp, data
		}
		_, data := get(http.MethodGet, "/user/repository_invitations")
		var invs []struct {
			ID   int64 `json:"id"`
			Repo struct {
				FullName string `json:"full_name"`
			} `json:"repository"`
		}
		ts.Check(json.Unmarshal(data, &invs))
		for _, inv := range invs {
			if strings.EqualFold(inv.Repo.FullName, args[2]) {
				if resp, body := get(http.MethodPatch, fmt.Sprintf("/user/repository_invitations/%d", inv.ID)); resp.StatusCode != http.StatusNoContent {
					ts.Fatalf("accepting: %s %s", resp.Status, body)
				}
				return
			}
		}
		ts.Fatalf("%s has no invitation to %s", args[1], args[2])
	case "set":
		// github set invitations accepted|pending, head-lag DURATION,
		// search-lag DURATION, fine-grained USER OWNER
		if len(args) < 3 {
			ts.Fatalf("usage: github set invitations|head-lag|search-lag|fine-grained VALUE...")
		}
		srv := emulator(ts)
		switch args[1] {
		case "invitations":
			srv.InvitationsAccepted = args[2] == "accepted"
		case "head-lag", "search-lag":
			d, err := time.ParseDuration(args[2])
			ts.Check(err)
			if args[1] == "head-lag" {
				srv.HeadLag = d
			} else {
				srv.SearchLag = d
			}
		case "fine-grained":
			srv.FineGrained(args[2], args[3])
		default:
			ts.Fatalf("unknown setting %q", args[1])
		}
	case "repodir":
		owner, name, _ := strings.Cut(args[1], "/")
		ts.Setenv("REPODIR", emulator(ts).RepoDir(owner, name))
	default:
		ts.Fatalf("unknown github command %q", args[0])
	}
}

// parseFail reads "METHOD PATH KIND [ARG] [N]" for github fail.
func parseFail(args []string) (githubtest.Fault, error) {
	if len(args) < 3 {
		return githubtest.Fault{}, fmt.Errorf("github fail: too few arguments")
	}
	f := githubtest.Fault{Method: args[0], PathPrefix: args[1], RetryAfter: time.Second}
	kinds := map[string]githubtest.FaultKind{"500": githubtest.ServerError, "ratelimit": githubtest.RateLimit,
		"secondary": githubtest.SecondaryLimit, "drop": githubtest.Drop, "after": githubtest.After, "delay": githubtest.Delay}
	kind, ok := kinds[args[2]]
	if !ok {
		return f, fmt.Errorf("github fail: unknown fault %q", args[2])
	}
	f.Kind = kind
	rest := args[3:]
	if kind == githubtest.After || kind == githubtest.Delay {
		if len(rest) == 0 {
			return f, fmt.Errorf("github fail: %s needs a number", args[2])
		}
		n, err := strconv.Atoi(rest[0])
		if err != nil || n < 0 {
			return f, fmt.Errorf("github fail: %s %q is not a number", args[2], rest[0])
		}
		if kind == githubtest.After {
			f.Status = n
		} else {
			f.Delay = time.Duration(n) * time.Millisecond
		}
		rest = rest[1:]
	}
	switch len(rest) {
	case 0:
	case 1:
		n, err := strconv.Atoi(rest[0])
		if err != nil || n < 1 {
			return f, fmt.Errorf("github fail: count %q is not a positive number", rest[0])
		}
		f.Times = n
	default:
		return f, fmt.Errorf("github fail: unexpected %q", rest[1])
	}
	return f, nil
}

// noSecretCmd fails if any file under DIR holds the text of the variable
// named: "no-secret DIR VAR". It proves a token never reaches the disk.
func noSecretCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: no-secret DIR VAR")
	}
	secret := []byte(ts.Getenv(args[1]))
	if len(secret) == 0 {
		ts.Fatalf("%s is empty", args[1])
	}
	filepath.Walk(ts.MkAbs(args[0]), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, secret) {
			ts.Fatalf("%s holds the token", path)
		}
		return nil
	})
}

func TestParseFail(t *testing.T) {
	for _, tc := range []struct {
		args string
		want githubtest.Fault
	}{
		{"POST /x 500", githubtest.Fault{Method: "POST", PathPrefix: "/x", Kind: githubtest.ServerError}},
		{"GET /x secondary 3", githubtest.Fault{Method: "GET", PathPrefix: "/x", Kind: githubtest.SecondaryLimit, Times: 3}},
		{"POST /x after 502", githubtest.Fault{Method: "POST", PathPrefix: "/x", Kind: githubtest.After, Status: 502}},
		{"POST /x after 503 2", githubtest.Fault{Method: "POST", PathPrefix: "/x", Kind: githubtest.After, Status: 503, Times: 2}},
		{"GET /x delay 250", githubtest.Fault{Method: "GET", PathPrefix: "/x", Kind: githubtest.Delay, Delay: 250 * time.Millisecond}},
	} {
		tc.want.RetryAfter = time.Second
		got, err := parseFail(strings.Fields(tc.args))
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v; want %+v", tc.args, got, err, tc.want)
		}
	}
	for _, bad := range []string{"POST /x", "POST /x boom", "POST /x after", "POST /x after x", "GET /x delay 5 0", "GET /x 500 1 2"} {
		if _, err := parseFail(strings.Fields(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// graphQL posts a query to the emulator's GraphQL endpoint as user.
func graphQL(ts *testscript.TestScript, user, query string, vars map[string]any, out any) {
	srv := emulator(ts)
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/graphql", bytes.NewReader(body))
	ts.Check(err)
	req.Header.Set("Authorization", "token "+srv.Token(user))
	resp, err := http.DefaultClient.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || bytes.Contains(data, []byte(`"errors"`)) {
		ts.Fatalf("GraphQL: %s\n%s", resp.Status, data)
	}
	ts.Check(json.Unmarshal(data, out))
}
