package github

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/review"
)

// Client is an authenticated connection to a GitHub server.
type Client struct {
	Host      Host
	api       *gh.Client
	token     string
	transport *politeTransport
}

// perPage is GitHub's largest page: fewer requests for long reviews.
const perPage = 100

// Connect finds the host and the token and makes a client. cacheDir keeps
// ETags and bodies of GET answers ("" for none).
func Connect(ctx context.Context, getenv func(string) string, cacheDir string) (*Client, error) {
	host, err := ResolveHost(getenv)
	if err != nil {
		return nil, err
	}
	token, source, err := findToken(ctx, host, getenv)
	if err != nil {
		return nil, err
	}
	// Timeouts are per attempt, in the transport, so waiting out a long
	// Retry-After is not cut short by a whole-request deadline.
	t := newTransport(nil, cacheDir)
	t.tokenSource = source
	httpClient := &http.Client{Transport: t}
	api := gh.NewClient(httpClient).WithAuthToken(token)
	switch {
	case host.IsTenancy():
		// go-github's WithEnterpriseURLs would add /api/v3/, which GHE.com
		// does not have.
		api.BaseURL, _ = url.Parse(host.API)
		api.UploadURL, _ = url.Parse(host.Web.Scheme + "://uploads." + host.Name + "/")
	case !host.IsDotCom():
		if api, err = api.WithEnterpriseURLs(host.API, host.Web.String()+"/api/uploads/"); err != nil {
			return nil, err
		}
	}
	return &Client{Host: host, api: api, token: token, transport: t}, nil
}

// TellWaits makes the client say on w when it waits for GitHub (a rate
// limit's Retry-After) instead of waiting silently.
func (c *Client) TellWaits(w io.Writer) { c.transport.notify = w }

// GitAuth is how go-git authenticates to the host: the token as the
// password of HTTP basic auth, held in memory only.
func (c *Client) GitAuth() gitops.Auth { return gitops.TokenAuth(c.token) }

// Me is the login the token belongs to, asked once per process however
// many clients and callers want it: a command may open the forge twice,
// or ask before it has a copy to open the forge of. Callers that come
// while the question is out wait for its answer; a failed question is not
// remembered, so the next caller asks again.
func (c *Client) Me(ctx context.Context) (string, error) {
	key := c.Host.Name + "\n" + c.tokenHash()
	for {
		fresh := &loginAnswer{done: make(chan struct{})}
		v, asked := logins.LoadOrStore(key, fresh)
		a := v.(*loginAnswer)
		if !asked {
			u, _, err := c.api.Users.Get(ctx, "")
			a.login, a.err = u.GetLogin(), explain(err)
			if err != nil {
				logins.Delete(key)
			}
			close(a.done)
			return a.login, a.err
		}
		select {
		case <-a.done:
			return a.login, a.err
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// logins remembers, for this process only, whose each token is: by a hash
// of the token, so the token itself is kept nowhere else.
var logins sync.Map // host and token hash → *loginAnswer

type loginAnswer struct {
	done  chan struct{}
	login string
	err   error
}

func (c *Client) tokenHash() string {
	sum := sha256.Sum256([]byte(c.token))
	return hex.EncodeToString(sum[:])
}

// Forge is a case study's review on GitHub.
type Forge struct {
	*Client
	owner, name string
	progress    io.Writer
	number      int // the pull request, once found
}

// New opens the GitHub forge of the case study in repo, whose
// casestudy.yaml (cfg) names its repository on GitHub. Answers are cached
// in the repository's .git.
func New(ctx context.Context, repo *gitops.Repo, cfg *review.Config, progress io.Writer) (*Forge, error) {
	if cfg.GitHub == "" {
		return nil, errNoRepo
	}
	c, err := Connect(ctx, os.Getenv, cacheDir(repo))
	if err != nil {
		return nil, err
	}
	return ForRepo(c, cfg.GitHub, progress), nil
}

// ForRepo is the forge of a case study on the GitHub repository
// OWNER/NAME; progress hears when it waits for GitHub to catch up.
func ForRepo(c *Client, repo string, progress io.Writer) *Forge {
	owner, name, _ := strings.Cut(repo, "/")
	return &Forge{Client: c, owner: owner, name: name, progress: progress}
}

// Where names the forge for people.
func (f *Forge) Where() string { return "GitHub (" + f.owner + "/" + f.name + ")" }

// Name is a person's GitHub login.
func (f *Forge) Name(p review.Person) string { return p.GitHub }

// NameField is the casestudy.yaml field Name reads.
func (f *Forge) NameField() string { return "github" }

// Mention is an @login: GitHub tells them, and the pull request shows in
// their involves: search.
func (f *Forge) Mention(login string) string { return "@" + login }

// WhereToComment is the pull request's "Files changed" tab, or a terminal.
func (f *Forge) WhereToComment() string {
	return "Comment on any line under \"Files changed\" and propose wording with a suggestion, or from a terminal: "
}

// Remote is the repository as a git remote, with the token for auth.
func (f *Forge) Remote() (gitops.Remote, bool) {
	return gitops.Remote{Name: "origin", URL: f.Host.GitURL(f.owner + "/" + f.name), Auth: f.GitAuth()}, true
}

// InRepo is nil: the review lives on GitHub, and only the branches and
// tags travel with the repository.
func (f *Forge) InRepo() review.InRepo { return nil }

// FindRequest finds the pull request from the drafting branch to main:
// the open one, or else the merged one.
func (f *Forge) FindRequest(ctx context.Context) (*review.Request, error) {
	opts := &gh.PullRequestListOptions{State: "all", Head: f.owner + ":" + review.DraftBranch, Base: review.PublishBranch,
		ListOptions: gh.ListOptions{PerPage: perPage}}
	// Who we are is asked at the same time, as almost every command needs
	// to know it next: every round trip is time a person waits.
	var prs []*gh.PullRequest
	err := together(
		func() (err error) { prs, _, err = f.api.PullRequests.List(ctx, f.owner, f.name, opts); return err },
		func() error { f.Me(ctx); return nil },
	)
	if err != nil {
		return nil, explainRepo(err, f.owner+"/"+f.name)
	}
	var found *gh.PullRequest
	for _, pr := range prs {
		if pr.GetState() == "open" {
			found = pr
			break
		}
		if pr.GetMerged() || pr.MergedAt != nil {
			if found == nil {
				found = pr
			}
		}
	}
	if found == nil {
		return nil, nil
	}
	return f.request(found), nil
}

func (f *Forge) request(pr *gh.PullRequest) *review.Request {
	f.number = pr.GetNumber()
	req := &review.Request{
		ID:          strconv.Itoa(pr.GetNumber()),
		URL:         pr.GetHTMLURL(),
		Title:       pr.GetTitle(),
		Description: pr.GetBody(),
		Requester:   pr.GetUser().GetLogin(),
		Reviewers:   []string{},
		Head:        gitops.SHA(pr.GetHead().GetSHA()),
		Opened:      pr.GetCreatedAt().Time,
		Merged:      pr.GetMerged() || pr.MergedAt != nil,
	}
	for _, u := range pr.RequestedReviewers {
		req.Reviewers = append(req.Reviewers, u.GetLogin())
	}
	return req
}

func number(req *review.Request) int {
	n, _ := strconv.Atoi(req.ID)
	return n
}

// OpenRequest opens the pull request and asks the reviewers. If one was
// opened by a run that failed before it could say so, that one is used.
func (f *Forge) OpenRequest(ctx context.Context, nr review.NewRequest) (*review.Request, error) {
	var req *review.Request
	// On opening, the reviewers have often not accepted their invitations
	// yet: who has not is read while the pull request is made, so nobody
	// is asked who cannot be.
	var pending []string
	var pendingErr error
	listed := make(chan struct{})
	go func() {
		defer close(listed)
		pending, pendingErr = f.pendingInvitees(ctx)
	}()
	err := postOnce(ctx, func() error {
		pr, _, err := f.api.PullRequests.Create(ctx, f.owner, f.name, &gh.NewPullRequest{
			Title: gh.String(nr.Title), Body: gh.String(nr.Body),
			Head: gh.String(review.DraftBranch), Base: gh.String(review.PublishBranch),
		})
		if err == nil {
			req = f.request(pr)
		} else if isAlreadyExists(err) {
			if found, ferr := f.FindRequest(ctx); ferr == nil && found != nil {
				req, err = found, nil
			}
		}
		return err
	}, func() (bool, error) {
		found, err := f.FindRequest(ctx)
		req = found
		return found != nil, err
	})
	if err != nil {
		return nil, err
	}
	<-listed
	ask := nr.Reviewers
	if pendingErr == nil {
		ask = nil
		for _, w := range nr.Reviewers {
			if contains(pending, w) {
				req.Waiting = append(req.Waiting, w)
			} else {
				ask = append(ask, w)
			}
		}
	}
	waiting := req.Waiting
	// The label (for the reviewers' queues) and the ask go at once.
	err = together(
		func() error { return f.label(ctx, req) },
		func() error { return f.askReviewers(ctx, req, ask) },
	)
	req.Waiting = append(waiting, req.Waiting...)
	return req, err
}

// caseStudyLabel marks the pull requests that are case studies, so a
// reviewer's queue finds them with one search across repositories.
const caseStudyLabel = "case-study"

// label puts caseStudyLabel on the pull request; adding a label it
// already has changes nothing, so repeating it is safe. GitHub's
// description of "Add labels to an issue" does not promise to create a
// missing label, so one refused is created first.
func (f *Forge) label(ctx context.Context, req *review.Request) error {
	err := f.addLabel(ctx, number(req))
	if err != nil && !uncertain(err) {
		if cerr := f.createLabel(ctx); cerr != nil {
			return cerr
		}
		err = f.addLabel(ctx, number(req))
	}
	return explain(err)
}

// addLabel sends {"labels": [...]}, the one body GitHub's REST description
// allows (and GitHub recommends); go-github's AddLabelsToIssue sends a bare
// array.
func (f *Forge) addLabel(ctx context.Context, n int) error {
	r, err := f.api.NewRequest(http.MethodPost, fmt.Sprintf("repos/%s/%s/issues/%d/labels", f.owner, f.name, n),
		map[string][]string{"labels": {caseStudyLabel}})
	if err != nil {
		return err
	}
	_, err = f.api.Do(ctx, r, nil)
	return err
}

// createLabel makes caseStudyLabel in the repository; one that exists
// already (422 already_exists) is fine.
func (f *Forge) createLabel(ctx context.Context) error {
	_, _, err := f.api.Issues.CreateLabel(ctx, f.owner, f.name, &gh.Label{Name: gh.String(caseStudyLabel), Color: gh.String("5319e7"),
		Description: gh.String("A LeSS case study under review (casestudy queue finds these)")})
	var ge *gh.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusUnprocessableEntity {
		return nil
	}
	return explain(err)
}

func isAlreadyExists(err error) bool {
	var ge *gh.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusUnprocessableEntity &&
		strings.Contains(strings.ToLower(ge.Error()), "already exists")
}

// askReviewers requests reviews from who. GitHub refuses the whole request
// (422) when one of them is not a collaborator, which on github.com is the
// case for everyone invited who has not accepted yet (GitHub: "Request
// reviewers for a pull request" and "Inviting collaborators to a personal
// repository"). Those are put in req.Waiting and the others are asked; a
// reviewer who was never invited is invited now.
func (f *Forge) askReviewers(ctx context.Context, req *review.Request, who []string) error {
	var missing []string
	for _, w := range who {
		if w != "" && !contains(req.Reviewers, w) {
			missing = append(missing, w)
		}
	}
	req.Waiting = nil
	if len(missing) == 0 {
		return nil
	}
	pr, _, err := f.api.PullRequests.RequestReviewers(ctx, f.owner, f.name, number(req), gh.ReviewersRequest{Reviewers: missing})
	if err == nil {
		req.Reviewers = f.request(pr).Reviewers
		return nil
	}
	if !isNotCollaborator(err) {
		return explain(err)
	}
	if me, err := f.Me(ctx); err == nil && !strings.EqualFold(me, f.owner) {
		// Only the repository's administrators see its invitations: for
		// anyone but its owner (the mentee), asking costs a round trip for
		// a 403. They wait for the mentee's next command, which can tell
		// and ask.
		req.Waiting = missing
		return nil
	}
	pending, err := f.pendingInvitees(ctx)
	if err != nil && !isForbidden(err) {
		return explain(err)
	}
	if isForbidden(err) {
		// Only the repository's administrators (the mentee) see its
		// invitations; for anyone else, they wait for the mentee's next
		// command, which can tell and ask.
		req.Waiting = missing
		return nil
	}
	var askable []string
	for _, w := range missing {
		if !contains(pending, w) {
			// Not invited at all (removed, or added to casestudy.yaml
			// later): invite them, as new --github did for the others.
			added, err := f.invite(ctx, w)
			if err != nil {
				return err
			}
			if added {
				askable = append(askable, w)
				continue
			}
		}
		req.Waiting = append(req.Waiting, w)
	}
	if len(askable) == 0 {
		return nil
	}
	pr, _, err = f.api.PullRequests.RequestReviewers(ctx, f.owner, f.name, number(req), gh.ReviewersRequest{Reviewers: askable})
	if err != nil {
		return explain(err)
	}
	req.Reviewers = f.request(pr).Reviewers
	return nil
}

func isNotCollaborator(err error) bool {
	var ge *gh.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusUnprocessableEntity &&
		strings.Contains(ge.Message, "not a collaborator")
}

func isForbidden(err error) bool {
	var ge *gh.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusForbidden
}

// pendingInvitees lists who was invited to the repository and has not
// accepted yet.
func (f *Forge) pendingInvitees(ctx context.Context) ([]string, error) {
	invs, err := allPages(func(page int) ([]*gh.RepositoryInvitation, *gh.Response, error) {
		return f.api.Repositories.ListInvitations(ctx, f.owner, f.name, &gh.ListOptions{PerPage: perPage, Page: page})
	})
	var out []string
	for _, inv := range invs {
		out = append(out, inv.GetInvitee().GetLogin())
	}
	return out, err
}

// invite makes login a collaborator who can push (to reply and to apply
// nothing: reviewers comment, but GitHub asks only collaborators to
// review). added is true when GitHub added them at once (204: GitHub
// Enterprise Server, or a member of the owning organisation), false when
// they were invited and must accept first (201).
func (f *Forge) invite(ctx context.Context, login string) (added bool, err error) {
	inv, resp, err := f.api.Repositories.AddCollaborator(ctx, f.owner, f.name, login, &gh.RepositoryAddCollaboratorOptions{Permission: "push"})
	if err != nil {
		return false, explain(err)
	}
	return inv == nil || resp.StatusCode == http.StatusNoContent, nil
}

// AcceptInvitation accepts the user's pending invitation to repo, if there
// is one, so they can see it. GitHub: "Accept a repository invitation".
func (c *Client) AcceptInvitation(ctx context.Context, repo string) (bool, error) {
	invs, err := allPages(func(page int) ([]*gh.RepositoryInvitation, *gh.Response, error) {
		return c.api.Users.ListInvitations(ctx, &gh.ListOptions{PerPage: perPage, Page: page})
	})
	if err != nil {
		return false, explain(err)
	}
	for _, inv := range invs {
		if strings.EqualFold(inv.GetRepo().GetFullName(), repo) {
			if _, err := c.api.Users.AcceptInvitation(ctx, inv.GetID()); err != nil {
				return false, explain(err)
			}
			return true, nil
		}
	}
	return false, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// UpdateRequest asks the reviewers and tells the conversation what changed.
//
// Asking, renewing the description and the note go at once: every round
// trip is time a person waits. A run that fails part-way can be run again:
// the domain leaves out a note the conversation already has.
func (f *Forge) UpdateRequest(ctx context.Context, req *review.Request, u review.RequestUpdate) error {
	return together(
		func() error { return f.askReviewers(ctx, req, u.Reviewers) },
		func() error {
			if u.Body == "" || u.Body == req.Description {
				return nil
			}
			if _, _, err := f.api.PullRequests.Edit(ctx, f.owner, f.name, number(req), &gh.PullRequest{Body: gh.String(u.Body)}); err != nil {
				return explain(err)
			}
			req.Description = u.Body
			return nil
		},
		func() error { return f.say(ctx, req, u.Note) },
	)
}

// say posts a note in the review's conversation, once.
func (f *Forge) say(ctx context.Context, req *review.Request, note string) error {
	if note == "" {
		return nil
	}
	n, since := number(req), justBefore(time.Now())
	return postOnce(ctx, func() error {
		_, _, err := f.api.Issues.CreateComment(ctx, f.owner, f.name, n, &gh.IssueComment{Body: gh.String(note)})
		return err
	}, func() (bool, error) {
		mine, err := f.myIssueComments(ctx, n, since)
		for _, c := range mine {
			if c.GetBody() == note {
				return true, nil
			}
		}
		return false, err
	})
}

// Activity reads the reviews, the line comments and the conversation, a
// hundred to a page, the three lists at once: they are independent, and
// each round trip to GitHub is time a person waits.
func (f *Forge) Activity(ctx context.Context, req *review.Request) (review.Activity, error) {
	var votes []review.Vote
	var lineComments, talk []review.Comment
	var states map[string]threadState
	n := number(req)
	err := together(
		func() (err error) { votes, err = f.votes(ctx, n); return err },
		func() (err error) { lineComments, err = f.lineComments(ctx, n); return err },
		func() (err error) { talk, err = f.conversation(ctx, n); return err },
		func() (err error) { states, err = f.threads(ctx, n); return err },
	)
	// GitHub keeps a thread's state on the thread: it goes on its first
	// comment, where the workflow reads it.
	for i := range lineComments {
		c := &lineComments[i]
		if st, ok := states[c.ID]; ok && c.Parent == "" {
			resolved := st.resolved
			c.Resolved, c.ThreadID = &resolved, st.id
			c.Outdated = c.Outdated || st.isOutdated
		}
	}
	return review.Activity{Votes: votes, Comments: append(lineComments, talk...)}, err
}

// together runs the functions concurrently and returns the first error.
func together(fns ...func() error) error {
	errs := make(chan error, len(fns))
	for _, fn := range fns {
		go func() { errs <- fn() }()
	}
	var first error
	for range fns {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (f *Forge) votes(ctx context.Context, n int) ([]review.Vote, error) {
	reviews, err := allPages(func(page int) ([]*gh.PullRequestReview, *gh.Response, error) {
		return f.api.PullRequests.ListReviews(ctx, f.owner, f.name, n, &gh.ListOptions{PerPage: perPage, Page: page})
	})
	if err != nil {
		return nil, explain(err)
	}
	var out []review.Vote
	for _, r := range reviews {
		v := review.Vote{Author: r.GetUser().GetLogin(), Body: r.GetBody(), When: r.GetSubmittedAt().Time, Commit: gitops.SHA(r.GetCommitID())}
		switch r.GetState() {
		case "APPROVED":
			v.Verdict = review.Approved
		case "CHANGES_REQUESTED":
			v.Verdict = review.ChangesRequested
		case "COMMENTED":
			v.Verdict = review.Commented
		default:
			continue // pending reviews are not said yet
		}
		out = append(out, v)
	}
	return out, nil
}

func (f *Forge) lineComments(ctx context.Context, n int) ([]review.Comment, error) {
	comments, err := allPages(func(page int) ([]*gh.PullRequestComment, *gh.Response, error) {
		return f.api.PullRequests.ListComments(ctx, f.owner, f.name, n,
			&gh.PullRequestListCommentsOptions{ListOptions: gh.ListOptions{PerPage: perPage, Page: page}})
	})
	if err != nil {
		return nil, explain(err)
	}
	var out []review.Comment
	for _, c := range comments {
		cm := review.Comment{ID: strconv.FormatInt(c.GetID(), 10), Author: c.GetUser().GetLogin(), When: c.GetCreatedAt().Time,
			Path: c.GetPath(), Body: c.GetBody(), Commit: gitops.SHA(c.GetOriginalCommitID())}
		// GitHub gives the line in the current head, or null once the line
		// is gone: the comment is outdated. The original line in the
		// original commit is what the reviewer saw.
		cm.Line, cm.StartLine = c.GetOriginalLine(), c.GetOriginalStartLine()
		if c.Line == nil && c.GetSubjectType() != "file" {
			cm.Outdated = true
		}
		if c.GetSubjectType() == "file" {
			cm.Line, cm.StartLine = 0, 0
		}
		cm.Edited = !c.GetUpdatedAt().Equal(c.GetCreatedAt())
		if c.InReplyTo != nil {
			cm.Parent = strconv.FormatInt(c.GetInReplyTo(), 10)
		}
		out = append(out, cm)
	}
	return out, nil
}

func (f *Forge) conversation(ctx context.Context, n int) ([]review.Comment, error) {
	comments, err := allPages(func(page int) ([]*gh.IssueComment, *gh.Response, error) {
		return f.api.Issues.ListComments(ctx, f.owner, f.name, n,
			&gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: perPage, Page: page}})
	})
	if err != nil {
		return nil, explain(err)
	}
	var out []review.Comment
	for _, c := range comments {
		out = append(out, review.Comment{ID: "issue-" + strconv.FormatInt(c.GetID(), 10),
			Author: c.GetUser().GetLogin(), When: c.GetCreatedAt().Time, Body: c.GetBody()})
	}
	return out, nil
}

// AddComment writes a line comment on the right side of the diff, or a
// reply; after a failure that may have landed it looks before it posts
// again.
func (f *Forge) AddComment(ctx context.Context, req *review.Request, nc review.NewComment) error {
	n := number(req)
	since := justBefore(time.Now())
	if nc.Parent != "" {
		id, err := strconv.ParseInt(nc.Parent, 10, 64)
		if err != nil {
			return fmt.Errorf("no comment %q to reply to", nc.Parent)
		}
		// The replies endpoint, not go-github's CreateCommentInReplyTo: that
		// posts in_reply_to to .../comments, whose body GitHub's REST
		// description requires to name commit_id and path as well.
		u := fmt.Sprintf("repos/%s/%s/pulls/%d/comments/%d/replies", f.owner, f.name, n, id)
		return postOnce(ctx, func() error {
			r, err := f.api.NewRequest(http.MethodPost, u, map[string]string{"body": nc.Body})
			if err != nil {
				return err
			}
			_, err = f.api.Do(ctx, r, nil)
			return err
		}, func() (bool, error) {
			mine, err := f.myLineComments(ctx, n, since)
			for _, c := range mine {
				if c.GetInReplyTo() == id && c.GetBody() == nc.Body {
					return true, nil
				}
			}
			return false, err
		})
	}
	c := &gh.PullRequestComment{Body: gh.String(nc.Body), CommitID: gh.String(string(nc.Commit)), Path: gh.String(nc.Path),
		Line: gh.Int(nc.Line), Side: gh.String("RIGHT")}
	if nc.StartLine > 0 && nc.StartLine != nc.Line {
		c.StartLine, c.StartSide = gh.Int(nc.StartLine), gh.String("RIGHT")
	}
	return postOnce(ctx, func() error {
		return f.withHead(ctx, n, string(nc.Commit), isNotInPull, func() error {
			_, _, err := f.api.PullRequests.CreateComment(ctx, f.owner, f.name, n, c)
			return err
		})
	}, func() (bool, error) {
		mine, err := f.myLineComments(ctx, n, since)
		for _, m := range mine {
			if m.InReplyTo == nil && m.GetBody() == nc.Body && m.GetPath() == nc.Path && m.GetOriginalLine() == nc.Line &&
				m.GetOriginalCommitID() == string(nc.Commit) {
				return true, nil
			}
		}
		return false, err
	})
}

// AddVote submits a review with the verdict, once.
func (f *Forge) AddVote(ctx context.Context, req *review.Request, v review.Verdict, body string) error {
	return f.SubmitReview(ctx, req, review.Sitting{Verdict: v, Body: body})
}

// SubmitReview submits the sitting as one review, its line comments in it:
// one POST, one notification, as GitHub's "Finish your review" sends.
func (f *Forge) SubmitReview(ctx context.Context, req *review.Request, s review.Sitting) error {
	v, body := s.Verdict, s.Body
	event := map[review.Verdict]string{review.Approved: "APPROVE", review.ChangesRequested: "REQUEST_CHANGES", review.Commented: "COMMENT"}[v]
	state := map[review.Verdict]string{review.Approved: "APPROVED", review.ChangesRequested: "CHANGES_REQUESTED", review.Commented: "COMMENTED"}[v]
	r := &gh.PullRequestReviewRequest{Event: gh.String(event), CommitID: gh.String(string(req.Head))}
	if body != "" {
		r.Body = gh.String(body)
	}
	for _, nc := range s.Comments {
		c := &gh.DraftReviewComment{Path: gh.String(nc.Path), Body: gh.String(nc.Body), Line: gh.Int(nc.Line), Side: gh.String("RIGHT")}
		if nc.StartLine > 0 && nc.StartLine != nc.Line {
			c.StartLine, c.StartSide = gh.Int(nc.StartLine), gh.String("RIGHT")
		}
		r.Comments = append(r.Comments, c)
	}
	n, since := number(req), justBefore(time.Now())
	return postOnce(ctx, func() error {
		return f.withHead(ctx, n, string(req.Head), isNotInPull, func() error {
			_, _, err := f.api.PullRequests.CreateReview(ctx, f.owner, f.name, n, r)
			return err
		})
	}, func() (bool, error) {
		mine, err := f.myReviews(ctx, n)
		for _, m := range mine {
			if m.GetState() == state && m.GetBody() == body && m.GetCommitID() == string(req.Head) && !m.GetSubmittedAt().Before(since) {
				return true, nil
			}
		}
		return false, err
	})
}

// Merge merges the pull request with a merge commit at req.Head, the head
// this copy pushed; the merge is on GitHub only, until a sync brings main
// home. GitHub's pull request follows a push a little later, and a merge
// with a sha it does not show yet answers 409 "Head branch was modified":
// then it waits for the pull request to catch up, and merges once it has.
func (f *Forge) Merge(ctx context.Context, req *review.Request, message string) (gitops.SHA, error) {
	title, body, _ := strings.Cut(message, "\n")
	n, want := number(req), string(req.Head)
	opts := &gh.PullRequestOptions{MergeMethod: "merge", CommitTitle: title, SHA: want}
	var res *gh.PullRequestMergeResult
	err := f.withHead(ctx, n, want, isHeadModified, func() (err error) {
		res, _, err = f.api.PullRequests.Merge(ctx, f.owner, f.name, n, strings.TrimSpace(body), opts)
		return err
	})
	if err != nil {
		return "", explain(err)
	}
	return gitops.SHA(res.GetSHA()), nil
}

// withHead runs do, and when it fails because GitHub's pull request does
// not show sha as its head yet (refused tells), waits for the pull request
// to catch up with the push and runs do once more.
func (f *Forge) withHead(ctx context.Context, n int, sha string, refused func(error) bool, do func() error) error {
	err := do()
	if err == nil || !refused(err) {
		return err
	}
	if err := f.awaitHead(ctx, n, sha); err != nil {
		return err
	}
	return do()
}

// awaitHead waits, up to about half a minute, until GitHub's pull request
// shows sha as its head.
func (f *Forge) awaitHead(ctx context.Context, n int, sha string) error {
	waited := time.Duration(0)
	for wait := 250 * time.Millisecond; ; wait *= 2 {
		pr, _, err := f.api.PullRequests.Get(ctx, f.owner, f.name, n)
		if err != nil {
			return err
		}
		if pr.GetHead().GetSHA() == sha {
			return nil
		}
		if waited >= 30*time.Second {
			return fmt.Errorf("GitHub's pull request still shows %.7s, not %.7s which was pushed; nothing was changed: wait a minute and run the command again", pr.GetHead().GetSHA(), sha)
		}
		if f.progress != nil && waited == 0 {
			fmt.Fprintln(f.progress, "GitHub has not caught up with the push yet; waiting for the pull request to show it…")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		waited += wait
	}
}

// isNotInPull is GitHub's 422 for a commit_id the pull request does not
// have (yet).
func isNotInPull(err error) bool {
	var ge *gh.ErrorResponse
	if !errors.As(err, &ge) || ge.Response == nil || ge.Response.StatusCode != http.StatusUnprocessableEntity {
		return false
	}
	if strings.Contains(ge.Message, "not part of the pull request") {
		return true
	}
	for _, e := range ge.Errors {
		if strings.Contains(e.Message, "not part of the pull request") {
			return true
		}
	}
	return false
}

// isHeadModified is GitHub's 409 for a merge whose sha is not the pull
// request's head (GitHub: "Merge a pull request", 409 Conflict).
func isHeadModified(err error) bool {
	var ge *gh.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusConflict &&
		strings.Contains(ge.Message, "Head branch was modified")
}

var _ review.Forge = (*Forge)(nil)
