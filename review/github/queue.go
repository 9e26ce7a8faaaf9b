package github

import (
	"context"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/less-trainers/casestudy/review"
)

// Waiting is one case study waiting on the user.
type Waiting struct {
	Repo  string       `json:"repository"`
	Title string       `json:"title"`
	URL   string       `json:"url"`
	Stage review.Stage `json:"stage"`
	Draft int          `json:"draft"`
	Words int          `json:"words"`
	Since time.Time    `json:"waiting_since"`
}

// Queue lists every open case-study pull request waiting on the user,
// across repositories, from GitHub's search (which can lag a minute behind
// the pull requests). Each description mentions
// the reviewers, which makes them "involved", and carries a hidden marker
// with the stage and whom it waits for, kept current by submit and by each
// verdict: GitHub's own review requests vanish as soon as a reviewer
// comments, which would drop a half-done review from the queue.
func (c *Client) Queue(ctx context.Context) ([]Waiting, error) {
	me, err := c.Me(ctx)
	if err != nil {
		return nil, err
	}
	// Only case studies (their label), newest first, every page: a busy
	// reviewer is involved in far more than a hundred pull requests.
	q := "is:pr is:open archived:false label:" + caseStudyLabel + " involves:" + me
	found, err := allPages(func(page int) ([]*gh.Issue, *gh.Response, error) {
		res, resp, err := c.api.Search.Issues(ctx, q, &gh.SearchOptions{Sort: "updated", Order: "desc", ListOptions: gh.ListOptions{PerPage: perPage, Page: page}})
		if err != nil {
			return nil, nil, err
		}
		return res.Issues, resp, nil
	})
	if err != nil {
		return nil, explain(err)
	}
	out := []Waiting{}
	for _, it := range found {
		m, ok := review.ParseMarker(it.GetBody())
		if !ok || !strings.EqualFold(m.Next, me) {
			continue // not a case study, or not waiting on me
		}
		out = append(out, Waiting{Repo: repoOf(it.GetRepositoryURL()), Title: it.GetTitle(), URL: it.GetHTMLURL(),
			Draft: m.Draft, Words: m.Words, Since: it.GetUpdatedAt().Time, Stage: m.Stage})
	}
	return out, nil
}

// repoOf reads OWNER/NAME from an API repository URL (…/repos/OWNER/NAME).
func repoOf(apiURL string) string {
	_, rest, ok := strings.Cut(apiURL, "/repos/")
	if !ok {
		return apiURL
	}
	return rest
}

// Invitations are the repositories the user is invited to and has not
// accepted yet: a case study waiting on a new reviewer is invisible to them
// (and to search) until they do.
func (c *Client) Invitations(ctx context.Context) ([]string, error) {
	invs, err := allPages(func(page int) ([]*gh.RepositoryInvitation, *gh.Response, error) {
		return c.api.Users.ListInvitations(ctx, &gh.ListOptions{PerPage: perPage, Page: page})
	})
	if err != nil {
		return nil, explain(err)
	}
	var out []string
	for _, inv := range invs {
		out = append(out, inv.GetRepo().GetFullName())
	}
	return out, nil
}
