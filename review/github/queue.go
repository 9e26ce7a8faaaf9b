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

// Queue lists every open case-study pull request that asks the user for a
// review, across repositories, with one search request: what a queue
// needs is in the hidden marker of each description.
func (c *Client) Queue(ctx context.Context) ([]Waiting, error) {
	me, err := c.Me(ctx)
	if err != nil {
		return nil, err
	}
	q := "is:pr is:open archived:false review-requested:" + me
	res, _, err := c.api.Search.Issues(ctx, q, &gh.SearchOptions{Sort: "updated", Order: "asc", ListOptions: gh.ListOptions{PerPage: perPage}})
	if err != nil {
		return nil, explain(err)
	}
	out := []Waiting{}
	for _, it := range res.Issues {
		m, ok := review.ParseMarker(it.GetBody())
		if !ok {
			continue // a pull request, but not a case study
		}
		w := Waiting{Repo: repoOf(it.GetRepositoryURL()), Title: it.GetTitle(), URL: it.GetHTMLURL(),
			Draft: m.Draft, Words: m.Words, Since: it.GetUpdatedAt().Time, Stage: review.StageFinalReview}
		if strings.EqualFold(m.Mentor, me) {
			w.Stage = review.StageMentorReview
		}
		out = append(out, w)
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
