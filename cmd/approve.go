package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

// voteOptions are approve's and request-changes'.
type voteOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	Verdict review.Verdict
	Message string
	Yes     bool // approve even with open threads, without asking
}

func newCmdApprove(f *factory, runF func(*voteOptions) error) *cli.Command {
	opts := &voteOptions{IO: f.IO, Open: f.Review(asRead), Verdict: review.Approved}
	return &cli.Command{
		Name:  "approve",
		Usage: "approve the case study (mentor, reviewer)",
		Description: `Records your approval of the version under review. The mentor's approval moves
the case study to the final review and asks the next reviewer at once; only the
final reviewer's approval makes it approved, ready to publish.

Threads still open (line comments on lines still in the text) go on with
the case study; approve asks first on a terminal, and without one it wants
--yes to approve anyway.

Example:
  casestudy approve -m "Ready for Craig."
  casestudy approve --yes -m "The open threads are for the final review."`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what you tell the mentee"},
			&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "approve even with open threads, without asking"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.Message = c.String("message")
			opts.Yes = c.Bool("yes")
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runVote, opts)
		},
	}
}

// runVote gives the verdict, with the unsent comments.
func runVote(ctx context.Context, opts *voteOptions) error {
	io := opts.IO
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	var confirm func(int) error
	if opts.Verdict == review.Approved && !opts.Yes {
		confirm = func(open int) error { return confirmOpenThreads(io, open) }
	}
	res, err := cs.Vote(ctx, f, opts.Verdict, opts.Message, confirm)
	if err != nil {
		return err
	}
	switch {
	case res.Already && res.Progress.Stage == review.StagePublished:
		fmt.Fprintf(io.Out, "%q is already published; there is nothing left to approve.\n", cs.Config.Title)
		return nil
	case res.Already:
		fmt.Fprintf(io.Out, "You already approved this round; nothing new recorded. Stage: %s\n", prose.Clean(cs.Describe(f, res.Progress)))
		return nil
	}
	with := ""
	if res.Sent > 0 {
		with = " with " + review.Plural(res.Sent, "comment", "comments")
	}
	if opts.Verdict == review.Approved {
		fmt.Fprintf(io.Out, "Approved%s.\n", with)
	} else {
		fmt.Fprintf(io.Out, "Asked for changes%s.\n", with)
	}
	if !res.Counted {
		fmt.Fprintln(io.Out, "You are not one of this case study's reviewers, so your verdict does not change its stage.")
	}
	fmt.Fprintf(io.Out, "Stage: %s\n", prose.Clean(cs.Describe(f, res.Progress)))
	if res.Waiting != "" {
		fmt.Fprintf(io.Out, "%s is next but has not accepted the invitation to the repository yet; the mentee's next casestudy status or submit asks them.\n", prose.Clean(cs.PersonName(f, res.Waiting)))
	}
	if res.Asked != "" {
		fmt.Fprintf(io.Out, "Asked %s for the next review.\n", prose.Clean(cs.PersonName(f, res.Asked)))
	}
	if res.Progress.Stage == review.StageApproved {
		fmt.Fprintln(io.Out, "The final reviewer publishes it with: casestudy publish")
	}
	share(io, ctx, cs, f)
	return nil
}

// confirmOpenThreads says how many threads an approval leaves open and asks
// whether to approve anyway; without a terminal to ask on, it refuses, so
// a script never hands open threads on without saying --yes.
func confirmOpenThreads(io *streams, n int) error {
	open := review.Plural(n, "thread is", "threads are") + " still open"
	if !io.inTerminal {
		return fmt.Errorf("%s (casestudy review shows them); to approve anyway, add --yes", open)
	}
	fmt.Fprintf(io.Err, "%s (casestudy review shows them); they go on with the case study.\n", open)
	answer, err := io.prompt("Approve anyway? (y/N)", "")
	if err != nil {
		return err
	}
	if a := strings.ToLower(answer); a != "y" && a != "yes" {
		return errors.New("not approved; answer the threads, or approve later")
	}
	return nil
}
