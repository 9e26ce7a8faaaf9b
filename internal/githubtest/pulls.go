package githubtest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// pull is a pull request. Head and base are branches of the same repository
// (the emulator has no forks).
type pull struct {
	id          int64
	number      int
	title, body string
	state       string // "open" or "closed"
	draft       bool
	user        *account
	head, base  string // branch names
	// headSHA and baseSHA are the branch tips last seen; they follow the
	// branches while the pull request is open and freeze when it closes, as
	// GitHub's head.sha and base.sha do.
	headSHA, baseSHA string
	// seenSHA is the branch tip first seen at seenAt, not yet the head
	// while Server.HeadLag has not passed.
	seenSHA          string
	seenAt           time.Time
	merged           bool
	mergedBy         *account
	mergeCommit      string
	created, updated time.Time
	closed, mergedAt time.Time
	requested        []*account // requested reviewers, in request order
	reviews          []*review
	comments         []*reviewComment
	issueComments    []*issueComment
	labels           []string // names, in the order added
}

// refresh moves an open pull request's head and base to the current branch
// tips; a push to the head branch counts as an update, as on GitHub. A new
// head is taken only once lag has passed since it was first seen, as
// GitHub's pull requests follow pushes asynchronously.
func (p *pull) refresh(refs map[string]string, lag time.Duration) {
	if p.state != "open" {
		return
	}
	if sha := refs[p.head]; sha != "" && sha != p.headSHA {
		if sha != p.seenSHA {
			p.seenSHA, p.seenAt = sha, time.Now()
		}
		if time.Since(p.seenAt) >= lag {
			p.headSHA = sha
			p.updated = now()
		}
	}
	if sha := refs[p.base]; sha != "" {
		p.baseSHA = sha
	}
}

// refreshAll brings every pull request of rp up to date with the branches.
// Callers hold s.mu.
func (s *Server) refreshAll(rp *repo) error {
	refs, err := s.branches(rp)
	if err != nil {
		return err
	}
	for _, p := range rp.pulls {
		p.refresh(refs, s.HeadLag)
	}
	return nil
}

// loadPull finds the pull request of the request path after loadRepo's
// checks, brought up to date with the branches. It answers itself and
// returns nils on failure.
func (c *call) loadPull(need permission, denied string) (*repo, *pull) {
	rp := c.loadRepo(need, denied)
	if rp == nil {
		return nil, nil
	}
	n, err := strconv.Atoi(c.r.PathValue("number"))
	if err != nil || n < 1 || n > len(rp.pulls) {
		c.notFound()
		return nil, nil
	}
	if err := c.s.refreshAll(rp); err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return nil, nil
	}
	return rp, rp.pulls[n-1]
}

// association is author_association: the author's relationship with the
// repository.
func (s *Server) association(rp *repo, a *account) string {
	switch {
	case rp.owner == a:
		return "OWNER"
	case rp.owner.org && rp.owner.members[strings.ToLower(a.login)]:
		return "MEMBER"
	case hasKey(rp.collaborators, strings.ToLower(a.login)):
		return "COLLABORATOR"
	}
	return "NONE"
}

// ---- JSON ----

type hrefJSON struct {
	Href string `json:"href"`
}

type branchJSON struct {
	Label string   `json:"label"`
	Ref   string   `json:"ref"`
	SHA   string   `json:"sha"`
	User  userJSON `json:"user"`
	Repo  repoJSON `json:"repo"`
}

type pullJSON struct {
	URL                string              `json:"url"`
	ID                 int64               `json:"id"`
	NodeID             string              `json:"node_id"`
	HTMLURL            string              `json:"html_url"`
	DiffURL            string              `json:"diff_url"`
	PatchURL           string              `json:"patch_url"`
	IssueURL           string              `json:"issue_url"`
	CommitsURL         string              `json:"commits_url"`
	ReviewCommentsURL  string              `json:"review_comments_url"`
	ReviewCommentURL   string              `json:"review_comment_url"`
	CommentsURL        string              `json:"comments_url"`
	StatusesURL        string              `json:"statuses_url"`
	Number             int                 `json:"number"`
	State              string              `json:"state"`
	Locked             bool                `json:"locked"`
	Title              string              `json:"title"`
	User               userJSON            `json:"user"`
	Body               *string             `json:"body"`
	Labels             []any               `json:"labels"`
	Milestone          any                 `json:"milestone"`
	ActiveLockReason   any                 `json:"active_lock_reason"`
	CreatedAt          string              `json:"created_at"`
	UpdatedAt          string              `json:"updated_at"`
	ClosedAt           *string             `json:"closed_at"`
	MergedAt           *string             `json:"merged_at"`
	MergeCommitSHA     *string             `json:"merge_commit_sha"`
	Assignee           any                 `json:"assignee"`
	Assignees          []any               `json:"assignees"`
	RequestedReviewers []userJSON          `json:"requested_reviewers"`
	RequestedTeams     []any               `json:"requested_teams"`
	Head               branchJSON          `json:"head"`
	Base               branchJSON          `json:"base"`
	Links              map[string]hrefJSON `json:"_links"`
	AuthorAssociation  string              `json:"author_association"`
	AutoMerge          any                 `json:"auto_merge"`
	Draft              bool                `json:"draft"`
}

// pullDetailJSON is the single-pull-request shape, which adds fields GitHub
// leaves out of lists because they are costly to compute.
type pullDetailJSON struct {
	pullJSON
	Merged              bool      `json:"merged"`
	Mergeable           *bool     `json:"mergeable"`
	Rebaseable          *bool     `json:"rebaseable"`
	MergeableState      string    `json:"mergeable_state"`
	MergedBy            *userJSON `json:"merged_by"`
	Comments            int       `json:"comments"`
	ReviewComments      int       `json:"review_comments"`
	MaintainerCanModify bool      `json:"maintainer_can_modify"`
	Commits             int       `json:"commits"`
	Additions           int       `json:"additions"`
	Deletions           int       `json:"deletions"`
	ChangedFiles        int       `json:"changed_files"`
}

func (s *Server) branchJSON(rp *repo, viewer *account, branch, sha string) branchJSON {
	return branchJSON{
		Label: rp.owner.login + ":" + branch,
		Ref:   branch,
		SHA:   sha,
		User:  s.userJSON(rp.owner),
		Repo:  s.repoJSON(rp, viewer),
	}
}

func strPtr(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

func (s *Server) pullJSON(rp *repo, p *pull, viewer *account) pullJSON {
	full := rp.fullName()
	api := s.apiURL("/repos/%s/pulls/%d", full, p.number)
	html := s.htmlURL("/%s/pull/%d", full, p.number)
	issue := s.apiURL("/repos/%s/issues/%d", full, p.number)
	reviewers := []userJSON{}
	for _, a := range p.requested {
		reviewers = append(reviewers, s.userJSON(a))
	}
	out := pullJSON{
		URL:                api,
		ID:                 p.id,
		NodeID:             nodeID("PR", p.id),
		HTMLURL:            html,
		DiffURL:            html + ".diff",
		PatchURL:           html + ".patch",
		IssueURL:           issue,
		CommitsURL:         api + "/commits",
		ReviewCommentsURL:  api + "/comments",
		ReviewCommentURL:   s.apiURL("/repos/%s/pulls/comments{/number}", full),
		CommentsURL:        issue + "/comments",
		StatusesURL:        s.apiURL("/repos/%s/statuses/%s", full, p.headSHA),
		Number:             p.number,
		State:              p.state,
		Title:              p.title,
		User:               s.userJSON(p.user),
		Body:               strPtr(p.body),
		Labels:             s.labelsJSON(rp, p.labels),
		CreatedAt:          iso(p.created),
		UpdatedAt:          iso(p.updated),
		ClosedAt:           isoPtr(p.closed),
		MergedAt:           isoPtr(p.mergedAt),
		MergeCommitSHA:     strPtr(p.mergeCommit),
		Assignees:          []any{},
		RequestedReviewers: reviewers,
		RequestedTeams:     []any{},
		Head:               s.branchJSON(rp, viewer, p.head, p.headSHA),
		Base:               s.branchJSON(rp, viewer, p.base, p.baseSHA),
		AuthorAssociation:  s.association(rp, p.user),
		Draft:              p.draft,
	}
	out.Links = map[string]hrefJSON{
		"self":            {api},
		"html":            {html},
		"issue":           {issue},
		"comments":        {issue + "/comments"},
		"review_comments": {api + "/comments"},
		"review_comment":  {out.ReviewCommentURL},
		"commits":         {api + "/commits"},
		"statuses":        {out.StatusesURL},
	}
	return out
}

// pullDetail computes the single-pull-request fields with git. computeMerge
// is false right after creation, when GitHub has not yet worked out
// mergeability and answers null/"unknown".
func (s *Server) pullDetail(rp *repo, p *pull, viewer *account, computeMerge bool) (pullDetailJSON, error) {
	out := pullDetailJSON{
		pullJSON:       s.pullJSON(rp, p, viewer),
		Merged:         p.merged,
		MergeableState: "unknown",
		MergedBy:       s.userRef(p.mergedBy),
		Comments:       len(p.issueComments),
	}
	for _, c := range p.comments {
		if !s.pendingFor(p, c.reviewID, viewer) {
			out.ReviewComments++
		}
	}
	if p.state == "open" && computeMerge {
		clean, err := s.mergeClean(rp, p.baseSHA, p.headSHA)
		if err != nil {
			return out, err
		}
		out.Mergeable, out.Rebaseable = &clean, &clean
		switch {
		case p.draft:
			out.MergeableState = "draft"
		case clean:
			out.MergeableState = "clean"
		default:
			out.MergeableState = "dirty"
		}
	}
	mb, err := s.mergeBase(rp, p.baseSHA, p.headSHA)
	if err != nil || mb == "" {
		return out, err
	}
	count, err := s.git(rp.dir, "rev-list", "--count", p.baseSHA+".."+p.headSHA)
	if err != nil {
		return out, err
	}
	out.Commits, _ = strconv.Atoi(strings.TrimSpace(count))
	files, err := s.diffFiles(rp, mb, p.headSHA)
	if err != nil {
		return out, err
	}
	out.ChangedFiles = len(files)
	for _, f := range files {
		out.Additions += f.additions
		out.Deletions += f.deletions
	}
	return out, nil
}

// mergeClean reports whether head merges into base without conflicts, by a
// real merge in git's index-free merge-tree.
func (s *Server) mergeClean(rp *repo, base, head string) (bool, error) {
	_, err := s.git(rp.dir, "merge-tree", "--write-tree", "--no-messages", base, head)
	if err == nil {
		return true, nil
	}
	if exitCode(err) == 1 {
		return false, nil // conflicts
	}
	return false, err
}

// ---- endpoints ----

func (s *Server) listPulls(c *call) {
	rp := c.loadRepo(permRead, "")
	if rp == nil {
		return
	}
	if err := s.refreshAll(rp); err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	q := c.r.URL.Query()
	state := q.Get("state")
	switch state {
	case "":
		state = "open"
	case "open", "closed", "all":
	default:
		c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Field: "state", Code: "invalid"})
		return
	}
	// GitHub only filters by head in the OWNER:BRANCH form and silently
	// ignores a bare branch name; keeping that catches clients that forget
	// the owner.
	headOwner, headBranch, headOK := strings.Cut(q.Get("head"), ":")
	base := q.Get("base")
	var out []*pull
	for _, p := range rp.pulls {
		if state != "all" && p.state != state {
			continue
		}
		if headOK && (!strings.EqualFold(headOwner, rp.owner.login) || p.head != headBranch) {
			continue
		}
		if base != "" && p.base != base {
			continue
		}
		out = append(out, p)
	}
	sortBy, dir := q.Get("sort"), q.Get("direction")
	if dir == "" {
		dir = "asc"
		if sortBy == "" || sortBy == "created" {
			dir = "desc"
		}
	}
	key := func(p *pull) time.Time {
		if sortBy == "updated" {
			return p.updated
		}
		return p.created
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ka, kb := key(a), key(b); !ka.Equal(kb) {
			return ka.Before(kb) == (dir == "asc")
		}
		return (a.number < b.number) == (dir == "asc")
	})
	list := []pullJSON{}
	for _, p := range paginate(c, out) {
		list = append(list, s.pullJSON(rp, p, c.user))
	}
	c.json(http.StatusOK, list)
}

type createPullRequest struct {
	Title               string `json:"title"`
	Body                string `json:"body"`
	Head                string `json:"head"`
	Base                string `json:"base"`
	Draft               bool   `json:"draft"`
	MaintainerCanModify *bool  `json:"maintainer_can_modify"`
}

// openPullFor returns the open pull request from head into base, if any:
// GitHub allows only one.
func openPullFor(rp *repo, head, base string, except *pull) *pull {
	for _, p := range rp.pulls {
		if p != except && p.state == "open" && p.head == head && p.base == base {
			return p
		}
	}
	return nil
}

func (s *Server) createPull(c *call) {
	rp := c.loadRepo(permRead, "")
	if rp == nil {
		return
	}
	var req createPullRequest
	if !c.decode(&req) {
		return
	}
	if strings.TrimSpace(req.Title) == "" {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Code: "missing_field", Field: "title"})
		return
	}
	head := req.Head
	if owner, branch, ok := strings.Cut(head, ":"); ok {
		if !strings.EqualFold(owner, rp.owner.login) {
			// A head in another account would be a fork, which the
			// emulator does not have.
			c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Code: "invalid", Field: "head"})
			return
		}
		head = branch
	}
	refs, err := s.branches(rp)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	headSHA, baseSHA := refs[head], refs[req.Base]
	var missing []any
	if baseSHA == "" {
		missing = append(missing, fieldError{Resource: "PullRequest", Code: "invalid", Field: "base"})
	}
	if headSHA == "" {
		missing = append(missing, fieldError{Resource: "PullRequest", Code: "invalid", Field: "head"})
	}
	if len(missing) > 0 {
		c.invalid("Validation Failed", missing...)
		return
	}
	if existing := openPullFor(rp, head, req.Base, nil); existing != nil {
		c.validation("PullRequest", "", "A pull request already exists for "+rp.owner.login+":"+head+".")
		return
	}
	mb, err := s.mergeBase(rp, baseSHA, headSHA)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	if mb == "" {
		c.validation("PullRequest", "", "The "+head+" branch has no history in common with "+req.Base)
		return
	}
	if s.isAncestor(rp, headSHA, baseSHA) {
		c.validation("PullRequest", "", "No commits between "+req.Base+" and "+head)
		return
	}
	t := now()
	p := &pull{
		id:      s.newID(),
		number:  len(rp.pulls) + 1,
		title:   req.Title,
		body:    req.Body,
		state:   "open",
		draft:   req.Draft,
		user:    c.user,
		head:    head,
		base:    req.Base,
		headSHA: headSHA,
		baseSHA: baseSHA,
		created: t,
		updated: t,
	}
	rp.pulls = append(rp.pulls, p)
	rp.updated = t
	out, err := s.pullDetail(rp, p, c.user, false)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	c.w.Header().Set("Location", out.URL)
	c.json(http.StatusCreated, out)
}

func (s *Server) getPull(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	s.writePullDetail(c, http.StatusOK, rp, p)
}

func (s *Server) writePullDetail(c *call, status int, rp *repo, p *pull) {
	out, err := s.pullDetail(rp, p, c.user, true)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	c.json(status, out)
}

func (s *Server) updatePull(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	if p.user != c.user && s.permission(c.user, rp) < permWrite {
		c.fail(http.StatusForbidden, "Must have push access to update this pull request.")
		return
	}
	var req struct {
		Title *string `json:"title"`
		Body  *string `json:"body"`
		State *string `json:"state"`
		Base  *string `json:"base"`
	}
	if !c.decode(&req) {
		return
	}
	refs, err := s.branches(rp)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	if req.Base != nil && *req.Base != p.base {
		if p.state != "open" {
			c.validation("PullRequest", "base", "Cannot change the base branch of a closed pull request.")
			return
		}
		if refs[*req.Base] == "" {
			c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Code: "invalid", Field: "base"})
			return
		}
		if openPullFor(rp, p.head, *req.Base, p) != nil {
			c.validation("PullRequest", "base", "A pull request already exists for base branch '"+*req.Base+"' and head branch '"+p.head+"'")
			return
		}
	}
	if req.State != nil && *req.State != p.state {
		switch *req.State {
		case "closed":
		case "open":
			switch {
			case p.merged:
				c.validation("PullRequest", "state", "state cannot be changed. The pull request has already been merged.")
				return
			case refs[p.head] == "":
				c.validation("PullRequest", "state", "state cannot be changed. The "+p.head+" branch has been deleted.")
				return
			case openPullFor(rp, p.head, p.base, p) != nil:
				c.validation("PullRequest", "state", "state cannot be changed. There is already an open pull request from "+p.head+" to "+p.base+".")
				return
			}
		default:
			c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Code: "invalid", Field: "state"})
			return
		}
	}
	t := now()
	if req.Title != nil {
		p.title = *req.Title
	}
	if req.Body != nil {
		p.body = *req.Body
	}
	if req.Base != nil {
		p.base = *req.Base
	}
	if req.State != nil && *req.State != p.state {
		p.state = *req.State
		if p.state == "closed" {
			p.closed = t
		} else {
			p.closed = time.Time{}
		}
	}
	p.updated = t
	p.refresh(refs, s.HeadLag)
	s.writePullDetail(c, http.StatusOK, rp, p)
}

func (s *Server) listPullCommits(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	commits, err := s.commitsBetween(rp, p.baseSHA, p.headSHA)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	out := []commitJSON{}
	for _, cm := range commits {
		out = append(out, s.commitJSON(rp, cm))
	}
	c.json(http.StatusOK, paginate(c, out))
}

type fileJSON struct {
	SHA         string `json:"sha"`
	Filename    string `json:"filename"`
	Status      string `json:"status"`
	Additions   int    `json:"additions"`
	Deletions   int    `json:"deletions"`
	Changes     int    `json:"changes"`
	BlobURL     string `json:"blob_url"`
	RawURL      string `json:"raw_url"`
	ContentsURL string `json:"contents_url"`
	Patch       string `json:"patch,omitempty"`
}

func (s *Server) listPullFiles(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	d := s.newDiffCache(rp)
	mb, err := d.mergeBase(p.baseSHA, p.headSHA)
	if err != nil || mb == "" {
		c.json(http.StatusOK, []fileJSON{})
		return
	}
	files, err := s.diffFiles(rp, mb, p.headSHA)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	out := []fileJSON{}
	full := rp.fullName()
	for _, f := range paginate(c, files) {
		hunks, err := d.hunks(mb, p.headSHA, f.path, 3)
		if err != nil {
			c.fail(http.StatusInternalServerError, err.Error())
			return
		}
		// GitHub's patch is the file's hunks without the diff headers.
		var patch []string
		for _, h := range hunks {
			patch = append(patch, h.header)
			patch = append(patch, h.lines...)
		}
		out = append(out, fileJSON{
			SHA:         f.blob,
			Filename:    f.path,
			Status:      f.status,
			Additions:   f.additions,
			Deletions:   f.deletions,
			Changes:     f.additions + f.deletions,
			BlobURL:     s.htmlURL("/%s/blob/%s/%s", full, p.headSHA, f.path),
			RawURL:      s.htmlURL("/%s/raw/%s/%s", full, p.headSHA, f.path),
			ContentsURL: s.apiURL("/repos/%s/contents/%s?ref=%s", full, f.path, p.headSHA),
			Patch:       strings.Join(patch, "\n"),
		})
	}
	c.json(http.StatusOK, out)
}

// ---- requested reviewers ----

func (s *Server) listRequestedReviewers(c *call) {
	_, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	users := []userJSON{}
	for _, a := range p.requested {
		users = append(users, s.userJSON(a))
	}
	c.json(http.StatusOK, map[string]any{"users": users, "teams": []any{}})
}

type reviewersRequest struct {
	Reviewers     []string `json:"reviewers"`
	TeamReviewers []string `json:"team_reviewers"`
}

func (s *Server) requestReviewers(c *call) {
	rp, p := c.loadPull(permWrite, "Must have push access to request reviews.")
	if p == nil {
		return
	}
	var req reviewersRequest
	if !c.decode(&req) {
		return
	}
	if len(req.Reviewers) == 0 && len(req.TeamReviewers) == 0 {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Code: "missing_field", Field: "reviewers"})
		return
	}
	notCollaborator := "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the " + rp.fullName() + " repository."
	if len(req.TeamReviewers) > 0 {
		// No teams here, so any team is not a collaborator.
		c.invalid(notCollaborator)
		return
	}
	var add []*account
	for _, login := range req.Reviewers {
		a := s.accounts[strings.ToLower(login)]
		if a == p.user {
			c.invalid("Review cannot be requested from pull request author.")
			return
		}
		if !s.isCollaborator(rp, a) {
			c.invalid(notCollaborator)
			return
		}
		add = append(add, a)
	}
	for _, a := range add {
		if !containsAccount(p.requested, a) {
			p.requested = append(p.requested, a)
		}
	}
	p.updated = now()
	c.json(http.StatusCreated, s.pullJSON(rp, p, c.user))
}

func (s *Server) removeRequestedReviewers(c *call) {
	rp, p := c.loadPull(permWrite, "Must have push access to remove review requests.")
	if p == nil {
		return
	}
	var req reviewersRequest
	if !c.decode(&req) {
		return
	}
	if req.Reviewers == nil && req.TeamReviewers == nil {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Code: "missing_field", Field: "reviewers"})
		return
	}
	for _, login := range req.Reviewers {
		p.unrequest(s.accounts[strings.ToLower(login)])
	}
	p.updated = now()
	c.json(http.StatusOK, s.pullJSON(rp, p, c.user))
}

func containsAccount(list []*account, a *account) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// unrequest removes a from the requested reviewers: GitHub does this when a
// review request is withdrawn or the reviewer submits a review.
func (p *pull) unrequest(a *account) {
	out := p.requested[:0]
	for _, x := range p.requested {
		if x != a {
			out = append(out, x)
		}
	}
	p.requested = out
}

// ---- merge ----

func (s *Server) checkMerged(c *call) {
	_, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	if p.merged {
		c.noContent()
		return
	}
	c.notFound()
}

// mergePull merges with a real merge commit made by git: merge-tree writes
// the merged tree, commit-tree makes the two-parent commit, and update-ref
// moves the base branch only if nobody pushed to it meanwhile.
func (s *Server) mergePull(c *call) {
	rp, p := c.loadPull(permWrite, "Must have write access to merge pull requests.")
	if p == nil {
		return
	}
	var req struct {
		CommitTitle   *string `json:"commit_title"`
		CommitMessage *string `json:"commit_message"`
		SHA           string  `json:"sha"`
		MergeMethod   string  `json:"merge_method"`
	}
	if !c.decode(&req) {
		return
	}
	switch req.MergeMethod {
	case "", "merge":
	case "squash":
		// The repository says allow_squash_merge: false, and GitHub answers so.
		c.fail(http.StatusMethodNotAllowed, "Squash merges are not allowed on this repository.")
		return
	case "rebase":
		c.fail(http.StatusMethodNotAllowed, "Rebase merges are not allowed on this repository.")
		return
	default:
		c.invalid("Validation Failed", fieldError{Resource: "PullRequest", Code: "invalid", Field: "merge_method"})
		return
	}
	if p.state != "open" {
		c.fail(http.StatusMethodNotAllowed, "Pull Request is not mergeable")
		return
	}
	if p.draft {
		c.fail(http.StatusMethodNotAllowed, "Pull Request is still a draft")
		return
	}
	if req.SHA != "" && req.SHA != p.headSHA {
		c.fail(http.StatusConflict, "Head branch was modified. Review and try the merge again.")
		return
	}
	out, err := s.git(rp.dir, "merge-tree", "--write-tree", "--no-messages", p.baseSHA, p.headSHA)
	if exitCode(err) == 1 {
		c.fail(http.StatusMethodNotAllowed, "Pull Request is not mergeable")
		return
	}
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	tree := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	title := "Merge pull request #" + strconv.Itoa(p.number) + " from " + rp.owner.login + "/" + p.head
	if req.CommitTitle != nil && *req.CommitTitle != "" {
		title = *req.CommitTitle
	}
	message := p.title
	if req.CommitMessage != nil {
		message = *req.CommitMessage
	}
	args := []string{"commit-tree", tree, "-p", p.baseSHA, "-p", p.headSHA, "-m", title}
	if message != "" {
		args = append(args, "-m", message)
	}
	t := now()
	commit, err := s.gitIn(rp.dir, "", commitEnv(c.user, t), args...)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	commit = strings.TrimSpace(commit)
	if _, err := s.git(rp.dir, "update-ref", "-m", "merge pull request #"+strconv.Itoa(p.number), "refs/heads/"+p.base, commit, p.baseSHA); err != nil {
		// The base moved under us (a concurrent push): GitHub asks to retry.
		c.fail(http.StatusConflict, "Base branch was modified. Review and try the merge again.")
		return
	}
	p.merged, p.mergedBy, p.mergeCommit = true, c.user, commit
	p.state, p.closed, p.mergedAt, p.updated = "closed", t, t, t
	rp.pushed, rp.updated = t, t
	c.json(http.StatusOK, map[string]any{"sha": commit, "merged": true, "message": "Pull Request successfully merged"})
}
