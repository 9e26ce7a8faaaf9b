package cmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type commentOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	// A new comment: where (as typed, and read), its text, the suggested
	// replacement (nil for none), and whether it goes at once.
	Place   string
	Target  review.Target
	Text    string
	Suggest *string
	Now     bool

	// Or a change to an unsent comment: --edit pN with the new Text, or
	// --drop pN.
	Edit *string
	Drop *string
}

func newCmdComment(f *factory, runF func(*commentOptions) error) *cli.Command {
	opts := &commentOptions{IO: f.IO, Open: f.Review(asRead)}
	return &cli.Command{
		Name:      "comment",
		Usage:     "comment on a line or lines of the case study (mentor, reviewer)",
		ArgsUsage: `FILE:LINE[-LINE] "text"`,
		Description: `Writes a line comment on the version under review. Comments wait in this copy,
unsent, until you give your verdict (casestudy approve or request-changes) or
send them alone (casestudy send): the mentee gets one review with all of
them, as with GitHub's "Start a review". casestudy review lists your unsent
comments as p1, p2, …; change one with --edit, drop one with --drop. --now
sends a comment at once, on its own. The mentee's comments, notes to her
reviewers, go at once: she gives no verdict to carry them.

With --suggest the comment carries a suggested replacement for those lines,
which the mentee can take with casestudy apply. The place is checked here first.

Examples:
  casestudy comment case-study.md:42 "Which teams? Name them."
  casestudy comment case-study.md:42-44 "Tighter:" --suggest "Nine teams shared one Product Owner."
  casestudy comment --edit p1 "Which teams? Name all eight."
  casestudy comment --drop p2
  casestudy comment --now case-study.md:7 "Typo in the title."`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "suggest", Usage: "replacement `TEXT` for the lines (use \\n between lines)"},
			&cli.BoolFlag{Name: "now", Usage: "send this comment at once, on its own"},
			&cli.StringFlag{Name: "edit", Usage: "replace the text of your unsent comment `pN`"},
			&cli.StringFlag{Name: "drop", Usage: "drop your unsent comment `pN`"},
		},
		Action: func(c *cli.Context) error {
			switch {
			case c.IsSet("edit") && c.IsSet("drop"):
				return usagef("comment: --edit or --drop, not both")
			case c.IsSet("drop"):
				if err := maxArgs(c, 0); err != nil {
					return err
				}
				drop := c.String("drop")
				opts.Drop = &drop
			case c.IsSet("edit"):
				if c.NArg() != 1 {
					return usagef(`comment: give the new text, e.g. casestudy comment --edit p1 "Which teams?"`)
				}
				edit := c.String("edit")
				opts.Edit, opts.Text = &edit, c.Args().Get(0)
			default:
				if c.NArg() < 1 || c.NArg() > 2 || (c.NArg() == 1 && !c.IsSet("suggest")) {
					return usagef(`comment: give the place and the text, e.g. casestudy comment case-study.md:42 "Which teams?"`)
				}
				target, err := review.ParseTarget(c.Args().Get(0))
				if err != nil {
					return usageError{err.Error()}
				}
				opts.Place, opts.Target, opts.Text = c.Args().Get(0), target, c.Args().Get(1)
				if c.IsSet("suggest") {
					s := strings.ReplaceAll(c.String("suggest"), `\n`, "\n")
					opts.Suggest = &s
				}
				opts.Now = c.Bool("now")
			}
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runComment, opts)
		},
	}
}

func runComment(ctx context.Context, opts *commentOptions) error {
	io := opts.IO
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	if opts.Edit != nil || opts.Drop != nil {
		var text *string
		which := ""
		if opts.Drop != nil {
			which = *opts.Drop
		} else {
			text, which = &opts.Text, *opts.Edit
		}
		p, err := cs.EditPending(ctx, f, which, text)
		if err != nil {
			return err
		}
		if text == nil {
			fmt.Fprintf(io.Out, "Dropped your unsent comment p%d on %s.\n", p.Number, prose.Clean(p.Place()))
		} else {
			fmt.Fprintf(io.Out, "Changed your unsent comment p%d on %s.\n", p.Number, prose.Clean(p.Place()))
		}
		return nil
	}
	res, err := cs.Comment(ctx, f, opts.Target, opts.Text, opts.Suggest, opts.Now)
	if err != nil {
		return err
	}
	what := "comment"
	if opts.Suggest != nil {
		what = "suggestion"
	}
	if res.Pending != nil {
		fmt.Fprintf(io.Out, "Kept your %s on %s as p%d, unsent; it goes with your verdict (casestudy approve, request-changes) or casestudy send.\n", what, opts.Place, res.Pending.Number)
		return nil
	}
	if res.Note {
		fmt.Fprintf(io.Out, "Sent your %s on %s.\n", what, opts.Place)
	} else {
		fmt.Fprintf(io.Out, "Added your %s on %s.\n", what, opts.Place)
	}
	share(io, ctx, cs, f)
	return nil
}
