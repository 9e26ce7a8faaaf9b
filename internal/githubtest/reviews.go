package githubtest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Review feedback lives in three places on GitHub, and here: review bodies
// (reviews), line comments (review comments, threaded by in_reply_to_id) and
// conversation comments (issue comments).

type review struct {
	id        int64
	user      *account
	body      string
	state     string // PENDING, APPROVED, CHANGES_REQUESTED, COMMENTED
	commitID  string
	submitted time.Time
}

type reviewComment struct {
	id        int64
	reviewID  int64
	inReplyTo int64 // root of the thread, 0 for a root
	user      *account
	body      string
	path      string
	// Where the comment was made: the commit, the merge base its diff was
	// computed from (for LEFT lines), and the line numbers in that diff.
	// Current positions are derived from these on every read.
	commitID         string
	baseSHA          string
	line, startLine  int // startLine 0: single line
	side, startSide  string
	position         int
	diffHunk         string
	subjectType      string // "line" or "file"
	created, updated time.Time
	// resolved is the thread's state, kept on its first comment; only
	// GraphQL shows and changes it, as on GitHub.
	resolved bool
}

type issueComment struct {
	id               int64
	user             *account
	body             string
	created, updated time.Time
}

func (p *pull) review(id int64) *review {
	for _, r := range p.reviews {
		if r.id == id {
			return r
		}
	}
	return nil
}

func (p *pull) comment(id int64) *reviewComment {
	for _, c := range p.comments {
		if c.id == id {
			return c
		}
	}
	return nil
}

// pendingFor reports whether the review reviewID is pending and belongs to
// someone other than viewer: GitHub shows pending reviews and their
// comments only to their author.
func (s *Server) pendingFor(p *pull, reviewID int64, viewer *account) bool {
	r := p.review(reviewID)
	return r != nil && r.state == "PENDING" && r.user != viewer
}

// submit completes a review. As on GitHub, submitting a review answers the
// reviewer's review request.
func (p *pull) submit(r *review, state string) {
	t := now()
	r.state, r.submitted = state, t
	p.unrequest(r.user)
	p.updated = t
}

// ---- JSON ----

type reviewJSON struct {
	ID                int64               `json:"id"`
	NodeID            string              `json:"node_id"`
	User              userJSON            `json:"user"`
	Body              string              `json:"body"`
	State             string              `json:"state"`
	HTMLURL           string              `json:"html_url"`
	PullRequestURL    string              `json:"pull_request_url"`
	AuthorAssociation string              `json:"author_association"`
	Links             map[string]hrefJSON `json:"_links"`
	SubmittedAt       *string             `json:"submitted_at,omitempty"`
	CommitID          string              `json:"commit_id"`
}

func (s *Server) reviewJSON(rp *repo, p *pull, r *review) reviewJSON {
	html := s.htmlURL("/%s/pull/%d#pullrequestreview-%d", rp.fullName(), p.number, r.id)
	api := s.apiURL("/repos/%s/pulls/%d", rp.fullName(), p.number)
	return reviewJSON{
		ID:                r.id,
		NodeID:            nodeID("PRR", r.id),
		User:              s.userJSON(r.user),
		Body:              r.body,
		State:             r.state,
		HTMLURL:           html,
		PullRequestURL:    api,
		AuthorAssociation: s.association(rp, r.user),
		Links:             map[string]hrefJSON{"html": {html}, "pull_request": {api}},
		SubmittedAt:       isoPtr(r.submitted),
		CommitID:          r.commitID,
	}
}

type commentJSON struct {
	URL                 string              `json:"url"`
	PullRequestReviewID int64               `json:"pull_request_review_id"`
	ID                  int64               `json:"id"`
	NodeID              string              `json:"node_id"`
	DiffHunk            string              `json:"diff_hunk"`
	Path                string              `json:"path"`
	Position            *int                `json:"position"`
	OriginalPosition    *int                `json:"original_position,omitempty"`
	CommitID            string              `json:"commit_id"`
	OriginalCommitID    string              `json:"original_commit_id"`
	InReplyToID         *int64              `json:"in_reply_to_id,omitempty"`
	User                userJSON            `json:"user"`
	Body                string              `json:"body"`
	CreatedAt           string              `json:"created_at"`
	UpdatedAt           string              `json:"updated_at"`
	HTMLURL             string              `json:"html_url"`
	PullRequestURL      string              `json:"pull_request_url"`
	AuthorAssociation   string              `json:"author_association"`
	Links               map[string]hrefJSON `json:"_links"`
	StartLine           *int                `json:"start_line"`
	OriginalStartLine   *int                `json:"original_start_line"`
	StartSide           *string             `json:"start_side"`
	Line                *int                `json:"line"`
	OriginalLine        *int                `json:"original_line,omitempty"`
	Side                string              `json:"side"`
	SubjectType         string              `json:"subject_type"`
}

func intPtr(v int) *int {
	if v == 0 {
		return nil
	}
	return &v
}

// currentLocation works out where a comment is now. A comment made on an
// older commit follows its lines to the current head (or, on the LEFT side,
// to the current merge base); if any commented line was changed, or is no
// longer part of the pull request's diff, the comment is outdated and
// GitHub reports line, start_line and position as null.
func (s *Server) currentLocation(p *pull, rc *reviewComment, d *diffCache) (line, start, pos int, current bool) {
	mb, hunks, err := d.prHunks(p.baseSHA, p.headSHA, rc.path)
	if err != nil || mb == "" {
		return 0, 0, 0, false
	}
	if rc.commitID == p.headSHA && rc.baseSHA == mb {
		return rc.line, rc.startLine, rc.position, true
	}
	follow := func(side string, first, last int) (int, int, bool) {
		if side == sideLeft {
			return d.follow(rc.baseSHA, mb, rc.path, first, last)
		}
		return d.follow(rc.commitID, p.headSHA, rc.path, first, last)
	}
	var ok bool
	switch {
	case rc.startLine == 0:
		line, _, ok = follow(rc.side, rc.line, rc.line)
	case rc.startSide == rc.side:
		start, line, ok = follow(rc.side, rc.startLine, rc.line)
	default:
		// A range from the old side into the new one: follow each end on
		// its own side.
		var ok1 bool
		start, _, ok1 = follow(rc.startSide, rc.startLine, rc.startLine)
		line, _, ok = follow(rc.side, rc.line, rc.line)
		ok = ok && ok1
	}
	if !ok {
		return 0, 0, 0, false
	}
	hi, li, ok := locate(hunks, rc.side, line)
	if !ok {
		return 0, 0, 0, false
	}
	if start != 0 {
		if shi, _, ok := locate(hunks, rc.startSide, start); !ok || shi != hi {
			return 0, 0, 0, false
		}
	}
	return line, start, position(hunks, hi, li), true
}

func (s *Server) commentJSON(rp *repo, p *pull, rc *reviewComment, d *diffCache) commentJSON {
	full := rp.fullName()
	api := s.apiURL("/repos/%s/pulls/comments/%d", full, rc.id)
	html := s.htmlURL("/%s/pull/%d#discussion_r%d", full, p.number, rc.id)
	prURL := s.apiURL("/repos/%s/pulls/%d", full, p.number)
	out := commentJSON{
		URL:                 api,
		PullRequestReviewID: rc.reviewID,
		ID:                  rc.id,
		NodeID:              nodeID("PRRC", rc.id),
		DiffHunk:            rc.diffHunk,
		Path:                rc.path,
		CommitID:            rc.commitID,
		OriginalCommitID:    rc.commitID,
		User:                s.userJSON(rc.user),
		Body:                rc.body,
		CreatedAt:           iso(rc.created),
		UpdatedAt:           iso(rc.updated),
		HTMLURL:             html,
		PullRequestURL:      prURL,
		AuthorAssociation:   s.association(rp, rc.user),
		Links:               map[string]hrefJSON{"self": {api}, "html": {html}, "pull_request": {prURL}},
		SubjectType:         rc.subjectType,
		Side:                rc.side,
	}
	if rc.inReplyTo != 0 {
		id := rc.inReplyTo
		out.InReplyToID = &id
	}
	if rc.subjectType == "file" {
		// GitHub's description does not let original_line and
		// original_position be null, and a file has neither: they are left
		// out.
		return out
	}
	out.OriginalLine, out.OriginalStartLine = intPtr(rc.line), intPtr(rc.startLine)
	out.OriginalPosition = intPtr(rc.position)
	if line, start, pos, ok := s.currentLocation(p, rc, d); ok {
		// Still current: GitHub moves commit_id to the head it now shows.
		out.Line, out.StartLine, out.Position = intPtr(line), intPtr(start), intPtr(pos)
		out.CommitID = p.headSHA
	}
	if rc.startLine != 0 {
		ss := rc.startSide
		out.StartSide = &ss
	}
	return out
}

// ---- placing a comment in the diff ----

// commentSpec is a line comment as clients send it, alone or inside a review.
type commentSpec struct {
	Body        string `json:"body"`
	Path        string `json:"path"`
	Position    *int   `json:"position"`
	Line        *int   `json:"line"`
	Side        string `json:"side"`
	StartLine   *int   `json:"start_line"`
	StartSide   string `json:"start_side"`
	SubjectType string `json:"subject_type"`
}

// threadError is GitHub's 422 for a comment that does not fit the diff.
func (c *call) threadError(field, msg string) {
	c.validation("PullRequestReviewComment", "pull_request_review_thread."+field, "pull_request_review_thread."+field+" "+msg)
}

// checkCommit makes sure commit belongs to the pull request: the head or
// one of the commits leading to it.
func (s *Server) checkCommit(c *call, rp *repo, p *pull, commit string) bool {
	if commit == p.headSHA || (s.commitExists(rp, commit) && s.isAncestor(rp, commit, p.headSHA)) {
		return true
	}
	c.validation("PullRequestReviewComment", "commit_id", "commit_id is not part of the pull request")
	return false
}

// anchor applies GitHub's rule that a line comment must sit on a line of
// the pull request's diff (as of commit) on the side it names, and that a
// range stays within one hunk. It answers 422 itself and returns nil when
// the comment does not fit.
func (s *Server) anchor(c *call, p *pull, commit string, spec commentSpec, d *diffCache) *reviewComment {
	if spec.Path == "" {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "missing_field", Field: "path"})
		return nil
	}
	mb, hunks, err := d.prHunks(p.baseSHA, commit, spec.Path)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return nil
	}
	rc := &reviewComment{path: spec.Path, commitID: commit, baseSHA: mb, subjectType: "line", side: sideRight}
	if spec.SubjectType == "file" {
		if len(hunks) == 0 {
			c.threadError("path", "must be part of the diff")
			return nil
		}
		rc.subjectType = "file"
		return rc
	}
	side := strings.ToUpper(spec.Side)
	if side == "" {
		side = sideRight
	}
	var line int
	switch {
	case spec.Line != nil:
		line = *spec.Line
	case spec.Position != nil:
		// The legacy way: a position in the diff rather than a line.
		var ok bool
		if side, line, ok = atPosition(hunks, *spec.Position); !ok {
			c.threadError("diff_hunk", "can't be blank")
			return nil
		}
	default:
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "missing_field", Field: "line"})
		return nil
	}
	if side != sideRight && side != sideLeft {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "invalid", Field: "side"})
		return nil
	}
	hi, li, ok := locate(hunks, side, line)
	if !ok {
		c.threadError("line", "must be part of the diff")
		return nil
	}
	rc.line, rc.side = line, side
	rc.position, rc.diffHunk = position(hunks, hi, li), diffHunk(hunks, hi, li)

	startSide := strings.ToUpper(spec.StartSide)
	if startSide == "" {
		startSide = side
	}
	if spec.StartLine == nil || (*spec.StartLine == line && startSide == side) {
		return rc
	}
	start := *spec.StartLine
	if startSide != sideRight && startSide != sideLeft {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "invalid", Field: "start_side"})
		return nil
	}
	shi, sli, ok := locate(hunks, startSide, start)
	switch {
	case !ok:
		c.threadError("start_line", "must be part of the diff")
		return nil
	case shi != hi:
		c.threadError("start_line", "must be part of the same hunk as the line.")
		return nil
	case sli >= li:
		c.threadError("start_line", "must precede the end line.")
		return nil
	}
	rc.startLine, rc.startSide = start, startSide
	return rc
}

// ---- review comments ----

func (s *Server) listPullComments(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	q := c.r.URL.Query()
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "invalid", Field: "since"})
			return
		}
		since = t
	}
	var list []*reviewComment
	for _, rc := range p.comments {
		if s.pendingFor(p, rc.reviewID, c.user) || rc.updated.Before(since) {
			continue
		}
		list = append(list, rc)
	}
	sortComments(list, q.Get("sort"), q.Get("direction"))
	d := s.newDiffCache(rp)
	out := []commentJSON{}
	for _, rc := range paginate(c, list) {
		out = append(out, s.commentJSON(rp, p, rc, d))
	}
	c.json(http.StatusOK, out)
}

// sortComments orders by creation (the default) or update time, ascending
// unless direction is desc.
func sortComments(list []*reviewComment, by, direction string) {
	key := func(rc *reviewComment) time.Time {
		if by == "updated" {
			return rc.updated
		}
		return rc.created
	}
	desc := direction == "desc"
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if ka, kb := key(a), key(b); !ka.Equal(kb) {
			return ka.Before(kb) != desc
		}
		return (a.id < b.id) != desc
	})
}

func (s *Server) getPullComment(c *call) {
	rp := c.loadRepo(permRead, "")
	if rp == nil {
		return
	}
	id, _ := strconv.ParseInt(c.r.PathValue("id"), 10, 64)
	if err := s.refreshAll(rp); err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	for _, p := range rp.pulls {
		if rc := p.comment(id); rc != nil && !s.pendingFor(p, rc.reviewID, c.user) {
			c.json(http.StatusOK, s.commentJSON(rp, p, rc, s.newDiffCache(rp)))
			return
		}
	}
	c.notFound()
}

type createCommentRequest struct {
	commentSpec
	CommitID  string `json:"commit_id"`
	InReplyTo *int64 `json:"in_reply_to"`
}

// createPullComment makes a single line comment, which GitHub files as a
// one-comment review in state COMMENTED, or a reply when in_reply_to is set.
func (s *Server) createPullComment(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	var req createCommentRequest
	if !c.decode(&req) {
		return
	}
	if req.InReplyTo != nil {
		s.reply(c, rp, p, *req.InReplyTo, req.Body)
		return
	}
	if req.Body == "" {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "missing_field", Field: "body"})
		return
	}
	// GitHub requires commit_id here, unlike in reviews.
	if req.CommitID == "" {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "missing_field", Field: "commit_id"})
		return
	}
	if !s.checkCommit(c, rp, p, req.CommitID) {
		return
	}
	d := s.newDiffCache(rp)
	rc := s.anchor(c, p, req.CommitID, req.commentSpec, d)
	if rc == nil {
		return
	}
	r := &review{id: s.newID(), user: c.user, commitID: req.CommitID}
	p.reviews = append(p.reviews, r)
	p.submit(r, "COMMENTED")
	s.addComment(p, r, rc, c.user, req.Body)
	c.json(http.StatusCreated, s.commentJSON(rp, p, rc, d))
}

func (s *Server) addComment(p *pull, r *review, rc *reviewComment, by *account, body string) {
	t := now()
	rc.id, rc.reviewID, rc.user, rc.body = s.newID(), r.id, by, body
	rc.created, rc.updated = t, t
	p.comments = append(p.comments, rc)
	p.updated = t
}

func (s *Server) replyPullComment(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if !c.decode(&req) {
		return
	}
	id, _ := strconv.ParseInt(c.r.PathValue("id"), 10, 64)
	s.reply(c, rp, p, id, req.Body)
}

// reply answers a thread. It needs only a body: the reply takes the place
// of the thread's first comment, and in_reply_to_id names that comment even
// when replying to a reply, as on GitHub.
func (s *Server) reply(c *call, rp *repo, p *pull, to int64, body string) {
	parent := p.comment(to)
	if parent == nil || s.pendingFor(p, parent.reviewID, c.user) {
		c.notFound()
		return
	}
	if body == "" {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "missing_field", Field: "body"})
		return
	}
	root := parent
	if parent.inReplyTo != 0 {
		if r := p.comment(parent.inReplyTo); r != nil {
			root = r
		}
	}
	rc := *root
	rc.inReplyTo = root.id
	r := &review{id: s.newID(), user: c.user, commitID: root.commitID}
	p.reviews = append(p.reviews, r)
	p.submit(r, "COMMENTED")
	s.addComment(p, r, &rc, c.user, body)
	c.json(http.StatusCreated, s.commentJSON(rp, p, &rc, s.newDiffCache(rp)))
}

// ---- reviews ----

func (s *Server) listReviews(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	var list []*review
	for _, r := range p.reviews {
		if !s.pendingFor(p, r.id, c.user) {
			list = append(list, r)
		}
	}
	out := []reviewJSON{}
	for _, r := range paginate(c, list) {
		out = append(out, s.reviewJSON(rp, p, r))
	}
	c.json(http.StatusOK, out)
}

// loadReview finds the review of the request path, hiding other people's
// pending reviews.
func (c *call) loadReview() (*repo, *pull, *review) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return nil, nil, nil
	}
	id, _ := strconv.ParseInt(c.r.PathValue("id"), 10, 64)
	r := p.review(id)
	if r == nil || c.s.pendingFor(p, id, c.user) {
		c.notFound()
		return nil, nil, nil
	}
	return rp, p, r
}

func (s *Server) getReview(c *call) {
	if rp, p, r := c.loadReview(); r != nil {
		c.json(http.StatusOK, s.reviewJSON(rp, p, r))
	}
}

var reviewStates = map[string]string{
	"APPROVE":         "APPROVED",
	"REQUEST_CHANGES": "CHANGES_REQUESTED",
	"COMMENT":         "COMMENTED",
}

// checkEvent applies GitHub's rules on a review's verdict: authors cannot
// approve or request changes on their own pull request, and a verdict other
// than approval needs something to say. It answers 422 itself.
func (c *call) checkEvent(p *pull, event, body string, comments int) (state string, ok bool) {
	state, known := reviewStates[event]
	if !known {
		c.invalid("Unprocessable Entity", `Event must be one of "APPROVE", "REQUEST_CHANGES", "COMMENT"`)
		return "", false
	}
	if p.user == c.user {
		switch event {
		case "APPROVE":
			c.invalid("Unprocessable Entity", "Can not approve your own pull request")
			return "", false
		case "REQUEST_CHANGES":
			c.invalid("Unprocessable Entity", "Can not request changes on your own pull request")
			return "", false
		}
	}
	if event != "APPROVE" && strings.TrimSpace(body) == "" && comments == 0 {
		c.invalid("Unprocessable Entity", "Body can't be blank")
		return "", false
	}
	return state, true
}

func (s *Server) createReview(c *call) {
	c.simpleErrors = true
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	var req struct {
		CommitID string        `json:"commit_id"`
		Body     string        `json:"body"`
		Event    string        `json:"event"`
		Comments []commentSpec `json:"comments"`
	}
	if !c.decode(&req) {
		return
	}
	event := strings.ToUpper(req.Event)
	state := "PENDING"
	if event != "" && event != "PENDING" {
		var ok bool
		if state, ok = c.checkEvent(p, event, req.Body, len(req.Comments)); !ok {
			return
		}
	} else {
		for _, r := range p.reviews {
			if r.user == c.user && r.state == "PENDING" {
				c.invalid("Unprocessable Entity", "User can only have one pending review per pull request")
				return
			}
		}
	}
	commit := req.CommitID
	if commit == "" {
		commit = p.headSHA
	}
	if !s.checkCommit(c, rp, p, commit) {
		return
	}
	// All comments must fit the diff before any is stored.
	d := s.newDiffCache(rp)
	var placed []*reviewComment
	for _, spec := range req.Comments {
		if spec.Body == "" {
			c.invalid("Validation Failed", fieldError{Resource: "PullRequestReviewComment", Code: "missing_field", Field: "body"})
			return
		}
		rc := s.anchor(c, p, commit, spec, d)
		if rc == nil {
			return
		}
		placed = append(placed, rc)
	}
	r := &review{id: s.newID(), user: c.user, body: req.Body, state: "PENDING", commitID: commit}
	p.reviews = append(p.reviews, r)
	for i, rc := range placed {
		s.addComment(p, r, rc, c.user, req.Comments[i].Body)
	}
	if state != "PENDING" {
		p.submit(r, state)
	}
	c.json(http.StatusOK, s.reviewJSON(rp, p, r))
}

// submitReview submits a pending review with a verdict.
func (s *Server) submitReview(c *call) {
	c.simpleErrors = true
	rp, p, r := c.loadReview()
	if r == nil {
		return
	}
	var req struct {
		Body  string `json:"body"`
		Event string `json:"event"`
	}
	if !c.decode(&req) {
		return
	}
	if r.state != "PENDING" {
		c.invalid("Unprocessable Entity", "Can not submit a non-pending review")
		return
	}
	if req.Event == "" {
		c.invalid("Validation Failed", fieldError{Resource: "PullRequestReview", Code: "missing_field", Field: "event"})
		return
	}
	body := r.body
	if req.Body != "" {
		body = req.Body
	}
	comments := 0
	for _, rc := range p.comments {
		if rc.reviewID == r.id {
			comments++
		}
	}
	state, ok := c.checkEvent(p, strings.ToUpper(req.Event), body, comments)
	if !ok {
		return
	}
	r.body = body
	p.submit(r, state)
	c.json(http.StatusOK, s.reviewJSON(rp, p, r))
}

func (s *Server) deletePendingReview(c *call) {
	c.simpleErrors = true
	rp, p, r := c.loadReview()
	if r == nil {
		return
	}
	if r.state != "PENDING" {
		c.invalid("Unprocessable Entity", "Can not delete a non-pending review")
		return
	}
	var reviews []*review
	for _, x := range p.reviews {
		if x != r {
			reviews = append(reviews, x)
		}
	}
	var comments []*reviewComment
	for _, rc := range p.comments {
		if rc.reviewID != r.id {
			comments = append(comments, rc)
		}
	}
	p.reviews, p.comments = reviews, comments
	c.json(http.StatusOK, s.reviewJSON(rp, p, r))
}

func (s *Server) listReviewComments(c *call) {
	rp, p, r := c.loadReview()
	if r == nil {
		return
	}
	var list []*reviewComment
	for _, rc := range p.comments {
		if rc.reviewID == r.id {
			list = append(list, rc)
		}
	}
	d := s.newDiffCache(rp)
	out := []commentJSON{}
	for _, rc := range paginate(c, list) {
		out = append(out, s.commentJSON(rp, p, rc, d))
	}
	c.json(http.StatusOK, out)
}

// ---- conversation (issue) comments ----

type issueCommentJSON struct {
	ID                int64    `json:"id"`
	NodeID            string   `json:"node_id"`
	URL               string   `json:"url"`
	HTMLURL           string   `json:"html_url"`
	IssueURL          string   `json:"issue_url"`
	Body              string   `json:"body"`
	User              userJSON `json:"user"`
	CreatedAt         string   `json:"created_at"`
	UpdatedAt         string   `json:"updated_at"`
	AuthorAssociation string   `json:"author_association"`
}

func (s *Server) issueCommentJSON(rp *repo, p *pull, ic *issueComment) issueCommentJSON {
	full := rp.fullName()
	return issueCommentJSON{
		ID:                ic.id,
		NodeID:            nodeID("IC", ic.id),
		URL:               s.apiURL("/repos/%s/issues/comments/%d", full, ic.id),
		HTMLURL:           s.htmlURL("/%s/pull/%d#issuecomment-%d", full, p.number, ic.id),
		IssueURL:          s.apiURL("/repos/%s/issues/%d", full, p.number),
		Body:              ic.body,
		User:              s.userJSON(ic.user),
		CreatedAt:         iso(ic.created),
		UpdatedAt:         iso(ic.updated),
		AuthorAssociation: s.association(rp, ic.user),
	}
}

func (s *Server) listIssueComments(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	var since time.Time
	if v := c.r.URL.Query().Get("since"); v != "" {
		since, _ = time.Parse(time.RFC3339, v)
	}
	var list []*issueComment
	for _, ic := range p.issueComments {
		if !ic.updated.Before(since) {
			list = append(list, ic)
		}
	}
	out := []issueCommentJSON{}
	for _, ic := range paginate(c, list) {
		out = append(out, s.issueCommentJSON(rp, p, ic))
	}
	c.json(http.StatusOK, out)
}

func (s *Server) createIssueComment(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if !c.decode(&req) {
		return
	}
	if strings.TrimSpace(req.Body) == "" {
		c.invalid("Validation Failed", fieldError{Resource: "IssueComment", Code: "missing_field", Field: "body"})
		return
	}
	t := now()
	ic := &issueComment{id: s.newID(), user: c.user, body: req.Body, created: t, updated: t}
	p.issueComments = append(p.issueComments, ic)
	p.updated = t
	c.json(http.StatusCreated, s.issueCommentJSON(rp, p, ic))
}
