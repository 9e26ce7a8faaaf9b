package githubtest

import (
	"net/http"
	"strings"
)

// authenticate returns the account whose token the request carries, or nil.
// It accepts what GitHub accepts: "token T" and "Bearer T" for REST, and HTTP
// Basic with the token as password (any user name) or as user name with an
// empty password, which is what git sends for
// http://x-access-token:TOKEN@host/OWNER/NAME.git.
func (s *Server) authenticate(r *http.Request) *account {
	tok := bearerToken(r)
	if tok == "" {
		user, pass, ok := r.BasicAuth()
		if !ok {
			return nil
		}
		tok = pass
		if tok == "" {
			tok = user
		}
	}
	if tok == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byToken[tok]
}

func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "token", "bearer":
		return strings.TrimSpace(tok)
	}
	return ""
}

// hasCredentials tells a missing Authorization header from a wrong one, which
// GitHub answers with different messages.
func hasCredentials(r *http.Request) bool {
	return r.Header.Get("Authorization") != ""
}

// Permission levels on a repository, in increasing order.
type permission int

const (
	permNone permission = iota
	permRead
	permWrite
	permAdmin
)

// permission computes what a (possibly nil) account may do in a repository:
// owners and organisation members administer it, collaborators have the
// level they were invited with, anyone reads a public one. Callers hold s.mu.
func (s *Server) permission(a *account, rp *repo) permission {
	if a != nil {
		key := strings.ToLower(a.login)
		if rp.owner == a || (rp.owner.org && rp.owner.members[key]) {
			return permAdmin
		}
		if p, ok := rp.collaborators[key]; ok {
			return max(p, permRead)
		}
	}
	if !rp.private {
		return permRead
	}
	return permNone
}

// access is what a request made with a's token may do in rp: the account's
// permission, narrowed for a fine-grained token to the one owner it was made
// for. GitHub: "fine-grained personal access tokens" can only access
// resources owned by the single user or organisation chosen as the token's
// resource owner; other repositories are as invisible as private ones (404).
func (s *Server) access(a *account, rp *repo) permission {
	if a != nil && a.onlyOwner != "" && !strings.EqualFold(a.onlyOwner, rp.owner.login) {
		if rp.private {
			return permNone
		}
		return permRead
	}
	return s.permission(a, rp)
}
