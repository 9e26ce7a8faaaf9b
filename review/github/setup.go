package github

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/less-trainers/casestudy/review"
)

// Placed says what putting a case study on GitHub did.
type Placed struct {
	Repo    string
	URL     string
	Created bool
	Invited []string
}

// Place puts a case study on GitHub: it creates the repository (private
// unless public, under the user or an organisation) or, with create
// false, uses an existing one; records it in casestudy.yaml; pushes main,
// the drafting branch and the tags; and invites the mentor and the
// reviewers. Each step checks what is already done, so a failed run can be
// run again.
func (c *Client) Place(ctx context.Context, cs *review.CaseStudy, repo string, create, private bool, now time.Time) (Placed, error) {
	res := Placed{Repo: repo, URL: c.Host.RepoURL(repo)}
	owner, name, _ := strings.Cut(repo, "/")
	me, err := c.Me(ctx)
	if err != nil {
		return res, err
	}
	if create {
		org := owner
		if strings.EqualFold(owner, me) {
			org = "" // the user's own account
		}
		_, _, err := c.api.Repositories.Create(ctx, org, &gh.Repository{Name: gh.String(name), Private: gh.Bool(private),
			Description: gh.String("LeSS case study: " + cs.Config.Title)})
		switch {
		case err == nil:
			res.Created = true
		case isNameTaken(err):
			// Made by an earlier run, or by hand: use it if we can see it.
		default:
			return res, explain(err)
		}
	}
	if _, _, err := c.api.Repositories.Get(ctx, owner, name); err != nil {
		return res, explain(err)
	}
	if err := cs.RecordGitHub(repo, c.Host.GitURL(repo), now); err != nil {
		return res, err
	}
	f := ForRepo(c, cs, repo, nil)
	if err := cs.Repo.Push(f.Remote(), []string{
		"refs/heads/" + review.PublishBranch + ":refs/heads/" + review.PublishBranch,
		"refs/heads/" + review.DraftBranch + ":refs/heads/" + review.DraftBranch,
		"refs/tags/*:refs/tags/*",
	}, nil); err != nil {
		return res, err
	}
	people := append([]review.Person{cs.Config.Mentor}, cs.Config.Reviewers...)
	for _, p := range people {
		if p.GitHub == "" || strings.EqualFold(p.GitHub, me) || containsFold(res.Invited, p.GitHub) {
			continue
		}
		if _, _, err := c.api.Repositories.AddCollaborator(ctx, owner, name, p.GitHub, &gh.RepositoryAddCollaboratorOptions{Permission: "push"}); err != nil {
			return res, explain(err)
		}
		res.Invited = append(res.Invited, p.GitHub)
	}
	return res, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func isNameTaken(err error) bool {
	var ge *gh.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusUnprocessableEntity &&
		strings.Contains(strings.ToLower(ge.Error()), "already exists")
}
