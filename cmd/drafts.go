package cmd

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/less-trainers/casestudy/review"

	"github.com/urfave/cli/v2"
)

type draftsOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	JSON jsonOptions
}

func newCmdDrafts(f *factory, runF func(*draftsOptions) error) *cli.Command {
	opts := &draftsOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:  "drafts",
		Usage: "list the saved drafts with their word counts",
		Description: `Lists every draft: number, date, words, words added and removed since the
previous draft, and its message.

Examples:
  casestudy drafts
  casestudy drafts --json`,
		Flags: jsonFlags([]review.Draft{}),
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.JSON = readJSONFlags(c)
			if runF != nil {
				return runF(opts)
			}
			return runDrafts(context.Background(), opts)
		},
	}
}

func runDrafts(_ context.Context, opts *draftsOptions) error {
	io := opts.IO
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	drafts, err := cs.Drafts()
	if err != nil {
		return err
	}
	if opts.JSON.Wanted {
		return opts.JSON.write(io, drafts)
	}
	if len(drafts) == 0 {
		fmt.Fprintln(io.Out, `No drafts yet. Save one with: casestudy save -m "first draft"`)
		return nil
	}
	io.startPager()
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DRAFT\tDATE\tWORDS\tCHANGE\tROUND\tMESSAGE")
	for _, d := range drafts {
		round := "-"
		if d.Round > 0 {
			round = fmt.Sprint(d.Round)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t+%d/-%d\t%s\t%s\n", d.Number, d.When.Local().Format("2006-01-02 15:04"),
			d.Words, d.Added, d.Removed, round, d.Message)
	}
	return tw.Flush()
}
