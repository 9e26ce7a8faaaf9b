package githubtest_test

import (
	"crypto/rand"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestCreateRepoAndPushOverHTTP(t *testing.T) {
	e := newEnv(t)
	dir := e.caseStudy()
	ana := e.client("ana")

	repo, _, err := ana.Repositories.Get(e.ctx, "ana", "acme")
	if err != nil {
		t.Fatal(err)
	}
	if !repo.GetPrivate() || repo.GetDefaultBranch() != "main" || repo.GetFullName() != "ana/acme" ||
		repo.GetOwner().GetLogin() != "ana" || !repo.GetPermissions()["admin"] {
		t.Errorf("repo = %+v", repo)
	}
	if got, want := repo.GetCloneURL(), e.srv.URL+"/ana/acme.git"; got != want {
		t.Errorf("clone_url = %q, want %q", got, want)
	}

	_, _, err = ana.Repositories.Create(e.ctx, "", &github.Repository{Name: github.String("acme")})
	apiError(t, err, http.StatusUnprocessableEntity, "name already exists on this account")

	// The push landed in the bare repository, whose HEAD names main.
	bare := e.srv.RepoDir("ana", "acme")
	if got, want := e.git(bare, "rev-parse", "refs/heads/draft"), e.git(dir, "rev-parse", "draft"); got != want {
		t.Errorf("bare draft = %s, want %s", got, want)
	}
	if head := e.git(bare, "symbolic-ref", "HEAD"); head != "refs/heads/main" {
		t.Errorf("HEAD = %s", head)
	}

	b, _, err := ana.Repositories.GetBranch(e.ctx, "ana", "acme", "draft", 0)
	if err != nil {
		t.Fatal(err)
	}
	if b.GetCommit().GetSHA() != e.git(dir, "rev-parse", "draft") || b.GetCommit().GetCommit().GetMessage() != "Draft 1" {
		t.Errorf("branch = %+v", b)
	}
	// go-github reports a missing branch as a bare "unexpected status code".
	if _, _, err = ana.Repositories.GetBranch(e.ctx, "ana", "acme", "nope", 0); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing branch: %v", err)
	}

	// A fresh clone over HTTP gets the same history.
	clone := filepath.Join(t.TempDir(), "clone")
	e.git(t.TempDir(), "clone", "-q", e.remote("ana", "ana", "acme"), clone)
	if got := e.git(clone, "log", "--format=%s", "origin/draft"); got != "Draft 1\nScaffold" {
		t.Errorf("cloned log = %q", got)
	}
}

func TestAutoInitAndOrgRepos(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.AddOrg("less", "craig"); err != nil {
		t.Fatal(err)
	}
	craig := e.client("craig")
	repo, _, err := craig.Repositories.Create(e.ctx, "less", &github.Repository{Name: github.String("studies"), AutoInit: github.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if repo.GetOwner().GetType() != "Organization" || repo.GetPrivate() {
		t.Errorf("repo = %+v", repo)
	}
	if log := e.git(e.srv.RepoDir("less", "studies"), "log", "--format=%s", "main"); log != "Initial commit" {
		t.Errorf("auto_init log = %q", log)
	}
	_, _, err = e.client("ana").Repositories.Create(e.ctx, "less", &github.Repository{Name: github.String("x")})
	apiError(t, err, http.StatusForbidden, "admin access to the organization")
	_, _, err = craig.Repositories.Create(e.ctx, "no-such-org", &github.Repository{Name: github.String("x")})
	apiError(t, err, http.StatusNotFound, "Not Found")
}

func TestCollaboratorsAndPrivateAccess(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	bob := e.client("bob")

	// A private repository does not exist for outsiders, over REST or git.
	_, _, err := bob.Repositories.Get(e.ctx, "ana", "acme")
	apiError(t, err, http.StatusNotFound, "Not Found")
	if out, err := e.tryGit(t.TempDir(), "ls-remote", e.remote("bob", "ana", "acme")); err == nil || !strings.Contains(out, "not found") {
		t.Errorf("outsider ls-remote: err=%v out=%s", err, out)
	}

	inv, resp, err := e.client("ana").Repositories.AddCollaborator(e.ctx, "ana", "acme", "bob", &github.RepositoryAddCollaboratorOptions{Permission: "push"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated || inv.GetInvitee().GetLogin() != "bob" || inv.GetInviter().GetLogin() != "ana" {
		t.Errorf("invitation = %d %+v", resp.StatusCode, inv)
	}
	// An invitee sees nothing until they accept: not the repository, nor
	// its git URL, and cannot be asked to review.
	_, _, err = bob.Repositories.Get(e.ctx, "ana", "acme")
	apiError(t, err, http.StatusNotFound, "Not Found")
	if out, err := e.tryGit(t.TempDir(), "ls-remote", e.remote("bob", "ana", "acme")); err == nil || !strings.Contains(out, "not found") {
		t.Errorf("invitee ls-remote: err=%v out=%s", err, out)
	}
	if ok, _, err := e.client("ana").Repositories.IsCollaborator(e.ctx, "ana", "acme", "bob"); err != nil || ok {
		t.Errorf("pending invitee is a collaborator: %v %v", ok, err)
	}
	pending, _, err := e.client("ana").Repositories.ListInvitations(e.ctx, "ana", "acme", nil)
	if err != nil || len(pending) != 1 || pending[0].GetInvitee().GetLogin() != "bob" {
		t.Fatalf("repository invitations = %v, %v", pending, err)
	}
	mine, _, err := bob.Users.ListInvitations(e.ctx, nil)
	if err != nil || len(mine) != 1 || mine[0].GetID() != inv.GetID() || mine[0].GetRepo().GetFullName() != "ana/acme" {
		t.Fatalf("bob's invitations = %v, %v", mine, err)
	}
	// Nobody else can accept it.
	_, err = e.client("craig").Users.AcceptInvitation(e.ctx, inv.GetID())
	apiError(t, err, http.StatusNotFound, "Not Found")
	if resp, err := bob.Users.AcceptInvitation(e.ctx, inv.GetID()); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("accept: %v %v", resp, err)
	}
	if mine, _, _ := bob.Users.ListInvitations(e.ctx, nil); len(mine) != 0 {
		t.Errorf("invitation still listed after accepting: %v", mine)
	}

	// Only admins invite.
	_, _, err = bob.Repositories.AddCollaborator(e.ctx, "ana", "acme", "craig", &github.RepositoryAddCollaboratorOptions{})
	apiError(t, err, http.StatusForbidden, "admin")

	if _, _, err := bob.Repositories.Get(e.ctx, "ana", "acme"); err != nil {
		t.Fatalf("collaborator cannot see the repository: %v", err)
	}
	for user, want := range map[string]bool{"ana": true, "bob": true, "craig": false} {
		got, _, err := bob.Repositories.IsCollaborator(e.ctx, "ana", "acme", user)
		if err != nil || got != want {
			t.Errorf("IsCollaborator(%s) = %v, %v; want %v", user, got, err, want)
		}
	}
	users, _, err := bob.Repositories.ListCollaborators(e.ctx, "ana", "acme", nil)
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, u := range users {
		logins = append(logins, u.GetLogin())
	}
	if strings.Join(logins, ",") != "ana,bob" {
		t.Errorf("collaborators = %v", logins)
	}

	// Now bob can fetch and push.
	clone := filepath.Join(t.TempDir(), "bob")
	e.git(t.TempDir(), "clone", "-q", "--branch", "draft", e.remote("bob", "ana", "acme"), clone)
	writeFile(t, filepath.Join(clone, "mentor.md"), "hello\n")
	e.git(clone, "add", ".")
	e.git(clone, "commit", "-q", "-m", "Mentor note")
	e.git(clone, "push", "-q", "origin", "draft")

	// A read-only collaborator can fetch but not push (403).
	inv, _, _ = e.client("ana").Repositories.AddCollaborator(e.ctx, "ana", "acme", "craig", &github.RepositoryAddCollaboratorOptions{Permission: "pull"})
	e.client("craig").Users.AcceptInvitation(e.ctx, inv.GetID())
	if _, err := e.tryGit(t.TempDir(), "ls-remote", e.remote("craig", "ana", "acme")); err != nil {
		t.Errorf("reader cannot fetch: %v", err)
	}
	out, err := e.tryGit(clone, "push", e.remote("craig", "ana", "acme"), "draft:craig")
	if err == nil || !strings.Contains(out, "403") {
		t.Errorf("reader push: err=%v out=%s", err, out)
	}
}

func TestGitAuthentication(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	path := "/ana/acme.git/info/refs?service=git-upload-pack"

	resp, _ := e.rawGet("", path, nil)
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != `Basic realm="GitHub"` {
		t.Errorf("anonymous: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	bad := strings.Replace(e.remote("ana", "ana", "acme"), e.srv.Token("ana"), "ghp_wrong", 1)
	if out, err := e.tryGit(t.TempDir(), "ls-remote", bad); err == nil || !strings.Contains(out, "Authentication failed") {
		t.Errorf("bad token: err=%v out=%s", err, out)
	}
	// Basic auth with the token as password and any user name works.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	req.SetBasicAuth("whatever", e.srv.Token("ana"))
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusOK || r2.Header.Get("Content-Type") != "application/x-git-upload-pack-advertisement" {
		t.Errorf("basic auth: %d %s", r2.StatusCode, r2.Header.Get("Content-Type"))
	}
}

func TestUsers(t *testing.T) {
	e := newEnv(t)
	me, _, err := e.client("bob").Users.Get(e.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if me.GetLogin() != "bob" || me.GetID() == 0 || me.GetType() != "User" || me.GetCreatedAt().IsZero() {
		t.Errorf("user = %+v", me)
	}
	other, _, err := e.client("bob").Users.Get(e.ctx, "CRAIG")
	if err != nil || other.GetLogin() != "craig" {
		t.Errorf("user craig = %+v, %v", other, err)
	}
	_, _, err = e.client("bob").Users.Get(e.ctx, "nobody")
	apiError(t, err, http.StatusNotFound, "Not Found")
}

// TestLargePush sends a pack bigger than git's http.postBuffer, which git
// sends with chunked encoding that net/http/cgi alone would refuse.
func TestLargePush(t *testing.T) {
	e := newEnv(t)
	dir := e.caseStudy()
	big := make([]byte, 3<<20)
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "figure.bin"), string(big))
	e.git(dir, "add", "figure.bin")
	e.git(dir, "commit", "-q", "-m", "Figure")
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "draft")
	if got, want := e.git(e.srv.RepoDir("ana", "acme"), "rev-parse", "draft"), e.git(dir, "rev-parse", "draft"); got != want {
		t.Errorf("draft = %s, want %s", got, want)
	}
}

// On GitHub Enterprise Server (InvitationsAccepted) and for members of the
// owning organisation, a collaborator is added at once: 204, no invitation.
func TestCollaboratorsAddedAtOnce(t *testing.T) {
	e := newEnv(t)
	e.srv.InvitationsAccepted = true
	e.caseStudy()
	_, resp, err := e.client("ana").Repositories.AddCollaborator(e.ctx, "ana", "acme", "bob", &github.RepositoryAddCollaboratorOptions{})
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("add: %v %v", resp, err)
	}
	if _, _, err := e.client("bob").Repositories.Get(e.ctx, "ana", "acme"); err != nil {
		t.Errorf("bob cannot see the repository at once: %v", err)
	}

	e2 := newEnv(t)
	if err := e2.srv.AddOrg("lesscases", "ana", "bob"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e2.client("ana").Repositories.Create(e2.ctx, "lesscases", &github.Repository{Name: github.String("acme"), Private: github.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	_, resp, err = e2.client("ana").Repositories.AddCollaborator(e2.ctx, "lesscases", "acme", "bob", &github.RepositoryAddCollaboratorOptions{})
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("org member: %v %v", resp, err)
	}
	_, resp, err = e2.client("ana").Repositories.AddCollaborator(e2.ctx, "lesscases", "acme", "craig", &github.RepositoryAddCollaboratorOptions{})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("outsider of the org: %v %v", resp, err)
	}
}

// A fine-grained token sees only its owner's repositories.
func TestFineGrainedTokenSeesOneOwner(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.addCollaborator("bob")
	e.srv.FineGrained("bob", "bob")
	_, _, err := e.client("bob").Repositories.Get(e.ctx, "ana", "acme")
	apiError(t, err, http.StatusNotFound, "Not Found")
	if _, err := e.tryGit(t.TempDir(), "ls-remote", e.remote("bob", "ana", "acme")); err == nil {
		t.Error("a fine-grained token for bob's repositories fetched ana's")
	}
}

// Declining an invitation withdraws it: the repository stays hidden and
// the owner sees no pending invitation.
func TestDeclineInvitation(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	inv, _, err := e.client("ana").Repositories.AddCollaborator(e.ctx, "ana", "acme", "craig", &github.RepositoryAddCollaboratorOptions{})
	if err != nil || inv.GetID() == 0 {
		t.Fatalf("invite: %+v, %v", inv, err)
	}
	if _, err := e.client("craig").Users.DeclineInvitation(e.ctx, inv.GetID()); err != nil {
		t.Fatal(err)
	}
	pending, _, err := e.client("ana").Repositories.ListInvitations(e.ctx, "ana", "acme", nil)
	if err != nil || len(pending) != 0 {
		t.Errorf("pending after decline = %+v, %v", pending, err)
	}
	_, _, err = e.client("craig").Repositories.Get(e.ctx, "ana", "acme")
	apiError(t, err, http.StatusNotFound, "")
	_, err = e.client("craig").Users.DeclineInvitation(e.ctx, inv.GetID())
	apiError(t, err, http.StatusNotFound, "")
}
