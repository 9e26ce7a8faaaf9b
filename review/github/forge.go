package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/review"
)

// Client is an authenticated connection to a GitHub server.
type Client struct {
	Host      Host
	api       *gh.Client
	token     string
	me        string
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
	if !host.IsDotCom() {
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
func (c *Client) GitAuth() transport.AuthMethod {
	return &githttp.BasicAuth{Username: "x-access-token", Password: c.token}
}

// Me is the login the token belongs to.
func (c *Client) Me(ctx context.Context) (string, error) {
	if c.me != "" {
		return c.me, nil
	}
	u, _, err := c.api.Users.Get(ctx, "")
	if err != nil {
		return "", explain(err)
	}
	c.me = u.GetLogin()
	return c.me, nil
}

// Forge is a case study's review on GitHub.
type Forge struct {
	*Client
	cs          *review.CaseStudy
	owner, name string
	progress    io.Writer
	number      int // the pull request, once found
}

// New opens the GitHub forge of a case study whose casestudy.yaml names
// its repository.
func New(ctx context.Context, cs *review.CaseStudy, progress io.Writer) (*Forge, error) {
	if cs.Config.GitHub == "" {
		return nil, errNoRepo
	}
	c, err := Connect(ctx, os.Getenv, filepath.Join(cs.Repo.GitDir(), "casestudy", "http-cache"))
	if err != nil {
		return nil, err
	}
	// Knowing who we are first also proves the token, before any command
	// changes anything here (answered from the ETag cache after the first
	// time).
	if _, err := c.Me(ctx); err != nil {
		return nil, err
	}
	return ForRepo(c, cs, cs.Config.GitHub, progress), nil
}

// ForRepo is the forge of a case study on a repository.
func ForRepo(c *Client, cs *review.CaseStudy, repo string, progress io.Writer) *Forge {
	owner, name, _ := strings.Cut(repo, "/")
	return &Forge{Client: c, cs: cs, owner: owner, name: name, progress: progress}
}

// Where names the forge for people.
func (f *Forge) Where() string { return "GitHub (" + f.owner + "/" + f.name + ")" }

// Name is a person's GitHub login.
func (f *Forge) Name(p review.Person) string { return p.GitHub }

// NameField is the casestudy.yaml field Name reads.
func (f *Forge) NameField() string { return "github" }

// Remote is the repository as a git remote, with the token for auth.
func (f *Forge) Remote() gitops.Remote {
	return gitops.Remote{Name: "origin", URL: f.Host.GitURL(f.owner + "/" + f.name), Auth: f.GitAuth()}
}

// Share pushes the drafting branch and the tags.
func (f *Forge) Share(context.Context) error {
	return f.cs.Repo.Push(f.Remote(), []string{
		"refs/heads/" + review.DraftBranch + ":refs/heads/" + review.DraftBranch,
		"refs/tags/*:refs/tags/*",
	}, f.progress)
}

// Sync brings the branches and tags up to date both ways, as with any git
// remote; the review itself lives on the server.
func (f *Forge) Sync(context.Context) (review.SyncResult, error) {
	return f.cs.SyncWith(f.Remote(), f.progress, time.Now())
}

// FindRequest finds the pull request from the drafting branch to main:
// the open one, or else the merged one.
func (f *Forge) FindRequest(ctx context.Context) (*review.Request, error) {
	opts := &gh.PullRequestListOptions{State: "all", Head: f.owner + ":" + review.DraftBranch, Base: review.PublishBranch,
		ListOptions: gh.ListOptions{PerPage: perPage}}
	prs, _, err := f.api.PullRequests.List(ctx, f.owner, f.name, opts)
	if err != nil {
		return nil, explain(err)
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
	pr, _, err := f.api.PullRequests.Create(ctx, f.owner, f.name, &gh.NewPullRequest{
		Title: gh.String(nr.Title), Body: gh.String(nr.Body),
		Head: gh.String(review.DraftBranch), Base: gh.String(review.PublishBranch),
	})
	if err != nil {
		if isAlreadyExists(err) {
			req, ferr := f.FindRequest(ctx)
			if ferr == nil && req != nil {
				return req, f.askReviewers(ctx, req, nr.Reviewers)
			}
		}
		return nil, explain(err)
	}
	req := f.request(pr)
	return req, f.askReviewers(ctx, req, nr.Reviewers)
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
	pending, err := f.pendingInvitees(ctx)
	if err != nil {
		return err
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

// pendingInvitees lists who was invited to the repository and has not
// accepted yet.
func (f *Forge) pendingInvitees(ctx context.Context) ([]string, error) {
	var out []string
	for page := 1; page != 0; {
		invs, resp, err := f.api.Repositories.ListInvitations(ctx, f.owner, f.name, &gh.ListOptions{PerPage: perPage, Page: page})
		if err != nil {
			return nil, explain(err)
		}
		for _, inv := range invs {
			out = append(out, inv.GetInvitee().GetLogin())
		}
		page = resp.NextPage
	}
	return out, nil
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
	for page := 1; page != 0; {
		invs, resp, err := c.api.Users.ListInvitations(ctx, &gh.ListOptions{PerPage: perPage, Page: page})
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
		page = resp.NextPage
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
func (f *Forge) UpdateRequest(ctx context.Context, req *review.Request, u review.RequestUpdate) error {
	if err := f.askReviewers(ctx, req, u.Reviewers); err != nil {
		return err
	}
	if u.Body != "" && u.Body != req.Description {
		if _, _, err := f.api.PullRequests.Edit(ctx, f.owner, f.name, number(req), &gh.PullRequest{Body: gh.String(u.Body)}); err != nil {
			return explain(err)
		}
		req.Description = u.Body
	}
	if u.Note == "" {
		return nil
	}
	_, _, err := f.api.Issues.CreateComment(ctx, f.owner, f.name, number(req), &gh.IssueComment{Body: gh.String(u.Note)})
	return explain(err)
}

// Activity reads the reviews, the line comments and the conversation, a
// hundred to a page.
func (f *Forge) Activity(ctx context.Context, req *review.Request) (review.Activity, error) {
	var act review.Activity
	n := number(req)
	for page := 1; page != 0; {
		reviews, resp, err := f.api.PullRequests.ListReviews(ctx, f.owner, f.name, n, &gh.ListOptions{PerPage: perPage, Page: page})
		if err != nil {
			return act, explain(err)
		}
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
			act.Votes = append(act.Votes, v)
		}
		page = resp.NextPage
	}
	for page := 1; page != 0; {
		comments, resp, err := f.api.PullRequests.ListComments(ctx, f.owner, f.name, n,
			&gh.PullRequestListCommentsOptions{ListOptions: gh.ListOptions{PerPage: perPage, Page: page}})
		if err != nil {
			return act, explain(err)
		}
		for _, c := range comments {
			cm := review.Comment{ID: strconv.FormatInt(c.GetID(), 10), Author: c.GetUser().GetLogin(), When: c.GetCreatedAt().Time,
				Path: c.GetPath(), Body: c.GetBody(), Commit: gitops.SHA(c.GetOriginalCommitID())}
			// GitHub gives the line in the current head, or null once the
			// line is gone: the comment is outdated. The original line in the
			// original commit is what the reviewer saw.
			cm.Line, cm.StartLine = c.GetOriginalLine(), c.GetOriginalStartLine()
			if c.Line == nil {
				cm.Outdated = true
			}
			if c.InReplyTo != nil {
				cm.Parent = strconv.FormatInt(c.GetInReplyTo(), 10)
			}
			act.Comments = append(act.Comments, cm)
		}
		page = resp.NextPage
	}
	for page := 1; page != 0; {
		comments, resp, err := f.api.Issues.ListComments(ctx, f.owner, f.name, n,
			&gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: perPage, Page: page}})
		if err != nil {
			return act, explain(err)
		}
		for _, c := range comments {
			act.Comments = append(act.Comments, review.Comment{ID: "issue-" + strconv.FormatInt(c.GetID(), 10),
				Author: c.GetUser().GetLogin(), When: c.GetCreatedAt().Time, Body: c.GetBody()})
		}
		page = resp.NextPage
	}
	return act, nil
}

// AddComment writes a line comment on the right side of the diff, or a
// reply.
func (f *Forge) AddComment(ctx context.Context, req *review.Request, nc review.NewComment) error {
	n := number(req)
	if nc.Parent != "" {
		id, err := strconv.ParseInt(nc.Parent, 10, 64)
		if err != nil {
			return fmt.Errorf("no comment %q to reply to", nc.Parent)
		}
		_, _, err = f.api.PullRequests.CreateCommentInReplyTo(ctx, f.owner, f.name, n, nc.Body, id)
		return explain(err)
	}
	c := &gh.PullRequestComment{Body: gh.String(nc.Body), CommitID: gh.String(string(nc.Commit)), Path: gh.String(nc.Path),
		Line: gh.Int(nc.Line), Side: gh.String("RIGHT")}
	if nc.StartLine > 0 && nc.StartLine != nc.Line {
		c.StartLine, c.StartSide = gh.Int(nc.StartLine), gh.String("RIGHT")
	}
	_, _, err := f.api.PullRequests.CreateComment(ctx, f.owner, f.name, n, c)
	return explain(err)
}

// AddVote submits a review with the verdict.
func (f *Forge) AddVote(ctx context.Context, req *review.Request, v review.Verdict, body string) error {
	event := map[review.Verdict]string{review.Approved: "APPROVE", review.ChangesRequested: "REQUEST_CHANGES", review.Commented: "COMMENT"}[v]
	r := &gh.PullRequestReviewRequest{Event: gh.String(event), CommitID: gh.String(string(req.Head))}
	if body != "" {
		r.Body = gh.String(body)
	}
	_, _, err := f.api.PullRequests.CreateReview(ctx, f.owner, f.name, number(req), r)
	return explain(err)
}

// Merge merges the pull request with a merge commit and brings main home,
// so the merge can be tagged here.
func (f *Forge) Merge(ctx context.Context, req *review.Request, message string) (gitops.SHA, error) {
	title, body, _ := strings.Cut(message, "\n")
	res, _, err := f.api.PullRequests.Merge(ctx, f.owner, f.name, number(req), strings.TrimSpace(body),
		&gh.PullRequestOptions{MergeMethod: "merge", CommitTitle: title, SHA: string(req.Head)})
	if err != nil {
		return "", explain(err)
	}
	if _, err := f.Sync(ctx); err != nil {
		return "", fmt.Errorf("merged on GitHub, but fetching main failed: %w", err)
	}
	return gitops.SHA(res.GetSHA()), nil
}

var _ review.Forge = (*Forge)(nil)
