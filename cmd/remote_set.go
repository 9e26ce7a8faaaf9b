package cmd

import "github.com/urfave/cli/v2"

func newCmdRemoteSet(f *factory, runF func(*remoteOptions) error) *cli.Command {
	opts := &remoteOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:      "set",
		Usage:     "use an existing GitHub repository for the case study",
		ArgsUsage: "OWNER/NAME",
		Description: `Records a repository made by hand on GitHub (it must hold this case study,
or nothing yet) as where the case study is shared, pushes to it and invites
the mentor and reviewers who are not collaborators yet.

Examples:
  casestudy remote set ana/acme-case-study`,
		Action: func(c *cli.Context) error {
			if err := remoteArgs(c, opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runRemote, opts)
		},
	}
}
