package cmd

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
	"github.com/urfave/cli/v2"
)

func newCmdRemote(f *factory) *cli.Command {
	return &cli.Command{
		Name:  "remote",
		Usage: "put the case study on GitHub",
		Description: `GH_HOST names the server as gh does (github.com by default; a full URL such as
http://127.0.0.1:8080 for a server on this machine); the token comes from
GH_TOKEN or GITHUB_TOKEN (GH_ENTERPRISE_TOKEN for an Enterprise host), gh, or
git's credential helper.`,
		Subcommands: []*cli.Command{
			newCmdRemoteCreate(f, nil),
			newCmdRemoteSet(f, nil),
		},
	}
}

// remoteOptions are remote create's and remote set's.
type remoteOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	Repo    string // OWNER/NAME as given
	Create  bool
	Private bool // what Create makes; an existing repository stays as it is
}

// remoteArgs reads the repository a remote subcommand names.
func remoteArgs(c *cli.Context, opts *remoteOptions) error {
	if c.NArg() != 1 {
		return usagef("remote %s: name the repository as OWNER/NAME", c.Command.Name)
	}
	opts.Repo = c.Args().First()
	return nil
}

func runRemote(ctx context.Context, opts *remoteOptions) error {
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	client, repo, err := connectFor(ctx, opts.Repo)
	if err != nil {
		return err
	}
	return putOnGitHub(ctx, opts.IO, client, cs, repo, opts.Create, opts.Private)
}

// connectFor finds the GitHub host and token and reads OWNER/NAME, before
// anything is changed.
func connectFor(ctx context.Context, arg string) (*github.Client, string, error) {
	client, err := github.Connect(ctx, os.Getenv, "")
	if err != nil {
		return nil, "", err
	}
	repo, err := github.ParseRepo(client.Host, arg)
	if err != nil {
		return nil, "", usageError{err.Error()}
	}
	return client, repo, nil
}

func putOnGitHub(ctx context.Context, io *streams, client *github.Client, cs *review.CaseStudy, repo string, create, private bool) error {
	placed, err := client.Place(ctx, cs.Repo, cs.Config, repo, create, private, func(f *github.Forge) error {
		return cs.MoveToGitHub(ctx, f, repo, time.Now())
	})
	if err != nil {
		return err
	}
	switch {
	case placed.Created && private:
		fmt.Fprintf(io.Out, "Created the private repository %s and pushed the case study.\n", placed.URL)
	case placed.Created:
		fmt.Fprintf(io.Out, "Created the public repository %s and pushed the case study.\n", placed.URL)
	default:
		fmt.Fprintf(io.Out, "The case study is on %s now.\n", placed.URL)
	}
	if len(placed.Added) > 0 {
		fmt.Fprintf(io.Out, "Added %s as collaborators.\n", prose.Clean("@"+strings.Join(placed.Added, ", @")))
	}
	if len(placed.Invited) > 0 {
		fmt.Fprintf(io.Out, "Invited %s; each must accept before they can see it, on GitHub or by running: casestudy review %s\n",
			prose.Clean("@"+strings.Join(placed.Invited, ", @")), repo)
	}
	fmt.Fprintf(io.Out, "Recorded github: %s in %s. Ask for a review with: casestudy submit\n", repo, review.ConfigFile)
	return nil
}
