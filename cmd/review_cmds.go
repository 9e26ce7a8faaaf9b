package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

// withForge is the start every review command shares: the case study, its
// forge, and what others wrote since, brought in first.
// The command line is checked before anything is opened, so a usage error
// is a usage error wherever it is typed.
func withForge(io *streams, check func(*cli.Context) error, run forgeAction) cli.ActionFunc {
	return forgeCommand(io, true, check, run)
}

// asRead is withForge for a reviewer's comment or verdict: it must be on
// the version they read, so nothing newer is brought in first (it is
// after, by share); one on a version they have not read is refused.
func asReadOld(io *streams, check func(*cli.Context) error, run forgeAction) cli.ActionFunc {
	return forgeCommand(io, false, check, run)
}

type forgeAction func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error

func forgeCommand(io *streams, refreshFirst bool, check func(*cli.Context) error, run forgeAction) cli.ActionFunc {
	return func(c *cli.Context) error {
		if err := check(c); err != nil {
			return err
		}
		ctx, cancel := commandContext()
		defer cancel()
		cs, f, err := (&factory{IO: io}).Review(refreshFirst)(ctx)
		if err != nil {
			return err
		}
		err = run(c, ctx, cs, f)
		if err == nil && io.syncErr != nil {
			// Said after the command, and only when it went on without the
			// sync: a command that fails says why once, in its error.
			fmt.Fprintf(io.Err, "casestudy: warning: could not sync (%s); worked with what this copy has and kept what you wrote here for casestudy sync\n", oneLine(prose.Clean(io.syncErr.Error())))
		}
		return err
	}
}

// noArgs is the check of commands that take no arguments.
func noArgs(c *cli.Context) error { return maxArgs(c, 0) }

func feedbackCommand(io *streams) *cli.Command {
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
		Action: withForge(io, func(c *cli.Context) error {
			if c.Int("round") < 0 {
				return usagef("--round counts from 1")
			}
			return maxArgs(c, 0)
		}, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
			fb, err := cs.Feedback(ctx, f, c.Int("round"))
			if err != nil {
				return err
			}
			if c.Bool("save") {
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
			if wantJSON(c) {
				return writeJSON(c, io, fb)
			}
			io.startPager()
			printFeedback(io, fb, cs.Describe(f, fb.Progress), func(n string) string { return cs.PersonName(f, n) })
			return nil
		}),
	}
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

func indentText(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

func commentCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:      "comment",
		Usage:     "comment on a line or lines of the case study (mentor, reviewer)",
		ArgsUsage: `FILE:LINE[-LINE] "text"`,
		Description: `Writes a line comment on the version under review. Comments wait in this copy,
unsent, until you give your verdict (casestudy approve or request-changes) or
send them alone (casestudy send): the mentee gets one review with all of
them, as with GitHub's "Start a review". casestudy review lists your unsent
comments as p1, p2, …; change one with --edit, drop one with --drop. --now
sends a comment at once, on its own.

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
		Action: asReadOld(io, func(c *cli.Context) error {
			switch {
			case c.IsSet("edit") && c.IsSet("drop"):
				return usagef("comment: --edit or --drop, not both")
			case c.IsSet("drop"):
				return maxArgs(c, 0)
			case c.IsSet("edit"):
				if c.NArg() != 1 {
					return usagef(`comment: give the new text, e.g. casestudy comment --edit p1 "Which teams?"`)
				}
				return nil
			}
			if c.NArg() < 1 || c.NArg() > 2 || (c.NArg() == 1 && !c.IsSet("suggest")) {
				return usagef(`comment: give the place and the text, e.g. casestudy comment case-study.md:42 "Which teams?"`)
			}
			if _, err := review.ParseTarget(c.Args().Get(0)); err != nil {
				return usageError{err.Error()}
			}
			return nil
		}, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
			if c.IsSet("edit") || c.IsSet("drop") {
				var text *string
				which := c.String("drop")
				if c.IsSet("edit") {
					t := c.Args().Get(0)
					text, which = &t, c.String("edit")
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
			target, _ := review.ParseTarget(c.Args().Get(0))
			var suggest *string
			if c.IsSet("suggest") {
				s := strings.ReplaceAll(c.String("suggest"), `\n`, "\n")
				suggest = &s
			}
			res, err := cs.Comment(ctx, f, target, c.Args().Get(1), suggest, c.Bool("now"))
			if err != nil {
				return err
			}
			what := "comment"
			if suggest != nil {
				what = "suggestion"
			}
			if res.Pending != nil {
				fmt.Fprintf(io.Out, "Kept your %s on %s as p%d, unsent; it goes with your verdict (casestudy approve, request-changes) or casestudy send.\n", what, c.Args().Get(0), res.Pending.Number)
				return nil
			}
			fmt.Fprintf(io.Out, "Added your %s on %s.\n", what, c.Args().Get(0))
			share(io, ctx, cs, f)
			return nil
		}),
	}
}

func sendCommand(io *streams) *cli.Command {
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
		Action: asReadOld(io, noArgs, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
			res, err := cs.Vote(ctx, f, review.Commented, c.String("message"), nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(io.Out, "Sent your review with %s.\n", review.Plural(res.Sent, "comment", "comments"))
			share(io, ctx, cs, f)
			return nil
		}),
	}
}

func resolveCommand(io *streams, name string, resolved bool) *cli.Command {
	usage, example := "mark a thread resolved", "casestudy resolve case-study.md:42"
	if !resolved {
		usage, example = "open a resolved thread again", "casestudy unresolve 1a2b3c"
	}
	return &cli.Command{
		Name:      name,
		Usage:     usage,
		ArgsUsage: "THREAD|FILE:LINE",
		Description: `THREAD is the number casestudy feedback shows before each thread (#1a2b3c4;
its first few characters are enough), or the place the thread is about. The
state is the one GitHub's "Resolve conversation" and git-appraise's -lgtm set,
so everyone sees the same; casestudy status counts the threads still open.

Example:
  ` + example,
		Action: withForge(io, func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("%s: name the thread, e.g. %s", name, example)
			}
			return nil
		}, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
			t, changed, err := cs.Resolve(ctx, f, c.Args().Get(0), resolved)
			if err != nil {
				return err
			}
			state := "resolved"
			if !resolved {
				state = "open"
			}
			if !changed {
				fmt.Fprintf(io.Out, "The thread on %s is already %s.\n", prose.Clean(t.Place()), state)
				return nil
			}
			fmt.Fprintf(io.Out, "The thread on %s is %s now.\n", prose.Clean(t.Place()), state)
			share(io, ctx, cs, f)
			return nil
		}),
	}
}

func voteCommand(io *streams, name string, v review.Verdict) *cli.Command {
	usage := "approve the case study (mentor, reviewer)"
	example := `  casestudy approve -m "Ready for Craig."`
	what := `Records your approval of the version under review. The mentor's approval moves
the case study to the final review and asks the next reviewer at once; only the
final reviewer's approval makes it approved, ready to publish.`
	if v == review.ChangesRequested {
		usage = "ask the mentee for changes (mentor, reviewer)"
		example = `  casestudy request-changes -m "The experiments need their Inspection and Adaptation."`
		what = `Asks the mentee for changes to the version under review: the stage becomes
revising until the mentee submits again. Say what to change with -m; line
comments (casestudy comment) say where.`
	}
	flags := []cli.Flag{
		&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what you tell the mentee"},
	}
	if v == review.Approved {
		what += `

Threads still open (line comments on lines still in the text) go on with
the case study; approve asks first on a terminal, and without one it wants
--yes to approve anyway.`
		example += "\n  casestudy approve --yes -m \"The open threads are for the final review.\""
		flags = append(flags, &cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "approve even with open threads, without asking"})
	}
	return &cli.Command{
		Name:        name,
		Usage:       usage,
		Description: what + "\n\nExample:\n" + example,
		Flags:       flags,
		Action: asReadOld(io, func(c *cli.Context) error {
			if v == review.ChangesRequested && strings.TrimSpace(c.String("message")) == "" {
				return usagef(`request-changes: say what to change with -m "…"`)
			}
			return maxArgs(c, 0)
		}, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
			var confirm func(int) error
			if v == review.Approved && !c.Bool("yes") {
				confirm = func(open int) error { return confirmOpenThreads(io, open) }
			}
			res, err := cs.Vote(ctx, f, v, c.String("message"), confirm)
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
			if v == review.Approved {
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
		}),
	}
}

// confirmOpenThreads says how many threads an approval leaves open and asks
// whether to approve anyway; without a terminal to ask on, it refuses, so
// a script never hands open threads on without saying --yes.
func confirmOpenThreads(io *streams, n int) error {
	open := review.Plural(n, "thread is", "threads are") + " still open"
	if !io.inTerminal {
		return fmt.Errorf("%s (casestudy feedback shows them); to approve anyway, add --yes", open)
	}
	fmt.Fprintf(io.Err, "%s (casestudy feedback shows them); they go on with the case study.\n", open)
	answer, err := io.prompt("Approve anyway? (y/N)", "")
	if err != nil {
		return err
	}
	if a := strings.ToLower(answer); a != "y" && a != "yes" {
		return errors.New("not approved; answer the threads, or approve later")
	}
	return nil
}

func applyCommand(io *streams) *cli.Command {
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
		Action: withForge(io, noArgs, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
			if !c.Bool("dry-run") {
				// Anyone may see what would apply; only the mentee's text changes.
				if err := cs.CheckWriter(ctx, f, "apply suggestions to the text"); err != nil {
					return err
				}
			}
			results, err := cs.Apply(ctx, f, c.Bool("dry-run"))
			if err != nil {
				return err
			}
			if len(results) == 0 {
				fmt.Fprintln(io.Out, "No suggestions to apply.")
				return nil
			}
			applied := 0
			verb := "applied"
			if c.Bool("dry-run") {
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
			if applied > 0 && !c.Bool("dry-run") {
				fmt.Fprintf(io.Out, "Applied %s. Read them over, then: casestudy save -m \"Took the suggestions\"\n", review.Plural(applied, "suggestion", "suggestions"))
			}
			return nil
		}),
	}
}

func publishCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:    "publish",
		Aliases: []string{"merge"},
		Usage:   "publish the approved case study (final reviewer)",
		Description: `Only after the final reviewer approved: merges the drafting branch into main
with a merge commit (every draft stays in the history), tags it final, and
writes the HTML export to export/case-study.html.

Example:
  casestudy publish`,
		Action: withForge(io, noArgs, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
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
		}),
	}
}

func replyCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:      "reply",
		Usage:     "answer a line comment's thread",
		ArgsUsage: `THREAD|FILE:LINE "text"`,
		Description: `THREAD is the number casestudy feedback shows before each thread (#1a2b3c4;
its first few characters are enough), or the place the thread is about.

Examples:
  casestudy reply 1a2b3c "Done: the teams are named now."
  casestudy reply case-study.md:42 "I kept it: the reorganisation came first."`,
		Action: withForge(io, func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef(`reply: give the thread and the text, e.g. casestudy reply 1a2b3c "Done."`)
			}
			return nil
		}, func(c *cli.Context, ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
			t, err := cs.Reply(ctx, f, c.Args().Get(0), c.Args().Get(1))
			if err != nil {
				return err
			}
			fmt.Fprintf(io.Out, "Replied on %s.\n", prose.Clean(t.Place()))
			share(io, ctx, cs, f)
			return nil
		}),
	}
}

// shortIn is " at 1a2b3c4" for a commit, "" for none.
func shortIn(sha gitops.SHA) string {
	if sha == "" {
		return ""
	}
	return " at " + sha.Short()
}
