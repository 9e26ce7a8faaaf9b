package cmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type submitOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	To      string // mentor or reviewer; "" for whoever the stage calls for
	Message string
}

func newCmdSubmit(f *factory, runF func(*submitOptions) error) *cli.Command {
	opts := &submitOptions{IO: f.IO, Open: f.Review(latest)}
	return &cli.Command{
		Name:  "submit",
		Usage: "ask for a review of the latest draft (mentee)",
		Description: `Saves unsaved work as a new draft first, then opens the review request (or
updates the open one), asks the reviewer the stage calls for, and tags the round
round-N. The first round shows every line of the case study to the reviewer;
later rounds say how many words changed since the last one.
Running it again after a failure never opens a second review.

Examples:
  casestudy submit -m "Ready for a first read: the background and two experiments"
  casestudy submit --to reviewer`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "to", Usage: "whom to ask: `WHOM` is mentor or reviewer (the next one after the mentor)", DefaultText: "whoever the stage calls for"},
			&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "a note for the reviewer"},
		},
		Action: func(c *cli.Context) error {
			if to := c.String("to"); to != "" && to != "mentor" && to != "reviewer" {
				return usagef("--to %q: say mentor or reviewer", to)
			}
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.To = c.String("to")
			opts.Message = c.String("message")
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runSubmit, opts)
		},
	}
}

func runSubmit(ctx context.Context, opts *submitOptions) error {
	io := opts.IO
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	res, err := cs.Submit(ctx, f, review.SubmitOptions{To: opts.To, Note: opts.Message}, time.Now())
	if res.Saved != nil {
		fmt.Fprintf(io.Out, "Saved your unsaved changes as draft %d (%s).\n", res.Saved.Number, review.Plural(res.Saved.Words, "word", "words"))
	}
	if err != nil {
		return err
	}
	asked := prose.Clean(strings.Join(res.Asked, ", "))
	and := " and asked " + asked
	if asked == "" {
		and = ""
	}
	switch {
	case res.Already && asked == "":
		fmt.Fprintf(io.Out, "Draft %d is already in review as round %d; nothing new to submit.\n", res.Round.Draft, res.Round.Number)
	case res.Already:
		fmt.Fprintf(io.Out, "Draft %d is already in review as round %d (%s); nothing new to submit.\n", res.Round.Draft, res.Round.Number, asked)
	case res.Opened:
		fmt.Fprintf(io.Out, "Opened the review of draft %d as round %d%s.\n", res.Round.Draft, res.Round.Number, and)
	default:
		fmt.Fprintf(io.Out, "Submitted draft %d as round %d%s.\n", res.Round.Draft, res.Round.Number, and)
	}
	if len(res.Waiting) > 0 {
		printWaiting(io, res.Waiting, res.Request)
	}
	if res.Note != "" {
		fmt.Fprintf(io.Out, "  %s\n", strings.SplitN(res.Note, "\n", 2)[0])
	}
	if res.Request != nil && res.Request.URL != "" {
		fmt.Fprintf(io.Out, "  %s\n", res.Request.URL)
	}
	share(io, ctx, cs, f)
	return nil
}

// printWaiting says in one line who could not be asked yet, what they run,
// and that a later command asks them.
func printWaiting(io *streams, who []string, req *review.Request) {
	names := prose.Clean(strings.Join(who, ", "))
	where := "the case study"
	if req != nil && req.URL != "" {
		where = prose.Clean(req.URL)
	}
	fmt.Fprintf(io.Out, "Not asked yet: %s has not accepted the invitation to the repository (they run: casestudy review %s); your next casestudy status or submit asks them.\n", names, where)
}
