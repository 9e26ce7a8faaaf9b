package cmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type publishOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)
}

func newCmdPublish(f *factory, runF func(*publishOptions) error) *cli.Command {
	opts := &publishOptions{IO: f.IO, Open: f.Review(latest)}
	return &cli.Command{
		Name:    "publish",
		Aliases: []string{"merge"},
		Usage:   "publish the approved case study (final reviewer)",
		Description: `Only after the final reviewer approved: merges the drafting branch into main
with a merge commit (every draft stays in the history), tags it final, and
writes the HTML export to export/case-study.html.

Example:
  casestudy publish`,
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runPublish, opts)
		},
	}
}

func runPublish(ctx context.Context, opts *publishOptions) error {
	io := opts.IO
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	res, err := cs.Publish(ctx, f, time.Now())
	if err != nil {
		return err
	}
	if res.Already {
		fmt.Fprintf(io.Out, "%q is already published (tagged %s%s); nothing to do.\n", cs.Config.Title, review.FinalTag, shortIn(res.Merge))
		return nil
	}
	// Said once it is published, as approved: a refusal or a
	// repeat has no use for it.
	if left, err := cs.LeftoverPlaceholders(); err == nil && len(left) > 0 {
		fmt.Fprintf(io.Err, "casestudy: note: %s still the template's placeholder text (%s); published as approved\n",
			review.Plural(len(left), "line was", "lines were"), strings.Join(left[:min(3, len(left))], ", "))
	}
	fmt.Fprintf(io.Out, "Published %q: merged into %s as %s and tagged %s.\n", cs.Config.Title, review.PublishBranch, res.Merge.Short(), review.FinalTag)
	fmt.Fprintf(io.Out, "The HTML export is %s.\n", relPath(res.Export))
	share(io, ctx, cs, f)
	return nil
}

// shortIn is " at 1a2b3c4" for a commit, "" for none.
func shortIn(sha gitops.SHA) string {
	if sha == "" {
		return ""
	}
	return " at " + sha.Short()
}
