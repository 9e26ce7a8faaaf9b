package cmd

import (
	"strings"

	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

// request-changes is approve's run with the other verdict (approve.go).
func newCmdRequestChanges(f *factory, runF func(*voteOptions) error) *cli.Command {
	opts := &voteOptions{IO: f.IO, Open: f.Review(asRead), Verdict: review.ChangesRequested}
	return &cli.Command{
		Name:  "request-changes",
		Usage: "ask the mentee for changes (mentor, reviewer)",
		Description: `Asks the mentee for changes to the version under review: the stage becomes
revising until the mentee submits again. Say what to change with -m; line
comments (casestudy comment) say where.

Example:
  casestudy request-changes -m "The experiments need their Inspection and Adaptation."`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what you tell the mentee"},
		},
		Action: func(c *cli.Context) error {
			if strings.TrimSpace(c.String("message")) == "" {
				return usagef(`request-changes: say what to change with -m "…"`)
			}
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.Message = c.String("message")
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runVote, opts)
		},
	}
}
