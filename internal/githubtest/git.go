package githubtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"strings"
	"time"
)

// ---- the git CLI ----

func lookPathGit() (string, error) {
	p, err := exec.LookPath("git")
	if err != nil {
		return "", errNoGit
	}
	return p, nil
}

// gitEnv is the environment of every git process the server starts: the
// caller's environment without GIT_* variables (a test running inside a hook
// or with GIT_DIR set must not redirect the server's git), a private HOME so
// the user's configuration cannot change results, and the C locale so
// messages and dates parse the same everywhere.
func (s *Server) gitEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "GIT_"), k == "HOME", k == "XDG_CONFIG_HOME", k == "LC_ALL", k == "LANG", k == "EMAIL":
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"HOME="+s.home,
		"XDG_CONFIG_HOME="+s.home,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_TERMINAL_PROMPT=0",
		"LC_ALL=C",
	)
	return append(env, extra...)
}

// gitError carries git's exit code and stderr, so callers can tell "no
// merge base" (exit 1) from a real failure.
type gitError struct {
	args   []string
	code   int
	stderr string
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: exit %d: %s", strings.Join(e.args, " "), e.code, strings.TrimSpace(e.stderr))
}

func exitCode(err error) int {
	var ge *gitError
	if errors.As(err, &ge) {
		return ge.code
	}
	return -1
}

// git runs git in the bare repository dir and returns its standard output.
func (s *Server) git(dir string, args ...string) (string, error) {
	return s.gitIn(dir, "", nil, args...)
}

func (s *Server) gitIn(dir, stdin string, env []string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = s.gitEnv(env...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		code := -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		return stdout.String(), &gitError{args: args, code: code, stderr: stderr.String() + err.Error()}
	}
	return stdout.String(), nil
}

// initBare creates an empty bare repository whose HEAD names main, ready for
// pushes over smart HTTP.
func (s *Server) initBare(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if _, err := s.git(dir, "init", "--quiet", "--bare", "--initial-branch=main"); err != nil {
		return err
	}
	for _, kv := range [][2]string{
		{"http.receivepack", "true"},
		// No background gc: tests inspect the repository while the server runs.
		{"gc.auto", "0"},
		// GitHub rejects corrupt objects on push.
		{"receive.fsckObjects", "true"},
	} {
		if _, err := s.git(dir, "config", kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// identity is how a user appears in commits the server makes for them.
func identity(a *account) (name, email string) {
	return a.login, fmt.Sprintf("%d+%s@users.noreply.github.com", a.id, a.login)
}

// commitEnv attributes a server-made commit to author and to GitHub as
// committer, as GitHub's web merges are.
func commitEnv(author *account, t time.Time) []string {
	name, email := identity(author)
	date := t.Format(time.RFC3339)
	return []string{
		"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + email, "GIT_AUTHOR_DATE=" + date,
		"GIT_COMMITTER_NAME=GitHub", "GIT_COMMITTER_EMAIL=noreply@github.com", "GIT_COMMITTER_DATE=" + date,
	}
}

// autoInit makes the README commit GitHub makes for auto_init: true.
func (s *Server) autoInit(rp *repo, by *account) error {
	readme := "# " + rp.name + "\n"
	if rp.description != "" {
		readme += "\n" + rp.description + "\n"
	}
	blob, err := s.gitIn(rp.dir, readme, nil, "hash-object", "-w", "--stdin")
	if err != nil {
		return err
	}
	tree, err := s.gitIn(rp.dir, "100644 blob "+strings.TrimSpace(blob)+"\tREADME.md\n", nil, "mktree")
	if err != nil {
		return err
	}
	commit, err := s.gitIn(rp.dir, "", commitEnv(by, now()), "commit-tree", strings.TrimSpace(tree), "-m", "Initial commit")
	if err != nil {
		return err
	}
	_, err = s.git(rp.dir, "update-ref", "refs/heads/main", strings.TrimSpace(commit), "")
	return err
}

// branchSHA is the commit a branch points at, or "" when it does not exist.
func (s *Server) branchSHA(rp *repo, branch string) string {
	if branch == "" {
		return ""
	}
	out, err := s.git(rp.dir, "rev-parse", "--verify", "--quiet", "refs/heads/"+branch+"^{commit}")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// commitExists reports whether sha names a commit in the repository.
func (s *Server) commitExists(rp *repo, sha string) bool {
	if sha == "" || strings.HasPrefix(sha, "-") {
		return false
	}
	_, err := s.git(rp.dir, "cat-file", "-e", sha+"^{commit}")
	return err == nil
}

// mergeBase returns the best common ancestor of a and b, or "" when they
// have no history in common.
func (s *Server) mergeBase(rp *repo, a, b string) (string, error) {
	out, err := s.git(rp.dir, "merge-base", a, b)
	if exitCode(err) == 1 {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// isAncestor reports whether a is reachable from b.
func (s *Server) isAncestor(rp *repo, a, b string) bool {
	_, err := s.git(rp.dir, "merge-base", "--is-ancestor", a, b)
	return err == nil
}

type gitCommit struct {
	sha, tree                     string
	parents                       []string
	authorName, authorEmail       string
	committerName, committerEmail string
	authorDate, committerDate     time.Time
	message                       string
}

const commitFormat = "%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B"

func parseCommit(rec string) (*gitCommit, error) {
	f := strings.SplitN(rec, "\x00", 10)
	if len(f) != 10 {
		return nil, fmt.Errorf("githubtest: unexpected git log output %q", rec)
	}
	ad, _ := time.Parse(time.RFC3339, f[5])
	cd, _ := time.Parse(time.RFC3339, f[8])
	return &gitCommit{
		sha: f[0], tree: f[1], parents: strings.Fields(f[2]),
		authorName: f[3], authorEmail: f[4], authorDate: ad,
		committerName: f[6], committerEmail: f[7], committerDate: cd,
		message: strings.TrimRight(f[9], "\n"),
	}, nil
}

func (s *Server) readCommit(rp *repo, sha string) (*gitCommit, error) {
	out, err := s.git(rp.dir, "show", "-s", "--format="+commitFormat, sha)
	if err != nil {
		return nil, err
	}
	return parseCommit(out)
}

// commitsBetween lists the commits reachable from head but not base, oldest
// first, as GitHub lists a pull request's commits.
func (s *Server) commitsBetween(rp *repo, base, head string) ([]*gitCommit, error) {
	// Each record starts with an ASCII record separator, which commit
	// messages do not contain in practice; fields are NUL-separated.
	out, err := s.git(rp.dir, "log", "--reverse", "--format=%x1e"+commitFormat, base+".."+head)
	if err != nil {
		return nil, err
	}
	var commits []*gitCommit
	for _, rec := range strings.Split(out, "\x1e") {
		if strings.TrimSpace(rec) == "" {
			continue
		}
		c, err := parseCommit(rec)
		if err != nil {
			return nil, err
		}
		commits = append(commits, c)
	}
	return commits, nil
}

// ---- git smart HTTP ----

// serveGit serves git's smart HTTP protocol at /OWNER/NAME(.git)/... by
// running the real `git http-backend` as a CGI program, after GitHub's
// access rules: anonymous users are asked for credentials (401) unless the
// repository is public and they only fetch, users who cannot see a private
// repository get 404, and readers who push get 403.
func (s *Server) serveGit(w http.ResponseWriter, r *http.Request, user *account) {
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 3)
	if len(parts) < 3 {
		http.NotFound(w, r)
		return
	}
	owner, name, rest := parts[0], strings.TrimSuffix(parts[1], ".git"), parts[2]
	var service string
	switch {
	case rest == "info/refs" && r.Method == http.MethodGet:
		service = r.URL.Query().Get("service")
	case (rest == "git-upload-pack" || rest == "git-receive-pack") && r.Method == http.MethodPost:
		service = rest
	}
	if service != "git-upload-pack" && service != "git-receive-pack" {
		http.NotFound(w, r)
		return
	}

	s.mu.Lock()
	rp := s.repos[repoKey(owner, name)]
	var perm permission
	var canonical, dir string
	if rp != nil {
		perm = s.access(user, rp)
		canonical, dir = "/"+rp.fullName()+".git/"+rest, rp.dir
	}
	s.mu.Unlock()

	need := permRead
	if service == "git-receive-pack" {
		need = permWrite
	}
	switch {
	case perm >= need:
	case user == nil:
		// Ask for credentials: git retries with its credential helper.
		w.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
		msg := "Authentication required.\n"
		if hasCredentials(r) {
			msg = "Invalid username or token. Password authentication is not supported for Git operations.\n"
		}
		http.Error(w, msg, http.StatusUnauthorized)
		return
	case perm < permRead:
		http.Error(w, "Repository not found.", http.StatusNotFound)
		return
	default:
		http.Error(w, fmt.Sprintf("Permission to %s/%s.git denied to %s.", owner, name, user.login), http.StatusForbidden)
		return
	}

	gitPath, err := lookPathGit()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	req := r.Clone(r.Context())
	req.URL.Path, req.URL.RawPath = canonical, ""
	req.Header.Del("Authorization") // CGI would export it as HTTP_AUTHORIZATION
	if len(req.TransferEncoding) > 0 {
		// net/http/cgi refuses chunked bodies, and git sends pushes larger
		// than http.postBuffer chunked: spool the body to learn its length.
		f, n, err := s.spool(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		defer os.Remove(f.Name())
		defer f.Close()
		req.Body, req.ContentLength, req.TransferEncoding = f, n, nil
	}
	var stderr bytes.Buffer
	login := ""
	if user != nil {
		login = user.login
	}
	h := &cgi.Handler{
		Path: gitPath,
		Args: []string{"http-backend"},
		Dir:  dir,
		Env: []string{
			"GIT_PROJECT_ROOT=" + s.repoRoot,
			"GIT_HTTP_EXPORT_ALL=1",
			"REMOTE_USER=" + login,
			"HOME=" + s.home,
			"XDG_CONFIG_HOME=" + s.home,
			"GIT_CONFIG_NOSYSTEM=1",
			"LC_ALL=C",
		},
		Stderr: &stderr,
	}
	sw := &statusWriter{ResponseWriter: w}
	h.ServeHTTP(sw, req)

	if service == "git-receive-pack" && rest == "git-receive-pack" && sw.status == http.StatusOK {
		s.mu.Lock()
		rp.pushed, rp.updated = now(), now()
		s.mu.Unlock()
	}
}

func (s *Server) spool(body io.Reader) (*os.File, int64, error) {
	f, err := os.CreateTemp(s.dir, "push-")
	if err != nil {
		return nil, 0, err
	}
	n, err := io.Copy(f, body)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, 0, err
	}
	return f, n, nil
}

// branches maps every branch name to its commit, read in one git call so a
// request touching many pull requests stays cheap.
func (s *Server) branches(rp *repo) (map[string]string, error) {
	out, err := s.git(rp.dir, "for-each-ref", "--format=%(refname:strip=2)%00%(objectname)", "refs/heads/")
	if err != nil {
		return nil, err
	}
	refs := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if name, sha, ok := strings.Cut(line, "\x00"); ok {
			refs[name] = sha
		}
	}
	return refs, nil
}
