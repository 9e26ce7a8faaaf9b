// Package github is the review forge on GitHub and GitHub Enterprise: the
// review request is a pull request from the drafting branch to main, whose
// base lacks the document so every line of it can be commented on.
package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Host is the GitHub server casestudy talks to.
type Host struct {
	// Name is the host as gh names it: github.com, ghe.example.com, or
	// 127.0.0.1:8080 for a server on this machine.
	Name string
	// Web is where people and git find repositories.
	Web *url.URL
	// API is the REST base URL, ending in a slash.
	API string
}

// IsDotCom says whether this is github.com rather than an Enterprise server.
func (h Host) IsDotCom() bool { return h.Name == "github.com" }

// IsTenancy says whether this is GHE.com, whose tokens gh reads from
// GH_ENTERPRISE_TOKEN like an Enterprise server's.
func (h Host) IsTenancy() bool { return isGHEDotCom(h.Name) }

// ResolveHost reads GH_HOST as gh does: a host name (github.com by default),
// or a full URL such as http://127.0.0.1:8080 for a server on this machine.
// An Enterprise server at URL U has its API under U/api/v3.
func ResolveHost(getenv func(string) string) (Host, error) {
	raw := strings.TrimSpace(getenv("GH_HOST"))
	if raw == "" || raw == "github.com" || raw == "https://github.com" {
		web, _ := url.Parse("https://github.com")
		return Host{Name: "github.com", Web: web, API: "https://api.github.com/"}, nil
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	web, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || web.Host == "" || (web.Scheme != "http" && web.Scheme != "https") {
		return Host{}, fmt.Errorf("GH_HOST %q is neither a host name nor an http(s) URL", getenv("GH_HOST"))
	}
	web.Path = strings.TrimRight(web.Path, "/")
	if isGHEDotCom(web.Host) {
		// GHE.com (GitHub Enterprise Cloud with data residency) serves
		// its API at api.SUBDOMAIN.ghe.com, as api.github.com does.
		return Host{Name: web.Host, Web: web, API: web.Scheme + "://api." + web.Host + "/"}, nil
	}
	return Host{Name: web.Host, Web: web, API: web.String() + "/api/v3/"}, nil
}

// isGHEDotCom says whether host is a GHE.com tenant, SUBDOMAIN.ghe.com.
func isGHEDotCom(host string) bool {
	host = strings.ToLower(host)
	return strings.HasSuffix(host, ".ghe.com") && strings.Count(host, ".") == 2
}

// GitURL is where a repository's git data is.
func (h Host) GitURL(repo string) string { return h.Web.String() + "/" + repo + ".git" }

// RepoURL is a repository's page.
func (h Host) RepoURL(repo string) string { return h.Web.String() + "/" + repo }

// tokenVariables are the environment variables a token is read from, in
// gh's order.
func (h Host) tokenVariables() []string {
	if h.IsDotCom() {
		return []string{"GH_TOKEN", "GITHUB_TOKEN"}
	}
	// gh reads GHE.com tokens as an Enterprise server's.
	return []string{"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GH_TOKEN"}
}

// ErrNoToken says where casestudy looked for a token.
type ErrNoToken struct{ Host Host }

func (e ErrNoToken) Error() string {
	return fmt.Sprintf("no GitHub token for %s: looked at %s, gh auth token and git's credential helper; set GH_TOKEN or run gh auth login",
		e.Host.Name, strings.Join(e.Host.tokenVariables(), ", "))
}

// FindToken finds a token as gh does: the environment, then gh's own
// store, then git's credential helper (go-git does not ask it on its own).
// The token stays in memory; it is never printed or written anywhere.
func FindToken(ctx context.Context, h Host, getenv func(string) string) (string, error) {
	t, _, err := findToken(ctx, h, getenv)
	return t, err
}

// findToken is FindToken that also says where the token came from, so a
// refusal can name the one to fix.
func findToken(ctx context.Context, h Host, getenv func(string) string) (token, source string, err error) {
	for _, v := range h.tokenVariables() {
		if t := strings.TrimSpace(getenv(v)); t != "" {
			return t, v, nil
		}
	}
	if t := ghToken(ctx, h); t != "" {
		return t, "gh auth token", nil
	}
	if t := credentialToken(ctx, h); t != "" {
		return t, "git's credential helper", nil
	}
	return "", "", ErrNoToken{Host: h}
}

func ghToken(ctx context.Context, h Host) string {
	gh, err := exec.LookPath("gh")
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, gh, "auth", "token", "--hostname", h.Name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// credentialToken asks git's credential helper, without letting git
// prompt on the terminal.
func credentialToken(ctx context.Context, h Host) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "credential", "fill")
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=", "SSH_ASKPASS=")
	cmd.Stdin = strings.NewReader(fmt.Sprintf("protocol=%s\nhost=%s\n\n", h.Web.Scheme, h.Web.Host))
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return ""
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "password="); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// ParseRepo reads OWNER/NAME, or a repository or pull-request URL on the
// host, and returns OWNER/NAME.
func ParseRepo(h Host, s string) (string, error) {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" {
		if !strings.EqualFold(u.Host, h.Web.Host) {
			return "", fmt.Errorf("%s is not on %s (GH_HOST names the server)", s, h.Name)
		}
		rest := strings.TrimPrefix(strings.TrimPrefix(u.Path, h.Web.Path), "/")
		parts := strings.Split(strings.TrimSuffix(rest, ".git"), "/")
		if len(parts) < 2 {
			return "", fmt.Errorf("%s does not name a repository", s)
		}
		s = parts[0] + "/" + parts[1]
	}
	owner, name, ok := strings.Cut(s, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", errors.New("name the repository as OWNER/NAME or by its URL")
	}
	return owner + "/" + name, nil
}

// GraphQL is the GraphQL endpoint: api.github.com/graphql (and the same on
// GHE.com's api. host), or /api/graphql on an Enterprise server.
func (h Host) GraphQL() string {
	if h.IsDotCom() || h.IsTenancy() {
		return h.API + "graphql"
	}
	return h.Web.String() + "/api/graphql"
}
