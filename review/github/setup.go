package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/review"
)

// Placed says what putting a case study on GitHub did.
type Placed struct {
	Repo    string
	URL     string
	Created bool
	// Invited must accept their invitation before they can see the
	// repository or be asked to review (github.com, GHE.com); Added were
	// made collaborators at once (GitHub Enterprise Server, members of the
	// owning organisation).
	Invited []string
	Added   []string
}

// ErrRepoTaken is a repository name that is already used by something
// other than this case study.
type ErrRepoTaken struct{ Repo string }

func (e ErrRepoTaken) Error() string {
	return fmt.Sprintf("%s already exists on GitHub and holds something else; choose another name (OWNER/OTHER), or delete or rename that repository first", e.Repo)
}

// githubNameChars are the characters GitHub keeps in a repository name;
// it silently replaces every other run of characters with "-".
var githubNameChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// CheckRepoName refuses a name GitHub would change or refuse, before
// anything is created.
func CheckRepoName(repo string) error {
	_, name, _ := strings.Cut(repo, "/")
	if fixed := githubNameChars.ReplaceAllString(name, "-"); fixed != name {
		return fmt.Errorf("GitHub would name the repository %q, not %q; name it %s to use that name", fixed, name, strings.Replace(repo, name, fixed, 1))
	}
	if name == "." || name == ".." || strings.HasSuffix(strings.ToLower(name), ".git") {
		return fmt.Errorf("GitHub does not take %q as a repository name", name)
	}
	return nil
}

// Place puts the case study in here (with casestudy.yaml cfg) on GitHub:
// it creates the repository (private unless public, under the user or an
// organisation) or, with create false, uses an existing one; hands its
// forge to record, which records it in casestudy.yaml and pushes main, the
// drafting branch and the tags (the case study's job); and invites the
// mentor and the reviewers. Each step checks what is already done, so a
// failed run can be run again; a repository that holds something else is
// refused before anything is recorded or pushed.
func (c *Client) Place(ctx context.Context, here *gitops.Repo, cfg *review.Config, repo string, create, private bool, record func(*Forge) error) (Placed, error) {
	res := Placed{Repo: repo, URL: c.Host.RepoURL(repo)}
	owner, name, _ := strings.Cut(repo, "/")
	if err := CheckRepoName(repo); err != nil {
		return res, err
	}
	me, err := c.Me(ctx)
	if err != nil {
		return res, err
	}
	if create {
		org := owner
		if strings.EqualFold(owner, me) {
			org = "" // the user's own account
		}
		made, _, err := c.api.Repositories.Create(ctx, org, &gh.Repository{Name: gh.String(name), Private: gh.Bool(private),
			Description: gh.String("LeSS case study: " + cfg.Title)})
		switch {
		case err == nil:
			res.Created = true
			if made.GetFullName() != "" && made.GetFullName() != repo {
				// GitHub changed the name after all: say so rather than
				// record a name that is not the repository's.
				return res, fmt.Errorf("GitHub created the repository as %s, not %s; use that name: casestudy remote set %s", made.GetFullName(), repo, made.GetFullName())
			}
		case isNameTaken(err):
			// Made by an earlier run that failed later, or something else:
			// only an empty repository or this case study's own is used.
			if err := c.checkOurs(ctx, here, owner, name); err != nil {
				return res, err
			}
		default:
			return res, explain(err)
		}
	}
	got, _, err := c.api.Repositories.Get(ctx, owner, name)
	if err != nil {
		return res, explainRepo(err, repo)
	}
	if got.GetFullName() != "" && !strings.EqualFold(got.GetFullName(), repo) {
		// Renamed or transferred: GitHub redirects the old name.
		return res, fmt.Errorf("%s is now called %s on GitHub; use that name: casestudy remote set %s", repo, got.GetFullName(), got.GetFullName())
	}
	f := ForRepo(c, repo, nil)
	if err := record(f); err != nil {
		return res, err
	}
	if err := f.createLabel(ctx); err != nil {
		return res, err
	}
	people := append([]review.Person{cfg.Mentor}, cfg.Reviewers...)
	for _, p := range people {
		if p.GitHub == "" || strings.EqualFold(p.GitHub, me) || containsFold(res.Invited, p.GitHub) || containsFold(res.Added, p.GitHub) {
			continue
		}
		added, err := f.invite(ctx, p.GitHub)
		if err != nil {
			return res, err
		}
		if added {
			res.Added = append(res.Added, p.GitHub)
		} else {
			res.Invited = append(res.Invited, p.GitHub)
		}
	}
	return res, nil
}

// checkOurs accepts an existing repository only when it is empty or its
// main branch is this case study's.
func (c *Client) checkOurs(ctx context.Context, here *gitops.Repo, owner, name string) error {
	repo := owner + "/" + name
	b, _, err := c.api.Repositories.GetBranch(ctx, owner, name, review.PublishBranch, 0)
	if err != nil {
		var ge *gh.ErrorResponse
		if errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusNotFound {
			// No main branch: an empty repository, or one we cannot see.
			if _, _, err := c.api.Repositories.Get(ctx, owner, name); err != nil {
				return ErrRepoTaken{repo}
			}
			return nil
		}
		return explain(err)
	}
	local, err := here.BranchHead(review.PublishBranch)
	if err != nil || string(local) != b.GetCommit().GetSHA() {
		return ErrRepoTaken{repo}
	}
	return nil
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
