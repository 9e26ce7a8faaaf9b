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

func remoteCommand(io *streams) *cli.Command {
	publicFlag := &cli.BoolFlag{Name: "public", Usage: "make the repository public (case studies are private by default: they hold confidential company details until published)"}
	return &cli.Command{
		Name:  "remote",
		Usage: "put the case study on GitHub",
		Description: `GH_HOST names the server as gh does (github.com by default; a full URL such as
http://127.0.0.1:8080 for a server on this machine); the token comes from
GH_TOKEN or GITHUB_TOKEN (GH_ENTERPRISE_TOKEN for an Enterprise host), gh, or
git's credential helper.`,
		Subcommands: []*cli.Command{
			{
				Name:      "create",
				Usage:     "create a private GitHub repository for the case study, push it, invite mentor and reviewers",
				ArgsUsage: "OWNER/NAME",
				Description: `Examples:
  casestudy remote create ana/acme-case-study
  casestudy remote create less-trainers/acme-case-study   # under an organisation`,
				Flags: []cli.Flag{publicFlag},
				Action: func(c *cli.Context) error {
					return runRemote(io, c, true)
				},
			},
			{
				Name:      "set",
				Usage:     "use an existing GitHub repository for the case study",
				ArgsUsage: "OWNER/NAME",
				Action: func(c *cli.Context) error {
					return runRemote(io, c, false)
				},
			},
		},
	}
}

func runRemote(io *streams, c *cli.Context, create bool) error {
	if c.NArg() != 1 {
		return usagef("remote %s: name the repository as OWNER/NAME", c.Command.Name)
	}
	cs, err := openCaseStudy()
	if err != nil {
		return err
	}
	ctx, cancel := commandContext()
	defer cancel()
	client, repo, err := connectFor(ctx, c.Args().First())
	if err != nil {
		return err
	}
	return putOnGitHub(ctx, io, client, cs, repo, create, !c.Bool("public"))
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
