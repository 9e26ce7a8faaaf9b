package cmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/mentoring"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type journalListOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	JSON jsonOptions
}

func newCmdJournalList(f *factory, runF func(*journalListOptions) error) *cli.Command {
	opts := &journalListOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:  "list",
		Usage: "list the conversations in the journal, and what is left to talk over",
		Description: `Examples:
  casestudy journal list
  casestudy journal list --json`,
		Flags: jsonFlags([]mentoring.Entry{}),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("journal list: too many arguments (%s)", strings.Join(c.Args().Slice(), " "))
			}
			opts.JSON = readJSONFlags(c)
			if runF != nil {
				return runF(opts)
			}
			return runJournalList(context.Background(), opts)
		},
	}
}

func runJournalList(_ context.Context, opts *journalListOptions) error {
	io := opts.IO
	now := time.Now()
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	j, err := mentoring.ReadJournal(cs.Root)
	if err != nil {
		return err
	}
	entries := mentoring.Sorted(j.Entries)
	if opts.JSON.Wanted {
		if entries == nil {
			entries = []mentoring.Entry{}
		}
		return opts.JSON.write(io, entries)
	}
	io.startPager()
	s := mentoring.Summarize(j)
	if s.Sessions == 0 && len(s.ToTalkOver) == 0 {
		fmt.Fprintf(io.Out, "No conversations in %s yet; after the first one: casestudy journal add\n", mentoring.JournalFile)
		return nil
	}
	first := true
	for _, e := range entries {
		if e.IsPrompt() {
			continue
		}
		if !first {
			fmt.Fprintln(io.Out)
		}
		first = false
		head := e.Date + "  " + review.Plural(e.Minutes, "minute", "minutes")
		if e.Met != "" {
			head += ", " + prose.Clean(e.Met)
		}
		fmt.Fprintln(io.Out, head)
		if len(e.Topics) > 0 {
			printNote(io, "Topics:", strings.Join(e.Topics, "; "))
		}
		printNote(io, "Insights:", e.Insights)
		printNote(io, "Mentee learned:", e.MenteeLearned)
		printNote(io, "Mentor learned:", e.MentorLearned)
		printNote(io, "Next steps:", e.NextSteps)
	}
	if !first {
		fmt.Fprintln(io.Out)
	}
	if s.Last != nil {
		fmt.Fprintf(io.Out, "The last conversation was %s.\n", daysAgo(mentoring.DaysSince(s.Last.Date, now)))
	} else {
		fmt.Fprintln(io.Out, "No conversations recorded yet.")
	}
	if len(s.ToTalkOver) > 0 {
		fmt.Fprintln(io.Out, "To talk over next time:")
		for _, t := range s.ToTalkOver {
			fmt.Fprintf(io.Out, "  - %s\n", prose.Clean(t))
		}
	}
	return nil
}

func printNote(io *streams, label, text string) {
	if text == "" {
		return
	}
	for i, l := range strings.Split(prose.Clean(text), "\n") {
		if i == 0 {
			fmt.Fprintf(io.Out, "  %-15s %s\n", label, l)
		} else {
			fmt.Fprintf(io.Out, "  %-15s %s\n", "", l)
		}
	}
}
