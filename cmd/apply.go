package cmd

import (
	"context"
	"fmt"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type applyOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	DryRun bool
}

func newCmdApply(f *factory, runF func(*applyOptions) error) *cli.Command {
	opts := &applyOptions{IO: f.IO, Open: f.Review(latest)}
	return &cli.Command{
		Name:  "apply",
		Usage: "take the reviewers' suggested changes into your text (mentee)",
		Description: `Applies each suggestion whose lines are still as the reviewer saw them and
reports every suggestion as applied or skipped, with why. It never overwrites
lines you changed since. Save the result as a draft with casestudy save; the
suggesters are credited with Co-authored-by trailers.

Examples:
  casestudy apply --dry-run
  casestudy apply && casestudy save -m "Took Bob's suggestions"`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "dry-run", Usage: "only say what would be applied"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.DryRun = c.Bool("dry-run")
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runApply, opts)
		},
	}
}

func runApply(ctx context.Context, opts *applyOptions) error {
	io := opts.IO
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	if !opts.DryRun {
		// Anyone may see what would apply; only the mentee's text changes.
		if err := cs.CheckWriter(ctx, f, "apply suggestions to the text"); err != nil {
			return err
		}
	}
	results, err := cs.Apply(ctx, f, opts.DryRun)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		fmt.Fprintln(io.Out, "No suggestions to apply.")
		return nil
	}
	applied := 0
	verb := "applied"
	if opts.DryRun {
		verb = "would apply"
	}
	for _, a := range results {
		place := prose.Clean(a.Thread.Place())
		by := prose.Clean(a.Thread.Comment.Author)
		if a.Applied {
			applied++
			fmt.Fprintf(io.Out, "%s  %s (from %s)\n", verb, place, by)
		} else {
			fmt.Fprintf(io.Out, "skipped  %s (from %s): %s\n", place, by, a.Why)
		}
	}
	if applied > 0 && !opts.DryRun {
		fmt.Fprintf(io.Out, "Applied %s. Read them over, then: casestudy save -m \"Took the suggestions\"\n", review.Plural(applied, "suggestion", "suggestions"))
	}
	return nil
}
