package githubtest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// repo is one repository. Its git data lives in the bare repository at dir;
// everything GitHub keeps outside git (pull requests, reviews, comments)
// lives here.
type repo struct {
	id            int64
	owner         *account
	name          string
	private       bool
	description   string
	dir           string
	collaborators map[string]permission // lower-case login -> level
	created       time.Time
	updated       time.Time
	pushed        time.Time

	// Issues and pull requests share one number sequence on GitHub; only pull
	// requests exist here, so pulls[n-1] is number n.
	pulls  []*pull
	labels []*label
}

func repoKey(owner, name string) string {
	return strings.ToLower(owner + "/" + strings.TrimSuffix(name, ".git"))
}

func (rp *repo) fullName() string { return rp.owner.login + "/" + rp.name }

// nodeID imitates GitHub's opaque global ids; clients must not parse them,
// they only need them unique and stable.
func nodeID(prefix string, id int64) string {
	return prefix + "_" + base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("emu:%d", id)))
}

// ---- JSON shapes (snake_case, as GitHub sends them) ----

// userJSON is GitHub's simple-user, with every field its REST description
// requires.
type userJSON struct {
	Login             string `json:"login"`
	ID                int64  `json:"id"`
	NodeID            string `json:"node_id"`
	AvatarURL         string `json:"avatar_url"`
	GravatarID        string `json:"gravatar_id"`
	URL               string `json:"url"`
	HTMLURL           string `json:"html_url"`
	FollowersURL      string `json:"followers_url"`
	FollowingURL      string `json:"following_url"`
	GistsURL          string `json:"gists_url"`
	StarredURL        string `json:"starred_url"`
	SubscriptionsURL  string `json:"subscriptions_url"`
	OrganizationsURL  string `json:"organizations_url"`
	ReposURL          string `json:"repos_url"`
	EventsURL         string `json:"events_url"`
	ReceivedEventsURL string `json:"received_events_url"`
	Type              string `json:"type"`
	UserViewType      string `json:"user_view_type"`
	SiteAdmin         bool   `json:"site_admin"`
}

// fullUserJSON is GitHub's public-user, or private-user when the user asks
// about themself (user_view_type tells them apart).
type fullUserJSON struct {
	userJSON
	Name        *string `json:"name"`
	Company     *string `json:"company"`
	Blog        string  `json:"blog"`
	Location    *string `json:"location"`
	Email       *string `json:"email"`
	Hireable    *bool   `json:"hireable"`
	Bio         *string `json:"bio"`
	PublicRepos int     `json:"public_repos"`
	PublicGists int     `json:"public_gists"`
	Followers   int     `json:"followers"`
	Following   int     `json:"following"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
	*privateUserJSON
}

// privateUserJSON holds what only the user themself sees.
type privateUserJSON struct {
	PrivateGists      int  `json:"private_gists"`
	TotalPrivateRepos int  `json:"total_private_repos"`
	OwnedPrivateRepos int  `json:"owned_private_repos"`
	DiskUsage         int  `json:"disk_usage"`
	Collaborators     int  `json:"collaborators"`
	TwoFactor         bool `json:"two_factor_authentication"`
}

type permsJSON struct {
	Admin    bool `json:"admin"`
	Maintain bool `json:"maintain"`
	Push     bool `json:"push"`
	Triage   bool `json:"triage"`
	Pull     bool `json:"pull"`
}

func perms(p permission) *permsJSON {
	return &permsJSON{Admin: p >= permAdmin, Maintain: p >= permAdmin, Push: p >= permWrite, Triage: p >= permWrite, Pull: p >= permRead}
}

// repoJSON is GitHub's full-repository, which also serves where its
// description asks for a repository (a subset).
type repoJSON struct {
	ID               int64      `json:"id"`
	NodeID           string     `json:"node_id"`
	Name             string     `json:"name"`
	FullName         string     `json:"full_name"`
	Private          bool       `json:"private"`
	Owner            userJSON   `json:"owner"`
	HTMLURL          string     `json:"html_url"`
	Description      *string    `json:"description"`
	Fork             bool       `json:"fork"`
	URL              string     `json:"url"`
	ArchiveURL       string     `json:"archive_url"`
	AssigneesURL     string     `json:"assignees_url"`
	BlobsURL         string     `json:"blobs_url"`
	BranchesURL      string     `json:"branches_url"`
	CollaboratorsURL string     `json:"collaborators_url"`
	CommentsURL      string     `json:"comments_url"`
	CommitsURL       string     `json:"commits_url"`
	CompareURL       string     `json:"compare_url"`
	ContentsURL      string     `json:"contents_url"`
	ContributorsURL  string     `json:"contributors_url"`
	DeploymentsURL   string     `json:"deployments_url"`
	DownloadsURL     string     `json:"downloads_url"`
	EventsURL        string     `json:"events_url"`
	ForksURL         string     `json:"forks_url"`
	GitCommitsURL    string     `json:"git_commits_url"`
	GitRefsURL       string     `json:"git_refs_url"`
	GitTagsURL       string     `json:"git_tags_url"`
	HooksURL         string     `json:"hooks_url"`
	IssueCommentURL  string     `json:"issue_comment_url"`
	IssueEventsURL   string     `json:"issue_events_url"`
	IssuesURL        string     `json:"issues_url"`
	KeysURL          string     `json:"keys_url"`
	LabelsURL        string     `json:"labels_url"`
	LanguagesURL     string     `json:"languages_url"`
	MergesURL        string     `json:"merges_url"`
	MilestonesURL    string     `json:"milestones_url"`
	NotificationsURL string     `json:"notifications_url"`
	PullsURL         string     `json:"pulls_url"`
	ReleasesURL      string     `json:"releases_url"`
	StargazersURL    string     `json:"stargazers_url"`
	StatusesURL      string     `json:"statuses_url"`
	SubscribersURL   string     `json:"subscribers_url"`
	SubscriptionURL  string     `json:"subscription_url"`
	TagsURL          string     `json:"tags_url"`
	TeamsURL         string     `json:"teams_url"`
	TreesURL         string     `json:"trees_url"`
	CloneURL         string     `json:"clone_url"`
	GitURL           string     `json:"git_url"`
	SSHURL           string     `json:"ssh_url"`
	SvnURL           string     `json:"svn_url"`
	MirrorURL        *string    `json:"mirror_url"`
	Homepage         *string    `json:"homepage"`
	Language         *string    `json:"language"`
	License          *struct{}  `json:"license"`
	Size             int        `json:"size"`
	DefaultBranch    string     `json:"default_branch"`
	Visibility       string     `json:"visibility"`
	Archived         bool       `json:"archived"`
	Disabled         bool       `json:"disabled"`
	HasIssues        bool       `json:"has_issues"`
	HasProjects      bool       `json:"has_projects"`
	HasWiki          bool       `json:"has_wiki"`
	HasPages         bool       `json:"has_pages"`
	HasDownloads     bool       `json:"has_downloads"`
	HasDiscussions   bool       `json:"has_discussions"`
	Forks            int        `json:"forks"`
	ForksCount       int        `json:"forks_count"`
	StargazersCount  int        `json:"stargazers_count"`
	Watchers         int        `json:"watchers"`
	WatchersCount    int        `json:"watchers_count"`
	SubscribersCount int        `json:"subscribers_count"`
	NetworkCount     int        `json:"network_count"`
	OpenIssues       int        `json:"open_issues"`
	OpenIssuesCount  int        `json:"open_issues_count"`
	AllowMergeCommit bool       `json:"allow_merge_commit"`
	AllowSquash      bool       `json:"allow_squash_merge"`
	AllowRebase      bool       `json:"allow_rebase_merge"`
	CreatedAt        string     `json:"created_at"`
	UpdatedAt        string     `json:"updated_at"`
	PushedAt         string     `json:"pushed_at"`
	Permissions      *permsJSON `json:"permissions,omitempty"`
}

func (s *Server) userJSON(a *account) userJSON {
	typ, prefix := "User", "U"
	if a.org {
		typ, prefix = "Organization", "O"
	}
	u := s.apiURL("/users/%s", a.login)
	return userJSON{
		Login:             a.login,
		ID:                a.id,
		NodeID:            nodeID(prefix, a.id),
		AvatarURL:         s.htmlURL("/avatars/u/%d", a.id),
		URL:               u,
		HTMLURL:           s.htmlURL("/%s", a.login),
		FollowersURL:      u + "/followers",
		FollowingURL:      u + "/following{/other_user}",
		GistsURL:          u + "/gists{/gist_id}",
		StarredURL:        u + "/starred{/owner}{/repo}",
		SubscriptionsURL:  u + "/subscriptions",
		OrganizationsURL:  u + "/orgs",
		ReposURL:          u + "/repos",
		EventsURL:         u + "/events{/privacy}",
		ReceivedEventsURL: u + "/received_events",
		Type:              typ,
		UserViewType:      "public",
	}
}

// userRef is the nullable user object GitHub puts in fields like merged_by.
func (s *Server) userRef(a *account) *userJSON {
	if a == nil {
		return nil
	}
	u := s.userJSON(a)
	return &u
}

func (s *Server) fullUserJSON(a *account) fullUserJSON {
	public := 0
	for _, rp := range s.repos {
		if rp.owner == a && !rp.private {
			public++
		}
	}
	return fullUserJSON{
		userJSON:    s.userJSON(a),
		PublicRepos: public,
		CreatedAt:   iso(a.created),
		UpdatedAt:   iso(a.created),
	}
}

// privateUserJSON is what GET /user shows the user about themself.
func (s *Server) privateUserJSON(a *account) fullUserJSON {
	u := s.fullUserJSON(a)
	u.UserViewType = "private"
	u.privateUserJSON = &privateUserJSON{}
	for _, rp := range s.repos {
		if rp.owner == a && rp.private {
			u.TotalPrivateRepos++
			u.OwnedPrivateRepos++
		}
	}
	return u
}

func (s *Server) repoJSON(rp *repo, viewer *account) repoJSON {
	host := strings.TrimPrefix(s.URL, "http://")
	visibility := "public"
	if rp.private {
		visibility = "private"
	}
	var desc *string
	if rp.description != "" {
		desc = &rp.description
	}
	open := 0
	for _, p := range rp.pulls {
		if p.state == "open" {
			open++
		}
	}
	full := rp.fullName()
	u := s.apiURL("/repos/%s", full)
	// GitHub sets pushed_at when it creates a repository, even an empty one.
	pushed := rp.pushed
	if pushed.IsZero() {
		pushed = rp.created
	}
	return repoJSON{
		ID:               rp.id,
		NodeID:           nodeID("R", rp.id),
		Name:             rp.name,
		FullName:         full,
		Private:          rp.private,
		Owner:            s.userJSON(rp.owner),
		HTMLURL:          s.htmlURL("/%s", full),
		Description:      desc,
		URL:              u,
		ArchiveURL:       u + "/{archive_format}{/ref}",
		AssigneesURL:     u + "/assignees{/user}",
		BlobsURL:         u + "/git/blobs{/sha}",
		BranchesURL:      u + "/branches{/branch}",
		CollaboratorsURL: u + "/collaborators{/collaborator}",
		CommentsURL:      u + "/comments{/number}",
		CommitsURL:       u + "/commits{/sha}",
		CompareURL:       u + "/compare/{base}...{head}",
		ContentsURL:      u + "/contents/{+path}",
		ContributorsURL:  u + "/contributors",
		DeploymentsURL:   u + "/deployments",
		DownloadsURL:     u + "/downloads",
		EventsURL:        u + "/events",
		ForksURL:         u + "/forks",
		GitCommitsURL:    u + "/git/commits{/sha}",
		GitRefsURL:       u + "/git/refs{/sha}",
		GitTagsURL:       u + "/git/tags{/sha}",
		HooksURL:         u + "/hooks",
		IssueCommentURL:  u + "/issues/comments{/number}",
		IssueEventsURL:   u + "/issues/events{/number}",
		IssuesURL:        u + "/issues{/number}",
		KeysURL:          u + "/keys{/key_id}",
		LabelsURL:        u + "/labels{/name}",
		LanguagesURL:     u + "/languages",
		MergesURL:        u + "/merges",
		MilestonesURL:    u + "/milestones{/number}",
		NotificationsURL: u + "/notifications{?since,all,participating}",
		PullsURL:         u + "/pulls{/number}",
		ReleasesURL:      u + "/releases{/id}",
		StargazersURL:    u + "/stargazers",
		StatusesURL:      u + "/statuses/{sha}",
		SubscribersURL:   u + "/subscribers",
		SubscriptionURL:  u + "/subscription",
		TagsURL:          u + "/tags",
		TeamsURL:         u + "/teams",
		TreesURL:         u + "/git/trees{/sha}",
		CloneURL:         s.htmlURL("/%s.git", full),
		GitURL:           "git://" + host + "/" + full + ".git",
		SSHURL:           "git@" + strings.Split(host, ":")[0] + ":" + full + ".git",
		SvnURL:           s.htmlURL("/%s", full),
		DefaultBranch:    "main",
		Visibility:       visibility,
		HasIssues:        true,
		HasProjects:      true,
		HasWiki:          true,
		HasDownloads:     true,
		OpenIssues:       open,
		OpenIssuesCount:  open,
		AllowMergeCommit: true,
		CreatedAt:        iso(rp.created),
		UpdatedAt:        iso(rp.updated),
		PushedAt:         iso(pushed),
		Permissions:      perms(s.permission(viewer, rp)),
	}
}

// ---- users ----

func (s *Server) getAuthenticatedUser(c *call) {
	c.json(http.StatusOK, s.privateUserJSON(c.user))
}

func (s *Server) getUser(c *call) {
	a := s.accounts[strings.ToLower(c.r.PathValue("login"))]
	if a == nil {
		c.notFound()
		return
	}
	c.json(http.StatusOK, s.fullUserJSON(a))
}

// ---- repositories ----

type createRepoRequest struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Homepage    string `json:"homepage"`
	Private     *bool  `json:"private"`
	Visibility  string `json:"visibility"`
	AutoInit    bool   `json:"auto_init"`
}

func (s *Server) createUserRepo(c *call) { s.createRepo(c, c.user) }

func (s *Server) createOrgRepo(c *call) {
	org := s.accounts[strings.ToLower(c.r.PathValue("org"))]
	if org == nil || !org.org {
		c.notFound()
		return
	}
	if !org.members[strings.ToLower(c.user.login)] {
		c.fail(http.StatusForbidden, "You need admin access to the organization before adding a repository to it.")
		return
	}
	s.createRepo(c, org)
}

var invalidRepoChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (s *Server) createRepo(c *call, owner *account) {
	var req createRepoRequest
	if !c.decode(&req) {
		return
	}
	if req.Name == "" {
		c.invalid("Repository creation failed.", fieldError{Resource: "Repository", Code: "missing_field", Field: "name"})
		return
	}
	// GitHub silently replaces characters it does not allow with '-'.
	name := invalidRepoChars.ReplaceAllString(req.Name, "-")
	if name == "." || name == ".." || strings.HasSuffix(strings.ToLower(name), ".git") {
		c.validation("Repository", "name", "name is invalid")
		return
	}
	if s.repos[repoKey(owner.login, name)] != nil {
		c.invalid("Repository creation failed.", fieldError{Resource: "Repository", Code: "custom", Field: "name", Message: "name already exists on this account"})
		return
	}
	private := req.Private != nil && *req.Private
	if req.Visibility == "private" || req.Visibility == "internal" {
		private = true
	}
	t := now()
	rp := &repo{
		id:            s.newID(),
		owner:         owner,
		name:          name,
		private:       private,
		description:   req.Description,
		dir:           filepath.Join(s.repoRoot, owner.login, name+".git"),
		collaborators: map[string]permission{},
		created:       t,
		updated:       t,
	}
	if err := s.initBare(rp.dir); err != nil {
		c.fail(http.StatusInternalServerError, "Repository creation failed: "+err.Error())
		return
	}
	if req.AutoInit {
		if err := s.autoInit(rp, c.user); err != nil {
			c.fail(http.StatusInternalServerError, "Repository creation failed: "+err.Error())
			return
		}
		rp.pushed = t
	}
	s.repos[repoKey(owner.login, name)] = rp
	c.json(http.StatusCreated, s.repoJSON(rp, c.user))
}

// loadRepo finds the repository of the request path and checks that the
// caller may see it (404 otherwise, as GitHub hides private repositories) and
// has need (403 otherwise, with denied as the message). It answers itself
// and returns nil on failure.
func (c *call) loadRepo(need permission, denied string) *repo {
	rp := c.s.repos[repoKey(c.r.PathValue("owner"), c.r.PathValue("repo"))]
	if rp == nil {
		c.notFound()
		return nil
	}
	p := c.s.access(c.user, rp)
	if p < permRead {
		c.notFound()
		return nil
	}
	if p < need {
		c.fail(http.StatusForbidden, denied)
		return nil
	}
	return rp
}

func (s *Server) getRepo(c *call) {
	if rp := c.loadRepo(permRead, ""); rp != nil {
		c.json(http.StatusOK, s.repoJSON(rp, c.user))
	}
}

// ---- branches ----

type commitRefJSON struct {
	SHA     string `json:"sha"`
	URL     string `json:"url"`
	HTMLURL string `json:"html_url,omitempty"`
}

type gitActorJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Date  string `json:"date"`
}

type commitJSON struct {
	SHA         string `json:"sha"`
	NodeID      string `json:"node_id"`
	URL         string `json:"url"`
	HTMLURL     string `json:"html_url"`
	CommentsURL string `json:"comments_url"`
	Commit      struct {
		Author       gitActorJSON  `json:"author"`
		Committer    gitActorJSON  `json:"committer"`
		Message      string        `json:"message"`
		Tree         commitRefJSON `json:"tree"`
		URL          string        `json:"url"`
		CommentCount int           `json:"comment_count"`
	} `json:"commit"`
	Author    *userJSON       `json:"author"`
	Committer *userJSON       `json:"committer"`
	Parents   []commitRefJSON `json:"parents"`
}

func (s *Server) commitJSON(rp *repo, c *gitCommit) commitJSON {
	full := rp.fullName()
	out := commitJSON{
		SHA:         c.sha,
		NodeID:      "C_" + c.sha,
		URL:         s.apiURL("/repos/%s/commits/%s", full, c.sha),
		HTMLURL:     s.htmlURL("/%s/commit/%s", full, c.sha),
		CommentsURL: s.apiURL("/repos/%s/commits/%s/comments", full, c.sha),
		Parents:     []commitRefJSON{},
	}
	out.Commit.Author = gitActorJSON{c.authorName, c.authorEmail, iso(c.authorDate)}
	out.Commit.Committer = gitActorJSON{c.committerName, c.committerEmail, iso(c.committerDate)}
	out.Commit.Message = c.message
	out.Commit.Tree = commitRefJSON{SHA: c.tree, URL: s.apiURL("/repos/%s/git/trees/%s", full, c.tree)}
	out.Commit.URL = s.apiURL("/repos/%s/git/commits/%s", full, c.sha)
	for _, p := range c.parents {
		out.Parents = append(out.Parents, commitRefJSON{SHA: p, URL: s.apiURL("/repos/%s/commits/%s", full, p), HTMLURL: s.htmlURL("/%s/commit/%s", full, p)})
	}
	return out
}

func (s *Server) getBranch(c *call) {
	rp := c.loadRepo(permRead, "")
	if rp == nil {
		return
	}
	name := c.r.PathValue("branch")
	sha := s.branchSHA(rp, name)
	if sha == "" {
		c.fail(http.StatusNotFound, "Branch not found")
		return
	}
	commit, err := s.readCommit(rp, sha)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	full := rp.fullName()
	c.json(http.StatusOK, map[string]any{
		"name":      name,
		"commit":    s.commitJSON(rp, commit),
		"protected": false,
		// What GitHub shows for a branch without protection rules.
		"protection": map[string]any{
			"enabled":                false,
			"required_status_checks": map[string]any{"enforcement_level": "off", "contexts": []string{}, "checks": []string{}},
		},
		"_links": map[string]string{
			"self": s.apiURL("/repos/%s/branches/%s", full, url.PathEscape(name)),
			"html": s.htmlURL("/%s/tree/%s", full, name),
		},
		"protection_url": s.apiURL("/repos/%s/branches/%s/protection", full, url.PathEscape(name)),
	})
}

// ---- collaborators ----

type collaboratorJSON struct {
	userJSON
	Permissions *permsJSON `json:"permissions"`
	RoleName    string     `json:"role_name"`
}

// members lists everyone with a role in the repository, by id: the owner
// (or the organisation's members) and the collaborators, as GitHub's default
// affiliation=all does.
func (s *Server) members(rp *repo) []*account {
	var out []*account
	for _, a := range s.accounts {
		if s.isCollaborator(rp, a) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func hasKey[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

func roleName(p permission) string {
	switch p {
	case permAdmin:
		return "admin"
	case permWrite:
		return "write"
	}
	return "read"
}

func (s *Server) listCollaborators(c *call) {
	rp := c.loadRepo(permWrite, "Must have push access to view repository collaborators.")
	if rp == nil {
		return
	}
	out := []collaboratorJSON{}
	for _, a := range s.members(rp) {
		p := s.permission(a, rp)
		out = append(out, collaboratorJSON{userJSON: s.userJSON(a), Permissions: perms(p), RoleName: roleName(p)})
	}
	c.json(http.StatusOK, paginate(c, out))
}

// isCollaborator is GitHub's notion for review requests and the
// collaborator check: the owner or an invited collaborator.
func (s *Server) isCollaborator(rp *repo, a *account) bool {
	if a == nil || a.org {
		return false
	}
	key := strings.ToLower(a.login)
	return rp.owner == a || rp.owner.members[key] || hasKey(rp.collaborators, key)
}

func (s *Server) checkCollaborator(c *call) {
	rp := c.loadRepo(permWrite, "Must have push access to view repository collaborators.")
	if rp == nil {
		return
	}
	if s.isCollaborator(rp, s.accounts[strings.ToLower(c.r.PathValue("user"))]) {
		c.noContent()
		return
	}
	c.notFound()
}

func (s *Server) addCollaborator(c *call) {
	rp := c.loadRepo(permAdmin, "Must have admin rights to Repository.")
	if rp == nil {
		return
	}
	var req struct {
		Permission string `json:"permission"`
	}
	if !c.decode(&req) {
		return
	}
	invitee := s.accounts[strings.ToLower(c.r.PathValue("user"))]
	if invitee == nil || invitee.org {
		c.notFound()
		return
	}
	if rp.owner == invitee {
		c.validation("Repository", "", "Repository owner cannot be a collaborator")
		return
	}
	level, label := permWrite, "write"
	switch req.Permission {
	case "", "push":
	case "maintain":
		label = "maintain"
	case "triage":
		level, label = permRead, "triage"
	case "pull":
		level, label = permRead, "read"
	case "admin":
		level, label = permAdmin, "admin"
	default:
		c.validation("Repository", "permission", "permission is not included in the list")
		return
	}
	s.invite(c, rp, invitee, level, label)
}
