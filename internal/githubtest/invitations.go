package githubtest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// invitation is a pending invitation to collaborate on a repository.
//
// GitHub: "Add a repository collaborator" (REST, collaborators): on
// github.com and GHE.com a user added to a user-owned repository receives an
// invitation (201 with a repository-invitation object) and gets no access
// until they accept it; organisation members are added at once (204). The
// invitee accepts with "Accept a repository invitation"
// (PATCH /user/repository_invitations/{invitation_id}, 204) and finds it with
// "List repository invitations for the authenticated user"; the repository's
// administrators see "List repository invitations"
// (GET /repos/{owner}/{repo}/invitations). GitHub Enterprise Server's
// description documents only the 204 of an immediate addition, which
// Server.InvitationsAccepted serves.
type invitation struct {
	id      int64
	repo    *repo
	invitee *account
	inviter *account
	level   permission
	label   string // read, triage, write, maintain, admin
	created time.Time
}

// pendingInvitation is the open invitation of a to rp, if any. Callers hold s.mu.
func (s *Server) pendingInvitation(rp *repo, a *account) *invitation {
	for _, inv := range s.invitations {
		if inv.repo == rp && inv.invitee == a {
			return inv
		}
	}
	return nil
}

func (s *Server) invitationJSON(inv *invitation, viewer *account) map[string]any {
	return map[string]any{
		"id":          inv.id,
		"node_id":     nodeID("RI", inv.id),
		"repository":  s.repoJSON(inv.repo, viewer),
		"invitee":     s.userRef(inv.invitee),
		"inviter":     s.userRef(inv.inviter),
		"permissions": inv.label,
		"created_at":  iso(inv.created),
		"expired":     false,
		"url":         s.apiURL("/user/repository_invitations/%d", inv.id),
		"html_url":    s.htmlURL("/%s/invitations", inv.repo.fullName()),
	}
}

// invite adds a collaborator the way the server's host does: at once (204)
// for organisation members and with InvitationsAccepted, else by a pending
// invitation (201).
func (s *Server) invite(c *call, rp *repo, invitee *account, level permission, label string) {
	key := strings.ToLower(invitee.login)
	if old, ok := rp.collaborators[key]; ok && old == level {
		// Already a collaborator with that level: GitHub answers 204.
		c.noContent()
		return
	}
	if s.InvitationsAccepted || (rp.owner.org && rp.owner.members[key]) || hasKey(rp.collaborators, key) {
		rp.collaborators[key] = level
		c.noContent()
		return
	}
	inv := s.pendingInvitation(rp, invitee)
	if inv == nil {
		inv = &invitation{id: s.newID(), repo: rp, invitee: invitee, inviter: c.user, created: now()}
		s.invitations = append(s.invitations, inv)
	}
	inv.level, inv.label = level, label
	c.json(http.StatusCreated, s.invitationJSON(inv, c.user))
}

// listMyInvitations serves GET /user/repository_invitations.
func (s *Server) listMyInvitations(c *call) {
	out := []map[string]any{}
	for _, inv := range s.invitations {
		if inv.invitee == c.user {
			out = append(out, s.invitationJSON(inv, c.user))
		}
	}
	c.json(http.StatusOK, paginate(c, out))
}

// listRepoInvitations serves GET /repos/{owner}/{repo}/invitations, for the
// repository's administrators.
func (s *Server) listRepoInvitations(c *call) {
	rp := c.loadRepo(permAdmin, "Must have admin rights to Repository.")
	if rp == nil {
		return
	}
	var list []*invitation
	for _, inv := range s.invitations {
		if inv.repo == rp {
			list = append(list, inv)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	out := []map[string]any{}
	for _, inv := range list {
		out = append(out, s.invitationJSON(inv, c.user))
	}
	c.json(http.StatusOK, paginate(c, out))
}

// acceptInvitation serves PATCH /user/repository_invitations/{id}: the
// invitee becomes a collaborator with the level invited.
func (s *Server) acceptInvitation(c *call) {
	inv, i := s.myInvitation(c)
	if inv == nil {
		return
	}
	inv.repo.collaborators[strings.ToLower(inv.invitee.login)] = inv.level
	s.invitations = append(s.invitations[:i], s.invitations[i+1:]...)
	c.noContent()
}

// declineInvitation serves DELETE /user/repository_invitations/{id}.
func (s *Server) declineInvitation(c *call) {
	inv, i := s.myInvitation(c)
	if inv == nil {
		return
	}
	s.invitations = append(s.invitations[:i], s.invitations[i+1:]...)
	c.noContent()
}

// myInvitation finds the caller's invitation named in the path; GitHub
// answers 404 for anyone else's.
func (s *Server) myInvitation(c *call) (*invitation, int) {
	id, err := strconv.ParseInt(c.r.PathValue("id"), 10, 64)
	if err == nil {
		for i, inv := range s.invitations {
			if inv.id == id && inv.invitee == c.user {
				return inv, i
			}
		}
	}
	c.notFound()
	return nil, 0
}
