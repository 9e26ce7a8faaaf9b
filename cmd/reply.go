package cmd

import (
	"context"
	"fmt"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type replyOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	Thread string // its number or the place it is about
	Text   string
}

func newCmdReply(f *factory, runF func(*replyOptions) error) *cli.Command {
	opts := &replyOptions{IO: f.IO, Open: f.Review(latest)}
	return &cli.Command{
		Name:      "reply",
		Usage:     "answer a line comment's thread",
		ArgsUsage: `THREAD|FILE:LINE "text"`,
		Description: `THREAD is the number casestudy feedback shows before each thread (#1a2b3c4;
its first few characters are enough), or the place the thread is about.

Examples:
  casestudy reply 1a2b3c "Done: the teams are named now."
  casestudy reply case-study.md:42 "I kept it: the reorganisation came first."`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef(`reply: give the thread and the text, e.g. casestudy reply 1a2b3c "Done."`)
			}
			opts.Thread, opts.Text = c.Args().Get(0), c.Args().Get(1)
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runReply, opts)
		},
	}
}

func runReply(ctx context.Context, opts *replyOptions) error {
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	t, err := cs.Reply(ctx, f, opts.Thread, opts.Text)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Replied on %s.\n", prose.Clean(t.Place()))
	share(opts.IO, ctx, cs, f)
	return nil
}
