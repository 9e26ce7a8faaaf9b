package githubtest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"

	"github.com/less-trainers/casestudy/internal/githubtest"
)

// env is one emulator with the case study's three identities: ana the
// mentee (owner), bob the mentor and craig the final reviewer.
type env struct {
	t    *testing.T
	srv  *githubtest.Server
	home string // HOME for the test's own git commands
	ctx  context.Context
}

func newEnv(t *testing.T) *env {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	srv, err := githubtest.New("ana", "bob", "craig")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	checkConformance(t, srv)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("URL = %q, want loopback", srv.URL)
	}
	return &env{t: t, srv: srv, home: t.TempDir(), ctx: context.Background()}
}

// client is a go-github client for user, set up for GitHub Enterprise the
// way the product sets it up.
func (e *env) client(user string) *github.Client {
	return e.clientWithToken(e.srv.Token(user))
}

func (e *env) clientWithToken(tok string) *github.Client {
	e.t.Helper()
	c, err := github.NewClient(&http.Client{Transport: &http.Transport{}}).WithAuthToken(tok).
		WithEnterpriseURLs(e.srv.URL+"/api/v3/", e.srv.URL+"/api/uploads/")
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// git runs git in dir with a private HOME and no credential helper, so the
// test neither reads nor writes the developer's configuration.
func (e *env) git(dir string, args ...string) string {
	e.t.Helper()
	out, err := e.tryGit(dir, args...)
	if err != nil {
		e.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(out)
}

func (e *env) tryGit(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-c", "credential.helper=", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env,
		"HOME="+e.home,
		"XDG_CONFIG_HOME="+e.home,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_AUTHOR_NAME=Ana", "GIT_AUTHOR_EMAIL=ana@example.com",
		"GIT_COMMITTER_NAME=Ana", "GIT_COMMITTER_EMAIL=ana@example.com",
		"LC_ALL=C",
	)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// remote is the authenticated git URL of OWNER/NAME for user.
func (e *env) remote(user, owner, name string) string {
	return strings.Replace(e.srv.URL, "http://", "http://x-access-token:"+e.srv.Token(user)+"@", 1) + "/" + owner + "/" + name + ".git"
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// numbered makes n lines "prefix 1" .. "prefix n".
func numbered(prefix string, n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = prefix + " " + strconv.Itoa(i+1)
	}
	return lines
}

func joinLines(lines []string) string { return strings.Join(lines, "\n") + "\n" }

// caseStudy sets up what `casestudy submit` produces: a private repository
// ana/acme whose main branch has a README and notes.md (30 lines), and a
// draft branch that adds case-study.md (20 lines, so every line is part of
// the diff) and edits notes.md at lines 2 and 28 (two separate hunks).
// It returns the working directory.
func (e *env) caseStudy() string {
	e.t.Helper()
	ana := e.client("ana")
	if _, _, err := ana.Repositories.Create(e.ctx, "", &github.Repository{
		Name: github.String("acme"), Private: github.Bool(true), Description: github.String("Case study"),
	}); err != nil {
		e.t.Fatal(err)
	}
	dir := e.t.TempDir()
	e.git(dir, "init", "-q")
	writeFile(e.t, filepath.Join(dir, "README.md"), "# Acme case study\n")
	writeFile(e.t, filepath.Join(dir, "notes.md"), joinLines(numbered("note", 30)))
	e.git(dir, "add", ".")
	e.git(dir, "commit", "-q", "-m", "Scaffold")
	e.git(dir, "checkout", "-q", "-b", "draft")
	writeFile(e.t, filepath.Join(dir, "case-study.md"), joinLines(numbered("sentence", 20)))
	notes := numbered("note", 30)
	notes[1], notes[27] = "note two, revised", "note twenty-eight, revised"
	writeFile(e.t, filepath.Join(dir, "notes.md"), joinLines(notes))
	e.git(dir, "add", ".")
	e.git(dir, "commit", "-q", "-m", "Draft 1")
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "main", "draft")
	return dir
}

// openPR opens the review pull request draft → main as ana.
func (e *env) openPR() *github.PullRequest {
	e.t.Helper()
	pr, _, err := e.client("ana").PullRequests.Create(e.ctx, "ana", "acme", &github.NewPullRequest{
		Title: github.String("Case study, draft 1"),
		Head:  github.String("draft"),
		Base:  github.String("main"),
		Body:  github.String("Please review every line."),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return pr
}

// addCollaborator invites user to ana/acme and accepts the invitation as
// user, as a collaborator on github.com must.
func (e *env) addCollaborator(user string) {
	e.t.Helper()
	inv, _, err := e.client("ana").Repositories.AddCollaborator(e.ctx, "ana", "acme", user, &github.RepositoryAddCollaboratorOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.client(user).Users.AcceptInvitation(e.ctx, inv.GetID()); err != nil {
		e.t.Fatal(err)
	}
}

// apiError asserts err is a GitHub error with status and a message (top
// level or in errors[]) containing want.
func apiError(t *testing.T, err error, status int, want string) {
	t.Helper()
	var er *github.ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("err = %v (%T), want *github.ErrorResponse %d", err, err, status)
	}
	if er.Response.StatusCode != status {
		t.Fatalf("status = %d, want %d (%v)", er.Response.StatusCode, status, err)
	}
	msgs := []string{er.Message}
	for _, e := range er.Errors {
		msgs = append(msgs, e.Message)
	}
	if !strings.Contains(strings.Join(msgs, "\n"), want) {
		t.Fatalf("messages %q do not contain %q", msgs, want)
	}
}

// rawGet does an authenticated GET with extra headers and returns the
// response with its body read.
func (e *env) rawGet(tok, path string, hdr map[string]string) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "token "+tok)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, string(body)
}

// post sends a raw JSON POST as user and returns the response and body.
func (e *env) post(user, path, body string) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.srv.Token(user))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, string(b)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// checkConformance validates everything srv serves against GitHub's REST
// description and fails t, when it ends, on any violation.
func checkConformance(t *testing.T, srv *githubtest.Server) {
	t.Helper()
	if err := srv.Validate(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.CheckViolations(); err != nil {
			t.Error(err)
		}
	})
}
