package cmd

import "github.com/urfave/cli/v2"

func newCmdRemoteCreate(f *factory, runF func(*remoteOptions) error) *cli.Command {
	opts := &remoteOptions{IO: f.IO, CaseStudy: f.CaseStudy, Create: true}
	return &cli.Command{
		Name:      "create",
		Usage:     "create a private GitHub repository for the case study, push it, invite mentor and reviewers",
		ArgsUsage: "OWNER/NAME",
		Description: `Examples:
  casestudy remote create ana/acme-case-study
  casestudy remote create less-trainers/acme-case-study   # under an organisation`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "public", Usage: "make the repository public (case studies are private by default: they hold confidential company details until published)"},
		},
		Action: func(c *cli.Context) error {
			if err := remoteArgs(c, opts); err != nil {
				return err
			}
			opts.Private = !c.Bool("public")
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runRemote, opts)
		},
	}
}
