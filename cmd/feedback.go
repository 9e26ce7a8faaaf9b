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

type feedbackOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	Round int // 0: the latest
	Save  bool
	JSON  jsonOptions
}

func newCmdFeedback(f *factory, runF func(*feedbackOptions) error) *cli.Command {
	opts := &feedbackOptions{IO: f.IO, Open: f.Review(latest)}
	return &cli.Command{
		Name:  "feedback",
		Usage: "read the reviewers' verdicts and line comments (mentee)",
		Description: `Shows a round of review: each reviewer's verdict, the conversation, and the
line comments as threads with their replies, quoting the lines they are about
and saying where those lines are now (or that they are outdated). Suggested
replacements are marked; casestudy apply takes them.

--save writes the round's conversation to reviews/round-N.md and commits it on
main, beside the drafts: the learning record stays in the repository without
appearing among the case study's files in the review. publish archives every
round the same way, so the published repository holds them all.

Examples:
  casestudy feedback
  casestudy feedback --round 1
  casestudy feedback --save`,
		Flags: append([]cli.Flag{
			&cli.IntFlag{Name: "round", Usage: "the round `N` to show", DefaultText: "the latest"},
			&cli.BoolFlag{Name: "save", Usage: "archive the round in reviews/round-N.md on main"},
		}, jsonFlags(review.Feedback{})...),
		Action: func(c *cli.Context) error {
			if c.Int("round") < 0 {
				return usagef("--round counts from 1")
			}
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.Round = c.Int("round")
			opts.Save = c.Bool("save")
			opts.JSON = readJSONFlags(c)
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runFeedback, opts)
		},
	}
}

func runFeedback(ctx context.Context, opts *feedbackOptions) error {
	io := opts.IO
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	fb, err := cs.Feedback(ctx, f, opts.Round)
	if err != nil {
		return err
	}
	if opts.Save {
		path, err := cs.Archive(fb, time.Now())
		if err != nil {
			return err
		}
		if path == "" {
			fmt.Fprintf(io.Err, "reviews/round-%d.md is already up to date.\n", fb.Round.Number)
		} else {
			if branch := cs.ArchiveBranch(path); branch == review.PublishBranch {
				fmt.Fprintf(io.Err, "Archived round %d in %s and committed it on %s, beside the drafts (git show %s:%s).\n", fb.Round.Number, path, branch, branch, path)
			} else {
				fmt.Fprintf(io.Err, "Archived round %d in %s and committed it on %s, where this repository keeps its archives.\n", fb.Round.Number, path, branch)
			}
			share(io, ctx, cs, f)
		}
	}
	if opts.JSON.Wanted {
		return opts.JSON.write(io, fb)
	}
	io.startPager()
	printFeedback(io, fb, cs.Describe(f, fb.Progress), func(n string) string { return cs.PersonName(f, n) })
	return nil
}

// printFeedback shows a round; name gives people the names casestudy.yaml
// gives them.
func printFeedback(io *streams, fb review.Feedback, stage string, name func(string) string) {
	out := io.Out
	c := prose.Clean
	if fb.Round != nil {
		fmt.Fprintf(out, "Round %d (draft %d), stage: %s\n", fb.Round.Number, fb.Round.Draft, c(stage))
	} else {
		fmt.Fprintf(out, "Stage: %s\n", c(stage))
	}
	if len(fb.Votes) == 0 && len(fb.Remarks) == 0 && len(fb.Threads) == 0 {
		fmt.Fprintln(out, "\nNo feedback in this round yet.")
	}
	if len(fb.Votes) > 0 {
		fmt.Fprintln(out, "\nVerdicts")
		for _, v := range fb.Votes {
			fmt.Fprintf(out, "  %s: %s (%s)\n", c(name(v.Author)), v.Verdict, v.When.Local().Format("2006-01-02 15:04"))
			if v.Body != "" {
				fmt.Fprintln(out, indentText(c(v.Body), "    "))
			}
		}
	}
	if len(fb.Remarks) > 0 {
		fmt.Fprintln(out, "\nConversation")
		for _, r := range fb.Remarks {
			fmt.Fprintf(out, "  %s (%s):\n%s\n", c(name(r.Author)), r.When.Local().Format("2006-01-02 15:04"), indentText(c(r.Body), "    "))
		}
	}
	for _, t := range fb.Threads {
		fmt.Fprintf(out, "\n#%s %s", c(t.ShortID()), c(t.Place()))
		if t.Resolved {
			fmt.Fprint(out, " [resolved]")
		}
		if fb.Round != nil && t.Round != 0 && t.Round != fb.Round.Number {
			if t.Outdated || t.Resolved {
				fmt.Fprintf(out, " (round %d, answered in this round)", t.Round)
			} else {
				fmt.Fprintf(out, " (round %d, still open)", t.Round)
			}
		}
		if t.Suggestion != nil {
			fmt.Fprint(out, " [suggestion]")
		}
		fmt.Fprintln(out)
		for _, q := range t.Quote {
			fmt.Fprintf(out, "  > %s\n", c(q))
		}
		for _, cm := range append([]review.Comment{t.Comment}, t.Replies...) {
			if strings.TrimSpace(cm.Body) == "" {
				continue // a reply that only resolves or opens the thread
			}
			edited := ""
			if cm.Edited {
				edited = ", edited"
			}
			fmt.Fprintf(out, "  %s (%s%s):\n%s\n", c(name(cm.Author)), cm.When.Local().Format("2006-01-02 15:04"), edited, indentText(c(cm.Body), "    "))
		}
	}
	if len(fb.Pending) > 0 {
		fmt.Fprintf(out, "\nYour %s (only you see them; casestudy approve, request-changes or send sends them):\n", review.Plural(len(fb.Pending), "unsent comment", "unsent comments"))
		for _, p := range fb.Pending {
			fmt.Fprintf(out, "  p%d  %s:\n%s\n", p.Number, c(p.Place()), indentText(c(p.Body), "    "))
		}
	}
}
