package github

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// ErrBadToken is GitHub refusing the token, naming where it came from so
// the person knows which one to fix.
type ErrBadToken struct{ Source string }

func (e ErrBadToken) Error() string {
	fix := "put a valid token in " + e.Source
	switch e.Source {
	case "gh auth token":
		fix = "sign in again with gh auth login"
	case "git's credential helper":
		fix = "store a valid token there for this host"
	}
	return fmt.Sprintf("GitHub refused the token from %s (401 Bad credentials); %s", e.Source, fix)
}

// explain turns GitHub's answers and network failures into one plain
// sentence a person can act on; never a raw Go error.
func explain(err error) error {
	if err == nil {
		return nil
	}
	var rl ErrRateLimited
	var bad ErrBadToken
	switch {
	case errors.As(err, &rl):
		return rl
	case errors.As(err, &bad):
		return bad
	}
	var ge *gh.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil {
		msg := ge.Message
		for _, e := range ge.Errors {
			if e.Message != "" {
				msg += ": " + e.Message
			}
		}
		if strings.Contains(msg, "must be part of the diff") || strings.Contains(msg, "same hunk") {
			return errors.New("GitHub takes line comments only on lines the pull request changes, and that line is not one of them; comment on the case-study document, whose every line is in the review")
		}
		switch ge.Response.StatusCode {
		case http.StatusUnauthorized:
			return errors.New("GitHub refused the token (401 Bad credentials); renew it or run gh auth login")
		case http.StatusNotFound:
			return fmt.Errorf("GitHub says not found (%s %s); check the repository name and that your token can see it", ge.Response.Request.Method, ge.Response.Request.URL.Path)
		}
		if ge.Response.StatusCode >= 500 {
			// Not a refusal: GitHub failed, after the transport's retries.
			return fmt.Errorf("GitHub failed on %s %s (%d %s); try again in a few minutes",
				ge.Response.Request.Method, ge.Response.Request.URL.Path, ge.Response.StatusCode, msg)
		}
		return fmt.Errorf("GitHub refused %s %s (%d): %s", ge.Response.Request.Method, ge.Response.Request.URL.Path, ge.Response.StatusCode, msg)
	}
	return explainNetwork(err)
}

// explainRepo is explain for the case study's own repository, where a 404
// has two usual causes a person can fix.
func explainRepo(err error, repo string) error {
	var ge *gh.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusNotFound {
		return NotVisible(repo)
	}
	return explain(err)
}

// NotVisible is the error for a repository GitHub does not show the user:
// missing, an invitation not accepted, or a token that cannot see it.
func NotVisible(repo string) error {
	return fmt.Errorf("GitHub shows no repository %s to you: if you were invited, accept the invitation (casestudy review %s does it); "+
		"a fine-grained token sees only its own owner's repositories, so use gh auth login or a classic token with the repo scope", repo, repo)
}

// explainNetwork names what went wrong on the way to the server.
func explainNetwork(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	host := ue.URL
	if u, perr := url.Parse(ue.URL); perr == nil {
		host = u.Host
	}
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("stopped before GitHub answered")
	case errors.As(err, &dns) && dns.IsNotFound:
		return fmt.Errorf("there is no host %s (check GH_HOST, or your network)", dns.Name)
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Errorf("%s speaks plain HTTP, not HTTPS; set GH_HOST=http://%s", host, host)
	case ue.Timeout() || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("GitHub at %s did not answer in time; try again later", host)
	case errors.As(err, &op) && op.Op == "dial":
		return fmt.Errorf("cannot reach GitHub at %s: %v", host, op.Err)
	}
	return fmt.Errorf("the connection to GitHub at %s failed: %v", host, ue.Err)
}
