package gitops

import (
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// Auth is how casestudy proves who it is to an https remote. The zero
// value is no authentication (a path, ssh, or a public server). The token
// stays in memory and is never shown: Auth prints as a placeholder.
type Auth struct{ token string }

// TokenAuth authenticates with a token as the password of HTTP basic
// auth, which is how GitHub takes a token for git.
func TokenAuth(token string) Auth { return Auth{token: token} }

func (a Auth) String() string {
	if a.token == "" {
		return "no authentication"
	}
	return "token authentication"
}

// GoString keeps the token out of %#v too.
func (a Auth) GoString() string { return "gitops.Auth{" + a.String() + "}" }

// method is the go-git form, which stays inside this package.
func (a Auth) method() transport.AuthMethod {
	if a.token == "" {
		return nil
	}
	return &githttp.BasicAuth{Username: "x-access-token", Password: a.token}
}
