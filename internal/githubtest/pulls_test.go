package githubtest_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func TestPullRequestRules(t *testing.T) {
	e := newEnv(t)
	dir := e.caseStudy()
	ana := e.client("ana")
	pr := e.openPR()

	if pr.GetNumber() != 1 || pr.GetState() != "open" || pr.GetUser().GetLogin() != "ana" ||
		pr.GetHead().GetRef() != "draft" || pr.GetHead().GetLabel() != "ana:draft" || pr.GetBase().GetRef() != "main" {
		t.Errorf("pr = %+v", pr)
	}
	if got, want := pr.GetHead().GetSHA(), e.git(dir, "rev-parse", "draft"); got != want {
		t.Errorf("head.sha = %s, want %s", got, want)
	}
	if pr.GetHTMLURL() != e.srv.URL+"/ana/acme/pull/1" {
		t.Errorf("html_url = %s", pr.GetHTMLURL())
	}

	// One open pull request per head and base.
	_, _, err := ana.PullRequests.Create(e.ctx, "ana", "acme", &github.NewPullRequest{
		Title: github.String("again"), Head: github.String("ana:draft"), Base: github.String("main"),
	})
	apiError(t, err, http.StatusUnprocessableEntity, "A pull request already exists for ana:draft.")

	// Head and base must exist.
	_, _, err = ana.PullRequests.Create(e.ctx, "ana", "acme", &github.NewPullRequest{
		Title: github.String("x"), Head: github.String("nope"), Base: github.String("main"),
	})
	apiError(t, err, http.StatusUnprocessableEntity, "Validation Failed")

	// Head and base need a common ancestor.
	e.git(dir, "checkout", "-q", "--orphan", "stray")
	writeFile(t, filepath.Join(dir, "other.md"), "unrelated\n")
	e.git(dir, "add", "other.md")
	e.git(dir, "commit", "-q", "-m", "Unrelated")
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "stray")
	_, _, err = ana.PullRequests.Create(e.ctx, "ana", "acme", &github.NewPullRequest{
		Title: github.String("x"), Head: github.String("stray"), Base: github.String("main"),
	})
	apiError(t, err, http.StatusUnprocessableEntity, "no history in common")

	// A branch with nothing new cannot be proposed.
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "main:same")
	_, _, err = ana.PullRequests.Create(e.ctx, "ana", "acme", &github.NewPullRequest{
		Title: github.String("x"), Head: github.String("same"), Base: github.String("main"),
	})
	apiError(t, err, http.StatusUnprocessableEntity, "No commits between main and same")

	// submit finds the existing pull request by OWNER:BRANCH.
	list, _, err := ana.PullRequests.List(e.ctx, "ana", "acme", &github.PullRequestListOptions{Head: "ana:draft", State: "open"})
	if err != nil || len(list) != 1 || list[0].GetNumber() != 1 {
		t.Fatalf("list by head = %v, %v", list, err)
	}
	list, _, _ = ana.PullRequests.List(e.ctx, "ana", "acme", &github.PullRequestListOptions{Head: "ana:other"})
	if len(list) != 0 {
		t.Errorf("list by other head = %d pulls", len(list))
	}

	// Closing frees the slot; reopening is refused while another is open.
	closed := "closed"
	if _, _, err := ana.PullRequests.Edit(e.ctx, "ana", "acme", 1, &github.PullRequest{State: &closed}); err != nil {
		t.Fatal(err)
	}
	pr2, _, err := ana.PullRequests.Create(e.ctx, "ana", "acme", &github.NewPullRequest{
		Title: github.String("Case study, draft 1 (again)"), Head: github.String("draft"), Base: github.String("main"),
	})
	if err != nil {
		t.Fatal(err)
	}
	open := "open"
	_, _, err = ana.PullRequests.Edit(e.ctx, "ana", "acme", 1, &github.PullRequest{State: &open})
	apiError(t, err, http.StatusUnprocessableEntity, "already an open pull request")

	// The head follows pushes.
	e.git(dir, "checkout", "-q", "draft")
	writeFile(t, filepath.Join(dir, "case-study.md"), joinLines(numbered("sentence", 21)))
	e.git(dir, "commit", "-q", "-am", "Draft 2")
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "draft")
	got, _, err := ana.PullRequests.Get(e.ctx, "ana", "acme", pr2.GetNumber())
	if err != nil {
		t.Fatal(err)
	}
	if got.GetHead().GetSHA() != e.git(dir, "rev-parse", "draft") || got.GetCommits() != 2 || !got.GetMergeable() ||
		got.GetChangedFiles() != 2 || got.GetAdditions() != 23 || got.GetDeletions() != 2 {
		t.Errorf("pr after push: head=%s commits=%d mergeable=%v files=%d +%d -%d",
			got.GetHead().GetSHA(), got.GetCommits(), got.GetMergeable(), got.GetChangedFiles(), got.GetAdditions(), got.GetDeletions())
	}
	// The closed one stays frozen at the head it had.
	old, _, _ := ana.PullRequests.Get(e.ctx, "ana", "acme", 1)
	if old.GetHead().GetSHA() != pr.GetHead().GetSHA() {
		t.Errorf("closed pr head moved to %s", old.GetHead().GetSHA())
	}
}

func TestReviewCommentsMustBeInTheDiff(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.addCollaborator("bob")
	pr := e.openPR()
	bob := e.client("bob")
	head := pr.GetHead().GetSHA()
	comment := func(path string, line int, side string, start int) (*github.PullRequestComment, error) {
		c := &github.PullRequestComment{Body: github.String("why?"), CommitID: &head, Path: &path, Line: &line}
		if side != "" {
			c.Side = &side
		}
		if start != 0 {
			c.StartLine = &start
		}
		got, _, err := bob.PullRequests.CreateComment(e.ctx, "ana", "acme", pr.GetNumber(), c)
		return got, err
	}
	const outside = "pull_request_review_thread.line must be part of the diff"

	// Every line of the new case study is commentable.
	c, err := comment("case-study.md", 20, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.GetLine() != 20 || c.GetOriginalLine() != 20 || c.GetSide() != "RIGHT" || c.GetCommitID() != head ||
		c.GetOriginalCommitID() != head || c.GetUser().GetLogin() != "bob" || c.GetPullRequestReviewID() == 0 ||
		c.GetPosition() != 20 || !strings.HasSuffix(c.GetDiffHunk(), "+sentence 20") || c.GetCreatedAt().IsZero() {
		t.Errorf("comment = %+v", c)
	}
	if _, err := comment("case-study.md", 21, "", 0); err == nil {
		t.Error("comment past the end of the file accepted")
	} else {
		apiError(t, err, http.StatusUnprocessableEntity, outside)
	}
	// notes.md changed at lines 2 and 28: two hunks, 1-5 and 25-30.
	if _, err := comment("notes.md", 5, "", 0); err != nil {
		t.Errorf("context line in hunk refused: %v", err)
	}
	_, err = comment("notes.md", 15, "", 0)
	apiError(t, err, http.StatusUnprocessableEntity, outside)
	if _, err := comment("notes.md", 2, "LEFT", 0); err != nil {
		t.Errorf("old line on LEFT refused: %v", err)
	}
	_, err = comment("case-study.md", 2, "LEFT", 0)
	apiError(t, err, http.StatusUnprocessableEntity, outside)
	_, err = comment("README.md", 1, "", 0)
	apiError(t, err, http.StatusUnprocessableEntity, outside)

	// A range must stay within one hunk.
	r, err := comment("notes.md", 5, "", 1)
	if err != nil {
		t.Fatalf("range in one hunk refused: %v", err)
	}
	if r.GetStartLine() != 1 || r.GetLine() != 5 || r.GetStartSide() != "RIGHT" || r.GetOriginalStartLine() != 1 {
		t.Errorf("range = %+v", r)
	}
	_, err = comment("notes.md", 26, "", 1)
	apiError(t, err, http.StatusUnprocessableEntity, "pull_request_review_thread.start_line must be part of the same hunk as the line.")
	_, err = comment("notes.md", 3, "", 5)
	apiError(t, err, http.StatusUnprocessableEntity, "precede")

	// The exact body GitHub sends.
	resp, body := e.post("bob", "/api/v3/repos/ana/acme/pulls/1/comments",
		`{"body":"x","commit_id":"`+head+`","path":"notes.md","line":15,"side":"RIGHT"}`)
	want := `{"message":"Validation Failed","errors":[{"resource":"PullRequestReviewComment","code":"custom","field":"pull_request_review_thread.line","message":"pull_request_review_thread.line must be part of the diff"}]`
	if resp.StatusCode != 422 || !strings.HasPrefix(body, want) {
		t.Errorf("422 body = %s", body)
	}

	// A reply joins the thread's root: GitHub ignores all but the body
	// (though its REST description requires commit_id and path too).
	resp, body = e.post("ana", "/api/v3/repos/ana/acme/pulls/1/comments",
		`{"body":"fixed","in_reply_to":`+itoa64(c.GetID())+`,"commit_id":"`+head+`","path":"notes.md"}`)
	var reply github.PullRequestComment
	if err := json.Unmarshal([]byte(body), &reply); resp.StatusCode != http.StatusCreated || err != nil {
		t.Fatalf("reply: %d %s", resp.StatusCode, body)
	}
	if reply.GetInReplyTo() != c.GetID() || reply.GetPath() != "case-study.md" || reply.GetLine() != 20 {
		t.Errorf("reply = %+v", reply)
	}
	resp, body = e.post("bob", "/api/v3/repos/ana/acme/pulls/1/comments/"+itoa64(reply.GetID())+"/replies", `{"body":"thanks"}`)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(body, `"in_reply_to_id":`+itoa64(c.GetID())) {
		t.Errorf("reply to reply: %d %s", resp.StatusCode, body)
	}

	got, _, err := bob.PullRequests.GetComment(e.ctx, "ana", "acme", c.GetID())
	if err != nil || got.GetBody() != "why?" {
		t.Errorf("GetComment = %+v, %v", got, err)
	}
}

func TestReviewsAndReviewRequests(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.addCollaborator("bob")
	pr := e.openPR()
	ana, bob := e.client("ana"), e.client("bob")
	n := pr.GetNumber()

	// Authors can neither approve nor reject their own work, nor review it.
	_, _, err := ana.PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{Event: github.String("APPROVE")})
	apiError(t, err, http.StatusUnprocessableEntity, "Can not approve your own pull request")
	_, _, err = ana.PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{Event: github.String("REQUEST_CHANGES"), Body: github.String("hmm")})
	apiError(t, err, http.StatusUnprocessableEntity, "Can not request changes on your own pull request")
	_, _, err = ana.PullRequests.RequestReviewers(e.ctx, "ana", "acme", n, github.ReviewersRequest{Reviewers: []string{"ana"}})
	apiError(t, err, http.StatusUnprocessableEntity, "Review cannot be requested from pull request author.")
	// Only collaborators can be asked.
	_, _, err = ana.PullRequests.RequestReviewers(e.ctx, "ana", "acme", n, github.ReviewersRequest{Reviewers: []string{"craig"}})
	apiError(t, err, http.StatusUnprocessableEntity, "Reviews may only be requested from collaborators")

	e.addCollaborator("craig")
	got, resp, err := ana.PullRequests.RequestReviewers(e.ctx, "ana", "acme", n, github.ReviewersRequest{Reviewers: []string{"bob", "craig"}})
	if err != nil || resp.StatusCode != http.StatusCreated || len(got.RequestedReviewers) != 2 {
		t.Fatalf("request reviewers: %v %+v", err, got)
	}
	if _, err := ana.PullRequests.RemoveReviewers(e.ctx, "ana", "acme", n, github.ReviewersRequest{Reviewers: []string{"craig"}}); err != nil {
		t.Fatal(err)
	}
	reviewers, _, err := ana.PullRequests.ListReviewers(e.ctx, "ana", "acme", n, nil)
	if err != nil || len(reviewers.Users) != 1 || reviewers.Users[0].GetLogin() != "bob" {
		t.Fatalf("reviewers = %+v, %v", reviewers, err)
	}

	// The mentor's queue is a search.
	res, _, err := bob.Search.Issues(e.ctx, "is:pr is:open review-requested:bob archived:false user:ana", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.GetTotal() != 1 || len(res.Issues) != 1 || !res.Issues[0].IsPullRequest() ||
		res.Issues[0].GetRepositoryURL() != e.srv.URL+"/api/v3/repos/ana/acme" || res.Issues[0].GetNumber() != n {
		t.Errorf("search = %+v", res)
	}
	for _, q := range []string{"is:pr review-requested:craig", "is:pr is:closed review-requested:bob", "is:pr user:bob"} {
		res, _, err := bob.Search.Issues(e.ctx, q, nil)
		if err != nil || res.GetTotal() != 0 {
			t.Errorf("search %q = %d, %v", q, res.GetTotal(), err)
		}
	}
	// craig can see the repository but is not asked.
	res, _, _ = e.client("craig").Search.Issues(e.ctx, "is:pr author:ana", nil)
	if res.GetTotal() != 1 {
		t.Errorf("craig search author:ana = %d", res.GetTotal())
	}

	// A pending review is invisible to others until submitted.
	line := 3
	pending, _, err := bob.PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{
		Body:     github.String("First pass"),
		Comments: []*github.DraftReviewComment{{Path: github.String("case-study.md"), Line: &line, Body: github.String("Say who.")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if pending.GetState() != "PENDING" || pending.SubmittedAt != nil {
		t.Errorf("pending = %+v", pending)
	}
	if list, _, _ := ana.PullRequests.ListComments(e.ctx, "ana", "acme", n, nil); len(list) != 0 {
		t.Errorf("author sees %d pending comments", len(list))
	}
	if list, _, _ := bob.PullRequests.ListComments(e.ctx, "ana", "acme", n, nil); len(list) != 1 {
		t.Errorf("reviewer sees %d own pending comments", len(list))
	}
	approved, _, err := bob.PullRequests.SubmitReview(e.ctx, "ana", "acme", n, pending.GetID(), &github.PullRequestReviewRequest{Event: github.String("APPROVE")})
	if err != nil {
		t.Fatal(err)
	}
	if approved.GetState() != "APPROVED" || approved.SubmittedAt == nil || approved.GetCommitID() != pr.GetHead().GetSHA() {
		t.Errorf("approved = %+v", approved)
	}
	// Reviewing answers the request, as on GitHub.
	if reviewers, _, _ := ana.PullRequests.ListReviewers(e.ctx, "ana", "acme", n, nil); len(reviewers.Users) != 0 {
		t.Errorf("bob still requested after reviewing: %+v", reviewers.Users)
	}
	if list, _, _ := ana.PullRequests.ListComments(e.ctx, "ana", "acme", n, nil); len(list) != 1 || list[0].GetPullRequestReviewID() != pending.GetID() {
		t.Errorf("author sees %d submitted comments", len(list))
	}

	// A review with a comment outside the diff is refused as a whole.
	bad := 99
	_, _, err = bob.PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{
		Event:    github.String("REQUEST_CHANGES"),
		Body:     github.String("More detail"),
		Comments: []*github.DraftReviewComment{{Path: github.String("case-study.md"), Line: &bad, Body: github.String("?")}},
	})
	apiError(t, err, http.StatusUnprocessableEntity, "must be part of the diff")
	changes, _, err := e.client("craig").PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{
		Event: github.String("REQUEST_CHANGES"), Body: github.String("More detail"),
	})
	if err != nil || changes.GetState() != "CHANGES_REQUESTED" {
		t.Fatalf("request changes: %+v %v", changes, err)
	}
	commented, _, err := ana.PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{
		Event: github.String("COMMENT"), Body: github.String("Thanks, both"),
	})
	if err != nil || commented.GetState() != "COMMENTED" {
		t.Fatalf("author comment review: %+v %v", commented, err)
	}
	reviews, _, err := ana.PullRequests.ListReviews(e.ctx, "ana", "acme", n, nil)
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, r := range reviews {
		states = append(states, r.GetUser().GetLogin()+":"+r.GetState())
	}
	if strings.Join(states, " ") != "bob:APPROVED craig:CHANGES_REQUESTED ana:COMMENTED" {
		t.Errorf("reviews = %v", states)
	}

	// Conversation comments.
	if _, _, err := bob.Issues.CreateComment(e.ctx, "ana", "acme", n, &github.IssueComment{Body: github.String("Great start")}); err != nil {
		t.Fatal(err)
	}
	ics, _, err := ana.Issues.ListComments(e.ctx, "ana", "acme", n, nil)
	if err != nil || len(ics) != 1 || ics[0].GetBody() != "Great start" || ics[0].GetUser().GetLogin() != "bob" {
		t.Errorf("issue comments = %+v, %v", ics, err)
	}
}

func TestOutdatedCommentsFollowTheText(t *testing.T) {
	e := newEnv(t)
	dir := e.caseStudy()
	e.addCollaborator("bob")
	pr := e.openPR()
	bob := e.client("bob")
	first := pr.GetHead().GetSHA()
	comment := func(start, line int) int64 {
		t.Helper()
		c := &github.PullRequestComment{Body: github.String("note"), CommitID: &first, Path: github.String("case-study.md"), Line: &line}
		if start != 0 {
			c.StartLine = &start
		}
		got, _, err := bob.PullRequests.CreateComment(e.ctx, "ana", "acme", 1, c)
		if err != nil {
			t.Fatal(err)
		}
		return got.GetID()
	}
	edited, moved, rangeMoved := comment(0, 3), comment(0, 10), comment(12, 14)

	// Draft 2 adds an opening line and rewrites sentence 3.
	lines := append([]string{"opening"}, numbered("sentence", 20)...)
	lines[3] = "sentence three, rewritten"
	writeFile(t, filepath.Join(dir, "case-study.md"), joinLines(lines))
	e.git(dir, "commit", "-q", "-am", "Draft 2")
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "draft")
	second := e.git(dir, "rev-parse", "draft")

	list, _, err := bob.PullRequests.ListComments(e.ctx, "ana", "acme", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*github.PullRequestComment{}
	for _, c := range list {
		byID[c.GetID()] = c
	}
	if c := byID[edited]; c.Line != nil || c.Position != nil || c.GetOriginalLine() != 3 || c.GetOriginalCommitID() != first || c.GetCommitID() != first {
		t.Errorf("edited line: line=%v position=%v original_line=%d commit=%s", c.Line, c.Position, c.GetOriginalLine(), c.GetCommitID())
	}
	if c := byID[moved]; c.GetLine() != 11 || c.GetOriginalLine() != 10 || c.GetCommitID() != second || c.GetOriginalCommitID() != first {
		t.Errorf("moved line: line=%d original_line=%d commit=%s", c.GetLine(), c.GetOriginalLine(), c.GetCommitID())
	}
	if c := byID[rangeMoved]; c.GetStartLine() != 13 || c.GetLine() != 15 || c.GetOriginalStartLine() != 12 {
		t.Errorf("moved range: %d-%d (was %d)", c.GetStartLine(), c.GetLine(), c.GetOriginalStartLine())
	}

	// A comment on the old commit is still accepted: it is part of the pull request.
	old := 5
	if _, _, err := bob.PullRequests.CreateComment(e.ctx, "ana", "acme", 1, &github.PullRequestComment{
		Body: github.String("late"), CommitID: &first, Path: github.String("case-study.md"), Line: &old,
	}); err != nil {
		t.Errorf("comment on earlier commit: %v", err)
	}
	bogus := strings.Repeat("0", 40)
	_, _, err = bob.PullRequests.CreateComment(e.ctx, "ana", "acme", 1, &github.PullRequestComment{
		Body: github.String("x"), CommitID: &bogus, Path: github.String("case-study.md"), Line: &old,
	})
	apiError(t, err, http.StatusUnprocessableEntity, "commit_id")
}

func TestMergeMakesATwoParentCommit(t *testing.T) {
	e := newEnv(t)
	dir := e.caseStudy()
	e.addCollaborator("craig")
	pr := e.openPR()
	craig := e.client("craig")

	// Someone else's work lands on main meanwhile, so the merge is real.
	e.git(dir, "checkout", "-q", "main")
	writeFile(t, filepath.Join(dir, "LICENSE"), "CC BY 4.0\n")
	e.git(dir, "add", "LICENSE")
	e.git(dir, "commit", "-q", "-m", "License")
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "main")
	base := e.git(dir, "rev-parse", "main")

	_, _, err := craig.PullRequests.Merge(e.ctx, "ana", "acme", 1, "", &github.PullRequestOptions{MergeMethod: "squash"})
	apiError(t, err, http.StatusMethodNotAllowed, "Squash merges are not allowed")
	_, _, err = craig.PullRequests.Merge(e.ctx, "ana", "acme", 1, "", &github.PullRequestOptions{SHA: base})
	apiError(t, err, http.StatusConflict, "Head branch was modified")

	res, _, err := craig.PullRequests.Merge(e.ctx, "ana", "acme", 1, "Final review done.", &github.PullRequestOptions{MergeMethod: "merge", SHA: pr.GetHead().GetSHA()})
	if err != nil {
		t.Fatal(err)
	}
	if !res.GetMerged() || len(res.GetSHA()) != 40 {
		t.Errorf("merge = %+v", res)
	}
	bare := e.srv.RepoDir("ana", "acme")
	if got := e.git(bare, "log", "-1", "--format=%H %P", "main"); got != res.GetSHA()+" "+base+" "+pr.GetHead().GetSHA() {
		t.Errorf("merge commit %q, want parents %s %s", got, base, pr.GetHead().GetSHA())
	}
	if msg := e.git(bare, "log", "-1", "--format=%B", "main"); msg != "Merge pull request #1 from ana/draft\n\nFinal review done." {
		t.Errorf("message = %q", msg)
	}
	if files := e.git(bare, "ls-tree", "--name-only", "main"); files != "LICENSE\nREADME.md\ncase-study.md\nnotes.md" {
		t.Errorf("merged tree = %q", files)
	}

	got, _, _ := craig.PullRequests.Get(e.ctx, "ana", "acme", 1)
	if !got.GetMerged() || got.GetState() != "closed" || got.GetMergedBy().GetLogin() != "craig" || got.GetMergeCommitSHA() != res.GetSHA() || got.MergedAt == nil {
		t.Errorf("merged pr = %+v", got)
	}
	merged, _, err := craig.PullRequests.IsMerged(e.ctx, "ana", "acme", 1)
	if err != nil || !merged {
		t.Errorf("IsMerged = %v, %v", merged, err)
	}
	_, _, err = craig.PullRequests.Merge(e.ctx, "ana", "acme", 1, "", nil)
	apiError(t, err, http.StatusMethodNotAllowed, "Pull Request is not mergeable")
	res2, _, _ := craig.Search.Issues(e.ctx, "is:pr is:merged repo:ana/acme", nil)
	if res2.GetTotal() != 1 {
		t.Errorf("search is:merged = %d", res2.GetTotal())
	}
}

func TestMergeConflictIsNotMergeable(t *testing.T) {
	e := newEnv(t)
	dir := e.caseStudy()
	e.openPR()
	e.git(dir, "checkout", "-q", "main")
	notes := numbered("note", 30)
	notes[1] = "note two, differently"
	writeFile(t, filepath.Join(dir, "notes.md"), joinLines(notes))
	e.git(dir, "commit", "-q", "-am", "Conflicting edit")
	e.git(dir, "push", "-q", e.remote("ana", "ana", "acme"), "main")

	ana := e.client("ana")
	pr, _, _ := ana.PullRequests.Get(e.ctx, "ana", "acme", 1)
	if pr.Mergeable == nil || *pr.Mergeable || pr.GetMergeableState() != "dirty" {
		t.Errorf("mergeable = %v %s", pr.Mergeable, pr.GetMergeableState())
	}
	_, _, err := ana.PullRequests.Merge(e.ctx, "ana", "acme", 1, "", nil)
	apiError(t, err, http.StatusMethodNotAllowed, "Pull Request is not mergeable")
}

func TestPullFilesCommitsAndIssue(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.openPR()
	ana := e.client("ana")
	files, _, err := ana.PullRequests.ListFiles(e.ctx, "ana", "acme", 1, nil)
	if err != nil || len(files) != 2 {
		t.Fatalf("files = %v, %v", files, err)
	}
	if f := files[0]; f.GetFilename() != "case-study.md" || f.GetStatus() != "added" || f.GetAdditions() != 20 ||
		!strings.HasPrefix(f.GetPatch(), "@@ -0,0 +1,20 @@\n+sentence 1\n") {
		t.Errorf("file = %+v", f)
	}
	if f := files[1]; f.GetFilename() != "notes.md" || f.GetStatus() != "modified" || strings.Count(f.GetPatch(), "@@ -") != 2 {
		t.Errorf("file = %+v", f)
	}
	commits, _, err := ana.PullRequests.ListCommits(e.ctx, "ana", "acme", 1, nil)
	if err != nil || len(commits) != 1 || commits[0].GetCommit().GetMessage() != "Draft 1" {
		t.Errorf("commits = %v, %v", commits, err)
	}
	issue, _, err := ana.Issues.Get(e.ctx, "ana", "acme", 1)
	if err != nil || !issue.IsPullRequest() || issue.GetTitle() != "Case study, draft 1" {
		t.Errorf("issue = %+v, %v", issue, err)
	}
}

// With HeadLag, a pull request's head follows a push only after a while, as
// GitHub's does; a merge with the pushed sha meanwhile gets 409.
func TestHeadFollowsPushAfterLag(t *testing.T) {
	e := newEnv(t)
	e.srv.HeadLag = 300 * time.Millisecond
	clone := e.caseStudy()
	pr := e.openPR()
	old := pr.GetHead().GetSHA()
	writeFile(t, filepath.Join(clone, "case-study.md"), "changed\n")
	e.git(clone, "commit", "-q", "-am", "Draft 2")
	e.git(clone, "push", "-q", e.remote("ana", "ana", "acme"), "draft")
	pushed := strings.TrimSpace(e.git(clone, "rev-parse", "HEAD"))

	got, _, err := e.client("ana").PullRequests.Get(e.ctx, "ana", "acme", pr.GetNumber())
	if err != nil || got.GetHead().GetSHA() != old {
		t.Fatalf("head right after the push = %s, %v; want the old %s", got.GetHead().GetSHA(), err, old)
	}
	_, _, err = e.client("ana").PullRequests.Merge(e.ctx, "ana", "acme", pr.GetNumber(), "", &github.PullRequestOptions{SHA: pushed})
	apiError(t, err, http.StatusConflict, "Head branch was modified")
	time.Sleep(350 * time.Millisecond)
	got, _, _ = e.client("ana").PullRequests.Get(e.ctx, "ana", "acme", pr.GetNumber())
	if got.GetHead().GetSHA() != pushed {
		t.Fatalf("head after the lag = %s, want %s", got.GetHead().GetSHA(), pushed)
	}
}

// With SearchLag, a new or changed pull request reaches search late; labels
// are searchable.
func TestSearchLagsAndFindsLabels(t *testing.T) {
	e := newEnv(t)
	e.srv.SearchLag = 300 * time.Millisecond
	e.caseStudy()
	pr := e.openPR()
	// {"labels": [...]}: the body GitHub's description allows (go-github's
	// AddLabelsToIssue sends a bare array, which GitHub also takes).
	if resp, body := e.post("ana", "/api/v3/repos/ana/acme/issues/"+strconv.Itoa(pr.GetNumber())+"/labels", `{"labels":["case-study"]}`); resp.StatusCode != http.StatusOK {
		t.Fatalf("add label: %d %s", resp.StatusCode, body)
	}
	q := "is:pr label:case-study author:ana"
	res, _, err := e.client("ana").Search.Issues(e.ctx, q, nil)
	if err != nil || res.GetTotal() != 0 {
		t.Fatalf("search found %d right away (err %v), want 0 while the index lags", res.GetTotal(), err)
	}
	time.Sleep(1350 * time.Millisecond) // updated_at has one-second resolution
	res, _, err = e.client("ana").Search.Issues(e.ctx, q, nil)
	if err != nil || res.GetTotal() != 1 || len(res.Issues[0].Labels) != 1 || res.Issues[0].Labels[0].GetName() != "case-study" {
		t.Fatalf("search after the lag = %+v, %v", res, err)
	}
}

// A pending review is visible to its author with its comments, and can be
// dropped; the emulator serves these as GitHub describes them.
func TestPendingReviewLifecycle(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	e.addCollaborator("bob")
	pr := e.openPR()
	bob := e.client("bob")
	n := pr.GetNumber()
	rv, _, err := bob.PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{
		CommitID: github.String(pr.GetHead().GetSHA()),
		Comments: []*github.DraftReviewComment{{Path: github.String("case-study.md"), Line: github.Int(3), Side: github.String("RIGHT"), Body: github.String("hm")}},
	})
	if err != nil || rv.GetState() != "PENDING" {
		t.Fatalf("pending review: %+v, %v", rv, err)
	}
	got, _, err := bob.PullRequests.GetReview(e.ctx, "ana", "acme", n, rv.GetID())
	if err != nil || got.GetState() != "PENDING" {
		t.Errorf("GetReview = %+v, %v", got, err)
	}
	comments, _, err := bob.PullRequests.ListReviewComments(e.ctx, "ana", "acme", n, rv.GetID(), nil)
	if err != nil || len(comments) != 1 || comments[0].GetBody() != "hm" {
		t.Errorf("review comments = %+v, %v", comments, err)
	}
	if _, _, err := bob.PullRequests.DeletePendingReview(e.ctx, "ana", "acme", n, rv.GetID()); err != nil {
		t.Fatal(err)
	}
	_, _, err = bob.PullRequests.GetReview(e.ctx, "ana", "acme", n, rv.GetID())
	apiError(t, err, http.StatusNotFound, "")
	// A submitted review cannot be deleted: a 422 with plain-string errors.
	done, _, err := bob.PullRequests.CreateReview(e.ctx, "ana", "acme", n, &github.PullRequestReviewRequest{Event: github.String("COMMENT"), Body: github.String("ok")})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = bob.PullRequests.DeletePendingReview(e.ctx, "ana", "acme", n, done.GetID())
	apiError(t, err, http.StatusUnprocessableEntity, "Can not delete a non-pending review")
}
