package cmd

import (
	"context"
	"fmt"

	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type sendOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	Message string
}

func newCmdSend(f *factory, runF func(*sendOptions) error) *cli.Command {
	opts := &sendOptions{IO: f.IO, Open: f.Review(asRead)}
	return &cli.Command{
		Name:  "send",
		Usage: "send your unsent line comments as one review, without a verdict (mentor, reviewer)",
		Description: `Sends the comments casestudy comment kept unsent as one review that only
comments: the mentee is told once. To send them with a verdict, use casestudy
approve or casestudy request-changes instead.

Examples:
  casestudy send
  casestudy send -m "First half read; more tomorrow."`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what you tell the mentee"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.Message = c.String("message")
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runSend, opts)
		},
	}
}

func runSend(ctx context.Context, opts *sendOptions) error {
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	res, err := cs.Vote(ctx, f, review.Commented, opts.Message, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Sent your review with %s.\n", review.Plural(res.Sent, "comment", "comments"))
	share(opts.IO, ctx, cs, f)
	return nil
}
